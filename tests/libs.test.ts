// Unit tests of the table, math, bit32, buffer, os and vector libraries, called directly from
// TypeScript (no Luau frames, so error messages carry no position).
import { describe, expect, test } from "bun:test";
import { LuauError } from "../runtime/errors";
import { LuauTable } from "../runtime/table";
import { LuauBuffer, NONE, Vector, all } from "../runtime/values";
import { createBit32Library } from "../stdlib/bit32";
import { createBufferLibrary } from "../stdlib/buffer";
import { createMathLibrary } from "../stdlib/math";
import { createOsLibrary } from "../stdlib/os";
import { createTableLibrary, makeUnpack } from "../stdlib/table";
import { createVectorLibrary } from "../stdlib/vector";

type Fn = (...args: unknown[]) => unknown;

function lib(t: LuauTable): Record<string, Fn> {
  return t.h as Record<string, Fn>;
}

const table = lib(createTableLibrary());
const math = lib(createMathLibrary());
const bit32 = lib(createBit32Library());
const buffer = lib(createBufferLibrary());
const os = lib(createOsLibrary());
const vector = lib(createVectorLibrary());

/** The Luau error message a call raises. */
function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof LuauError) return e.value;
    throw e;
  }
  throw new Error("no error raised");
}

function arr(...values: unknown[]): LuauTable {
  return LuauTable.fromArray(values);
}

function contents(t: LuauTable): unknown[] {
  const out: unknown[] = [];
  for (let i = 1; i <= t.length(); i++) out.push(t.get(i));
  return out;
}

describe("library tables", () => {
  test("are frozen and complete", () => {
    for (const t of [createTableLibrary(), createMathLibrary(), createBit32Library(), createBufferLibrary(), createOsLibrary()]) {
      expect(t.frozen).toBe(true);
    }
    expect(Object.keys(createTableLibrary().h).sort().join(" ")).toBe(
      "clear clone concat create find foreach foreachi freeze getn insert isfrozen maxn move pack remove sort unpack",
    );
    expect(Object.keys(createVectorLibrary().h).sort().join(" ")).toBe(
      "abs angle ceil clamp create cross dot floor lerp magnitude max min normalize one sign zero",
    );
  });
});

describe("table", () => {
  test("insert keeps keys that continue the sequence in the array part", () => {
    const t = arr(1, 2, 3);
    t.set(5, "x");
    table.insert(t, 1, "a");
    expect(t.arr).toEqual(["a", 1, 2, 3, "x"]);
    expect(t.length()).toBe(5);
  });

  test("insert outside 1..n+1 stores a plain key, nil appends nothing", () => {
    const t = arr(1, 2);
    table.insert(t, 10, "far");
    table.insert(t, 0, "zero");
    table.insert(t, undefined);
    expect(t.length()).toBe(2);
    expect(t.get(10)).toBe("far");
    expect(t.get(0)).toBe("zero");
  });

  test("insert with a nil value in the middle leaves a hole", () => {
    const t = arr(1, 2, 3);
    table.insert(t, 2, undefined);
    expect(t.arr).toEqual([1, undefined, 2, 3]);
  });

  test("remove shifts down and trims the array part", () => {
    const t = arr("a", "b", "c");
    expect(table.remove(t, 1)).toBe("a");
    expect(t.arr).toEqual(["b", "c"]);
    expect(table.remove(t)).toBe("c");
    expect(table.remove(t, 3)).toBe(NONE);
    expect(table.remove(t, 2)).toBe(NONE);
    expect(table.remove(t, 1)).toBe("b");
    expect(t.arr).toEqual([]);
    expect(table.remove(t)).toBe(NONE);
  });

  test("frozen tables refuse every write, without a position", () => {
    const t = arr(1, 2);
    t.frozen = true;
    for (const f of [
      () => table.insert(t, 3),
      () => table.remove(t),
      () => table.sort(t),
      () => table.clear(t),
      () => table.move(arr(1), 1, 1, 1, t),
    ]) {
      expect(errorOf(f)).toBe("attempt to modify a readonly table");
    }
    expect(errorOf(() => table.freeze(t))).toBe("invalid argument #1 to 'freeze' (table is already frozen)");
  });

  test("concat formats numbers like tostring and checks ranges", () => {
    expect(table.concat(arr(1, 1e100, -0, 0.1, 2 ** 63), ",")).toBe("1,1e+100,-0,0.1,9223372036854776000");
    expect(table.concat(arr("a", "b", "c"), 1, 2)).toBe("b1c");
    expect(errorOf(() => table.concat(arr("a"), "", 1, 2))).toBe("invalid value (nil) at index 2 in table for 'concat'");
    expect(errorOf(() => table.concat())).toBe("missing argument #1 to 'concat' (table expected)");
  });

  test("pack and unpack", () => {
    const p = table.pack(1, undefined, 3, undefined) as LuauTable;
    expect(p.get("n")).toBe(4);
    expect(p.get(3)).toBe(3);
    expect(table.unpack(arr(7))).toBe(7);
    expect(table.unpack(arr(1, 2, 3), 2)).toEqual([2, 3]);
    expect(table.unpack(arr(), 1, 3)).toEqual([undefined, undefined, undefined]);
    expect(table.unpack(arr(1), 2, 1)).toBe(NONE);
  });

  test("unpack stops at Luau's stack limit", () => {
    expect(all(table.unpack(arr(), 1, 7997)).length).toBe(7997);
    // the three arguments count against the limit too
    expect(errorOf(() => table.unpack(arr(), 1, 7998))).toBe("too many results to unpack");
    expect(all((table.unpack as Fn)(arr())).length).toBe(0);
  });

  test("makeUnpack gives a distinct function with the same behaviour", () => {
    const unpack = makeUnpack() as Fn;
    expect(unpack).not.toBe(table.unpack);
    expect(unpack(arr(1, 2))).toEqual([1, 2]);
    expect(errorOf(() => unpack(5))).toBe("invalid argument #1 to 'unpack' (table expected, got number)");
  });

  test("move handles overlap in both directions and other tables", () => {
    const a = arr(1, 2, 3, 4, 5);
    table.move(a, 1, 4, 2);
    expect(a.arr).toEqual([1, 1, 2, 3, 4]);
    const b = arr(1, 2, 3, 4, 5);
    table.move(b, 2, 5, 1);
    expect(b.arr).toEqual([2, 3, 4, 5, 5]);
    const c = new LuauTable();
    expect(table.move(arr("p", "q"), 1, 2, 0, c)).toBe(c);
    expect([c.get(0), c.get(1)]).toEqual(["p", "q"]);
  });

  test("move over a range far larger than the tables gives what copying every index gives", () => {
    // the source's keys land shifted, the destination's keys in the range become nil, others stay
    const a = arr(1, 2, 3);
    a.set(-5, "m");
    a.set(2 ** 30 + 100, "far");
    table.move(a, -(2 ** 30), 3, -5);
    const keys = (t: LuauTable) => [...t.entries()].sort((x, y) => (x[0] as number) - (y[0] as number));
    expect(keys(a)).toEqual([[2 ** 30 - 10, "m"], [2 ** 30 - 4, 1], [2 ** 30 - 3, 2], [2 ** 30 - 2, 3], [2 ** 30 + 100, "far"]]);
    const b = arr(1, 2, 3);
    table.move(b, 1, 10000, -3);
    expect(keys(b)).toEqual([[-3, 1], [-2, 2], [-1, 3]]);
    const c = arr("x");
    table.move(arr(1, 2), -9999, 2, 1, c);
    expect(keys(c)).toEqual([[10001, 1], [10002, 2]]);
    // Luau grows the destination's array part first, past what a table can have
    expect(errorOf(() => table.move(arr(1, 2, 3), 7999, 2 ** 31 - 2, 1))).toBe("table overflow");
  });

  test("sort: default order, comparator, errors", () => {
    const t = arr(5, 3, 8, 1, 9, 2, 7, 4, 6, 0, 3, 3);
    table.sort(t);
    expect(t.arr).toEqual([0, 1, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9]);
    table.sort(t, (a: number, b: number) => a > b);
    expect(t.arr).toEqual([9, 8, 7, 6, 5, 4, 3, 3, 3, 2, 1, 0]);
    const s = arr("b", "a\u00ff", "a", "a\u0000");
    table.sort(s);
    expect(s.arr).toEqual(["a", "a\u0000", "a\u00ff", "b"]);
    expect(errorOf(() => table.sort(arr(1, "x", 2)))).toMatch(/^attempt to compare (number < string|string < number)$/);
    expect(errorOf(() => table.sort(arr(1, 2), 5))).toBe("invalid argument #2 to 'sort' (function expected, got number)");
  });

  test("sort's default order calls a shared __lt and refuses anything else", () => {
    const mt = new LuauTable();
    mt.set("__lt", (a: LuauTable, b: LuauTable) => (a.get("v") as number) < (b.get("v") as number));
    const boxes = [3, 1, 2].map((v) => {
      const b = new LuauTable();
      b.set("v", v);
      b.mt = mt;
      return b;
    });
    const t = arr(...boxes);
    table.sort(t);
    expect(t.arr.map((b) => (b as LuauTable).get("v"))).toEqual([1, 2, 3]);
    const stranger = new LuauTable();
    stranger.mt = new LuauTable();
    stranger.mt.set("__lt", () => true);
    expect(errorOf(() => table.sort(arr(boxes[0], stranger)))).toBe("attempt to compare table < table");
    expect(errorOf(() => table.sort(arr(true, false)))).toBe("attempt to compare boolean < boolean");
  });

  test("sort detects an inconsistent comparator instead of running off the array", () => {
    const t = arr(...Array.from({ length: 100 }, (_, i) => i));
    expect(errorOf(() => table.sort(t, () => true))).toBe("invalid order function for sorting");
    // whatever happened, the elements are still all there
    expect([...(t.arr as number[])].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  test("sort of many random numbers", () => {
    const values = Array.from({ length: 5000 }, () => Math.floor(Math.random() * 1000));
    const t = arr(...values);
    table.sort(t);
    expect(t.arr).toEqual([...values].sort((a, b) => a - b));
  });

  test("sort comparators that yield are refused", () => {
    const yielding = function* () {
      yield [];
      return true;
    };
    expect(errorOf(() => table.sort(arr(2, 1), yielding))).toBe("attempt to yield across metamethod/C-call boundary");
  });

  test("clone is shallow, keeps the metatable and is not frozen", () => {
    const t = arr(1, 2);
    t.set("k", "v");
    t.set(true, "b");
    t.mt = new LuauTable();
    t.frozen = true;
    const c = table.clone(t) as LuauTable;
    expect(c.arr).toEqual([1, 2]);
    expect(c.arr).not.toBe(t.arr);
    expect(c.get("k")).toBe("v");
    expect(c.get(true)).toBe("b");
    expect(c.mt).toBe(t.mt);
    expect(c.frozen).toBe(false);
    const locked = new LuauTable();
    locked.mt = new LuauTable();
    locked.mt.set("__metatable", false);
    expect(errorOf(() => table.clone(locked))).toBe("invalid argument #1 to 'clone' (table has a protected metatable)");
  });

  test("find, maxn, create, getn", () => {
    const t = arr("a", "b", "a");
    expect(table.find(t, "a", 2)).toBe(3);
    expect(table.find(t, "z")).toBe(undefined);
    expect(errorOf(() => table.find(t))).toBe("missing argument #2");
    expect(errorOf(() => table.find(t, "a", 0))).toBe("invalid argument #3 to 'find' (index out of range)");
    const m = arr(1);
    m.set(7.5, true);
    m.set(-10, true);
    expect(table.maxn(m)).toBe(7.5);
    expect((table.create(3, 0) as LuauTable).arr).toEqual([0, 0, 0]);
    expect(errorOf(() => table.create(-1))).toBe("invalid argument #1 to 'create' (size out of range)");
    expect(table.getn(arr(1, 2, 3))).toBe(3);
  });

  test("foreach and foreachi stop at the first non-nil result", () => {
    const seen: unknown[] = [];
    expect(table.foreachi(arr("x", "y", "z"), (i: number, v: string) => (seen.push(v), i === 2 ? "stop" : undefined))).toBe("stop");
    expect(seen).toEqual(["x", "y"]);
    const t = new LuauTable();
    t.set("a", 1);
    expect(table.foreach(t, () => undefined)).toBe(NONE);
  });
});

describe("math", () => {
  test("frexp and ldexp, including subnormals", () => {
    expect(math.frexp(8)).toEqual([0.5, 4]);
    expect(math.frexp(-3)).toEqual([-0.75, 2]);
    expect(math.frexp(5e-324)).toEqual([0.5, -1073]);
    expect(math.frexp(Infinity)).toEqual([Infinity, 0]);
    expect(math.ldexp(1, -1074)).toBe(5e-324);
    // a single rounding: 0.5 ulp ties to even (0), 1.5 ulp ties to even (2 ulp)
    expect(math.ldexp(0.5, -1074)).toBe(0);
    expect(math.ldexp(1.5, -1074)).toBe(1e-323);
    expect(math.ldexp(0.75, -1074)).toBe(5e-324);
    expect(math.ldexp(1, 1024)).toBe(Infinity);
    expect(math.ldexp(0.75, 1024)).toBe(0.75 * 2 ** 1023 * 2);
    expect(math.ldexp(-0.0, 5)).toBe(-0);
    for (const x of [123.456, -1e-310, 1e308, 3]) {
      const [m, e] = math.frexp(x) as [number, number];
      expect(math.ldexp(m, e)).toBe(x);
    }
  });

  test("round, modf, sign, fmod follow C", () => {
    expect(math.round(0.49999999999999994)).toBe(0);
    expect(math.round(-2.5)).toBe(-3);
    expect(Object.is(math.round(-0.4), -0)).toBe(true);
    expect(math.modf(-5)).toEqual([-5, -0]);
    expect(math.modf(-Infinity)).toEqual([-Infinity, -0]);
    expect(math.sign(NaN)).toBe(0);
    expect(Object.is(math.fmod(-6, 3), -0)).toBe(true);
  });

  test("min/max keep the first argument on ties and NaN", () => {
    expect(math.min(NaN, 1)).toBeNaN();
    expect(math.min(1, NaN)).toBe(1);
    expect(Object.is(math.max(-0, 0), -0)).toBe(true);
    expect(errorOf(() => math.min())).toBe("missing argument #1 to 'min' (number expected)");
  });

  test("log with bases", () => {
    expect(math.log(1024, 2)).toBe(10);
    expect(math.log(1000, 10)).toBe(3);
    expect(math.log(2, 1)).toBe(Infinity);
    expect(errorOf(() => math.log(8, "x"))).toBe("invalid argument #2 to 'log' (number expected, got string)");
  });

  test("lerp, map, clamp", () => {
    expect(math.lerp(0.1, 0.7, 1)).toBe(0.7);
    expect(math.map(2, 1, 1, 0, 1)).toBe(Infinity);
    expect(errorOf(() => math.clamp(1, 3, 2))).toBe("invalid argument #3 to 'clamp' (max must be greater than or equal to min)");
  });

  test("noise matches the reference values", () => {
    expect(math.noise(1, 2, 3)).toBe(0);
    expect((math.noise(0.3) as number).toFixed(6)).toBe("0.136920");
    expect((math.noise(1.25, -2.5, 3.75) as number).toFixed(6)).toBe("0.008037");
    expect((math.noise(100.5, 200.25, 300.125) as number).toFixed(6)).toBe("-0.004497");
    expect(math.noise(0.37)).toBe(math.noise(0.37, 0, 0));
    // results are float32 values
    const v = math.noise(0.123, 0.456, 0.789) as number;
    expect(Math.fround(v)).toBe(v);
  });

  test("random: ranges, reproducibility, errors", () => {
    math.randomseed(1234);
    const a = [math.random(), math.random(10), math.random(-5, 5)];
    math.randomseed(1234);
    expect([math.random(), math.random(10), math.random(-5, 5)]).toEqual(a);
    const seen = new Set<unknown>();
    for (let i = 0; i < 5000; i++) {
      const x = math.random() as number;
      expect(x >= 0 && x < 1).toBe(true);
      const n = math.random(-2, 2) as number;
      expect(Number.isInteger(n) && n >= -2 && n <= 2).toBe(true);
      seen.add(n);
    }
    expect(seen.size).toBe(5);
    const wide = math.random(-(2 ** 31), 2 ** 31 - 2) as number;
    expect(Number.isInteger(wide)).toBe(true);
    expect(errorOf(() => math.random(-(2 ** 31), 2 ** 31 - 1))).toBe("invalid argument #2 to 'random' (interval is too large)");
    expect(errorOf(() => math.random(0))).toBe("invalid argument #1 to 'random' (interval is empty)");
    expect(errorOf(() => math.random(1, 2, 3))).toBe("wrong number of arguments");
    expect(math.randomseed(-1)).toBe(NONE);
  });
});

describe("bit32", () => {
  test("conversion of out-of-range operands", () => {
    expect(bit32.band(-1)).toBe(0xffffffff);
    expect(bit32.band(2 ** 32 + 5)).toBe(5);
    expect(bit32.band(-0.5)).toBe(0);
    expect(bit32.bor(2 ** 63)).toBe(0);
    expect(bit32.bor(Infinity, NaN)).toBe(0);
    expect(bit32.bor(2 ** 60 + 4096)).toBe(4096);
  });

  test("shifts with negative and large counts", () => {
    expect(bit32.lshift(1, -1)).toBe(0);
    expect(bit32.rshift(1, -31)).toBe(0x80000000);
    expect(bit32.arshift(0x80000000, 40)).toBe(0xffffffff);
    expect(bit32.arshift(0x80000000, -1)).toBe(0);
    expect(bit32.lrotate(0x80000001, 33)).toBe(3);
    expect(bit32.rrotate(3, -65)).toBe(6);
  });

  test("fields", () => {
    expect(bit32.extract(0xf0, 4, 4)).toBe(15);
    expect(bit32.replace(0xffffffff, 0, 0, 32)).toBe(0);
    expect(errorOf(() => bit32.extract(1, 31, 2))).toBe("trying to access non-existent bits");
    expect(errorOf(() => bit32.replace(1, 1, -1))).toBe("invalid argument #3 to 'replace' (field cannot be negative)");
    expect(errorOf(() => bit32.btest(true))).toBe("invalid argument #1 to 'btest' (number expected, got boolean)");
  });

  test("counts and byteswap", () => {
    expect(bit32.countlz(0)).toBe(32);
    expect(bit32.countrz(0x80000000)).toBe(31);
    expect(bit32.byteswap(0x11223344)).toBe(0x44332211);
  });
});

describe("buffer", () => {
  const hex = (b: LuauBuffer) => [...b.bytes].map((x) => x.toString(16).padStart(2, "0")).join(" ");

  test("integer writes wrap, float writes round", () => {
    const b = buffer.create(8) as LuauBuffer;
    buffer.writei32(b, 0, -(2 ** 31) - 1);
    expect(buffer.readi32(b, 0)).toBe(2147483647);
    buffer.writeu16(b, 0, 2 ** 64);
    expect(buffer.readu16(b, 0)).toBe(0);
    buffer.writef32(b, 4, 0.1);
    expect(buffer.readf32(b, 4)).toBe(Math.fround(0.1));
    expect(errorOf(() => buffer.readu8(b, NaN))).toBe("buffer access out of bounds");
    expect(errorOf(() => buffer.readf64(b, 1))).toBe("buffer access out of bounds");
  });

  test("strings keep every byte", () => {
    const s = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
    const b = buffer.fromstring(s) as LuauBuffer;
    expect(buffer.tostring(b)).toBe(s);
    expect(buffer.readstring(b, 250, 6)).toBe(s.slice(250));
    const big = buffer.create(100000) as LuauBuffer;
    expect((buffer.tostring(big) as string).length).toBe(100000);
  });

  test("copy between overlapping ranges", () => {
    const b = buffer.fromstring("0123456789") as LuauBuffer;
    buffer.copy(b, 3, b, 0, 7);
    expect(buffer.tostring(b)).toBe("0120123456");
    expect(errorOf(() => buffer.copy(b, 0, b, 5, 6))).toBe("buffer access out of bounds");
  });

  test("readbits/writebits agree with a bit-by-bit model", () => {
    const b = buffer.create(8) as LuauBuffer;
    const model: number[] = new Array(64).fill(0);
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 2000; round++) {
      const count = rnd(33);
      const offset = rnd(64 - count + 1);
      const value = rnd(2 ** 31) * 2 + rnd(2);
      buffer.writebits(b, offset, count, value);
      for (let i = 0; i < count; i++) model[offset + i] = Math.floor(value / 2 ** i) % 2;
      const ro = rnd(64);
      const rc = rnd(Math.min(32, 64 - ro) + 1);
      let expected = 0;
      for (let i = rc - 1; i >= 0; i--) expected = expected * 2 + model[ro + i];
      expect(buffer.readbits(b, ro, rc)).toBe(expected);
    }
    expect(hex(b).length).toBe(23);
    expect(errorOf(() => buffer.readbits(b, 0, 33))).toBe("bit count is out of range of [0; 32]");
  });

  test("fill and create errors", () => {
    const b = buffer.create(4) as LuauBuffer;
    buffer.fill(b, 1, -1, 2);
    expect(hex(b)).toBe("00 ff ff 00");
    expect(errorOf(() => buffer.create(-1))).toBe("invalid argument #1 to 'create' (size)");
    expect(errorOf(() => buffer.writestring(b, 0, "ab", 3))).toBe("string length overflow");
  });
});

describe("os", () => {
  test("time(table) agrees with Date.UTC, including normalisation", () => {
    let seed = 3;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 500; i++) {
      const year = 1970 + rnd(400);
      const month = rnd(30) - 5;
      const day = rnd(70) - 10;
      const hour = rnd(30);
      const t = new LuauTable();
      t.set("year", year);
      t.set("month", month);
      t.set("day", day);
      t.set("hour", hour);
      const expected = Date.UTC(year, month - 1, day, hour) / 1000;
      expect(os.time(t)).toBe(expected < 0 ? undefined : expected);
    }
  });

  test("date('!*t') fields and round trip", () => {
    for (const secs of [0, 951782400, 1234567890, 4102444800, 253402300799]) {
      const t = os.date("!*t", secs) as LuauTable;
      const d = new Date(secs * 1000);
      expect(t.get("year")).toBe(d.getUTCFullYear());
      expect(t.get("wday")).toBe(d.getUTCDay() + 1);
      expect(os.time(t)).toBe(secs);
    }
  });

  test("strftime conversions in the C locale", () => {
    // 2024-12-30 is a Monday in ISO week 1 of 2025; %U/%W count from the year's first Sunday/Monday
    const t = Date.UTC(2024, 11, 30, 13, 5, 9) / 1000;
    expect(os.date("!%a %A %b %B %d %H %I %j %m %M %p %S %U %w %W %y %Y", t)).toBe(
      "Mon Monday Dec December 30 13 01 365 12 05 PM 09 52 1 53 24 2024",
    );
    expect(os.date("!%c", Date.UTC(2021, 0, 2) / 1000)).toBe("Sat Jan  2 00:00:00 2021");
    expect(os.date("!%%%", 0)).toBe("%%");
    expect(errorOf(() => os.date("!%k", 0))).toBe("invalid argument #1 to 'date' (invalid conversion specifier)");
  });

  test("difftime truncates to whole seconds", () => {
    expect(os.difftime(10.9, 0.9)).toBe(10);
    expect(typeof os.clock()).toBe("number");
  });
});

describe("vector", () => {
  const v = (x: number, y: number, z: number) => vector.create(x, y, z) as Vector;

  test("components are float32", () => {
    const a = v(0.1, 16777217, 1e40);
    expect([a.x, a.y, a.z]).toEqual([Math.fround(0.1), 16777216, Infinity]);
    expect((vector.create(1, 2) as Vector).z).toBe(0);
  });

  test("geometry", () => {
    expect(vector.magnitude(v(3, 4, 0))).toBe(5);
    expect(vector.dot(v(1, 2, 3), v(4, 5, 6))).toBe(32);
    expect(vector.cross(v(1, 0, 0), v(0, 1, 0))).toEqual(new Vector(0, 0, 1));
    expect(vector.angle(v(1, 0, 0), v(0, 1, 0), v(0, 0, -1))).toBe(-Math.PI / 2);
    const n = vector.normalize(v(0, 0, 2)) as Vector;
    expect([n.x, n.y, n.z]).toEqual([0, 0, 1]);
  });

  test("componentwise functions", () => {
    expect(vector.max(v(1, 5, 3), v(4, 2, 6))).toEqual(new Vector(4, 5, 6));
    expect(vector.min(v(1, 5, 3), v(4, 2, 6), v(0, 9, 0))).toEqual(new Vector(0, 2, 0));
    expect(vector.clamp(v(5, -5, 0.5), v(0, 0, 0), v(1, 1, 1))).toEqual(new Vector(1, 0, 0.5));
    expect(vector.lerp(v(0, 0, 0), v(10, 20, 30), 0.5)).toEqual(new Vector(5, 10, 15));
    expect(errorOf(() => vector.clamp(v(0, 0, 0), v(0, 2, 0), v(1, 1, 1)))).toBe(
      "invalid argument #3 to 'clamp' (max.y must be greater than or equal to min.y)",
    );
    expect(errorOf(() => vector.dot(v(0, 0, 0)))).toBe("missing argument #2 to 'dot' (vector expected)");
  });
});
