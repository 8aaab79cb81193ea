// Unit tests of the string and utf8 libraries, called directly from TypeScript (no Luau frames, so
// error messages carry no position). Expected printf output was checked against glibc.
import { describe, expect, test } from "bun:test";
import { LuauError } from "../runtime/errors";
import { LuauTable } from "../runtime/table";
import { NONE } from "../runtime/values";
import { createStringLibrary } from "../stdlib/string";
import { PatternMatcher, hasSpecials } from "../stdlib/string/patterns";
import { createUtf8Library } from "../stdlib/utf8";

type Fn = (...args: unknown[]) => unknown;

const string = createStringLibrary().h as Record<string, Fn>;
const utf8 = createUtf8Library().h as Record<string, Fn>;

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof LuauError) return e.value;
    throw e;
  }
  throw new Error("no error raised");
}

const fmt = (...args: unknown[]) => string.format(...args) as string;

/** Byte string → hex, for packed data. */
function hex(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(2, "0");
  return out;
}

/** The whole-pattern match of `pat` in `src` at the first position that matches, with captures. */
function firstMatch(src: string, pat: string): { start: number; end: number; caps: unknown[] } | undefined {
  const m = new PatternMatcher(src, pat);
  for (let s = 0; s <= src.length; s++) {
    const e = m.matchAt(s, 0);
    if (e !== -1) return { start: s, end: e, caps: m.captures(s, e, false) };
  }
  return undefined;
}

describe("pattern matcher", () => {
  test("single characters and classes", () => {
    expect(firstMatch("hello world", "o w")).toEqual({ start: 4, end: 7, caps: [] });
    expect(firstMatch("abc123", "%d")?.start).toBe(3);
    expect(firstMatch("abc 123", "%s")?.start).toBe(3);
    expect(firstMatch("ab_cd", "%W")?.start).toBe(2);
    expect(firstMatch("x\0y", "%z")?.start).toBe(1);
    expect(firstMatch("FFg", "%X")?.start).toBe(2);
    expect(firstMatch("a.b", "%.")?.start).toBe(1);
    expect(firstMatch("aqb", "%q")?.start).toBe(1); // unknown class letters are literal
    expect(firstMatch("\x7f", "%c")?.start).toBe(0);
    expect(firstMatch("~", "%p")?.start).toBe(0);
    expect(firstMatch("\xe9", "%a")).toBeUndefined(); // bytes above 127 are in no class
  });

  test("sets", () => {
    expect(firstMatch("xyz-", "[%a-]+")).toMatchObject({ start: 0, end: 4 });
    expect(firstMatch("q", "[%a-z]")?.start).toBe(0);
    expect(firstMatch("-", "[%a-z]")?.start).toBe(0); // '-' after a class is literal
    expect(firstMatch("a]b", "[]]")?.start).toBe(1);
    expect(firstMatch("]]x", "[^]]")?.start).toBe(2);
    expect(firstMatch("q", "[z-a]")).toBeUndefined();
    expect(firstMatch("\xc8", "[\x80-\xff]")?.start).toBe(0);
    expect(firstMatch("a^", "[b^]")?.start).toBe(1);
    expect(firstMatch("5", "[^%D]")?.start).toBe(0);
  });

  test("quantifiers and backtracking", () => {
    expect(firstMatch("<a><b>", "<.*>")?.end).toBe(6);
    expect(firstMatch("<a><b>", "<.->")?.end).toBe(3);
    expect(firstMatch("aaa", "(a*)(a)$")?.caps).toEqual(["aa", "a"]);
    expect(firstMatch("aaa", "(a-)(a+)$")?.caps).toEqual(["", "aaa"]);
    expect(firstMatch("color", "colou?r")?.end).toBe(5);
    expect(firstMatch("b", "a+")).toBeUndefined();
    expect(firstMatch("x**", "x**")).toMatchObject({ start: 0, end: 2 }); // "x*" then a literal '*'
  });

  test("anchors are handled by the caller; '$' only at the end", () => {
    expect(firstMatch("a$b", "$b")).toMatchObject({ start: 1, end: 3 });
    expect(firstMatch("abc", "c$")).toMatchObject({ start: 2, end: 3 });
    expect(firstMatch("abc", "b$")).toBeUndefined();
  });

  test("captures: nested, positions, unfinished", () => {
    expect(firstMatch("abcd", "((a)(b))((c)d)")?.caps).toEqual(["ab", "a", "b", "cd", "c"]);
    expect(firstMatch("hello", "()ll()")?.caps).toEqual([3, 5]);
    const m = new PatternMatcher("abc", "(a");
    expect(m.matchAt(0, 0)).toBe(1);
    expect(m.level).toBe(1);
    expect(errorOf(() => m.captures(0, 1, false))).toBe("unfinished capture");
  });

  test("back-references", () => {
    expect(firstMatch("xabab", "(ab)%1")).toMatchObject({ start: 1, end: 5 });
    expect(firstMatch("[==[y]==]", "%[(=*)%[(.-)%]%1%]")?.caps).toEqual(["==", "y"]);
    expect(firstMatch("aa", "()%1")).toBeUndefined(); // a position never matches
    expect(errorOf(() => firstMatch("aa", "(a%1)"))).toBe("invalid capture index %1");
    expect(errorOf(() => firstMatch("aa", "%0"))).toBe("invalid capture index %0");
  });

  test("balance and frontier", () => {
    expect(firstMatch("f(a(b)c)d", "%b()")).toMatchObject({ start: 1, end: 8 });
    expect(firstMatch("aXbXc", "%bXX")).toMatchObject({ start: 1, end: 4 });
    expect(firstMatch("THE (quick) fox", "%f[%a]%a+")).toMatchObject({ start: 0, end: 3 });
    expect(firstMatch("abc", "%f[%z]")).toMatchObject({ start: 3, end: 3 });
    expect(firstMatch("the cat scattered", "%f[%w]cat%f[%W]")).toMatchObject({ start: 4, end: 7 });
  });

  test("malformed patterns are reported when reached", () => {
    expect(errorOf(() => firstMatch("abc", "a["))).toBe("malformed pattern (missing ']')");
    expect(firstMatch("abc", "x[")).toBeUndefined();
    expect(errorOf(() => firstMatch("abc", "[%"))).toBe("malformed pattern (missing ']')");
    expect(errorOf(() => firstMatch("abc", "%"))).toBe("malformed pattern (ends with '%')");
    expect(errorOf(() => firstMatch("abc", ")"))).toBe("invalid pattern capture");
    expect(errorOf(() => firstMatch("abc", "%b("))).toBe("malformed pattern (missing arguments to '%b')");
    expect(errorOf(() => firstMatch("abc", "%fx"))).toBe("missing '[' after '%f' in pattern");
  });

  test("limits", () => {
    expect(firstMatch("a", "()".repeat(32))?.caps.length).toBe(32);
    expect(errorOf(() => firstMatch("a", "()".repeat(33)))).toBe("too many captures");
    expect(firstMatch("a".repeat(199), "a?".repeat(199))?.end).toBe(199);
    expect(errorOf(() => firstMatch("a".repeat(200), "a?".repeat(200)))).toBe("pattern too complex");
    expect(firstMatch("a".repeat(100000), "a*$")?.end).toBe(100000);
  });

  test("hasSpecials", () => {
    expect(hasSpecials("abc)")).toBe(false);
    expect(hasSpecials("a.b")).toBe(true);
    expect(hasSpecials("a-b")).toBe(true);
    expect(hasSpecials("[")).toBe(true);
  });
});

describe("find / match / gmatch / gsub", () => {
  test("find: plain, init, captures", () => {
    expect(string.find("hello", "l")).toEqual([3, 3]);
    expect(string.find("a.b", ".", 1, true)).toEqual([2, 2]);
    expect(string.find("abc", "", 4)).toEqual([4, 3]);
    expect(string.find("abc", "", 5)).toBeUndefined();
    expect(string.find("abc", "b", -1)).toBeUndefined();
    expect(string.find("key = v", "(%w+)%s*=%s*(%w+)")).toEqual([1, 7, "key", "v"]);
    expect(string.find("abc", ")")).toBeUndefined(); // no magic characters: a plain search
    expect(string.find("xab", "^ab", 2)).toEqual([2, 3]);
  });

  test("match: whole match or captures", () => {
    expect(string.match("key=val", "(%w+)=(%w+)")).toEqual(["key", "val"]);
    expect(string.match("hello", ".-")).toBe("");
    expect(string.match("abc", "()")).toBe(1);
    expect(string.match("abc", "x")).toBeUndefined();
    expect(errorOf(() => string.match("abc", "(()"))).toBe("unfinished capture");
  });

  test("gmatch: empty matches advance, '^' is literal", () => {
    const collect = (s: string, p: string) => {
      const it = string.gmatch(s, p) as Fn;
      const out: unknown[] = [];
      for (let r = it(); r !== NONE; r = it()) out.push(r);
      return out;
    };
    expect(collect("a1b2", "%a*")).toEqual(["a", "", "b", "", ""]);
    expect(collect("^a^a", "^a")).toEqual(["^a", "^a"]);
    expect(collect("a=1, b=2", "(%w+)=(%w+)")).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
    expect(collect("", "")).toEqual([""]);
  });

  test("gsub: replacements", () => {
    expect(string.gsub("hello world", "(%w+)", "<%1>")).toEqual(["<hello> <world>", 2]);
    expect(string.gsub("abc", "%w", "%0%0")).toEqual(["aabbcc", 3]);
    expect(string.gsub("abc", "b*", "X")).toEqual(["XaXXcX", 4]);
    expect(string.gsub("aaaa", "", "-", 2)).toEqual(["-a-aaa", 2]);
    expect(string.gsub("abc", "()", "%1")).toEqual(["1a2b3c4", 4]);
    expect(string.gsub("abc", "b", 42)).toEqual(["a42c", 1]);
    const t = new LuauTable();
    t.set("hello", "HI");
    t.set("world", false);
    expect(string.gsub("hello world", "%w+", t)).toEqual(["HI world", 2]);
    expect(string.gsub("abc", "%w", (c: unknown) => (c === "b" ? "B" : undefined))).toEqual(["aBc", 3]);
    expect(string.gsub("abc", "%w", (c: unknown) => (c as string).charCodeAt(0))).toEqual(["979899", 3]);
  });

  test("gsub: errors", () => {
    expect(errorOf(() => string.gsub("abc", "b", "%2"))).toBe("invalid capture index");
    expect(errorOf(() => string.gsub("abc", "b", "%x"))).toBe("invalid use of '%' in replacement string");
    expect(errorOf(() => string.gsub("abc", "b", "%"))).toBe("invalid use of '%' in replacement string");
    expect(errorOf(() => string.gsub("abc", "b", () => new LuauTable()))).toBe("invalid replacement value (a table)");
    expect(errorOf(() => string.gsub("abc", "b"))).toBe("missing argument #3 to 'gsub' (string/function/table expected)");
    expect(string.gsub("abc", "(", "x")).toEqual(["xaxbxcx", 4]);
  });
});

describe("basic functions", () => {
  test("sub and byte positions", () => {
    expect(string.sub("hello", -3, -2)).toBe("ll");
    expect(string.sub("hello", 0)).toBe("hello");
    expect(string.sub("hello", 2.9)).toBe("ello");
    expect(string.sub("hello", 1, Infinity)).toBe(""); // math.huge becomes INT_MIN, as on x86-64
    expect(string.byte("ABC", -4)).toBe(NONE);
    expect(string.byte("ABC", 1, -1)).toEqual([65, 66, 67]);
    expect(errorOf(() => string.sub("hello"))).toBe("missing argument #2 to 'sub' (number expected)");
  });

  test("rep, char, case, reverse, split", () => {
    expect(string.rep("ab", 3, ", ")).toBe("ababab");
    expect(errorOf(() => string.rep("x", 2 ** 31 - 1))).toBe("resulting string too large");
    expect(string.char(72, 105)).toBe("Hi");
    expect(errorOf(() => string.char(65, 256))).toBe("invalid argument #2 to 'char' (invalid value)");
    expect(string.upper("h\xe9llo")).toBe("H\xe9LLO");
    expect(string.lower("\xc9A")).toBe("\xc9a");
    expect(string.reverse("a\0b")).toBe("b\0a");
    expect((string.split("a,,b") as LuauTable).arr).toEqual(["a", "", "b"]);
    expect((string.split("", "") as LuauTable).arr).toEqual([]);
    expect((string.split("aaa", "aa") as LuauTable).arr).toEqual(["", "a"]);
  });
});

describe("string.format", () => {
  test("integers (glibc output)", () => {
    expect(fmt("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42)).toBe("[   42] [42   ] [00042] [+42] [ 42]");
    expect(fmt("[%.3d] [%08.3d] [%.0d] [%#.3x] [%#o] [%#x]", 42, 42, 0, 0, 0, 255)).toBe("[042] [     042] [] [000] [0] [0xff]");
    expect(fmt("[%x] [%u] [%o]", -1, -(2 ** 31), -1)).toBe("[ffffffffffffffff] [18446744071562067968] [1777777777777777777777]");
    expect(fmt("[%d] [%x]", 2 ** 63, 2 ** 64)).toBe("[-9223372036854775808] [8000000000000000]");
    expect(fmt("[%#.0o] [%#5o] [%-#8X]", 0, 8, 255)).toBe("[0] [  010] [0XFF    ]");
    expect(fmt("%c%c", 321, -1)).toBe("A\xff");
  });

  test("floats: exact digits, ties to even", () => {
    expect(fmt("%.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, -2.5)).toBe("0 2 2 -2");
    expect(fmt("%.2f %.2f %.3f", 1.005, 2.675, 0.0625)).toBe("1.00 2.67 0.062");
    expect(fmt("%.20f", 0.1)).toBe("0.10000000000000000555");
    expect(fmt("%.0f", 1e300).length).toBe(301);
    expect(fmt("%e %e", 5e-324, 1.7976931348623157e308)).toBe("4.940656e-324 1.797693e+308");
    expect(fmt("%.15G", 1e-310)).toBe("9.99999999999997E-311");
    expect(fmt("%.0e %.0e", 25, 35)).toBe("2e+01 4e+01");
  });

  test("%g style choice and the '#' flag", () => {
    expect(fmt("%g %g %g %g", 100000, 1e6, 1e-4, 1e-5)).toBe("100000 1e+06 0.0001 1e-05");
    expect(fmt("%g %g", 99999.95, 0.000099999996)).toBe("99999.9 0.0001");
    expect(fmt("%#g %#.3g %#.5g", 1, 9.9996, 0.000099999996)).toBe("1.00000 10.0 0.00010000");
    // glibc prints no zeros when rounding carries a value into exponent style
    expect(fmt("%#.5g %#g %#.1g", 99999.95, 999999.5, 9.7)).toBe("1.e+05 1.e+06 1.e+01");
  });

  test("flags on floats and infinities", () => {
    expect(fmt("[%010.3f] [%+.1f] [% .1f] [%-8.2e]", -3.14159, 2, 2, 1.5)).toBe("[-00003.142] [+2.0] [ 2.0] [1.50e+00]");
    expect(fmt("[%06f] [%+f] [%-6E] [% G]", Infinity, Infinity, -Infinity, Infinity)).toBe("[   inf] [+inf] [-INF  ] [ INF]");
    expect(fmt("[%f] [%g]", -0, -0)).toBe("[-0.000000] [-0]");
  });

  test("strings", () => {
    expect(fmt("[%5s] [%-5s] [%.2s]", "abc", "abc", "abc")).toBe("[  abc] [abc  ] [ab]");
    expect(fmt("%s|%5s|%.5s", "a\0b", "a\0b", "a\0b")).toBe("a\0b|    a|a");
    expect(fmt("%5s", "x\0" + "y".repeat(200)).length).toBe(202);
    expect(fmt("%s %s", 1.5, -0)).toBe("1.5 -0");
    expect(fmt("%q", 'a\n"\\\r\0' + "1\x01")).toBe('"a\\\n\\"\\\\\\r\\0001\x01"');
    expect(fmt("%q", 1 / 3)).toBe('"0.3333333333333333"');
    expect(fmt("%*|%*", undefined, true)).toBe("nil|true");
  });

  test("errors", () => {
    expect(errorOf(() => fmt("%d"))).toBe("missing argument #2");
    expect(errorOf(() => fmt("%5%"))).toBe("missing argument #2");
    expect(errorOf(() => fmt("%5%", 1))).toBe("invalid option '%%' to 'format'");
    expect(errorOf(() => fmt("%5", 1))).toBe("invalid option '%");
    expect(errorOf(() => fmt("%a", 1))).toBe("invalid option '%a' to 'format'");
    expect(errorOf(() => fmt("%100d", 1))).toBe("invalid format (width or precision too long)");
    expect(errorOf(() => fmt("%------d", 1))).toBe("invalid format (repeated flags)");
    expect(fmt("%-----3d|", 1)).toBe("1  |");
    expect(errorOf(() => fmt("%5*", 1))).toBe("'%*' does not take a form");
    expect(errorOf(() => fmt("%s", true))).toBe("invalid argument #2 to 'format' (string expected, got boolean)");
    expect(errorOf(() => fmt("%d", "12abc"))).toBe("invalid argument #2 to 'format' (number expected, got string)");
  });
});

describe("string.pack", () => {
  test("integers, byte order, wide sizes", () => {
    expect(hex(string.pack("<i3 >i3", -2, -2) as string)).toBe("feffff" + "fffffe");
    expect(hex(string.pack("<i16", -2) as string)).toBe("fe" + "ff".repeat(15));
    expect(hex(string.pack(">I9", 256) as string)).toBe("000000000000000100");
    expect(hex(string.pack("<j J T", -1, 1, 2) as string)).toBe("ffffffff" + "01000000" + "02000000");
    expect(errorOf(() => string.pack("b", 128))).toBe("invalid argument #2 to 'pack' (integer overflow)");
    expect(errorOf(() => string.pack("<I2", -1))).toBe("invalid argument #2 to 'pack' (unsigned overflow)");
    expect(string.unpack("<i8", "\xff".repeat(8))).toEqual([-1, 9]);
    expect(string.unpack("<I8", "\xff".repeat(8))).toEqual([18446744073709552000, 9]);
    expect(errorOf(() => string.unpack("<i9", "\0".repeat(8) + "\x01"))).toBe("9-byte integer does not fit into Lua Integer");
  });

  test("alignment", () => {
    expect(string.packsize("!8 h b d b")).toBe(17);
    expect(string.packsize("! b i16")).toBe(24);
    expect(string.packsize("!4 b Xi8")).toBe(4);
    expect(hex(string.pack("!8 <b s4", 1, "ab") as string)).toBe("01000000020000006162");
    expect(string.unpack("!4 b Xi4 b", "\x01\0\0\0\x02")).toEqual([1, 2, 6]);
    expect(errorOf(() => string.packsize("!4 b i3"))).toBe(
      "invalid argument #1 to 'packsize' (format asks for alignment not power of 2)",
    );
    expect(errorOf(() => string.packsize("bX"))).toBe("invalid argument #1 to 'packsize' (invalid next option for option 'X')");
  });

  test("strings and floats", () => {
    expect(string.unpack("z z", "ab\0\0")).toEqual(["ab", "", 5]);
    expect(string.unpack("<s2", "\x02\0hi!")).toEqual(["hi", 5]);
    expect(hex(string.pack("c4", "ab") as string)).toBe("61620000");
    expect(string.unpack("<f", string.pack("<f", 0.1) as string)).toEqual([Math.fround(0.1), 5]);
    expect(hex(string.pack(">d", -0) as string)).toBe("8000000000000000");
    expect(errorOf(() => string.pack("z", "a\0"))).toBe("invalid argument #2 to 'pack' (string contains zeros)");
    expect(errorOf(() => string.packsize("s"))).toBe("invalid argument #1 to 'packsize' (variable-length format)");
    expect(errorOf(() => string.pack("i17", 1))).toBe("integral size (17) out of limits [1,16]");
    expect(errorOf(() => string.pack("c", "a"))).toBe("missing size for format option 'c'");
    expect(errorOf(() => string.packsize("c99999999999"))).toBe("size specifier is too large");
  });

  test("a format is read once; one with an error raises it in order, every time", () => {
    // the second use of each format replays the cached reading (alignment and byte order included)
    for (let round = 0; round < 2; round++) {
      expect(hex(string.pack("!4 >h i4 <h", 1, 2, 3) as string)).toBe("0001" + "0000" + "00000002" + "0300");
      expect(string.unpack("!4 >h i4 <h", string.pack("!4 >h i4 <h", 1, 2, 3) as string)).toEqual([1, 2, 3, 11]);
      expect(string.unpack("!8 <s1 d", "\x03abc" + "\0".repeat(4) + (string.pack("<d", 0.5) as string))).toEqual(["abc", 0.5, 17]);
      expect(errorOf(() => string.pack("!4 >h i4 <h", 1, "x", 3))).toBe("invalid argument #3 to 'pack' (number expected, got string)");
      // an argument error comes before a format error further on, as the options are read in turn
      expect(errorOf(() => string.pack("i4 q", "x"))).toBe("invalid argument #2 to 'pack' (number expected, got string)");
      expect(errorOf(() => string.pack("i4 q", 1))).toBe("invalid format option 'q'");
      expect(errorOf(() => string.packsize("i4 q"))).toBe("invalid format option 'q'");
    }
  });

  test("unpack positions", () => {
    expect(string.unpack("b", "abc", -1)).toEqual([99, 4]);
    expect(string.unpack("b", "abc", 0)).toEqual([97, 2]);
    expect(errorOf(() => string.unpack("b", "abc", 5))).toBe("invalid argument #3 to 'unpack' (initial position out of string)");
    expect(errorOf(() => string.unpack("b", "abc", 4))).toBe("invalid argument #2 to 'unpack' (data string too short)");
  });
});

describe("utf8", () => {
  test("char encodes up to U+10FFFF, surrogates included", () => {
    expect(hex(utf8.char(0x7f, 0x80, 0x7ff, 0x800, 0xd800, 0x10ffff) as string)).toBe("7fc280dfbfe0a080eda080f48fbfbf");
    expect(errorOf(() => utf8.char(0x110000))).toBe("invalid argument #1 to 'char' (value out of range)");
  });

  test("codepoint and len validate strictly", () => {
    expect(utf8.codepoint("h\xc3\xa9llo", 1, -1)).toEqual([104, 233, 108, 108, 111]);
    expect(errorOf(() => utf8.codepoint("\xed\xa0\x80"))).toBe("invalid UTF-8 code");
    expect(errorOf(() => utf8.codepoint("\xc0\x80"))).toBe("invalid UTF-8 code");
    expect(utf8.len("ok\xc3\x28")).toEqual([undefined, 3]);
    expect(utf8.len("a\xc3\xa9", 3)).toEqual([undefined, 3]);
    expect(utf8.len("abc", 4)).toBe(0);
    expect(errorOf(() => utf8.len("abc", 5))).toBe("invalid argument #2 to 'len' (initial position out of string)");
  });

  test("offset", () => {
    const s = "a\xc3\xa9\xe4\xb8\xadb"; // a é 中 b
    expect(utf8.offset(s, 3)).toBe(4);
    expect(utf8.offset(s, -1)).toBe(7);
    expect(utf8.offset(s, 0, 5)).toBe(4);
    expect(utf8.offset(s, 5)).toBe(8);
    expect(utf8.offset(s, 6)).toBeUndefined();
    expect(errorOf(() => utf8.offset(s, 1, 3))).toBe("initial position is a continuation byte");
  });

  test("codes iterates and rejects stray continuation bytes", () => {
    const [step, str, init] = utf8.codes("a\xc3\xa9") as [Fn, string, number];
    expect(init).toBe(0);
    expect(step(str, 0)).toEqual([1, 97]);
    expect(step(str, 1)).toEqual([2, 233]);
    expect(step(str, 2)).toBe(NONE);
    expect(errorOf(() => step("a\x80", 0))).toBe("invalid UTF-8 code");
  });
});
