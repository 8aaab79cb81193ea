// Host objects as Luau userdata: `typeof` gives their type name (__type), fields and methods come
// from one shared __index, and the metatable is locked.
import { rtError } from "../../runtime/errors";
import { LuauTable } from "../../runtime/table";
import { Userdata, typeName } from "../../runtime/values";

export interface UserdataClass<T> {
  /** The name typeof() reports. */
  typeName: string;
  /** Wraps a host object. */
  wrap(host: T): Userdata;
  /** The host object of `self` for a method call, or an argument error naming `method`. */
  unwrap(self: unknown, method: string, arg?: number): T;
}

/**
 * Defines a userdata type. `methods` are the callable fields; `fields` computes the other readable
 * fields (undefined = no such field); `meta` adds metamethods (__eq, __lt, __tostring, ...).
 */
export function defineUserdata<T>(
  name: string,
  hostType: abstract new (...args: any[]) => T,
  methods: Record<string, unknown>,
  fields?: (host: T, key: string) => unknown,
  meta: Record<string, unknown> = {},
): UserdataClass<T> {
  const methodTable = new LuauTable();
  for (const [k, v] of Object.entries(methods)) methodTable.h[k] = v;
  const mt = new LuauTable();
  mt.h.__type = name;
  mt.h.__metatable = "The metatable is locked";
  mt.h.__index =
    fields === undefined
      ? methodTable
      : function index(self: Userdata, key: unknown) {
          const m = methodTable.get(key);
          if (m !== undefined || typeof key !== "string") return m;
          return fields(self.host as T, key);
        };
  for (const [k, v] of Object.entries(meta)) mt.h[k] = v;
  mt.frozen = true;
  return {
    typeName: name,
    wrap(host: T): Userdata {
      const u = new Userdata(host);
      u.mt = mt;
      return u;
    },
    unwrap(self: unknown, method: string, arg = 1): T {
      if (self instanceof Userdata && self.host instanceof hostType) return self.host as T;
      throw rtError(`invalid argument #${arg} to '${method}' (${name} expected, got ${typeName(self)})`);
    },
  };
}
