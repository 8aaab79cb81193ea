// getaddrinfo / getnameinfo on the system resolver (node:dns lookup and lookupService, which use
// the C library's getaddrinfo/getnameinfo, so /etc/hosts and nsswitch apply). The calling thread
// waits for the answer; numeric hosts and services are answered without a lookup.
import { promises as dns, ADDRCONFIG, ALL, V4MAPPED } from "node:dns";
import { LuauTable } from "../../runtime/table";
import { numberToString } from "../../runtime/values";
import { argError, checkInteger, checkString, optInteger, typeError } from "../args";
import { checkPort, ipVersion } from "./address";
import {
  AF_INET, AF_INET6, AF_UNSPEC, AI_ADDRCONFIG, AI_ALL, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_PASSIVE,
  AI_V4MAPPED, IPPROTO_TCP, IPPROTO_UDP, NI_DGRAM, NI_NAMEREQD, NI_NOFQDN, NI_NUMERICHOST, NI_NUMERICSERV,
  SOCK_DGRAM, SOCK_STREAM,
} from "./constants";
import { dnsError, socketError } from "./errno";
import { serviceName, servicePort } from "./services";
import { awaitHost } from "./wait";

function checkFamily(v: unknown, i: number, fname: string): number {
  const family = optInteger(v, i, fname, AF_UNSPEC);
  if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) throw argError(i, fname, `unsupported address family ${numberToString(family)}`);
  return family;
}

/** The socket types asked for: one, or both when the caller gave neither type nor protocol. */
function socketTypes(socktype: unknown, proto: unknown): number[] {
  const type = optInteger(socktype, 4, "getaddrinfo", 0);
  const protocol = optInteger(proto, 5, "getaddrinfo", 0);
  if (type !== 0 && type !== SOCK_STREAM && type !== SOCK_DGRAM) throw argError(4, "getaddrinfo", `unsupported socket type ${numberToString(type)}`);
  if (protocol !== 0 && protocol !== IPPROTO_TCP && protocol !== IPPROTO_UDP) throw argError(5, "getaddrinfo", `unsupported protocol ${numberToString(protocol)}`);
  const forProto = protocol === IPPROTO_TCP ? SOCK_STREAM : protocol === IPPROTO_UDP ? SOCK_DGRAM : 0;
  if (type !== 0 && forProto !== 0 && type !== forProto) throw socketError("getaddrinfo", "EAI_SOCKTYPE");
  const t = type || forProto;
  return t === 0 ? [SOCK_STREAM, SOCK_DGRAM] : [t];
}

/** The port for `service` (number, digits or a name in the services database) and `type`. */
function servicePortFor(service: unknown, type: number, flags: number): number {
  if (service === undefined) return 0;
  if (typeof service === "number") {
    if (!Number.isInteger(service) || service < 0 || service > 65535) throw socketError("getaddrinfo", "EAI_SERVICE");
    return service;
  }
  if (/^\d+$/.test(service as string)) {
    const port = Number(service);
    if (port > 65535) throw socketError("getaddrinfo", "EAI_SERVICE");
    return port;
  }
  if (flags & AI_NUMERICSERV) throw socketError("getaddrinfo", "EAI_NONAME");
  const port = servicePort(service as string, type === SOCK_DGRAM ? "udp" : "tcp");
  if (port === undefined) throw socketError("getaddrinfo", "EAI_SERVICE");
  return port;
}

interface Found {
  address: string;
  family: number;
}

/** Addresses for `host` (nil: the wildcard or loopback addresses, as POSIX and the seed say). */
function* addressesFor(host: string | undefined, family: number, flags: number, flagsGiven: boolean): Generator<unknown, Found[], unknown> {
  const families = family === AF_UNSPEC ? [AF_INET, AF_INET6] : [family];
  if (host === undefined) {
    // the seed: nil means the wildcard address; POSIX: only with AI_PASSIVE, loopback otherwise
    const passive = !flagsGiven || (flags & AI_PASSIVE) !== 0;
    return families.map((f) => ({ family: f, address: f === AF_INET6 ? (passive ? "::" : "::1") : passive ? "0.0.0.0" : "127.0.0.1" }));
  }
  const version = ipVersion(host);
  if (version !== 0) {
    const f = version === 6 ? AF_INET6 : AF_INET;
    if (family === AF_INET6 && f === AF_INET && flags & AI_V4MAPPED) return [{ family: AF_INET6, address: "::ffff:" + host }];
    if (!families.includes(f)) throw socketError("getaddrinfo", "EAI_ADDRFAMILY");
    return [{ family: f, address: host }];
  }
  if (flags & AI_NUMERICHOST) throw socketError("getaddrinfo", "EAI_NONAME");
  let hints = 0;
  if (flags & AI_ADDRCONFIG) hints |= ADDRCONFIG;
  if (family === AF_INET6 && flags & AI_V4MAPPED) hints |= V4MAPPED | (flags & AI_ALL ? ALL : 0);
  const lookup = dns.lookup(host, { all: true, family: family === AF_INET ? 4 : family === AF_INET6 ? 6 : 0, hints });
  const found = yield* awaitHost(lookup, (e) => dnsError("getaddrinfo", e));
  const seen = new Set<string>();
  const out: Found[] = [];
  for (const a of found) {
    if (seen.has(a.address)) continue;
    seen.add(a.address);
    out.push({ address: a.address, family: a.family === 6 ? AF_INET6 : AF_INET });
  }
  if (out.length === 0) throw socketError("getaddrinfo", "EAI_NONAME");
  return out;
}

function addrInfo(f: Found, type: number, port: number, canonname: string | undefined): LuauTable {
  const t = new LuauTable();
  t.h.family = f.family;
  t.h.socktype = type;
  t.h.protocol = type === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
  t.h.addr = f.address;
  t.h.port = port;
  if (canonname !== undefined) t.h.canonname = canonname;
  return t;
}

export function* getaddrinfo(host: unknown, service: unknown, family: unknown, socktype: unknown, proto: unknown, flags: unknown): Generator<unknown, LuauTable, unknown> {
  const nargs = arguments.length;
  const h = host === undefined ? undefined : checkString(host, 1, "getaddrinfo", nargs);
  if (service !== undefined && typeof service !== "number" && typeof service !== "string") throw typeError(2, "getaddrinfo", "string or number", service, nargs);
  const fam = checkFamily(family, 3, "getaddrinfo");
  const types = socketTypes(socktype, proto);
  const fl = optInteger(flags, 6, "getaddrinfo", 0);
  if (h === undefined && service === undefined) throw socketError("getaddrinfo", "EAI_NONAME");
  const ports = types.map((t) => servicePortFor(service, t, fl));
  const found = yield* addressesFor(h, fam, fl, flags !== undefined);
  const list: LuauTable[] = [];
  let canon = fl & AI_CANONNAME && h !== undefined ? h : undefined;
  for (const f of found) {
    for (let i = 0; i < types.length; i++) {
      list.push(addrInfo(f, types[i], ports[i], canon));
      canon = undefined;
    }
  }
  return LuauTable.fromArray(list);
}

export function* getnameinfo(addr: unknown, port: unknown, flags: unknown): Generator<unknown, unknown[], unknown> {
  const nargs = arguments.length;
  const a = checkString(addr, 1, "getnameinfo", nargs);
  const p = checkPort(port, 2, "getnameinfo", nargs);
  const fl = flags === undefined ? 0 : checkInteger(flags, 3, "getnameinfo", nargs);
  if (ipVersion(a) === 0) throw argError(1, "getnameinfo", "numeric address expected");
  let host = a;
  if (!(fl & NI_NUMERICHOST)) {
    try {
      host = (yield* awaitHost(dns.lookupService(a, p), (e) => e as never)).hostname;
    } catch {
      if (fl & NI_NAMEREQD) throw socketError("getnameinfo", "EAI_NONAME");
    }
    // NI_NOFQDN: only the host part of a name (not of a numeric address)
    if (fl & NI_NOFQDN && ipVersion(host) === 0) host = host.split(".")[0];
  }
  const service = fl & NI_NUMERICSERV ? String(p) : serviceName(p, fl & NI_DGRAM ? "udp" : "tcp") ?? String(p);
  return [host, service];
}
