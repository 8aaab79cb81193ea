// Header and query maps between Luau and Bun. Scripts write `{ [name] = value | { values } }`;
// scripts read headers with lower-case names, one value as a string and several as an array.
//
// Bun's Headers keep Set-Cookie lines apart but join every other repeated header into one
// comma-separated value (RFC 9110 §5.3 makes the two forms equivalent), so that is what a repeated
// header other than Set-Cookie reads as.
import { rtError } from "../../../../../runtime/errors";
import { LuauTable } from "../../../../../runtime/table";
import { numberToString } from "../../../../../runtime/values";

function text(v: unknown, field: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  throw rtError(`Value for '${field}' must be a string or array of strings`);
}

/** The (name, value) pairs of a Luau header or query map; array values give one pair each. */
export function readMultiMap(t: LuauTable, field: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [k, v] of t.entries()) {
    const name = text(k, field);
    if (v instanceof LuauTable) {
      for (let i = 1; i <= v.length(); i++) pairs.push([name, text(v.getInt(i), field)]);
    } else {
      pairs.push([name, text(v, field)]);
    }
  }
  return pairs;
}

/** A read-only Luau table of (name, value) pairs: one value as a string, several as an array. */
export function multiMapTable(pairs: Iterable<[string, string]>): LuauTable {
  const t = new LuauTable();
  const h = t.h;
  for (const [name, value] of pairs) {
    const prev = h[name];
    if (prev === undefined) h[name] = value;
    else if (prev instanceof LuauTable) prev.arr.push(value);
    else h[name] = LuauTable.fromArray([prev, value]);
  }
  for (const k in h) {
    const v = h[k];
    if (v instanceof LuauTable) v.frozen = true;
  }
  t.frozen = true;
  return t;
}

/** Bun's headers as Luau strings (values are bytes read as latin1 by Bun), minus `skip`. */
export function* headerPairs(headers: Headers, skip?: ReadonlySet<string>): Generator<[string, string]> {
  for (const pair of headers) {
    if (skip === undefined || !skip.has(pair[0])) yield pair;
  }
}

/** Content headers that no longer describe a body once it has been decompressed. */
export const CONTENT_CODING_HEADERS: ReadonlySet<string> = new Set(["content-encoding", "content-length"]);
