// The `table` library. Element access is raw (no __index/__newindex/__len), as in Luau; only
// table.find (==, so __eq) and table.sort (<, so __lt) reach metamethods. Every position and size
// (insert, remove, concat, unpack, move, find, create) is a C int, as Luau reads them: a value beyond
// the int range (or NaN) is INT_MIN, never a double that a loop over the range could not step past.
import { getMetamethod, hostCallSync } from "../runtime/call";
import { rtError } from "../runtime/errors";
import { equals, lessThan } from "../runtime/ops";
import { LuauTable, metafield } from "../runtime/table";
import { NONE, Userdata, first, numberToString, truthy, typeName } from "../runtime/values";
import { argError, checkFunction, checkInt, checkTable, library, optInt, optString } from "./args";

const INT_MAX = 2147483647;
// the largest array part a Luau table can have (MAXSIZE in ltable.cpp)
const MAX_ARRAY_SIZE = 2 ** 26;
// Luau refuses to grow the stack past this many slots (LUAI_MAXCSTACK)
const MAX_RESULTS = 8000;

/** Library code refusing to write a frozen table. Raised from inside the C function in Luau, so
 *  the message never carries a position. */
function checkWritable(t: LuauTable): void {
  if (t.frozen) throw rtError("attempt to modify a readonly table", 0);
}

function checkUnprotected(t: LuauTable, fname: string): void {
  if (metafield(t, "__metatable") !== undefined) throw argError(1, fname, "table has a protected metatable");
}

/** Zero, one or several values in the calling convention. */
function results(values: unknown[]): unknown {
  return values.length === 1 ? values[0] : values;
}

function insert(t: unknown, a: unknown, b: unknown): unknown {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, "insert", nargs);
  if (nargs !== 2 && nargs !== 3) throw rtError("wrong number of arguments to 'insert'");
  const pos = nargs === 3 ? checkInt(a, 2, "insert") : 0;
  checkWritable(tbl);
  const n = tbl.length();
  if (nargs === 2) {
    tbl.setInt(n + 1, a);
  } else if (pos >= 1 && pos <= n) {
    const arr = tbl.arr;
    // append the last element through setInt so keys continuing the sequence join the array part
    tbl.setInt(n + 1, arr[n - 1]);
    arr.copyWithin(pos, pos - 1, n - 1);
    arr[pos - 1] = b;
  } else {
    // Luau stores out-of-range positions as plain keys instead of raising
    tbl.set(pos, b);
  }
  return NONE;
}

function remove(t: unknown, p: unknown): unknown {
  const tbl = checkTable(t, 1, "remove", arguments.length);
  const n = tbl.length();
  const pos = optInt(p, 2, "remove", n);
  checkWritable(tbl);
  if (pos < 1 || pos > n) return NONE;
  const arr = tbl.arr;
  const v = arr[pos - 1];
  arr.copyWithin(pos - 1, pos, n);
  tbl.setInt(n, undefined);
  return v;
}

function concat(t: unknown, s: unknown, i: unknown, j: unknown): string {
  const tbl = checkTable(t, 1, "concat", arguments.length);
  const sep = optString(s, 2, "concat", "");
  const from = optInt(i, 3, "concat", 1);
  const to = optInt(j, 4, "concat", tbl.length());
  const parts: string[] = [];
  for (let k = from; k <= to; k++) {
    const v = tbl.getInt(k);
    if (typeof v === "string") parts.push(v);
    else if (typeof v === "number") parts.push(numberToString(v));
    else throw rtError(`invalid value (${typeName(v)}) at index ${k} in table for 'concat'`);
  }
  return parts.join(sep);
}

function pack(...args: unknown[]): LuauTable {
  const n = args.length;
  const t = LuauTable.fromArray(args);
  t.h.n = n;
  return t;
}

function unpackValues(nargs: number, t: unknown, i: unknown, j: unknown): unknown {
  const tbl = checkTable(t, 1, "unpack", nargs);
  const from = optInt(i, 2, "unpack", 1);
  const to = optInt(j, 3, "unpack", tbl.length());
  if (from > to) return NONE;
  if (to - from + 1 + nargs > MAX_RESULTS) throw rtError("too many results to unpack");
  if (from === 1 && to === tbl.arr.length) return results(tbl.arr.slice());
  const out: unknown[] = [];
  for (let k = from; k <= to; k++) out.push(tbl.getInt(k));
  return results(out);
}

/** A fresh `unpack` function: the global `unpack` is a different function value from table.unpack. */
export function makeUnpack(): (t: unknown, i: unknown, j: unknown) => unknown {
  return function unpack(t: unknown, i: unknown, j: unknown): unknown {
    return unpackValues(arguments.length, t, i, j);
  };
}

function move(a1: unknown, f: unknown, e: unknown, t: unknown, a2: unknown): LuauTable {
  const nargs = arguments.length;
  const src = checkTable(a1, 1, "move", nargs);
  const from = checkInt(f, 2, "move", nargs);
  const to = checkInt(e, 3, "move", nargs);
  const dest = checkInt(t, 4, "move", nargs);
  const dst = a2 === undefined ? src : checkTable(a2, 5, "move");
  if (to >= from) {
    if (!(from > 0 || to < INT_MAX + from)) throw argError(3, "move", "too many elements to move");
    const n = to - from + 1;
    if (dest > INT_MAX - n + 1) throw argError(4, "move", "destination wrap around");
    checkWritable(dst);
    // Luau first grows the destination's array part to hold the range: past the largest one a table
    // can have, that fails
    if (dest > 0 && dest - 1 <= dst.arr.length && dest - 1 + n > MAX_ARRAY_SIZE) throw rtError("table overflow", 0);
    if (n > 4096 && n > 4 * (integerKeyCount(src) + integerKeyCount(dst))) {
      moveSparse(src, from, n, dst, dest);
    } else if (dst !== src || dest > to || dest <= from) {
      for (let k = 0; k < n; k++) dst.set(dest + k, src.getInt(from + k));
    } else {
      // the destination overlaps the source from above: copy backwards
      for (let k = n - 1; k >= 0; k--) dst.set(dest + k, src.getInt(from + k));
    }
  }
  return dst;
}

function integerKeyCount(t: LuauTable): number {
  return t.arr.length + (t.m?.size ?? 0);
}

/** The integer keys of `t` in [lo, hi] with their values. */
function integerEntries(t: LuauTable, lo: number, hi: number): [number, unknown][] {
  const out: [number, unknown][] = [];
  const arr = t.arr;
  for (let k = Math.max(lo, 1); k <= Math.min(hi, arr.length); k++) if (arr[k - 1] !== undefined) out.push([k, arr[k - 1]]);
  for (const [k, v] of t.m ?? []) {
    if (typeof k === "number" && Number.isInteger(k) && k >= lo && k <= hi && v !== undefined) out.push([k, v]);
  }
  return out;
}

/** table.move over a range far larger than the tables hold: only the keys present are visited, with
 *  the result of copying every index (which Luau does, taking as long as the range is large). */
function moveSparse(src: LuauTable, from: number, n: number, dst: LuauTable, dest: number): void {
  const moved = integerEntries(src, from, from + n - 1).sort((a, b) => a[0] - b[0]);
  const cleared = integerEntries(dst, dest, dest + n - 1).sort((a, b) => b[0] - a[0]);
  for (const [k] of cleared) dst.set(k, undefined);
  for (const [k, v] of moved) dst.set(k - from + dest, v);
}

// ---- sort

/** Both operands are tables (or both userdata) sharing one __lt: Luau's `<` would call it. */
function sharesLt(a: unknown, b: unknown): boolean {
  if (!((a instanceof LuauTable && b instanceof LuauTable) || (a instanceof Userdata && b instanceof Userdata))) return false;
  const mm = getMetamethod(a, "__lt");
  return mm !== undefined && mm === getMetamethod(b, "__lt");
}

/** Default order: Luau's `<`. The reference raises a failed comparison from inside sort itself, so
 *  that error carries no position (unlike the one lessThan raises for Luau code). */
function defaultLess(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return a < b;
  if (sharesLt(a, b)) return lessThan(a, b);
  throw rtError(`attempt to compare ${typeName(a)} < ${typeName(b)}`, 0);
}

function invalidOrder(): never {
  throw rtError("invalid order function for sorting");
}

/** Quicksort with median-of-three pivots; an inconsistent comparator makes a partition scan run
 *  off its range, which is reported instead of reading outside the array. */
function quicksort(a: unknown[], lo: number, hi: number, less: (x: unknown, y: unknown) => boolean): void {
  while (lo < hi) {
    if (less(a[hi], a[lo])) swap(a, lo, hi);
    if (hi - lo === 1) return;
    const mid = (lo + hi) >>> 1;
    if (less(a[mid], a[lo])) swap(a, mid, lo);
    else if (less(a[hi], a[mid])) swap(a, mid, hi);
    if (hi - lo === 2) return;
    const pivot = a[mid];
    swap(a, mid, hi - 1);
    let i = lo;
    let j = hi - 1;
    for (;;) {
      while (less(a[++i], pivot)) if (i >= hi) invalidOrder();
      while (less(pivot, a[--j])) if (j <= lo) invalidOrder();
      if (j < i) break;
      swap(a, i, j);
    }
    swap(a, hi - 1, i);
    // recurse into the smaller half so the stack depth stays logarithmic
    if (i - lo < hi - i) {
      quicksort(a, lo, i - 1, less);
      lo = i + 1;
    } else {
      quicksort(a, i + 1, hi, less);
      hi = i - 1;
    }
  }
}

function swap(a: unknown[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function sort(t: unknown, comp: unknown): unknown {
  const tbl = checkTable(t, 1, "sort", arguments.length);
  if (comp !== undefined) checkFunction(comp, 2, "sort");
  checkWritable(tbl);
  const n = tbl.length();
  if (n < 2) return NONE;
  const less = comp === undefined ? defaultLess : (a: unknown, b: unknown) => truthy(first(hostCallSync(comp, [a, b])));
  const work = tbl.arr.slice(0, n);
  try {
    quicksort(work, 0, n - 1, less);
  } finally {
    // an error in a comparison leaves the table partially sorted, as in Luau
    for (let k = 0; k < n; k++) tbl.setInt(k + 1, work[k]);
  }
  return NONE;
}

// ---- copying and freezing

function clone(t: unknown): LuauTable {
  const tbl = checkTable(t, 1, "clone", arguments.length);
  checkUnprotected(tbl, "clone");
  const c = new LuauTable();
  c.arr = tbl.arr.slice();
  for (const k of Object.keys(tbl.h)) {
    const v = tbl.h[k];
    if (v !== undefined) c.h[k] = v;
  }
  if (tbl.m !== undefined && tbl.m.size > 0) c.m = new Map(tbl.m);
  c.mt = tbl.mt;
  return c;
}

function freeze(t: unknown): LuauTable {
  const tbl = checkTable(t, 1, "freeze", arguments.length);
  checkUnprotected(tbl, "freeze");
  if (tbl.frozen) throw argError(1, "freeze", "table is already frozen");
  tbl.frozen = true;
  return tbl;
}

function isfrozen(t: unknown): boolean {
  return checkTable(t, 1, "isfrozen", arguments.length).frozen;
}

// ---- searching and building

function find(t: unknown, needle: unknown, init: unknown): unknown {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, "find", nargs);
  // luaL_checkany's message names no function
  if (nargs < 2) throw rtError("missing argument #2");
  const start = optInt(init, 3, "find", 1);
  if (start < 1) throw argError(3, "find", "index out of range");
  for (let i = start; ; i++) {
    const v = tbl.getInt(i);
    if (v === undefined) return undefined;
    if (v === needle || equals(v, needle)) return i;
  }
}

function clear(t: unknown): unknown {
  const tbl = checkTable(t, 1, "clear", arguments.length);
  checkWritable(tbl);
  tbl.clear();
  return NONE;
}

function create(count: unknown, value: unknown): LuauTable {
  const n = checkInt(count, 1, "create", arguments.length);
  if (n < 0) throw argError(1, "create", "size out of range");
  // raised by the VM's allocator, inside the C function: no position
  if (n > MAX_ARRAY_SIZE) throw rtError("table overflow", 0);
  const t = new LuauTable();
  if (value !== undefined) t.arr = new Array(n).fill(value);
  return t;
}

function maxn(t: unknown): number {
  const tbl = checkTable(t, 1, "maxn", arguments.length);
  let max = tbl.arr.length;
  if (tbl.m !== undefined) {
    for (const [k, v] of tbl.m) if (typeof k === "number" && v !== undefined && k > max) max = k;
  }
  return max;
}

function getn(t: unknown): number {
  return checkTable(t, 1, "getn", arguments.length).length();
}

function foreach(t: unknown, f: unknown): unknown {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, "foreach", nargs);
  checkFunction(f, 2, "foreach", nargs);
  for (let e = tbl.next(undefined); e !== undefined; e = tbl.next(e[0])) {
    const r = first(hostCallSync(f, [e[0], e[1]]));
    if (r !== undefined) return r;
  }
  return NONE;
}

function foreachi(t: unknown, f: unknown): unknown {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, "foreachi", nargs);
  checkFunction(f, 2, "foreachi", nargs);
  const n = tbl.length();
  for (let i = 1; i <= n; i++) {
    const r = first(hostCallSync(f, [i, tbl.getInt(i)]));
    if (r !== undefined) return r;
  }
  return NONE;
}

export function createTableLibrary(): LuauTable {
  return library({
    insert,
    remove,
    concat,
    pack,
    unpack: makeUnpack(),
    move,
    sort,
    clone,
    freeze,
    isfrozen,
    find,
    clear,
    create,
    maxn,
    getn,
    foreach,
    foreachi,
  });
}
