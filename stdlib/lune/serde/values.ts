// Luau values ↔ the data model of the text formats, with Lune's rules:
// - a table whose length #t is > 0 is an array of t[1..#t] (other keys are dropped), any other table
//   (including {}) is a map with sorted keys;
// - a table nested inside itself is skipped; functions, threads, buffers and userdata are errors;
// - strings are UTF-8 text; a string that is not valid UTF-8 becomes an array of its bytes (as mlua
//   serializes it), so nothing is silently lost;
// - decoded null is nil, so null map entries vanish and null array items leave holes.
import { LuauTable } from "../../../runtime/table";
import { numberToString, typeName } from "../../../runtime/values";
import { decodeUtf8, encodeUtf8 } from "./bytes";

/** A map with its keys already sorted (byte order of their UTF-8, as Rust's BTreeMap sorts them). */
export class DataMap {
  constructor(readonly entries: [string, Data][]) {}
}

export type Data = null | boolean | number | string | Data[] | DataMap;

/** A value the format cannot represent (reported as `<format>: <message>`). */
export class SerdeError extends Error {}

const MAX_DEPTH = 128;

function keyText(k: unknown): [sortKey: string, text: string] {
  if (typeof k === "string") return [k, decodeUtf8(k) ?? Buffer.from(k, "latin1").toString("utf8")];
  if (typeof k === "number") {
    const s = Number.isInteger(k) && Math.abs(k) < 2 ** 63 ? BigInt(k).toString() : numberToString(k);
    return [s, s];
  }
  throw new SerdeError(`table keys must be strings or numbers, got ${typeName(k)}`);
}

function stringData(s: string): Data {
  const text = decodeUtf8(s);
  if (text !== undefined) return text;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) bytes.push(s.charCodeAt(i));
  return bytes;
}

/** Converts a Luau value; undefined means "skip" (a table that contains itself). */
export function toData(v: unknown, path: Set<LuauTable> = new Set()): Data | undefined {
  switch (typeof v) {
    case "undefined":
      return null;
    case "boolean":
    case "number":
      return v;
    case "string":
      return stringData(v);
  }
  if (!(v instanceof LuauTable)) throw new SerdeError(`unsupported value type \`${typeName(v)}\``);
  if (path.has(v)) return undefined;
  if (path.size >= MAX_DEPTH) throw new SerdeError("table nesting is too deep");
  path.add(v);
  try {
    const n = v.length();
    if (n > 0) {
      const items: Data[] = [];
      for (let i = 1; i <= n; i++) items.push(toData(v.getInt(i), path) ?? null);
      return items;
    }
    const entries: [string, string, Data][] = [];
    for (const [k, value] of v.entries()) {
      const d = toData(value, path);
      if (d === undefined) continue;
      const [sortKey, text] = keyText(k);
      entries.push([sortKey, text, d]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new DataMap(entries.map(([, text, d]) => [text, d]));
  } finally {
    path.delete(v);
  }
}

/** A value parsed by Bun (YAML, TOML) as a Luau value. Nesting is limited as serde limits it when
 * parsing, which also stops a YAML alias that contains itself. */
export function fromPlain(v: unknown, depth = 0): unknown {
  switch (typeof v) {
    case "string":
      return encodeUtf8(v);
    case "number":
    case "boolean":
      return v;
    case "bigint":
      return Number(v);
    case "undefined":
      return undefined;
  }
  if (v === null) return undefined;
  if (v instanceof Date) return encodeUtf8(v.toISOString());
  if (depth >= MAX_DEPTH) throw new SerdeError("recursion limit exceeded");
  if (Array.isArray(v)) return LuauTable.fromArray(v.map((item) => fromPlain(item, depth + 1)));
  // TOML dates and times arrive as Temporal-like objects: their text is the value
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return encodeUtf8(String(v));
  const t = new LuauTable();
  for (const [k, value] of Object.entries(v as object)) {
    const converted = fromPlain(value, depth + 1);
    if (converted !== undefined) t.set(encodeUtf8(k), converted);
  }
  return t;
}

/** A number as the Rust serializers write it: integral values as integers, others shortest. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  return String(n).replace("e+", "e");
}
