// htons/ntohs/htonl/ntohl. Bun runs on little-endian hosts only, so each is a byte swap; inputs are
// masked to 16/32 bits and results are unsigned.
import { checkInteger } from "../args";

function swap16(name: string) {
  return function (n: unknown): number {
    const v = checkInteger(n, 1, name, arguments.length) & 0xffff;
    return ((v & 0xff) << 8) | (v >>> 8);
  };
}

function swap32(name: string) {
  return function (n: unknown): number {
    const v = checkInteger(n, 1, name, arguments.length) >>> 0;
    return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
  };
}

export const byteOrderFunctions = {
  htons: swap16("htons"),
  ntohs: swap16("ntohs"),
  htonl: swap32("htonl"),
  ntohl: swap32("ntohl"),
};
