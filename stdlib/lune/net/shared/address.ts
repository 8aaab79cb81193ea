// Socket addresses as scripts write them ("127.0.0.1:8080", "[::1]:8080", "localhost:8080") and as
// the API reports them (always the numeric IP: "[::1]:8080").
import { isIP } from "node:net";
import { rtError } from "../../../../runtime/errors";
import { awaitHeld } from "../../async";
import { errorText, netError } from "./errors";

export interface HostPort {
  host: string;
  port: number;
}

export interface Endpoint {
  ip: string;
  port: number;
}

const BRACKETED = /^\[([^\]]+)\]:(\d{1,5})$/;
const PLAIN = /^([^:[\]\s]+):(\d{1,5})$/;
const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;

/** Parses "host:port" / "[ipv6]:port"; a malformed string is a (positioned) Luau error. */
export function parseAddress(s: string): HostPort {
  const m = BRACKETED.exec(s) ?? PLAIN.exec(s);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || port > 65535) throw rtError(`Invalid address '${s}' - expected 'host:port'`);
  const host = m[1];
  const bracketed = s.startsWith("[");
  if (bracketed ? isIP(host) !== 6 : isIP(host) !== 4 && !HOSTNAME.test(host)) {
    throw rtError(`Invalid address '${s}' - expected 'host:port'`);
  }
  return { host, port };
}

/** The canonical text of an address: "ip:port", "[ipv6]:port". */
export function formatAddress(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** An IP literal in canonical form (IPv6 compressed and lower-case), as sockets report peers. */
export function canonicalIp(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

/** The numeric IP for a host: literals as they are, names through DNS (first answer; yields). */
export function* resolveHost(host: string): Generator<unknown, string, unknown> {
  if (isIP(host) !== 0) return canonicalIp(host);
  const answers = yield* awaitHeld(Bun.dns.lookup(host), (e) => netError(errorText(e)));
  if (answers.length === 0) throw netError(errorText({ code: "ENOTFOUND" }));
  return answers[0].address;
}

// Datagram servers answer every packet to its sender's address string: remember the parsed form of
// literal addresses (never of names, whose DNS answer may change). Cleared whole when full.
const literals = new Map<string, Endpoint>();
const MAX_LITERALS = 4096;

/** The endpoint of an "ip:port" address without DNS, or undefined when the host is a name. */
export function literalEndpoint(s: string): Endpoint | undefined {
  const known = literals.get(s);
  if (known !== undefined) return known;
  const { host, port } = parseAddress(s);
  if (isIP(host) === 0) return undefined;
  if (literals.size >= MAX_LITERALS) literals.clear();
  const e = { ip: canonicalIp(host), port };
  literals.set(s, e);
  return e;
}

/** Parses and resolves an address argument. */
export function* resolveAddress(s: string): Generator<unknown, Endpoint, unknown> {
  const literal = literalEndpoint(s);
  if (literal !== undefined) return literal;
  const { host, port } = parseAddress(s);
  return { ip: yield* resolveHost(host), port };
}
