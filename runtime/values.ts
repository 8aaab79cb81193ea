// The Luau value model on JS values:
//   nil → undefined, boolean → boolean, number → number, string → JS string whose char codes are
//   bytes (0–255), table → LuauTable, function → JS function (Luau functions and host functions that
//   may yield are generator functions; host functions that never yield are plain functions),
//   thread → LuauThread, buffer → LuauBuffer, vector → Vector, userdata → Userdata.
//
// Calling convention: a call returns one Luau value as itself, or several (or none) as a JS array.
// Luau values are never JS arrays, so the two cannot be confused.
import { numberToString } from "./numbers";
import { LuauTable } from "./table";
import { LuauThread } from "./thread";

export { numberToString };

export type Multi = unknown[];
/** Zero values. Never mutated. */
export const NONE: Multi = Object.freeze([]) as unknown as Multi;

/** The first value of a call result. */
export function first(r: unknown): unknown {
  return Array.isArray(r) ? r[0] : r;
}

/** A call result as an array of values (shared arrays must not be mutated). */
export function all(r: unknown): Multi {
  return Array.isArray(r) ? r : [r];
}

export class LuauBuffer {
  private dataView: DataView | undefined = undefined;
  /** `bytes` may be a Node Buffer (socket data wrapped without a copy): copy with copyBytes()
   * (runtime/bytes.ts), never with slice(), which shares a Buffer's memory. */
  constructor(readonly bytes: Uint8Array) {}

  /** Made on first numeric access: socket data wrapped as buffers mostly never needs one, and
   * a DataView over Bun's small pooled chunks costs an allocation and a copy. */
  get view(): DataView {
    const bytes = this.bytes;
    return (this.dataView ??= new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

export class Vector {
  constructor(
    readonly x: number,
    readonly y: number,
    readonly z: number,
  ) {}
}

/** A full userdata (from newproxy, or a host object that scripts see as userdata). */
export class Userdata {
  mt: LuauTable | undefined = undefined;
  constructor(readonly host?: unknown) {}
}

export function typeName(v: unknown): string {
  switch (typeof v) {
    case "undefined":
      return "nil";
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "string":
      return "string";
    case "function":
      return "function";
    default:
      if (v instanceof LuauTable) return "table";
      if (v instanceof LuauBuffer) return "buffer";
      if (v instanceof Vector) return "vector";
      if (v instanceof LuauThread) return "thread";
      if (v === null) return "nil";
      return "userdata";
  }
}

/** Lua truthiness: only nil and false are false. */
export function truthy(v: unknown): boolean {
  return v !== undefined && v !== false && v !== null;
}

let nextAddress = 0x1000;
const addresses = new WeakMap<object, number>();

/** A stable fake address for tostring of reference values (`table: 0x...`). */
export function addressOf(v: object): string {
  let a = addresses.get(v);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x40;
    addresses.set(v, a);
  }
  return "0x" + a.toString(16).padStart(16, "0");
}

/** tostring without metamethods. */
export function rawToString(v: unknown): string {
  switch (typeof v) {
    case "undefined":
      return "nil";
    case "boolean":
      return v ? "true" : "false";
    case "number":
      return numberToString(v);
    case "string":
      return v;
    case "function":
      return "function: " + addressOf(v);
    default:
      if (v instanceof Vector) return `${numberToString(v.x)}, ${numberToString(v.y)}, ${numberToString(v.z)}`;
      return typeName(v) + ": " + addressOf(v as object);
  }
}

/** String → number conversion as Luau does it for arithmetic and tonumber (base 10 forms and 0x). */
export function stringToNumber(s: string): number | undefined {
  const t = s.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, "");
  if (t === "") return undefined;
  // hex integers (with optional sign) and hex floats are accepted by tonumber
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(t);
  if (hex) {
    const [, sign, int, frac, exp] = hex;
    if (int === "" && (frac === undefined || frac === "")) return undefined;
    if (frac === undefined && exp === undefined) {
      // integers wider than 64 bits saturate, like strtoull
      let v = 0n;
      for (const c of int) v = v * 16n + BigInt(parseInt(c, 16));
      if (v > 0xffffffffffffffffn) v = 0xffffffffffffffffn;
      const n = Number(v);
      return sign === "-" ? -n : n;
    }
    let v = 0;
    for (const c of int) v = v * 16 + parseInt(c, 16);
    let scale = 1 / 16;
    for (const c of frac ?? "") {
      v += parseInt(c, 16) * scale;
      scale /= 16;
    }
    if (exp !== undefined) v *= Math.pow(2, Number(exp));
    return sign === "-" ? -v : v;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    const lower = t.toLowerCase();
    const m = /^([+-]?)(inf|infinity|nan)$/.exec(lower);
    if (m) return m[2] === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity;
    return undefined;
  }
  return Number(t);
}

/** Coerces a value to a number as arithmetic does (numbers and numeric strings), else undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") return stringToNumber(v);
  return undefined;
}
