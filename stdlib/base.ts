// Luau's base functions (print, type, pcall, setmetatable, ...). Lune's replacements of print/warn
// and require are installed on top of these by the runtime (stdlib/lune/globals.ts).
import { getMetatable, hostCall } from "../runtime/call";
import { chunkEnvironment, compileChunk, displayChunkName, instantiate } from "../runtime/chunk";
import { LuauError, captureStack, parseStack, rtError, toLuauError, valueError } from "../runtime/errors";
import { registerIterators, toStringMeta } from "../runtime/ops";
import { LuauTable } from "../runtime/table";
import { NONE, Userdata, Vector, first, stringToNumber, typeName } from "../runtime/values";
import { argError, checkAny, checkFunction, checkInt, checkString, checkTable, optInt, optString, typeError } from "./args";

function next(t: unknown, k: unknown): unknown {
  const table = checkTable(t, 1, "next", arguments.length);
  const e = table.next(k);
  return e === undefined ? undefined : e;
}

/** The ipairs iterator (a `for` over ipairs does not call it). Luau pushes it without a name and
 *  reads the index, a C int, before the table. */
function ipairsStep(t: LuauTable, i: number): unknown {
  const nargs = arguments.length;
  const k = checkInt(i, 2, "", nargs);
  const tbl = checkTable(t, 1, "", nargs);
  const n = (k + 1) | 0; // the int increment: INT_MAX + 1 wraps around to INT_MIN
  const v = tbl.getInt(n);
  return v === undefined ? NONE : [n, v];
}

registerIterators(next, ipairsStep);

function parseWithBase(s: string, base: number): number | undefined {
  const m = /^[ \t\n\v\f\r]*(-?)([0-9a-zA-Z]+)[ \t\n\v\f\r]*$/.exec(s);
  if (!m) return undefined;
  if (base === 16) m[2] = m[2].replace(/^0[xX](?=.)/, "");
  let v = 0n;
  const b = BigInt(base);
  for (const c of m[2].toLowerCase()) {
    const d = parseInt(c, 36);
    if (d >= base) return undefined;
    v = v * b + BigInt(d);
  }
  v &= 0xffffffffffffffffn;
  // negative numbers with an explicit base wrap around as unsigned 64-bit integers, as in Luau
  if (m[1] === "-" && v !== 0n) v = (1n << 64n) - v;
  return Number(v);
}

function tonumber(v: unknown, base: unknown): unknown {
  checkAny(v, 1, arguments.length);
  if (base === undefined) {
    if (typeof v === "number") return v;
    if (typeof v === "string") return stringToNumber(v);
    return undefined;
  }
  // Luau: base 10 (however written, 10.5 too) is the plain conversion; any other base reads the
  // first argument as a string before checking the base's range
  const b = checkInt(base, 2, "tonumber");
  if (b === 10) return typeof v === "number" ? v : typeof v === "string" ? stringToNumber(v) : undefined;
  const s = checkString(v, 1, "tonumber");
  if (!(b >= 2 && b <= 36)) throw argError(2, "tonumber", "base out of range");
  return parseWithBase(s, b);
}

function select(n: unknown, ...args: unknown[]): unknown {
  if (n === "#") return args.length;
  const i = checkInt(n, 1, "select", arguments.length);
  if (i < 0) {
    if (-i > args.length) throw argError(1, "select", "index out of range");
    return args.slice(args.length + i);
  }
  if (i === 0) throw argError(1, "select", "index out of range");
  return i === 1 ? args : args.slice(i - 1);
}

function setmetatable(t: unknown, mt: unknown): unknown {
  const table = checkTable(t, 1, "setmetatable", arguments.length);
  if (arguments.length < 2) throw rtError("missing argument #2 to 'setmetatable' (nil or table expected)");
  if (mt !== undefined && !(mt instanceof LuauTable)) throw typeError(2, "setmetatable", "nil or table", mt, arguments.length);
  if (table.mt !== undefined && table.mt.h.__metatable !== undefined) throw rtError("cannot change a protected metatable");
  if (table.frozen) throw rtError("attempt to modify a readonly table");
  table.mt = mt as LuauTable | undefined;
  return table;
}

function getmetatable(v: unknown): unknown {
  checkAny(v, 1, arguments.length);
  const mt = getMetatable(v);
  if (mt === undefined) return undefined;
  const protectedValue = mt.h.__metatable;
  return protectedValue !== undefined ? protectedValue : mt;
}

function* pcall(f: unknown, ...args: unknown[]): Generator<unknown, unknown, unknown> {
  checkAny(f, 1, arguments.length);
  try {
    const r = yield* hostCall(f, args);
    return Array.isArray(r) ? [true, ...r] : [true, r];
  } catch (e) {
    return [false, toLuauError(e).value];
  }
}

function* xpcall(f: unknown, handler: unknown, ...args: unknown[]): Generator<unknown, unknown, unknown> {
  checkFunction(handler, 2, "xpcall", arguments.length);
  try {
    const r = yield* hostCall(f, args);
    return Array.isArray(r) ? [true, ...r] : [true, r];
  } catch (e) {
    const err = toLuauError(e);
    try {
      return [false, first(yield* hostCall(handler, [err.value]))];
    } catch {
      return [false, "error in error handling"];
    }
  }
}

function error(value: unknown, level: unknown): never {
  const lvl = optInt(level, 2, "error", 1);
  throw valueError(value, lvl);
}

function assert(v: unknown, ...rest: unknown[]): unknown {
  checkAny(v, 1, arguments.length);
  if (v === undefined || v === false) throw rtError(optString(rest[0], 2, "assert", "assertion failed!"));
  return arguments.length === 1 ? v : [v, ...rest];
}

function rawlen(v: unknown): number {
  if (v instanceof LuauTable) return v.length();
  if (typeof v === "string") return v.length;
  throw argError(1, "rawlen", "table or string expected");
}

function rawset(t: unknown, k: unknown, v: unknown): unknown {
  const table = checkTable(t, 1, "rawset", arguments.length);
  checkAny(k, 2, arguments.length);
  checkAny(v, 3, arguments.length);
  if (table.frozen) throw rtError("attempt to modify a readonly table");
  table.set(k, v);
  return table;
}

/** typeof: host userdata (Lune objects) may name their type with __type; newproxy's never do. */
function typeOf(v: unknown): string {
  if (v instanceof Userdata && v.host !== undefined) {
    const t = v.mt?.h.__type;
    if (typeof t === "string") return t;
  }
  return typeName(v);
}

function collectgarbage(opt: unknown): unknown {
  const o = opt === undefined ? "collect" : checkString(opt, 1, "collectgarbage");
  if (o === "count") return process.memoryUsage().heapUsed / 1024;
  if (o === "collect") {
    Bun.gc(false);
    return 0;
  }
  throw argError(1, "collectgarbage", `invalid option '${o}'`);
}

/** The chunk environment getfenv/setfenv address: a chunk's main function, or a stack level (a C
 *  int: optional for getfenv, required for setfenv). */
function fenvTarget(f: unknown, fname: string, host: GlobalsHost, optional: boolean) {
  if (typeof f === "function") return chunkEnvironment(f);
  const level = optional ? optInt(f, 1, fname, 1) : checkInt(f, 1, fname);
  if (level < 0) throw argError(1, fname, "level must be non-negative");
  if (level === 0) return { env: host.env, set: (t: LuauTable) => void (host.env = t) };
  const frame = parseStack(captureStack()).filter((x) => x.kind === "luau")[level - 1];
  if (frame === undefined || frame.kind !== "luau") throw argError(1, fname, "invalid level");
  return chunkEnvironment(frame.id);
}

/** Where scripts' functions without an explicit environment find their globals. */
export interface GlobalsHost {
  env: LuauTable;
}

export function createBaseFunctions(host: GlobalsHost): Record<string, unknown> {
  return {
    assert,
    error,
    pcall,
    xpcall,
    select,
    next,
    tonumber,
    setmetatable,
    getmetatable,
    rawlen,
    rawset,
    type(v: unknown) {
      checkAny(v, 1, arguments.length);
      return typeName(v);
    },
    typeof(v: unknown) {
      checkAny(v, 1, arguments.length);
      return typeOf(v);
    },
    tostring(v: unknown) {
      checkAny(v, 1, arguments.length);
      return toStringMeta(v);
    },
    pairs(t: unknown) {
      return [next, checkTable(t, 1, "pairs", arguments.length), undefined];
    },
    ipairs(t: unknown) {
      return [ipairsStep, checkTable(t, 1, "ipairs", arguments.length), 0];
    },
    rawget(t: unknown, k: unknown) {
      const table = checkTable(t, 1, "rawget", arguments.length);
      checkAny(k, 2, arguments.length);
      return table.get(k);
    },
    rawequal(a: unknown, b: unknown) {
      checkAny(a, 1, arguments.length);
      checkAny(b, 2, arguments.length);
      return a === b || (a instanceof Vector && b instanceof Vector && a.x === b.x && a.y === b.y && a.z === b.z);
    },
    newproxy(withMeta: unknown) {
      if (withMeta !== undefined && typeof withMeta !== "boolean") throw typeError(1, "newproxy", "nil or boolean", withMeta);
      const u = new Userdata();
      if (withMeta === true) u.mt = new LuauTable();
      return u;
    },
    gcinfo() {
      return Math.floor(process.memoryUsage().heapUsed / 1024);
    },
    collectgarbage,
    getfenv(f: unknown) {
      return fenvTarget(f, "getfenv", host, true)?.env ?? host.env;
    },
    setfenv(f: unknown, t: unknown) {
      const env = checkTable(t, 2, "setfenv", arguments.length);
      const target = fenvTarget(f, "setfenv", host, false);
      if (target === undefined) throw rtError("'setfenv' cannot change the environment of this function");
      target.set(env);
      return f;
    },
    loadstring(src: unknown, name: unknown) {
      const source = checkString(src, 1, "loadstring", arguments.length);
      const chunkname = name === undefined ? source : checkString(name, 2, "loadstring");
      try {
        return instantiate(compileChunk(source, displayChunkName(chunkname)), host.env);
      } catch (e) {
        if (e instanceof LuauError) return [undefined, e.value];
        throw e;
      }
    },
  };
}
