// Addresses as LuaSocket takes them: host names or numeric IPs (resolved transparently), "*" for
// any local interface, ports as numbers or numeric strings.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { numberToString, stringToNumber } from "../../runtime/values";
import { describeError } from "./oserror";
import { settle } from "./wait";

export type Family = "inet" | "inet6";
/** The family an object was created for: tcp()/udp() leave it open until the first bind/connect. */
export type FamilyChoice = Family | "unspec";

export interface Address {
  ip: string;
  family: Family;
}

export const NAME_OR_SERVICE_UNKNOWN = "host or service not provided, or not known";

export function familyOfIp(ip: string): Family {
  return isIP(ip) === 6 ? "inet6" : "inet";
}

/** Bun reports families as "IPv4"/"IPv6". */
export function familyOfBun(family: string | undefined, ip: string): Family {
  if (family === "IPv6") return "inet6";
  if (family === "IPv4") return "inet";
  return familyOfIp(ip);
}

export function wildcardFor(family: FamilyChoice): string {
  return family === "inet6" ? "::" : "0.0.0.0";
}

export function isLoopback(ip: string): boolean {
  return ip === "::1" || ip.startsWith("127.");
}

/** A port argument (number or numeric string, 0–65535), or undefined when it is not one. */
export function parsePort(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" ? stringToNumber(v) : undefined;
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 65535) return undefined;
  return n;
}

/** The text of a host argument (numbers are accepted, as luaL_checkstring does). */
export function hostText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  return undefined;
}

/**
 * All addresses of `host` usable for `family`, in resolver order; numeric addresses need no lookup.
 * Returns an error string when there are none.
 */
export function* resolveHost(host: string, family: FamilyChoice): Generator<unknown, Address[] | string, unknown> {
  const numeric = isIP(host);
  if (numeric !== 0) {
    const f = familyOfIp(host);
    return family === "unspec" || family === f ? [{ ip: host, family: f }] : NAME_OR_SERVICE_UNKNOWN;
  }
  const r = yield* settle(lookup(host, { all: true, family: family === "inet" ? 4 : family === "inet6" ? 6 : 0 }));
  if (!r.ok) return describeError(r.error);
  if (r.value.length === 0) return "host not found";
  return r.value.map((a) => ({ ip: a.address, family: a.family === 6 ? "inet6" : "inet" }));
}
