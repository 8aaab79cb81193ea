// Hosts and ports given to socket methods. Numeric addresses are used as they are; names are
// resolved with the system resolver (suspending the calling thread) to the first address of the
// socket's family, as `getaddrinfo` would.
import { isIP } from "node:net";
import { promises as dns } from "node:dns";
import { argError, checkInteger, typeError } from "../args";
import { AF_INET, AF_INET6 } from "./constants";
import { dnsError, socketError } from "./errno";
import { awaitHost } from "./wait";

export interface Endpoint {
  host: string;
  port: number;
}

export function familyName(family: number): string {
  return family === AF_INET6 ? "AF_INET6" : "AF_INET";
}

/** 4 or 6 for a numeric address, 0 for anything else. */
export function ipVersion(host: string): number {
  return isIP(host);
}

export function checkPort(v: unknown, i: number, fname: string, nargs: number): number {
  const port = checkInteger(v, i, fname, nargs);
  if (!(port >= 0 && port <= 65535)) throw argError(i, fname, "port out of range");
  return port;
}

export function checkHost(v: unknown, i: number, fname: string, nargs: number): string {
  if (typeof v === "string") return v;
  throw typeError(i, fname, "string", v, nargs);
}

/** The wildcard address of a family (bind to "" or "*"). */
export function wildcard(family: number): string {
  return family === AF_INET6 ? "::" : "0.0.0.0";
}

/**
 * The numeric address a socket of `family` uses for `host` (argument #`i` of `op`). A numeric
 * address of the other family is a bad argument; a name is looked up (the thread waits).
 */
export function* resolveHost(host: string, family: number, passive: boolean, op: string, i: number): Generator<unknown, string, unknown> {
  if (host === "" || (passive && host === "*")) return passive ? wildcard(family) : family === AF_INET6 ? "::1" : "127.0.0.1";
  const version = ipVersion(host);
  if (version !== 0) {
    if ((version === 6) !== (family === AF_INET6)) {
      throw argError(i, op, `IPv${version} address '${host}' for an ${familyName(family)} socket`);
    }
    return host;
  }
  const found = yield* awaitHost(dns.lookup(host, { family: family === AF_INET6 ? 6 : 4 }), (e) => dnsError(op, e));
  if (!found || typeof found.address !== "string") throw socketError(op, "EAI_NONAME");
  return found.address;
}

/** Bun reports IPv4 peers of dual-stack sockets as `::ffff:a.b.c.d`; scripts on AF_INET see `a.b.c.d`. */
export function displayHost(host: string, family: number): string {
  return family === AF_INET && host.startsWith("::ffff:") && ipVersion(host.slice(7)) === 4 ? host.slice(7) : host;
}

