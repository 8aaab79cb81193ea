// socket.dns: name resolution through the system resolver (node:dns's lookup is getaddrinfo, its
// lookupService getnameinfo, so /etc/hosts applies as in LuaSocket).
import { lookup, lookupService } from "node:dns/promises";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { LuauTable } from "../../runtime/table";
import { checkString, library } from "../args";
import { NAME_OR_SERVICE_UNKNOWN, parsePort } from "./address";
import { describeError } from "./oserror";
import { settle } from "./wait";

const HOST_NOT_FOUND = "host not found";

/** `resolved`: { name = canonical name, alias = {}, ip = { addresses } }. */
function resolvedTable(name: string, ips: string[]): LuauTable {
  const t = new LuauTable();
  t.set("name", name);
  t.set("alias", new LuauTable());
  t.set("ip", LuauTable.fromArray([...ips]));
  return t;
}

/** The IPv4 addresses of a name (gethostbyname's view), or of any family when it has none. */
function* addressesOf(host: string): Generator<unknown, string[] | undefined, unknown> {
  if (isIP(host) !== 0) return [host];
  const r = yield* settle(lookup(host, { all: true }));
  if (!r.ok || r.value.length === 0) return undefined;
  const v4 = r.value.filter((a) => a.family === 4).map((a) => a.address);
  return v4.length > 0 ? v4 : r.value.map((a) => a.address);
}

function* nameOf(ip: string, port: number): Generator<unknown, { hostname: string; service: string | undefined } | string, unknown> {
  const r = yield* settle(lookupService(ip, port));
  if (!r.ok) return describeError(r.error);
  return r.value as { hostname: string; service: string | undefined };
}

export function createDnsLibrary(): LuauTable {
  return library(
    {
      *toip(address: unknown) {
        const host = checkString(address, 1, "toip", arguments.length);
        const ips = yield* addressesOf(host);
        if (ips === undefined) return [undefined, HOST_NOT_FOUND];
        return [ips[0], resolvedTable(host, ips)];
      },

      *tohostname(address: unknown) {
        const host = checkString(address, 1, "tohostname", arguments.length);
        const ips = yield* addressesOf(host);
        if (ips === undefined) return [undefined, HOST_NOT_FOUND];
        const named = yield* nameOf(ips[0], 0);
        if (typeof named === "string") {
          // an address without a name is "host not found"; a name stands for itself
          if (isIP(host) !== 0) return [undefined, HOST_NOT_FOUND];
          return [host, resolvedTable(host, ips)];
        }
        return [named.hostname, resolvedTable(named.hostname, ips)];
      },

      gethostname() {
        return hostname();
      },

      *getaddrinfo(address: unknown) {
        const host = checkString(address, 1, "getaddrinfo", arguments.length);
        const r = yield* settle(lookup(host, { all: true }));
        if (!r.ok) return [undefined, describeError(r.error)];
        return LuauTable.fromArray(
          r.value.map((a) => {
            const t = new LuauTable();
            t.set("family", a.family === 6 ? "inet6" : "inet");
            t.set("addr", a.address);
            return t;
          }),
        );
      },

      *getnameinfo(address: unknown, port: unknown) {
        const host = address === undefined ? undefined : checkString(address, 1, "getnameinfo");
        const p = port === undefined ? 0 : parsePort(checkString(port, 2, "getnameinfo"));
        if (host === undefined || p === undefined) return [undefined, NAME_OR_SERVICE_UNKNOWN];
        const ips = yield* addressesOf(host);
        if (ips === undefined) return [undefined, HOST_NOT_FOUND];
        const names: string[] = [];
        let service: string | undefined;
        for (const ip of ips) {
          const named = yield* nameOf(ip, p);
          if (typeof named === "string") return [undefined, named];
          if (!names.includes(named.hostname)) names.push(named.hostname);
          service = named.service ?? (p > 0 ? String(p) : undefined);
        }
        return [LuauTable.fromArray(names), service];
      },
    },
    false,
  );
}
