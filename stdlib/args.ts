// Argument checking shared by every library, so error wording is uniform and matches Luau's:
//   invalid argument #2 to 'rep' (number expected, got string)
//   missing argument #1 to 'sub' (string expected)
// `nargs` (the caller's arguments.length) tells a missing argument from an explicit nil; when it is
// not given, an undefined argument is reported as "got nil".
import { LuauError, rtError } from "../runtime/errors";
import { LuauTable } from "../runtime/table";
import { LuauBuffer, numberToString, stringToNumber, typeName } from "../runtime/values";

export function argError(i: number, fname: string, msg: string): LuauError {
  return rtError(`invalid argument #${i} to '${fname}' (${msg})`);
}

export function typeError(i: number, fname: string, expected: string, v: unknown, nargs?: number): LuauError {
  if (v === undefined && nargs !== undefined && nargs < i) {
    return rtError(`missing argument #${i} to '${fname}' (${expected} expected)`);
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

/** An integer argument: numbers are truncated toward zero, as Luau's luaL_checkinteger does. */
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
