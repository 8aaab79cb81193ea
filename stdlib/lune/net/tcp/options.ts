// The optional config tables of net.tcp.listen and net.tcp.connect.
//   listen(address, { tls = { cert = pem, key = pem, passphrase? }, noDelay?, keepAlive? })
//   connect(host, port, true | { tls = boolean?, ca = pem?, ttl = number?, noDelay?, keepAlive? })
// noDelay sets TCP_NODELAY and keepAlive (true, or the idle seconds before the first probe) sets
// SO_KEEPALIVE on every connection; both can also be changed per connection later.
import { LuauTable } from "../../../../runtime/table";
import { typeName } from "../../../../runtime/values";
import { argError } from "../../../args";
import type { TcpConnection } from "./connection";

export interface SocketOptions {
  noDelay?: boolean;
  /** Keep-alive idle time in ms (0: the system's), or false to turn it off. */
  keepAlive?: number | false;
}

export interface ListenOptions extends SocketOptions {
  tls?: { cert: string; key: string; passphrase?: string };
}

export interface ConnectOptions extends SocketOptions {
  tls: boolean;
  ca?: string;
}

class Fields {
  constructor(
    private readonly t: LuauTable,
    private readonly arg: number,
    private readonly fname: string,
    private readonly path = "",
  ) {}

  private bad(name: string, expected: string, v: unknown): never {
    throw argError(this.arg, this.fname, `'${this.path}${name}' must be ${expected}, got ${typeName(v)}`);
  }

  string(name: string): string | undefined {
    const v = this.t.get(name);
    if (v === undefined || typeof v === "string") return v;
    this.bad(name, "a string", v);
  }

  boolean(name: string): boolean | undefined {
    const v = this.t.get(name);
    if (v === undefined || typeof v === "boolean") return v;
    this.bad(name, "a boolean", v);
  }

  number(name: string): number | undefined {
    const v = this.t.get(name);
    if (v === undefined || typeof v === "number") return v;
    this.bad(name, "a number", v);
  }

  table(name: string): Fields | undefined {
    const v = this.t.get(name);
    if (v === undefined) return undefined;
    if (v instanceof LuauTable) return new Fields(v, this.arg, this.fname, `${this.path}${name}.`);
    this.bad(name, "a table", v);
  }

  required(name: string, value: string | undefined): string {
    if (value === undefined) this.bad(name, "a string", undefined);
    return value;
  }

  keepAlive(): number | false | undefined {
    const v = this.t.get("keepAlive");
    if (v === undefined) return undefined;
    if (typeof v === "boolean") return v ? 0 : false;
    if (typeof v === "number" && v >= 0) return Math.round(v * 1000);
    this.bad("keepAlive", "a boolean or a non-negative number", v);
  }
}

function socketOptions(f: Fields): SocketOptions {
  return { noDelay: f.boolean("noDelay"), keepAlive: f.keepAlive() };
}

export function parseListenOptions(v: unknown, arg: number, fname: string): ListenOptions {
  if (v === undefined) return {};
  if (!(v instanceof LuauTable)) throw argError(arg, fname, `table expected, got ${typeName(v)}`);
  const f = new Fields(v, arg, fname);
  const tls = f.table("tls");
  return {
    ...socketOptions(f),
    tls:
      tls === undefined
        ? undefined
        : { cert: tls.required("cert", tls.string("cert")), key: tls.required("key", tls.string("key")), passphrase: tls.string("passphrase") },
  };
}

export function parseConnectOptions(v: unknown, arg: number, fname: string): ConnectOptions {
  if (v === undefined) return { tls: false };
  if (typeof v === "boolean") return { tls: v };
  if (!(v instanceof LuauTable)) throw argError(arg, fname, `boolean or table expected, got ${typeName(v)}`);
  const f = new Fields(v, arg, fname);
  // Lune's `ttl` (IP TTL) is accepted for compatibility; Bun has no IP_TTL for TCP sockets
  f.number("ttl");
  return { ...socketOptions(f), tls: f.boolean("tls") ?? false, ca: f.string("ca") };
}

export function applySocketOptions(conn: TcpConnection, o: SocketOptions): void {
  if (o.noDelay !== undefined) conn.setNoDelay(o.noDelay);
  if (o.keepAlive !== undefined) conn.setKeepAlive(o.keepAlive !== false, o.keepAlive === false ? 0 : o.keepAlive);
}
