// Luau's operators with their metamethods and exact error messages. Emitted code inlines the fast
// paths (numbers, plain tables) and calls these helpers for everything else.
import { callTarget, getMetamethod, getMetatable, callMetamethod, typeMetatables } from "./call";
import { rtError } from "./errors";
import { LuauTable } from "./table";
import { Userdata, Vector, first, numberToString, rawToString, stringToNumber, typeName } from "./values";

const MAX_CHAIN = 100;

function keyDescription(k: unknown): string {
  return typeof k === "string" ? `'${k}'` : typeName(k);
}

function vectorField(v: Vector, k: unknown): unknown {
  switch (k) {
    case "x":
    case "X":
      return v.x;
    case "y":
    case "Y":
      return v.y;
    case "z":
    case "Z":
      return v.z;
  }
  return undefined;
}

/** `o[k]` with __index. */
export function index(o: unknown, k: unknown): unknown {
  for (let loop = 0; loop < MAX_CHAIN; loop++) {
    let handler: unknown;
    if (o instanceof LuauTable) {
      const v = o.get(k);
      if (v !== undefined) return v;
      const mt = o.mt;
      if (mt === undefined) return undefined;
      handler = mt.h.__index;
      if (handler === undefined) return undefined;
    } else if (typeof o === "string") {
      const mt = typeMetatables.string;
      handler = mt === undefined ? undefined : mt.h.__index;
      if (handler === undefined) throw rtError(`attempt to index string with ${keyDescription(k)}`);
    } else if (o instanceof Vector) {
      const v = vectorField(o, k);
      if (v !== undefined) return v;
      throw rtError(`attempt to index vector with '${rawToString(k)}'`);
    } else {
      handler = getMetamethod(o, "__index");
      if (handler === undefined) throw rtError(`attempt to index ${typeName(o)} with ${keyDescription(k)}`);
    }
    if (typeof handler === "function") {
      // a host __index (every userdata's fields and methods) is called directly: no argument
      // array, no protocol dispatch
      if (!(handler as any).$g) {
        const r = (handler as (o: unknown, k: unknown) => unknown)(o, k);
        return Array.isArray(r) ? r[0] : r;
      }
      return first(callMetamethod(handler, [o, k]));
    }
    o = handler;
  }
  throw rtError("'__index' chain too long; possible loop");
}

/** `o[k] = v` with __newindex. */
export function setIndex(o: unknown, k: unknown, v: unknown): void {
  for (let loop = 0; loop < MAX_CHAIN; loop++) {
    let handler: unknown;
    if (o instanceof LuauTable) {
      const mt = o.mt;
      if (mt === undefined || (handler = mt.h.__newindex) === undefined || o.get(k) !== undefined) {
        if (o.frozen) throw rtError("attempt to modify a readonly table");
        o.set(k, v);
        return;
      }
    } else {
      handler = getMetamethod(o, "__newindex");
      if (handler === undefined) throw rtError(`attempt to index ${typeName(o)} with ${keyDescription(k)}`);
    }
    if (typeof handler === "function") {
      if (!(handler as any).$g) (handler as (o: unknown, k: unknown, v: unknown) => unknown)(o, k, v);
      else callMetamethod(handler, [o, k, v]);
      return;
    }
    o = handler;
  }
  throw rtError("'__newindex' chain too long; possible loop");
}

// ---- arithmetic

type ArithOp = "add" | "sub" | "mul" | "div" | "mod" | "pow" | "idiv";

function mod(a: number, b: number): number {
  // Luau computes a - floor(a/b)*b (so x % inf is nan for finite x)
  return a - Math.floor(a / b) * b;
}

/** C's pow: JS Math.pow differs for a base of 1 or -1 with infinite/NaN exponents. */
export function pow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

function numericOp(op: ArithOp, a: number, b: number): number {
  switch (op) {
    case "add":
      return a + b;
    case "sub":
      return a - b;
    case "mul":
      return a * b;
    case "div":
      return a / b;
    case "mod":
      return mod(a, b);
    case "pow":
      return pow(a, b);
    case "idiv":
      return Math.floor(a / b);
  }
}

/** Vector arithmetic; components are single precision, as Luau's vectors are. */
function vectorOp(op: ArithOp, a: unknown, b: unknown): Vector | undefined {
  const v = vectorOpExact(op, a, b);
  return v === undefined ? undefined : new Vector(Math.fround(v.x), Math.fround(v.y), Math.fround(v.z));
}

function vectorOpExact(op: ArithOp, a: unknown, b: unknown): Vector | undefined {
  const va = a instanceof Vector ? a : undefined;
  const vb = b instanceof Vector ? b : undefined;
  if (va && vb) {
    if (op === "pow" || op === "mod") return undefined;
    return new Vector(numericOp(op, va.x, vb.x), numericOp(op, va.y, vb.y), numericOp(op, va.z, vb.z));
  }
  if (va && typeof b === "number" && (op === "mul" || op === "div" || op === "idiv")) {
    return new Vector(numericOp(op, va.x, b), numericOp(op, va.y, b), numericOp(op, va.z, b));
  }
  if (vb && typeof a === "number" && (op === "mul" || op === "div" || op === "idiv")) {
    return new Vector(numericOp(op, a, vb.x), numericOp(op, a, vb.y), numericOp(op, a, vb.z));
  }
  return undefined;
}

function toArithNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") return stringToNumber(v);
  return undefined;
}

/** Binary arithmetic for anything that is not two numbers. */
export function arith(op: ArithOp, a: unknown, b: unknown): unknown {
  const na = toArithNumber(a);
  const nb = toArithNumber(b);
  if (na !== undefined && nb !== undefined) return numericOp(op, na, nb);
  const event = "__" + op;
  let mm = getMetamethod(a, event);
  if (mm === undefined) mm = getMetamethod(b, event);
  if (mm !== undefined) return first(callMetamethod(mm, [a, b]));
  if (a instanceof Vector || b instanceof Vector) {
    const v = vectorOp(op, a, b);
    if (v !== undefined) return v;
  }
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta === tb) throw rtError(`attempt to perform arithmetic (${op}) on ${ta}`);
  throw rtError(`attempt to perform arithmetic (${op}) on ${ta} and ${tb}`);
}

export function add(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? a + b : arith("add", a, b);
}
export function sub(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? a - b : arith("sub", a, b);
}
export function mul(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? a * b : arith("mul", a, b);
}
export function div(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? a / b : arith("div", a, b);
}
export function modulo(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? mod(a, b) : arith("mod", a, b);
}
export function power(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? pow(a, b) : arith("pow", a, b);
}
export function idiv(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? Math.floor(a / b) : arith("idiv", a, b);
}

export function unm(a: unknown): unknown {
  if (typeof a === "number") return -a;
  const n = toArithNumber(a);
  if (n !== undefined) return -n;
  const mm = getMetamethod(a, "__unm");
  if (mm !== undefined) return first(callMetamethod(mm, [a, a]));
  if (a instanceof Vector) return new Vector(-a.x, -a.y, -a.z);
  throw rtError(`attempt to perform arithmetic (unm) on ${typeName(a)}`);
}

// ---- concatenation, length

export function concat(a: unknown, b: unknown): unknown {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === "string" || ta === "number") && (tb === "string" || tb === "number")) {
    return (ta === "string" ? (a as string) : numberToString(a as number)) + (tb === "string" ? (b as string) : numberToString(b as number));
  }
  let mm = getMetamethod(a, "__concat");
  if (mm === undefined) mm = getMetamethod(b, "__concat");
  if (mm !== undefined) return first(callMetamethod(mm, [a, b]));
  throw rtError(`attempt to concatenate ${typeName(a)} with ${typeName(b)}`);
}

export function length(v: unknown): number {
  if (typeof v === "string") return v.length;
  const mm = getMetamethod(v, "__len");
  if (mm !== undefined) {
    const r = first(callMetamethod(mm, [v]));
    if (typeof r !== "number") throw rtError("'__len' must return a number");
    return r;
  }
  if (v instanceof LuauTable) return v.length();
  throw rtError(`attempt to get length of a ${typeName(v)} value`);
}

/** `#v` as an expression value (numbers are returned as is; __len may return any number). */
export function len(v: unknown): unknown {
  return v instanceof LuauTable && v.mt === undefined ? v.arr.length : length(v);
}

// ---- comparison

function sameMetamethod(a: unknown, b: unknown, event: string): unknown {
  if (!((a instanceof LuauTable && b instanceof LuauTable) || (a instanceof Userdata && b instanceof Userdata))) return undefined;
  const ma = getMetamethod(a, event);
  if (ma === undefined) return undefined;
  return ma === getMetamethod(b, event) ? ma : undefined;
}

export function equals(a: unknown, b: unknown): boolean {
  if (a === b) {
    if (!(a instanceof LuauTable || a instanceof Userdata)) return true;
    const mm = getMetamethod(a, "__eq");
    if (mm === undefined) return true;
    return truthyValue(first(callMetamethod(mm, [a, b])));
  }
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (a instanceof Vector && b instanceof Vector) return a.x === b.x && a.y === b.y && a.z === b.z;
  const mm = sameMetamethod(a, b, "__eq");
  if (mm === undefined) return false;
  return truthyValue(first(callMetamethod(mm, [a, b])));
}

function truthyValue(v: unknown): boolean {
  return v !== undefined && v !== false;
}

function compareError(a: unknown, b: unknown, op: string): never {
  throw rtError(`attempt to compare ${typeName(a)} ${op} ${typeName(b)}`);
}

export function lessThan(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === "number") return (a as number) < (b as number);
    if (ta === "string") return (a as string) < (b as string);
    const mm = sameMetamethod(a, b, "__lt");
    if (mm !== undefined) return truthyValue(first(callMetamethod(mm, [a, b])));
  }
  return compareError(a, b, "<");
}

export function lessEqual(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === "number") return (a as number) <= (b as number);
    if (ta === "string") return (a as string) <= (b as string);
    const le = sameMetamethod(a, b, "__le");
    if (le !== undefined) return truthyValue(first(callMetamethod(le, [a, b])));
    const lt = sameMetamethod(a, b, "__lt");
    if (lt !== undefined) return !truthyValue(first(callMetamethod(lt, [b, a])));
  }
  return compareError(a, b, "<=");
}

// ---- tostring

/** tostring(v), honouring __tostring. */
export function toStringMeta(v: unknown): string {
  const mt = getMetatable(v);
  if (mt !== undefined && typeof v !== "string") {
    const f = mt.h.__tostring;
    if (f !== undefined) {
      const r = first(callMetamethod(f, [v]));
      if (typeof r === "string") return r;
      if (typeof r === "number") return numberToString(r);
      throw rtError("'__tostring' must return a string");
    }
  }
  return rawToString(v);
}

// ---- calls from emitted code (non-function values)

/** Calls a value that is not a function (its __call), for emitted code. */
export function* callValue(f: unknown, args: unknown[]): Generator<unknown, unknown, unknown> {
  const target = callTarget(f);
  return (target as any).$g ? yield* target(f, ...args) : target(f, ...args);
}

/** `o:name(...)` when `o.name` is not a function. */
export function* callMethodValue(o: unknown, name: string, f: unknown, args: unknown[]): Generator<unknown, unknown, unknown> {
  if (f === undefined) throw rtError(`attempt to call missing method '${name}' of ${typeName(o)}`);
  return yield* callValue(f, [o, ...args]);
}

// ---- generic for

/** Iteration state of a generic `for`: a fast walk over a plain table, or the iterator protocol. */
export class ForIn {
  fast = false;
  // fast table walk
  t: LuauTable | undefined = undefined;
  stopAtNil = false;
  phase = 0;
  i = 0;
  keys: unknown[] = [];
  k: unknown = undefined;
  v: unknown = undefined;
  // iterator protocol
  f: any = undefined;
  s: unknown = undefined;
  c: unknown = undefined;

  /** Advances the fast walk; false at the end. */
  step(): boolean {
    const t = this.t!;
    if (this.phase === 0) {
      const arr = t.arr;
      while (this.i < arr.length) {
        const v = arr[this.i++];
        if (v !== undefined) {
          this.k = this.i;
          this.v = v;
          return true;
        }
        if (this.stopAtNil) return false;
      }
      if (this.stopAtNil) {
        // ipairs continues into the map part while keys stay consecutive
        const v = t.get(this.i + 1);
        if (v === undefined) return false;
        this.i++;
        this.k = this.i;
        this.v = v;
        return true;
      }
      this.phase = 1;
      this.keys = t.snapshotKeys();
      this.i = 0;
    }
    if (this.phase === 1) {
      const keys = this.keys as string[];
      const h = t.h;
      while (this.i < keys.length) {
        const k = keys[this.i++];
        const v = h[k];
        if (v !== undefined) {
          this.k = k;
          this.v = v;
          return true;
        }
      }
      this.phase = 2;
      this.keys = t.m === undefined ? [] : [...t.m.keys()];
      this.i = 0;
    }
    const keys = this.keys;
    const m = t.m;
    while (m !== undefined && this.i < keys.length) {
      const k = keys[this.i++];
      const v = m.get(k);
      if (v !== undefined) {
        this.k = k;
        this.v = v;
        return true;
      }
    }
    return false;
  }
}

let builtinNext: unknown;
let builtinIpairsStep: unknown;
/** Lets the iteration fast path recognise `pairs`/`next` and `ipairs` results. */
export function registerIterators(next: unknown, ipairsStep: unknown): void {
  builtinNext = next;
  builtinIpairsStep = ipairsStep;
}

function tableWalk(t: LuauTable, stopAtNil: boolean): ForIn {
  const it = new ForIn();
  it.fast = true;
  it.t = t;
  it.stopAtNil = stopAtNil;
  return it;
}

/** Starts a generic `for` over the values `f, s, c` of its expression list. */
export function forIn(f: unknown, s: unknown, c: unknown): ForIn {
  if (typeof f === "function") {
    if (f === builtinNext && s instanceof LuauTable && c === undefined) return tableWalk(s, false);
    if (f === builtinIpairsStep && s instanceof LuauTable && c === 0) return tableWalk(s, true);
    const it = new ForIn();
    it.f = f;
    it.s = s;
    it.c = c;
    return it;
  }
  if (f instanceof LuauTable || f instanceof Userdata) {
    const iter = getMetamethod(f, "__iter");
    if (iter !== undefined) {
      const r = callMetamethod(iter, [f]);
      const [nf, ns, nc] = Array.isArray(r) ? r : [r];
      return forIn(nf, ns, nc);
    }
    const call = getMetamethod(f, "__call");
    if (call !== undefined) {
      const it = new ForIn();
      const target = callTarget(f);
      it.f = (target as any).$g
        ? function* (s: unknown, c: unknown) {
            return yield* (target as any)(f, s, c);
          }
        : (s: unknown, c: unknown) => (target as any)(f, s, c);
      it.s = s;
      it.c = c;
      return it;
    }
    if (f instanceof LuauTable) return tableWalk(f, false);
  }
  throw rtError(`attempt to iterate over a ${typeName(f)} value`);
}
