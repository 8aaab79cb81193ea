// Argument checking shared by every library, so error wording is uniform and matches Luau's:
//   invalid argument #2 to 'rep' (number expected, got string)
//   missing argument #1 to 'sub' (string expected)
// `nargs` (the caller's arguments.length) tells a missing argument from an explicit nil; when it is
// not given, an undefined argument is reported as "got nil".
import { LuauError, rtError } from "../runtime/errors";
import { LuauTable } from "../runtime/table";
import { LuauBuffer, numberToString, stringToNumber, toNumber, typeName } from "../runtime/values";

/** `fname` is the function's name in the message; "" leaves it out, as Luau does for C functions
 *  pushed without a debug name (the iterators ipairs and utf8.codes return). */
export function argError(i: number, fname: string, msg: string): LuauError {
  return rtError(`invalid argument #${i}${fname === "" ? "" : ` to '${fname}'`} (${msg})`);
}

export function typeError(i: number, fname: string, expected: string, v: unknown, nargs?: number): LuauError {
  if (v === undefined && nargs !== undefined && nargs < i) {
    return rtError(`missing argument #${i}${fname === "" ? "" : ` to '${fname}'`} (${expected} expected)`);
  }
  return argError(i, fname, `${expected} expected, got ${typeName(v)}`);
}

/** Any value, but present (Luau's luaL_checkany, whose message names no function). */
export function checkAny(v: unknown, i: number, nargs: number): unknown {
  if (nargs < i) throw rtError(`missing argument #${i}`);
  return v;
}

export function checkNumber(v: unknown, i: number, fname: string, nargs?: number): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = stringToNumber(v);
    if (n !== undefined) return n;
  }
  throw typeError(i, fname, "number", v, nargs);
}

/**
 * An integer argument of a host (Lune) library: a number truncated toward zero, any size, NaN kept.
 * Luau's own libraries read integers as a C `int` instead: use checkInt/optInt for them.
 */
export function checkInteger(v: unknown, i: number, fname: string, nargs?: number): number {
  const n = checkNumber(v, i, fname, nargs);
  return Math.trunc(n);
}

export function optNumber(v: unknown, i: number, fname: string, def: number): number {
  return v === undefined ? def : checkNumber(v, i, fname);
}

export function optInteger(v: unknown, i: number, fname: string, def: number): number {
  return v === undefined ? def : checkInteger(v, i, fname);
}

// ---- C integer conversions
// The reference (C++, x86-64) converts a double to an integer type with a plain cast: truncation
// toward zero, and a value outside the type's range (or NaN) gives the "integer indefinite" value the
// x86 conversion instructions produce (INT_MIN, INT64_MIN). Newer Luau spells exactly this out in
// lnumutils.h (luai_num2int, luai_num2unsigned).

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** A double as a C `int` (luai_num2int): truncated; NaN and values outside the int range are INT_MIN. */
export function toCInt(n: number): number {
  const t = Math.trunc(n);
  return t >= INT_MIN && t <= INT_MAX ? t : INT_MIN;
}

/**
 * A double as a C `unsigned` (luai_num2unsigned): the low 32 bits of its truncation to int64. NaN,
 * infinities and values outside the int64 range give 0 (the low bits of INT64_MIN).
 */
export function toUint32(n: number): number {
  return n < 9223372036854775808 && n > -9223372036854775808 ? n >>> 0 : 0;
}

/**
 * A double as a C `long long` (int64_t, time_t) cast gives it on x86-64: truncated; NaN and values
 * outside the int64 range become INT64_MIN. Used by string.format's integer conversions,
 * string.pack and os.difftime.
 */
export function toInt64(n: number): bigint {
  if (n > -9223372036854775808 && n < 9223372036854775808) return BigInt(Math.trunc(n));
  return -9223372036854775808n;
}

/** An integer argument of a Luau library (luaL_checkinteger): a number (or numeric string) as a C int. */
export function checkInt(v: unknown, i: number, fname: string, nargs?: number): number {
  return toCInt(checkNumber(v, i, fname, nargs));
}

/** An optional integer argument (luaL_optinteger): nil (or absent) gives `def`. */
export function optInt(v: unknown, i: number, fname: string, def: number): number {
  return v === undefined ? def : checkInt(v, i, fname);
}

/** lua_tointeger: a number (or numeric string) as a C int; anything else is 0, without an error. */
export function toIntOrZero(v: unknown): number {
  const n = toNumber(v);
  return n === undefined ? 0 : toCInt(n);
}

/** An unsigned argument (luaL_checkunsigned), as bit32 and the buffer library read values. */
export function checkUnsigned(v: unknown, i: number, fname: string, nargs?: number): number {
  return toUint32(checkNumber(v, i, fname, nargs));
}

/** A string argument; numbers are converted to their text, as luaL_checkstring does. */
export function checkString(v: unknown, i: number, fname: string, nargs?: number): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  throw typeError(i, fname, "string", v, nargs);
}

export function optString(v: unknown, i: number, fname: string, def: string): string {
  return v === undefined ? def : checkString(v, i, fname);
}

export function checkTable(v: unknown, i: number, fname: string, nargs?: number): LuauTable {
  if (v instanceof LuauTable) return v;
  throw typeError(i, fname, "table", v, nargs);
}

export function checkBuffer(v: unknown, i: number, fname: string, nargs?: number): LuauBuffer {
  if (v instanceof LuauBuffer) return v;
  throw typeError(i, fname, "buffer", v, nargs);
}

export function checkFunction(v: unknown, i: number, fname: string, nargs?: number): Function {
  if (typeof v === "function") return v;
  throw typeError(i, fname, "function", v, nargs);
}

export function checkBoolean(v: unknown, i: number, fname: string, nargs?: number): boolean {
  if (typeof v === "boolean") return v;
  throw typeError(i, fname, "boolean", v, nargs);
}

/** Builds a read-only library table from named functions and values. */
export function library(fields: Record<string, unknown>, frozen = true): LuauTable {
  const t = new LuauTable();
  for (const [k, v] of Object.entries(fields)) t.h[k] = v;
  t.frozen = frozen;
  return t;
}
