// LuaSocket objects as Luau userdata. Each class (tcp{master}, tcp{client}, ...) has its own
// metatable whose __index holds every method of its kind plus `class`; a method checks that `self`
// belongs to the class or group it works on, so calling one on the wrong kind of object raises
// LuaSocket's "bad argument #1 to 'receive' (tcp{client} expected, got tcp{master})". Changing class
// (master → client/server, unconnected ↔ connected) swaps the metatable.
import { rtError, type LuauError } from "../../runtime/errors";
import type { LuauTable } from "../../runtime/table";
import { Userdata, addressOf, typeName } from "../../runtime/values";
import { library } from "../args";

export type TcpClass = "tcp{master}" | "tcp{client}" | "tcp{server}";
export type UdpClass = "udp{unconnected}" | "udp{connected}";
export type ClassName = TcpClass | UdpClass;
export type Group = ClassName | "tcp{any}" | "udp{any}";

/** The host value behind every LuaSocket userdata. */
export interface SocketHost {
  cls: ClassName;
  /**
   * Releases the OS resources. Only close() calls it: unlike LuaSocket, collection does not close a
   * socket, because JS engines may collect a Luau local's value before its scope ends.
   */
  release(): void;
}

const metatables = new Map<ClassName, LuauTable>();
const hosts = new WeakSet<SocketHost>();

/** Declares a class: every method of its kind, reachable through __index. */
export function defineClass(name: ClassName, methods: Record<string, unknown>): void {
  const index = library({ ...methods, class: name }, false);
  const mt = library(
    {
      __index: index,
      __tostring: (self: unknown) => `${name}: ${addressOf(self as object)}`,
    },
    false,
  );
  metatables.set(name, mt);
}

export function newObject(host: SocketHost): Userdata {
  const ud = new Userdata(host);
  ud.mt = metatables.get(host.cls);
  hosts.add(host);
  return ud;
}

export function setClass(self: Userdata, cls: ClassName): void {
  (self.host as SocketHost).cls = cls;
  self.mt = metatables.get(cls);
}

export function socketHost(v: unknown): SocketHost | undefined {
  if (v instanceof Userdata && hosts.has(v.host as SocketHost)) return v.host as SocketHost;
  return undefined;
}

function inGroup(cls: ClassName, group: Group): boolean {
  if (group === "tcp{any}") return cls.startsWith("tcp{");
  if (group === "udp{any}") return cls.startsWith("udp{");
  return cls === group;
}

function describe(v: unknown): string {
  return socketHost(v)?.cls ?? typeName(v);
}

/** `self` as a host object of `group`, or LuaSocket's argument error. */
export function checkSelf<T extends SocketHost>(self: unknown, group: Group, fname: string): T {
  const host = socketHost(self);
  if (host !== undefined && inGroup(host.cls, group)) return host as T;
  throw badArgument(1, fname, `${group} expected, got ${describe(self)}`);
}

/** LuaSocket's own argument errors use Lua's wording. */
export function badArgument(i: number, fname: string, msg: string): LuauError {
  return rtError(`bad argument #${i} to '${fname}' (${msg})`);
}

let lastFd = 2;

/** getfd() numbers: unique positive integers standing in for descriptors. */
export function newFd(): number {
  return ++lastFd;
}
