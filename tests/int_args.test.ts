// Integer arguments of the Luau libraries, read as the reference reads them: luaL_checkinteger /
// luaL_optinteger convert a double to a C `int` (truncated toward zero; NaN, infinities and values
// outside the int range become INT_MIN, the x86-64 conversion result), luaL_checkunsigned to a C
// `unsigned`, and a few functions cast to int64 (time_t, buffer bit offsets). The functions are
// called directly from TypeScript (no Luau frames, so messages carry no position), except error()'s
// level and select from Luau code, which run as a script.
import { describe, expect, test } from "bun:test";
import { LuauError } from "../runtime/errors";
import { LuauTable } from "../runtime/table";
import { LuauBuffer, NONE, all } from "../runtime/values";
import { checkInt, optInt, toCInt, toIntOrZero, toUint32 } from "../stdlib/args";
import { createBaseFunctions } from "../stdlib/base";
import { createBit32Library } from "../stdlib/bit32";
import { createBufferLibrary } from "../stdlib/buffer";
import { createDebugLibrary } from "../stdlib/debug";
import { createMathLibrary } from "../stdlib/math";
import { createOsLibrary } from "../stdlib/os";
import { createTableLibrary } from "../stdlib/table";
import { createUtf8Library } from "../stdlib/utf8";
import { runScript } from "./lune_harness";

type Fn = (...args: unknown[]) => unknown;
const lib = (t: LuauTable) => t.h as Record<string, Fn>;

const base = createBaseFunctions({ env: new LuauTable() }) as Record<string, Fn>;
const table = lib(createTableLibrary());
const math = lib(createMathLibrary());
const bit32 = lib(createBit32Library());
const buffer = lib(createBufferLibrary());
const debug = lib(createDebugLibrary());
const os = lib(createOsLibrary());
const utf8 = lib(createUtf8Library());

const INT_MIN = -2147483648;

/** Every argument that is not a C int: each becomes INT_MIN. */
const OUT_OF_RANGE: [string, number][] = [
  ["nan", NaN],
  ["inf", Infinity],
  ["-inf", -Infinity],
  ["2^31", 2 ** 31],
  ["-2^31-1", -(2 ** 31) - 1],
  ["2^53", 2 ** 53],
];

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof LuauError) return e.value;
    throw e;
  }
  throw new Error("no error raised");
}

/** The values a call returned (NONE is none). */
function values(r: unknown): unknown[] {
  return r === NONE ? [] : all(r);
}

function arr(...v: unknown[]): LuauTable {
  return LuauTable.fromArray(v);
}

/** A table's entries as "k=v" sorted by key. */
function dump(t: LuauTable): string {
  const keys: unknown[] = [];
  for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) keys.push(e[0]);
  keys.sort((a, b) => Number(a) - Number(b));
  return keys.map((k) => `${k}=${t.get(k)}`).join(" ");
}

describe("the shared conversions (stdlib/args.ts)", () => {
  test("toCInt: truncation, INT_MIN outside the int range", () => {
    expect([2.7, -2.7, 2147483647.9, -2147483648.9, -0.5].map(toCInt)).toEqual([2, -2, 2147483647, -2147483648, -0]);
    for (const [, v] of OUT_OF_RANGE) expect(toCInt(v)).toBe(INT_MIN);
    expect(toCInt(-2147483649)).toBe(INT_MIN);
  });

  test("checkInt/optInt read numbers and numeric strings; toIntOrZero is lua_tointeger", () => {
    expect(checkInt("2.9", 1, "f")).toBe(2);
    expect(checkInt("nan", 1, "f")).toBe(INT_MIN);
    expect(optInt(undefined, 1, "f", 7)).toBe(7);
    expect(optInt(1e10, 1, "f", 7)).toBe(INT_MIN);
    expect(errorOf(() => checkInt("x", 2, "f"))).toBe("invalid argument #2 to 'f' (number expected, got string)");
    expect(errorOf(() => checkInt(undefined, 2, "", 1))).toBe("missing argument #2 (number expected)");
    expect([toIntOrZero("x"), toIntOrZero(undefined), toIntOrZero("3.5"), toIntOrZero(NaN)]).toEqual([0, 0, 3, INT_MIN]);
  });

  test("toUint32: the low 32 bits of the int64 truncation, 0 beyond int64", () => {
    expect([-1, 2 ** 32 + 5, 2.7, -2.7, 2 ** 53].map(toUint32)).toEqual([4294967295, 5, 2, 4294967294, 0]);
    expect([NaN, Infinity, -Infinity, 2 ** 63, -(2 ** 64)].map(toUint32)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("base functions", () => {
  test("select: an index outside the int range is INT_MIN, out of range", () => {
    // before: NaN returned every argument, 2^31 and 2^53 returned nothing
    for (const [, v] of OUT_OF_RANGE) {
      expect(errorOf(() => base.select(v, "a", "b", "c"))).toBe("invalid argument #1 to 'select' (index out of range)");
    }
    expect(values(base.select(2.7, "a", "b", "c"))).toEqual(["b", "c"]);
    expect(values(base.select(-2.7, "a", "b", "c"))).toEqual(["b", "c"]);
    expect(values(base.select(2147483647, "a"))).toEqual([]);
  });

  test("tonumber: the base is a C int; base 10 is the plain conversion; the string is read first", () => {
    for (const [, v] of OUT_OF_RANGE) {
      expect(errorOf(() => base.tonumber("10", v))).toBe("invalid argument #2 to 'tonumber' (base out of range)");
    }
    expect(base.tonumber("10", 2.7)).toBe(2);
    expect(base.tonumber("ff", 16.9)).toBe(255);
    expect(errorOf(() => base.tonumber("10", -2.7))).toBe("invalid argument #2 to 'tonumber' (base out of range)");
    // base 10 (10.5 too) converts like no base at all: numbers as they are, other values nil
    expect(base.tonumber(0.5, 10.5)).toBe(0.5);
    expect(base.tonumber(new LuauTable(), 10)).toBeUndefined();
    expect(base.tonumber("0x10", 10)).toBe(16);
    // any other base reads the first argument as a string (numbers as tostring writes them) first
    expect(errorOf(() => base.tonumber(new LuauTable(), 99))).toBe("invalid argument #1 to 'tonumber' (string expected, got table)");
    expect(errorOf(() => base.tonumber(new LuauTable(), NaN))).toBe("invalid argument #1 to 'tonumber' (string expected, got table)");
    expect(base.tonumber(1e100, 16)).toBeUndefined(); // "1e+100"
    expect(base.tonumber(1e15, 16)).toBe(16 ** 15); // "1000000000000000"
    expect(base.tonumber(255, 16)).toBe(0x255);
  });

  test("the ipairs iterator: index (a C int, incremented as an int) before the table, no function name", () => {
    const step = all(base.ipairs(arr()))[0] as Fn;
    const t = new LuauTable();
    t.set(-2147483647, "x");
    for (const [, v] of OUT_OF_RANGE) expect(values(step(t, v))).toEqual([-2147483647, "x"]);
    const wrap = new LuauTable();
    wrap.set(INT_MIN, "w");
    expect(values(step(wrap, 2147483647))).toEqual([INT_MIN, "w"]);
    expect(values(step(arr(1, 2), 1.5))).toEqual([2, 2]);
    expect(values(step(arr(7), 0.5))).toEqual([1, 7]);
    expect(values(step(arr(7), "0"))).toEqual([1, 7]); // was "01"
    expect(values(step(arr(7), -0.5))).toEqual([1, 7]);
    expect(errorOf(() => step(undefined, 0))).toBe("invalid argument #1 (table expected, got nil)");
    expect(errorOf(() => step(arr(1), undefined))).toBe("invalid argument #2 (number expected, got nil)");
    expect(errorOf(() => step(arr(1)))).toBe("missing argument #2 (number expected)");
    expect(errorOf(() => step(undefined, "x"))).toBe("invalid argument #2 (number expected, got string)");
  });

  test("getfenv/setfenv: the level is a C int and must not be negative", () => {
    for (const [, v] of OUT_OF_RANGE) {
      // before: "invalid level"
      expect(errorOf(() => base.getfenv(v))).toBe("invalid argument #1 to 'getfenv' (level must be non-negative)");
      expect(errorOf(() => base.setfenv(v, new LuauTable()))).toBe("invalid argument #1 to 'setfenv' (level must be non-negative)");
    }
    expect(errorOf(() => base.getfenv(-1))).toBe("invalid argument #1 to 'getfenv' (level must be non-negative)");
    expect(errorOf(() => base.getfenv(-0.5 - 1))).toBe("invalid argument #1 to 'getfenv' (level must be non-negative)");
    // setfenv's level is required (luaL_checkinteger), getfenv's optional
    expect(errorOf(() => base.setfenv(undefined, new LuauTable()))).toBe("invalid argument #1 to 'setfenv' (number expected, got nil)");
    expect(base.getfenv(0.9)).toBeInstanceOf(LuauTable); // level 0
  });
});

describe("table", () => {
  test("insert: an out-of-range position is INT_MIN, stored as a plain key (no error)", () => {
    for (const [, v] of OUT_OF_RANGE) {
      const t = arr(1, 2, 3);
      table.insert(t, v, "x"); // before: NaN raised "table index is NaN", others used the double
      expect(dump(t)).toBe("-2147483648=x 1=1 2=2 3=3");
      expect(t.length()).toBe(3);
    }
    const t = arr(1, 2, 3);
    table.insert(t, 2.7, "x");
    expect(dump(t)).toBe("1=1 2=x 3=2 4=3");
    const u = arr(1, 2, 3);
    table.insert(u, -2.7, "x");
    expect(dump(u)).toBe("-2=x 1=1 2=2 3=3");
  });

  test("remove: an out-of-range position removes nothing", () => {
    for (const [, v] of OUT_OF_RANGE) {
      const t = arr(1, 2, 3);
      expect(values(table.remove(t, v))).toEqual([]); // before: NaN returned nil and dropped t[3]
      expect(dump(t)).toBe("1=1 2=2 3=3");
    }
    const t = arr(1, 2, 3);
    expect(values(table.remove(t, 2.7))).toEqual([2]);
    expect(dump(t)).toBe("1=1 2=3");
    expect(values(table.remove(arr(1, 2, 3), -2.7))).toEqual([]);
  });

  test("create: an out-of-range size is INT_MIN, negative", () => {
    for (const [, v] of OUT_OF_RANGE) {
      expect(errorOf(() => table.create(v, 1))).toBe("invalid argument #1 to 'create' (size out of range)");
    }
    expect((table.create(2.7, "v") as LuauTable).length()).toBe(2);
    expect(errorOf(() => table.create(-2.7))).toBe("invalid argument #1 to 'create' (size out of range)");
    expect((table.create(-0.5) as LuauTable).length()).toBe(0);
  });
});

describe("math", () => {
  test("random: bounds are C ints", () => {
    for (const [, v] of OUT_OF_RANGE) {
      // before: NaN returned nan, 2^31 a number up to 2^31, inf "interval is too large"
      expect(errorOf(() => math.random(v))).toBe("invalid argument #1 to 'random' (interval is empty)");
      expect(errorOf(() => math.random(1, v))).toBe("invalid argument #2 to 'random' (interval is empty)");
      // INT_MIN..5 is a valid interval
      for (let k = 0; k < 20; k++) {
        const r = math.random(v, 5) as number;
        expect(Number.isInteger(r) && r >= INT_MIN && r <= 5).toBe(true);
      }
    }
    for (let k = 0; k < 20; k++) expect([1, 2]).toContain(math.random(2.7) as number);
    for (let k = 0; k < 20; k++) expect([-2, -1, 0, 1]).toContain(math.random(-2.7, 1.9) as number);
    expect(errorOf(() => math.random(-2.7))).toBe("invalid argument #1 to 'random' (interval is empty)");
  });

  test("randomseed: the seed is a C int (out of range: INT_MIN)", () => {
    const seq = (seed: unknown) => {
      math.randomseed(seed);
      return [math.random(), math.random(1, 1000)];
    };
    const intMin = seq(INT_MIN);
    for (const [, v] of OUT_OF_RANGE) expect(seq(v)).toEqual(intMin);
    expect(seq(2 ** 32 + 5)).toEqual(intMin); // was the seed 5
    expect(seq(2.7)).toEqual(seq(2));
    expect(seq(-2.7)).toEqual(seq(-2));
  });

  test("ldexp: the exponent is a C int", () => {
    for (const [, v] of OUT_OF_RANGE) {
      expect(math.ldexp(1, v)).toBe(0); // before: NaN gave nan, inf/2^31/2^53 gave inf
      expect(Object.is(math.ldexp(-3, v), -0)).toBe(true);
    }
    expect(math.ldexp(1, 2.7)).toBe(4);
    expect(math.ldexp(1, -2.7)).toBe(0.25);
    expect(math.ldexp(1, 2000.5)).toBe(Infinity);
    expect(Number.isNaN(math.ldexp(NaN, 1))).toBe(true);
  });
});

describe("bit32", () => {
  test("extract/replace: field and width are C ints", () => {
    for (const [, v] of OUT_OF_RANGE) {
      // before: NaN fields and widths extracted bits, large ones said "trying to access non-existent bits"
      expect(errorOf(() => bit32.extract(0xff, v))).toBe("invalid argument #2 to 'extract' (field cannot be negative)");
      expect(errorOf(() => bit32.extract(0xff, 0, v))).toBe("invalid argument #3 to 'extract' (width must be positive)");
      expect(errorOf(() => bit32.replace(0, 1, v))).toBe("invalid argument #3 to 'replace' (field cannot be negative)");
      expect(errorOf(() => bit32.replace(0, 1, 0, v))).toBe("invalid argument #4 to 'replace' (width must be positive)");
    }
    expect(bit32.extract(0xff, 2.7, 2.7)).toBe(3);
    expect(bit32.replace(0, 3, 4.9, 2.1)).toBe(0x30);
    expect(errorOf(() => bit32.extract(0xff, -0.5 - 1))).toBe("invalid argument #2 to 'extract' (field cannot be negative)");
  });

  test("lrotate/rrotate: the count is a C int taken modulo 32", () => {
    for (const [, v] of OUT_OF_RANGE) {
      expect(bit32.lrotate(0x12345678, v)).toBe(0x12345678);
      expect(bit32.rrotate(0x12345678, v)).toBe(0x12345678);
    }
    expect(bit32.lrotate(0x12345678, 2 ** 31 + 8)).toBe(0x12345678); // INT_MIN, was a rotation by 8
    expect(bit32.lrotate(0x12345678, 2 ** 32 + 8)).toBe(0x12345678);
    expect(bit32.lrotate(0x12345678, 8.9)).toBe(0x34567812);
    expect(bit32.rrotate(0x12345678, -8.9)).toBe(0x34567812);
  });
});

describe("buffer", () => {
  const b4 = () => new LuauBuffer(new Uint8Array(4));

  test("create: the size is a C int", () => {
    for (const [, v] of OUT_OF_RANGE) {
      // before: a NaN size made an empty buffer
      expect(errorOf(() => buffer.create(v))).toBe("invalid argument #1 to 'create' (size)");
    }
    expect((buffer.create(2.7) as LuauBuffer).bytes.length).toBe(2);
    expect(errorOf(() => buffer.create(-2.7))).toBe("invalid argument #1 to 'create' (size)");
  });

  test("offsets are C ints: out of range is out of bounds", () => {
    for (const [, v] of OUT_OF_RANGE) {
      expect(errorOf(() => buffer.readu8(b4(), v))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.writei32(b4(), v, 1))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.readstring(b4(), v, 1))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.copy(b4(), v, b4()))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.copy(b4(), 0, b4(), v))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.fill(b4(), v, 0))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.fill(b4(), 0, 0, v))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.copy(b4(), 0, b4(), 0, v))).toBe("buffer access out of bounds");
    }
    const b = b4();
    buffer.writeu8(b, 2.7, 9);
    expect(buffer.readu8(b, 2.2)).toBe(9);
    expect(errorOf(() => buffer.readu8(b, -0.5 - 1))).toBe("buffer access out of bounds");
    expect(buffer.readu8(b, -0.5)).toBe(0);
  });

  test("writers read the value before checking the offset", () => {
    expect(errorOf(() => buffer.writeu8(b4(), 100, "x"))).toBe("invalid argument #3 to 'writeu8' (number expected, got string)");
    expect(errorOf(() => buffer.writef64(b4(), NaN, undefined))).toBe("invalid argument #3 to 'writef64' (number expected, got nil)");
    expect(errorOf(() => buffer.writei16(b4(), 3, 1))).toBe("buffer access out of bounds");
  });

  test("readstring/writestring: sizes and counts are C ints (INT_MIN: negative)", () => {
    for (const [, v] of OUT_OF_RANGE) {
      // before: NaN and large sizes said "buffer access out of bounds" or "string length overflow"
      expect(errorOf(() => buffer.readstring(b4(), 0, v))).toBe("invalid argument #3 to 'readstring' (size)");
      expect(errorOf(() => buffer.writestring(b4(), 0, "ab", v))).toBe("invalid argument #4 to 'writestring' (count)");
    }
    expect(buffer.readstring(b4(), 0.9, 2.7)).toBe("\0\0");
    const b = b4();
    buffer.writestring(b, 1.5, "abc", 2.7);
    expect(buffer.tostring(b)).toBe("\0ab\0");
  });

  test("readbits/writebits: int64 bit offset checked first, then the C int bit count", () => {
    for (const [, v] of OUT_OF_RANGE) {
      expect(errorOf(() => buffer.readbits(b4(), 0, v))).toBe("bit count is out of range of [0; 32]");
      expect(errorOf(() => buffer.writebits(b4(), 0, v, 1))).toBe("bit count is out of range of [0; 32]");
    }
    // NaN, infinities and negative offsets are INT64_MIN or negative: out of bounds before the count
    for (const v of [NaN, Infinity, -Infinity, -(2 ** 31) - 1, -1, 2 ** 63]) {
      expect(errorOf(() => buffer.readbits(b4(), v, 40))).toBe("buffer access out of bounds");
      expect(errorOf(() => buffer.writebits(b4(), v, 40, 1))).toBe("buffer access out of bounds");
    }
    // large positive offsets are valid int64s: the count is checked, then the range
    expect(errorOf(() => buffer.readbits(b4(), 2 ** 31, 40))).toBe("bit count is out of range of [0; 32]");
    expect(errorOf(() => buffer.readbits(b4(), 2 ** 53, 8))).toBe("buffer access out of bounds");
    const b = b4();
    buffer.writebits(b, 4.9, 8.9, 0xab);
    expect(buffer.readbits(b, 4.2, 8.2)).toBe(0xab);
  });
});

describe("debug", () => {
  test("traceback: the level is a C int and must not be negative", () => {
    for (const [, v] of OUT_OF_RANGE) {
      // before: printed the traceback
      expect(errorOf(() => debug.traceback("m", v))).toBe("invalid argument #2 to 'traceback' (level can't be negative)");
    }
    expect(errorOf(() => debug.traceback("m", -1))).toBe("invalid argument #2 to 'traceback' (level can't be negative)");
    expect(typeof debug.traceback("m", 2.7)).toBe("string");
    expect(typeof debug.traceback("m", -0.5)).toBe("string");
  });

  test("info: a level (number or numeric string) is a C int and must not be negative", () => {
    for (const [, v] of OUT_OF_RANGE) {
      // before: returned nil
      expect(errorOf(() => debug.info(v, "l"))).toBe("invalid argument #1 to 'info' (level can't be negative)");
    }
    expect(errorOf(() => debug.info(-1, "l"))).toBe("invalid argument #1 to 'info' (level can't be negative)");
    expect(errorOf(() => debug.info("-1", "l"))).toBe("invalid argument #1 to 'info' (level can't be negative)");
    expect(errorOf(() => debug.info(new LuauTable(), "l"))).toBe("invalid argument #1 to 'info' (function or level expected)");
    // the level is read before the options
    expect(errorOf(() => debug.info(NaN))).toBe("invalid argument #1 to 'info' (level can't be negative)");
    expect(values(debug.info(1e6 + 0.5, "l"))).toEqual([undefined]);
  });
});

describe("os", () => {
  test("difftime: both times are cast to time_t (int64: NaN and beyond are INT64_MIN)", () => {
    const INT64_MIN = -(2 ** 63);
    // before: nan, inf and -inf
    for (const v of [NaN, Infinity, -Infinity, 1e19, -1e19]) {
      expect(os.difftime(v, 0)).toBe(INT64_MIN);
      expect(os.difftime(0, v)).toBe(2 ** 63);
    }
    expect(os.difftime(2 ** 31, 0)).toBe(2 ** 31);
    expect(os.difftime(-(2 ** 31) - 1, 0)).toBe(-(2 ** 31) - 1);
    expect(os.difftime(2 ** 53, 0)).toBe(2 ** 53);
    expect(os.difftime(2.7, -2.7)).toBe(4);
    expect(os.difftime(NaN, NaN)).toBe(0);
  });

  test("time: the date-table fields are C ints", () => {
    const at = (fields: Record<string, unknown>) => {
      const t = new LuauTable();
      for (const [k, v] of Object.entries({ year: 2100, month: 1, day: 1, hour: 0, ...fields })) t.set(k, v);
      return os.time(t);
    };
    expect(at({})).toBe(4102444800);
    for (const [, v] of OUT_OF_RANGE) {
      // an INT_MIN hour, minute or second lies before the epoch (before: nan, or the double's time)
      expect(at({ hour: v })).toBeUndefined();
      expect(at({ min: v })).toBeUndefined();
      // INT_MIN seconds: 2100-01-01 minus 2^31 s is still after the epoch
      expect(at({ sec: v })).toBe(4102444800 - 2 ** 31);
    }
    expect(at({ sec: 2.7, min: 1.9, hour: -0.5 })).toBe(4102444800 + 62);
  });
});

describe("utf8.codes iterator", () => {
  test("reads the position with lua_tointeger (not a number: 0) and names no function", () => {
    const step = all(utf8.codes("abc"))[0] as Fn;
    expect(values(step("abc", "x"))).toEqual([1, 97]); // was "number expected, got string"
    expect(values(step("abc", undefined))).toEqual([1, 97]);
    expect(values(step("abc", 1.5))).toEqual([2, 98]);
    expect(values(step("abc", "2"))).toEqual([3, 99]);
    expect(errorOf(() => step(undefined, 0))).toBe("invalid argument #1 (string expected, got nil)");
    expect(errorOf(() => step())).toBe("missing argument #1 (string expected)");
  });
});

describe("from Luau code", () => {
  test("error levels and select indices beyond the int range", async () => {
    const r = await runScript(`local function raise(l) error("m", l) end
for _, l in {0/0, math.huge, -math.huge, 2^31, -2^31-1, 2^53} do
	print(pcall(raise, l))
end
print(pcall(raise, 1.9))
local function pick(i, ...) return select(i, ...) end
print(pcall(pick, 0/0, "a", "b"))
print(pcall(pick, 2^32 + 1, "a", "b"))
print(pick(1.5, "a", "b"))
`);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 6)).toEqual(Array(6).fill("false\tm"));
    expect(lines[6]).toMatch(/^false\t.*main:1: m$/);
    expect(lines[7]).toMatch(/^false\t.*main:6: invalid argument #1 to 'select' \(index out of range\)$/);
    expect(lines[8]).toMatch(/^false\t.*main:6: invalid argument #1 to 'select' \(index out of range\)$/);
    expect(lines[9]).toBe("a\tb");
  });
});
