// The lexer: every literal form, comments, interpolation tokens and line tracking. Expected values
// follow Luau's Lexer.cpp (readNumber / fixupQuotedString / fixupMultilineString / readLongString).
import { describe, expect, test } from "bun:test";
import { compileChunk } from "../runtime/chunk";
import { LuauError } from "../runtime/errors";
import { Lexer, T, type Token } from "../runtime/luau/lexer";

/** All tokens of a source up to (not including) the end, stopping after an error token. */
function tokens(src: string): Token[] {
  const lx = new Lexer(src);
  const out: Token[] = [];
  for (let i = 0; i < 10_000; i++) {
    const t = lx.next();
    if (t.t === T.Eof) return out;
    out.push(t);
    if (t.t === T.Error) return out;
  }
  throw new Error("lexer did not reach the end");
}

/** The only token of a source. */
function single(src: string): Token {
  const ts = tokens(src);
  expect(ts.length).toBe(1);
  return ts[0];
}

/** The numeric value of a number literal (NaN when malformed). */
function num(src: string): number {
  const t = single(src);
  expect(t.t).toBe(T.Number);
  return t.num;
}

/** The bytes of a string literal, as char codes. */
function str(src: string): number[] {
  const t = single(src);
  expect(t.t).toBe(T.String);
  return [...t.v].map((c) => c.charCodeAt(0));
}

const bytes = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The compile error of a source ("t:LINE: message"), or "ok". */
function compileError(src: string): string {
  try {
    compileChunk(src, "t");
    return "ok";
  } catch (e) {
    if (e instanceof LuauError) return String(e.value);
    throw e;
  }
}

describe("number literals", () => {
  test("decimal integers and fractions", () => {
    expect(num("0")).toBe(0);
    expect(num("42")).toBe(42);
    expect(num("007")).toBe(7);
    expect(num("1.5")).toBe(1.5);
    expect(num(".5")).toBe(0.5);
    expect(num("5.")).toBe(5);
    expect(num("00.125")).toBe(0.125);
    expect(num("9007199254740993")).toBe(9007199254740992);
  });

  test("exponents in every spelling", () => {
    expect(num("1e3")).toBe(1000);
    expect(num("1E3")).toBe(1000);
    expect(num("1e+3")).toBe(1000);
    expect(num("1e-3")).toBe(0.001);
    expect(num("2.5E-2")).toBe(0.025);
    expect(num(".5e1")).toBe(5);
    expect(num("5.e1")).toBe(50);
    expect(num("1e309")).toBe(Infinity);
    expect(num("1e-400")).toBe(0);
  });

  test("hexadecimal, any case, saturating at 2^64", () => {
    expect(num("0x0")).toBe(0);
    expect(num("0xff")).toBe(255);
    expect(num("0XFF")).toBe(255);
    expect(num("0xAbCd")).toBe(0xabcd);
    expect(num("0x7fffffffffffffff")).toBe(2 ** 63);
    expect(num("0xffffffffffffffff")).toBe(2 ** 64);
    expect(num("0x10000000000000000")).toBe(2 ** 64);
    expect(num("0x123456789abcdef01")).toBe(2 ** 64);
  });

  test("binary", () => {
    expect(num("0b0")).toBe(0);
    expect(num("0b101")).toBe(5);
    expect(num("0B11")).toBe(3);
    expect(num("0b" + "1".repeat(64))).toBe(2 ** 64);
    expect(num("0b1" + "0".repeat(40))).toBe(2 ** 40);
  });

  test("underscores are ignored anywhere after the first digit", () => {
    expect(num("1_000")).toBe(1000);
    expect(num("1__2")).toBe(12);
    expect(num("3_.5")).toBe(3.5);
    expect(num("1_e2")).toBe(100);
    expect(num("1e_2")).toBe(100);
    expect(num("1e+_2")).toBe(100);
    expect(num("0.000_001")).toBe(0.000001);
    expect(num("6.022_140_76e23")).toBe(6.02214076e23);
    expect(num("0x_1")).toBe(1);
    expect(num("0xff_ff")).toBe(0xffff);
    expect(num("0b_1")).toBe(1);
    expect(num("0b1111_0000")).toBe(0xf0);
  });

  test("malformed numbers are one token and a 'Malformed number' error", () => {
    for (const bad of ["1e", "1e+", "0x", "0b", "0x_", "0b102", "0x1p4", "0xg", "1..2", "1.2.3", "12abc", "00x10", "1e2e3"]) {
      expect(Number.isNaN(num(bad))).toBe(true);
      expect(compileError(`return ${bad}`)).toBe("t:1: Malformed number");
    }
  });

  test("a hex literal stops at '.', which starts a new number", () => {
    const ts = tokens("0x1.8");
    expect(ts.map((t) => [t.t, t.v])).toEqual([[T.Number, "0x1"], [T.Number, ".8"]]);
    expect(compileError("return 0x1.8")).toBe("t:1: Expected <eof>, got '.8'");
  });

  test("a number followed by '..' with a space concatenates", () => {
    expect(tokens("1 .. 2").map((t) => t.v)).toEqual(["1", "..", "2"]);
    expect(tokens("0x1e+2").map((t) => t.v)).toEqual(["0x1e", "+", "2"]);
  });
});

describe("quoted strings", () => {
  test("single-character escapes", () => {
    expect(str(String.raw`"\a\b\f\n\r\t\v\\\"\'"`)).toEqual([7, 8, 12, 10, 13, 9, 11, 92, 34, 39]);
    expect(str(String.raw`'\"'`)).toEqual([34]);
  });

  test("decimal escapes take at most three digits and must fit a byte", () => {
    expect(str(String.raw`"\0"`)).toEqual([0]);
    expect(str(String.raw`"\65\066\0651"`)).toEqual(bytes("ABA1"));
    expect(str(String.raw`"\255"`)).toEqual([255]);
    expect(str(String.raw`"\1x"`)).toEqual([1, 120]);
    expect(compileError(String.raw`return "\256"`)).toBe("t:1: String literal contains malformed escape sequence");
    expect(compileError(String.raw`return "\300"`)).toBe("t:1: String literal contains malformed escape sequence");
  });

  test("hex escapes take exactly two digits", () => {
    expect(str(String.raw`"\x41\xff\xFF\x00"`)).toEqual([0x41, 0xff, 0xff, 0]);
    for (const bad of [String.raw`"\xZ1"`, String.raw`"\x4"`, String.raw`"\x"`, String.raw`"\xg0"`]) {
      expect(compileError(`return ${bad}`)).toBe("t:1: String literal contains malformed escape sequence");
    }
  });

  test("unicode escapes encode UTF-8 up to U+10FFFF", () => {
    expect(str(String.raw`"\u{41}"`)).toEqual([0x41]);
    expect(str(String.raw`"\u{0}"`)).toEqual([0]);
    expect(str(String.raw`"\u{E9}"`)).toEqual([0xc3, 0xa9]);
    expect(str(String.raw`"\u{7FF}\u{800}"`)).toEqual([0xdf, 0xbf, 0xe0, 0xa0, 0x80]);
    expect(str(String.raw`"\u{20AC}"`)).toEqual([0xe2, 0x82, 0xac]);
    expect(str(String.raw`"\u{1F600}"`)).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(str(String.raw`"\u{10FFFF}"`)).toEqual([0xf4, 0x8f, 0xbf, 0xbf]);
    expect(str(String.raw`"\u{0000000000000041}"`)).toEqual([0x41]);
  });

  test("malformed unicode escapes", () => {
    for (const bad of ["\\u{110000}", "\\u{}", "\\u41", "\\u{41", "\\u{FO}", "\\u{123456789}"]) {
      expect(compileError(`return "${bad}"`)).toBe("t:1: String literal contains malformed escape sequence");
    }
  });

  test("a unicode escape holds at most 16 hex digits", () => {
    // Luau's fixupQuotedString reads up to 16 digits, then requires the closing brace
    expect(compileError(String.raw`return "\u{00000000000000041}"`)).toBe("t:1: String literal contains malformed escape sequence");
  });

  test("\\z skips whitespace including newlines, and lines are still counted", () => {
    expect(str('"a\\z   \n\n   b"')).toEqual(bytes("ab"));
    const ts = tokens('"a\\z\n\n" x');
    expect(ts[1].line).toBe(3);
  });

  test("a backslash before a newline (LF or CRLF) is a newline", () => {
    expect(str('"a\\\nb"')).toEqual(bytes("a\nb"));
    expect(str('"a\\\r\nb"')).toEqual(bytes("a\nb"));
    expect(tokens('"a\\\nb" x')[1].line).toBe(2);
  });

  test("unknown escapes stand for the character itself", () => {
    expect(str('"\\q\\{\\}\\`"')).toEqual(bytes("q{}`"));
    expect(str(String.raw`"\q\%\["`)).toEqual(bytes("q%["));
  });

  test("unfinished strings report the line where they start", () => {
    expect(compileError("local s = 'abc")).toBe("t:1: Malformed string; did you forget to finish it?");
    expect(compileError("local s = 'a\nb'")).toBe("t:1: Malformed string; did you forget to finish it?");
    expect(compileError("local s = 'a\rb'")).toBe("t:1: Malformed string; did you forget to finish it?");
    expect(compileError("\n\nlocal s = \"abc\\")).toBe("t:3: Malformed string; did you forget to finish it?");
  });
});

describe("long strings and comments", () => {
  test("brackets of any level; only the matching level closes", () => {
    expect(single("[[x]]").v).toBe("x");
    expect(single("[=[x]]y]=]").v).toBe("x]]y");
    expect(single("[==[a]]b]=]c]==]").v).toBe("a]]b]=]c");
    expect(single(`[${"=".repeat(10)}[deep]${"=".repeat(10)}]`).v).toBe("deep");
    expect(single("[[]]").v).toBe("");
    expect(single("[[ \\n is not an escape ]]").v).toBe(" \\n is not an escape ");
  });

  test("the first newline is dropped, LF or CRLF", () => {
    expect(single("[[\nx]]").v).toBe("x");
    expect(single("[[\r\nx]]").v).toBe("x");
    expect(single("[[\n\nx]]").v).toBe("\nx");
  });

  test("CRLF inside a long string becomes LF", () => {
    expect(single("[[a\r\nb]]").v).toBe("a\nb");
    expect(single("[==[\r\na\r\nb\r\n]==]").v).toBe("a\nb\n");
  });

  test("line numbers continue after multi-line long strings and comments", () => {
    const ts = tokens("a [[\n\n]] b --[==[\n\n\n]==] c\n--[[ x ]] d -- e\nf");
    expect(ts.map((t) => [t.v, t.line])).toEqual([["a", 1], ["\n", 1], ["b", 3], ["c", 6], ["d", 7], ["f", 8]]);
  });

  test("comments: line, block of any level, and ones that only look like blocks", () => {
    expect(tokens("-- line\nx").map((t) => t.v)).toEqual(["x"]);
    expect(tokens("--[[ block ]] x").map((t) => t.v)).toEqual(["x"]);
    expect(tokens("--[==[ ]] still ]==] x").map((t) => t.v)).toEqual(["x"]);
    expect(tokens("--[ not a block\nx").map((t) => t.v)).toEqual(["x"]);
    expect(tokens("---[[ not a block\nx").map((t) => t.v)).toEqual(["x"]);
    expect(tokens("--[=x\ny").map((t) => t.v)).toEqual(["y"]);
  });

  test("an unfinished long string is a malformed string at its first line", () => {
    expect(compileError("local s = [[abc")).toBe("t:1: Malformed string; did you forget to finish it?");
    expect(compileError("x = 1\nlocal s = [==[abc\n]=]\n")).toBe("t:2: Malformed string; did you forget to finish it?");
    expect(compileError("local s = [=abc")).toBe("t:1: Malformed string; did you forget to finish it?");
  });

  test("an unfinished block comment is an error, as in Luau", () => {
    expect(compileError("--[[unfinished work")).toBe("t:1: Expected identifier when parsing expression, got unfinished comment");
    expect(compileError("local x = 1 --[[unfinished work")).toBe("t:1: Expected identifier when parsing expression, got unfinished comment");
  });
});

describe("interpolated strings", () => {
  const kinds = (src: string) => tokens(src).map((t) => [t.t, t.v]);

  test("a string without braces is one token", () => {
    expect(kinds("`abc`")).toEqual([[T.InterpSimple, "abc"]]);
    expect(kinds("``")).toEqual([[T.InterpSimple, ""]]);
  });

  test("begin, middle and end sections around expressions", () => {
    expect(kinds("`a{1}b{x}c`")).toEqual([
      [T.InterpBegin, "a"],
      [T.Number, "1"],
      [T.InterpMid, "b"],
      [T.Name, "x"],
      [T.InterpEnd, "c"],
    ]);
  });

  test("braces inside the expression are ordinary symbols", () => {
    expect(kinds("`{ {1} }`")).toEqual([
      [T.InterpBegin, ""],
      [T.Symbol, "{"],
      [T.Number, "1"],
      [T.Symbol, "}"],
      [T.InterpEnd, ""],
    ]);
  });

  test("nested interpolated strings", () => {
    expect(kinds("`x{`y{1}`}z`")).toEqual([
      [T.InterpBegin, "x"],
      [T.InterpBegin, "y"],
      [T.Number, "1"],
      [T.InterpEnd, ""],
      [T.InterpEnd, "z"],
    ]);
  });

  test("escapes, including escaped braces and \\u{...}", () => {
    expect(kinds("`\\{x\\}\\u{41}\\n\\``")).toEqual([[T.InterpSimple, "{x}A\n`"]]);
  });

  test("errors", () => {
    expect(compileError("return `{}`")).toBe("t:1: Malformed interpolated string, expected expression inside '{}'");
    expect(compileError("return `{{1}}`")).toBe("t:1: Double braces are not permitted within interpolated strings; did you mean '\\{'?");
    expect(compileError("return `abc")).toBe("t:1: Malformed string; did you forget to finish it?");
    expect(compileError("return `a\nb`")).toBe("t:1: Malformed string; did you forget to finish it?");
    expect(compileError("return `a{1`")).toBe("t:1: Malformed interpolated string; did you forget to add a '}'?");
  });
});

describe("symbols, names and lines", () => {
  test("every multi-character operator is one token", () => {
    const ops = ["...", "..=", "//=", "==", "~=", "<=", ">=", "::", "..", "+=", "-=", "*=", "/=", "//", "%=", "^=", "->"];
    expect(tokens(ops.join(" ")).map((t) => t.v)).toEqual(ops);
    expect(tokens("a...b").map((t) => t.v)).toEqual(["a", "...", "b"]);
    expect(tokens("a....b").map((t) => t.v)).toEqual(["a", "...", ".", "b"]);
  });

  test("single-character symbols", () => {
    const syms = "+ - * / % ^ # & ~ | < > = ( ) { } [ ] ; : , . ?".split(" ");
    expect(tokens(syms.join(" ")).map((t) => [t.t, t.v])).toEqual(syms.map((s) => [T.Symbol, s]));
  });

  test("reserved words are keywords; contextual words are names", () => {
    const reserved = "and break do else elseif end false for function if in local nil not or repeat return then true until while".split(" ");
    expect(tokens(reserved.join(" ")).every((t) => t.t === T.Keyword)).toBe(true);
    expect(tokens("continue type export goto typeof self _ _G A1 Local").every((t) => t.t === T.Name)).toBe(true);
  });

  test("attributes", () => {
    expect(tokens("@native function").map((t) => [t.t, t.v])).toEqual([[T.Attribute, "native"], [T.Keyword, "function"]]);
  });

  test("line and column tracking, with LF and CRLF line ends", () => {
    const ts = tokens("a\n  b\r\nc  d\n\n\ne");
    expect(ts.map((t) => [t.v, t.line, t.col, t.nl])).toEqual([
      ["a", 1, 1, false],
      ["b", 2, 3, true],
      ["c", 3, 1, true],
      ["d", 3, 4, false],
      ["e", 6, 1, true],
    ]);
  });

  test("a shebang line is skipped but still counts as line 1", () => {
    expect(tokens("#!/usr/bin/env lune\nprint").map((t) => [t.v, t.line])).toEqual([["print", 2]]);
  });

  test("a non-ASCII byte outside a string is reported as Luau does", () => {
    expect(compileError("local x = \xc3\xa9")).toBe("t:1: Expected identifier when parsing expression, got Unicode character U+e9");
    expect(compileError("local x = \xd0\xb0")).toBe("t:1: Expected identifier when parsing expression, got Unicode character U+430 (did you mean 'a'?)");
    expect(compileError("local x = \xff")).toBe("t:1: Expected identifier when parsing expression, got invalid UTF-8 sequence");
  });
});
