// The parser: every kind of syntax error with Luau's exact wording and line (the first error Luau's
// parser reports, as loadstring shows it), and acceptance of the whole type-annotation grammar.
// Messages follow ../shared/conformance/core/syntax_reject.out and Luau's Parser.cpp.
import { describe, expect, test } from "bun:test";
import { compileChunk, instantiate } from "../runtime/chunk";
import { LuauError } from "../runtime/errors";
import { parse } from "../runtime/luau/parser";
import { toStringMeta } from "../runtime/ops";
import { LuauThread, resumeThread } from "../runtime/thread";
import { NONE } from "../runtime/values";
import { createGlobals } from "../stdlib/globals";

/** The compile error of a source as `t:LINE: message`, or "ok". */
function compileError(src: string): string {
  try {
    compileChunk(src, "t");
    return "ok";
  } catch (e) {
    if (e instanceof LuauError) return String(e.value);
    throw e;
  }
}

/** Checks a table of [source, expected "LINE: message"] pairs, reporting every mismatch at once. */
function expectErrors(cases: [string, string][]): void {
  const wrong = cases
    .map(([src, want]) => ({ src, want: `t:${want}`, got: compileError(src) }))
    .filter((c) => c.got !== c.want);
  expect(wrong).toEqual([]);
}

describe("statement errors", () => {
  test("Lua 5.x syntax that Luau lacks", () => {
    expectErrors([
      ["goto done", "1: Incomplete statement: expected assignment or a function call"],
      ["::done::", "1: Expected identifier when parsing expression, got '::'"],
      ["local x <const> = 1", "1: Expected identifier when parsing expression, got '<'"],
      ["return 1 & 2", "1: Expected <eof>, got '&'"],
      ["return ~1", "1: Expected identifier when parsing expression, got '~'"],
      ["return 1 << 2", "1: Expected identifier when parsing expression, got '<'"],
      ["return 1 != 2", "1: Unexpected '!='; did you mean '~='?"],
    ]);
  });

  test("incomplete statements and stray tokens", () => {
    expectErrors([
      ["x", "1: Incomplete statement: expected assignment or a function call"],
      ["print 5", "1: Incomplete statement: expected assignment or a function call"],
      ["export function a() end", "1: Incomplete statement: expected assignment or a function call"],
      [";", "1: Expected identifier when parsing expression, got ';'"],
      ["local a = 1;;", "1: Expected identifier when parsing expression, got ';'"],
      ["return 1 print(2)", "1: Expected <eof>, got 'print'"],
      ["return return", "1: Expected identifier when parsing expression, got 'return'"],
      ["while true do end end", "1: Expected <eof>, got 'end'"],
      ["until x", "1: Expected <eof>, got 'until'"],
      ["x = 1\ny = 2\nz", "3: Incomplete statement: expected assignment or a function call"],
    ]);
  });

  test("break and continue outside loops", () => {
    expectErrors([
      ["break", "1: break statement must be inside a loop"],
      ["continue", "1: continue statement must be inside a loop"],
      ["for i = 1, 2 do local function f() continue end end", "1: continue statement must be inside a loop"],
      ["repeat local function a() break end until false", "1: break statement must be inside a loop"],
      ["while true do end\n\nbreak", "3: break statement must be inside a loop"],
    ]);
  });

  test("missing block terminators name the opening token and its position", () => {
    expectErrors([
      ["if x then", "1: Expected 'end' (to close 'then' at column 6), got <eof>"],
      ["if x then else", "1: Expected 'end' (to close 'else' at column 11), got <eof>"],
      ["if x then else elseif y then end", "1: Expected 'end' (to close 'else' at column 11), got 'elseif'"],
      ["do", "1: Expected 'end' (to close 'do' at column 1), got <eof>"],
      ["while x do", "1: Expected 'end' (to close 'do' at column 9), got <eof>"],
      ["for i = 1, 2 do", "1: Expected 'end' (to close 'do' at column 14), got <eof>"],
      ["repeat", "1: Expected 'until' (to close 'repeat' at column 1), got <eof>"],
      ["if x then\n  y()\n", "3: Expected 'end' (to close 'then' at line 1), got <eof>"],
      ["do\n\nx = 1 until", "3: Expected 'end' (to close 'do' at line 1), got 'until'"],
    ]);
  });

  test("a missing 'end' of a function points at the 'function' (or 'local') keyword", () => {
    expectErrors([
      ["function f()", "1: Expected 'end' (to close 'function' at column 1), got <eof>"],
      ["local function f()", "1: Expected 'end' (to close 'function' at column 1), got <eof>"],
      ["  local function f()", "1: Expected 'end' (to close 'function' at column 3), got <eof>"],
      ["local f = function()", "1: Expected 'end' (to close 'function' at column 11), got <eof>"],
      ["function f()\n  return 1\n", "3: Expected 'end' (to close 'function' at line 1), got <eof>"],
    ]);
  });

  test("a misleadingly indented 'end' is suggested as the culprit", () => {
    const src = ["function f()", "  if x then", "    y()", "  else", "    z()", "end"].join("\n");
    expectErrors([[src, "6: Expected 'end' (to close 'function' at line 1), got <eof>; did you forget to close 'else' at line 4?"]]);
  });

  test("missing keywords inside statements", () => {
    expectErrors([
      ["if x print(1) end", "1: Expected 'then' when parsing if statement, got 'print'"],
      ["if x then elseif y print(1) end", "1: Expected 'then' when parsing if statement, got 'print'"],
      ["while true print(1) end", "1: Expected 'do' when parsing while loop, got 'print'"],
      ["for i = 1 do end", "1: Expected ',' when parsing index range, got 'do'"],
      ["for i = 1, 2 print(i) end", "1: Expected 'do' when parsing for loop, got 'print'"],
      ["for a, b do end", "1: Expected 'in' when parsing for loop, got 'do'"],
      ["for k in pairs(t) print(k) end", "1: Expected 'do' when parsing for loop, got 'print'"],
      ["for i", "1: Expected 'in' when parsing for loop, got <eof>"],
    ]);
  });

  test("names where a binding is expected use the 'variable name' context", () => {
    expectErrors([
      ["local 1x = 1", "1: Expected identifier when parsing variable name, got '1x'"],
      ["local end = 1", "1: Expected identifier when parsing variable name, got 'end'"],
      ["local", "1: Expected identifier when parsing variable name, got <eof>"],
      ["local function 1() end", "1: Expected identifier when parsing variable name, got '1'"],
      ["local a, = 1", "1: Expected identifier when parsing variable name, got '='"],
    ]);
  });

  test("for-loop variables and parameters are bindings too", () => {
    expectErrors([
      ["for 1 = 1, 2 do end", "1: Expected identifier when parsing variable name, got '1'"],
      ["function f(a,) end", "1: Expected identifier when parsing variable name, got ')'"],
      ["function f(", "1: Expected identifier when parsing variable name, got <eof>"],
    ]);
  });

  test("function names", () => {
    expectErrors([
      ["function () end", "1: Expected identifier when parsing function name, got '('"],
      ["function", "1: Expected identifier when parsing function name, got <eof>"],
      ["function t:m.x() end", "1: Expected '(' when parsing function, got '.'"],
      ["local function t.x() end", "1: Expected '(' when parsing function, got '.'"],
      ["function f", "1: Expected '(' when parsing function, got <eof>"],
      ["x = function", "1: Expected '(' when parsing function, got <eof>"],
    ]);
  });

  test("dotted and method parts of a function name have their own contexts", () => {
    expectErrors([
      ["function t.() end", "1: Expected identifier when parsing field name, got '('"],
      ["function t:() end", "1: Expected identifier when parsing method name, got '('"],
    ]);
  });

  test("parameter lists", () => {
    expectErrors([
      ["function f(a", "1: Expected ')' (to close '(' at column 11), got <eof>"],
      ["function f(...,a) end", "1: Expected ')' (to close '(' at column 11), got ','"],
      ["local function f() return ... end", "1: Cannot use '...' outside of a vararg function"],
      ["local function f(...) return function() return ... end end", "1: Cannot use '...' outside of a vararg function"],
    ]);
  });

  test("misplaced return type syntax has dedicated messages", () => {
    expectErrors([
      ["function foo(): string, number end", "1: Expected a statement, got ','; did you forget to wrap the list of return types in parentheses?"],
      ["function f() -> number end", "1: Function return type annotations are written after ':' instead of '->'"],
    ]);
  });
});

describe("assignment errors", () => {
  test("targets must be variables or fields", () => {
    expectErrors([
      ["(a) = 1", "1: Assigned expression must be a variable or a field"],
      ["local a, b\n(2), b = b, a", "2: Assigned expression must be a variable or a field"],
      ["local a, b\na, (3) = b, a", "2: Assigned expression must be a variable or a field"],
      ["f() = 1", "1: Expected identifier when parsing expression, got '='"],
      ["1 = 2", "1: Expected identifier when parsing expression, got '1'"],
      ["a.b:c = 1", "1: Expected '(', '{' or <string> when parsing function call, got '='"],
    ]);
  });

  test("compound assignment", () => {
    expectErrors([
      ["a, b += 1", "1: Expected '=' when parsing assignment, got '+='"],
      ["local a += 1", "1: Expected identifier when parsing expression, got '+='"],
      ["f() += 1", "1: Expected identifier when parsing expression, got '+='"],
      ["(a) += 5", "1: Assigned expression must be a variable or a field"],
      ["a = 1 += 2", "1: Expected identifier when parsing expression, got '+='"],
    ]);
  });

  test("keywords are not field names", () => {
    expectErrors([
      ["local t = {} t.end = 1", "1: Expected identifier, got 'end'"],
      ["x.", "1: Expected identifier, got <eof>"],
    ]);
  });

  test("a method name after ':' has the 'method name' context", () => {
    expectErrors([["x = t:end()", "1: Expected identifier when parsing method name, got 'end'"]]);
  });
});

describe("expression errors", () => {
  test("missing operands", () => {
    expectErrors([
      ["return 1 +", "1: Expected identifier when parsing expression, got <eof>"],
      ["local x = #", "1: Expected identifier when parsing expression, got <eof>"],
      ["x = not", "1: Expected identifier when parsing expression, got <eof>"],
      ["x = )", "1: Expected identifier when parsing expression, got ')'"],
      ["x = 1 == == 2", "1: Expected identifier when parsing expression, got '=='"],
      ["local a = 1\nlocal b = 2\nreturn +", "3: Expected identifier when parsing expression, got '+'"],
    ]);
  });

  test("confusable operators from other languages", () => {
    expectErrors([
      ["return !x", "1: Unexpected '!'; did you mean 'not'?"],
      ["return a && b", "1: Unexpected '&&'; did you mean 'and'?"],
      ["return a || b", "1: Unexpected '||'; did you mean 'or'?"],
    ]);
  });

  test("parentheses and brackets", () => {
    expectErrors([
      ["return (1 + 2", "1: Expected ')' (to close '(' at column 8), got <eof>"],
      ["x = (1,", "1: Expected ')' (to close '(' at column 5), got ','"],
      ["x[1", "1: Expected ']' (to close '[' at column 2), got <eof>"],
      ["x = (\n1", "2: Expected ')' (to close '(' at line 1), got <eof>"],
    ]);
  });

  test("'=' inside parentheses suggests a table constructor", () => {
    expectErrors([["local foo = (name = t)", "1: Expected ')' (to close '(' at column 13), got '='; did you mean to use '{' when defining a table?"]]);
  });

  test("table constructors", () => {
    expectErrors([
      ["local t = {1, 2", "1: Expected '}' (to close '{' at column 11), got <eof>"],
      ["local t = {1 2}", "1: Expected '}' (to close '{' at column 11), got '2'"],
      ["t = {,}", "1: Expected identifier when parsing expression, got ','"],
      ["t = {1,,2}", "1: Expected identifier when parsing expression, got ','"],
      ["local t = {[1] 2}", "1: Expected '=' when parsing table field, got '2'"],
      ["x = { a = }", "1: Expected identifier when parsing expression, got '}'"],
    ]);
  });

  test("a missing ',' between aligned table items has its own message", () => {
    expectErrors([["local t = {\n  a = 1\n  b = 2\n}", "3: Expected ',' after table constructor element"]]);
  });

  test("call arguments", () => {
    expectErrors([
      ["f(", "1: Expected identifier when parsing expression, got <eof>"],
      ["x = t:m", "1: Expected '(', '{' or <string> when parsing function call, got <eof>"],
      ["local foo = t:Parse 2", "1: Expected '(', '{' or <string> when parsing function call, got '2'"],
    ]);
  });

  test("a trailing ',' in arguments and a method without arguments have dedicated messages", () => {
    expectErrors([
      ["f(1,)", "1: Expected expression after ',' but got ')' instead"],
      ["local foo = t:Parse\nreturn foo", "1: Expected function call arguments after '('"],
    ]);
  });

  test("a call's '(' on a new line is ambiguous", () => {
    expectErrors([
      ["local x = f\n(g)()", "2: Ambiguous syntax: this looks like an argument list for a function call, but could also be a start of new statement; use ';' to separate statements"],
      ["function add(x, y) return x + y end\nadd\n(4, 7)", "3: Ambiguous syntax: this looks like an argument list for a function call, but could also be a start of new statement; use ';' to separate statements"],
    ]);
    expect(compileError("local x = f;\n(g)()")).toBe("ok");
  });

  test("if-then-else expressions", () => {
    expectErrors([
      ["x = if a then b", "1: Expected 'else' when parsing if then else expression, got <eof>"],
      ["x = if a then b elseif c then d", "1: Expected 'else' when parsing if then else expression, got <eof>"],
      ["x = if a b else c", "1: Expected 'then' when parsing if then else expression, got 'b'"],
      ["x = if a then b else", "1: Expected identifier when parsing expression, got <eof>"],
    ]);
  });

  test("interpolated strings", () => {
    expectErrors([
      ["_ = `{a`", "1: Malformed interpolated string; did you forget to add a '}'?"],
      ["print(`{}{1}`)", "1: Malformed interpolated string, expected expression inside '{}'"],
      ["_ = `{{oops}}`", "1: Double braces are not permitted within interpolated strings; did you mean '\\{'?"],
    ]);
  });

  test("interpolated string errors after the first section", () => {
    expectErrors([
      ["_ = `{nice} {{oops}}`", "1: Double braces are not permitted within interpolated strings; did you mean '\\{'?"],
      ["local a = `??? {42 !!}`", "1: Malformed interpolated string, got '!'"],
      ["local a = `???\\xQQ {1}`", "1: Interpolated string literal contains malformed escape sequence"],
      ["_ = print `{42}`", "1: Expected identifier when parsing expression, got `{"],
    ]);
  });
});

describe("type annotation errors", () => {
  test("missing or invalid types", () => {
    expectErrors([
      ["local x: = 1", "1: Expected type, got '='"],
      ["local a : 2 = 2", "1: Expected type, got '2'"],
      ["local x:", "1: Expected type, got <eof>"],
      ["function func():end", "1: Expected type, got 'end'"],
      ["type x", "1: Expected '=' when parsing type alias, got <eof>"],
      ["type x =", "1: Expected type, got <eof>"],
      ["export type 1 = x", "1: Expected identifier when parsing type name, got '1'"],
    ]);
  });

  test("'type' followed by a non-name still starts a type alias", () => {
    expectErrors([["type 1 = number", "1: Expected identifier when parsing type name, got '1'"]]);
  });

  test("malformed table, function and pack types", () => {
    expectErrors([
      ["local n: {string, number}", "1: Expected '}' (to close '{' at column 10), got ','"],
      ["local n: {[number]: string, number}", "1: Expected ':' when parsing table field, got '}'"],
      ["local n: {x: string, nil}", "1: Expected identifier when parsing table field, got 'nil'"],
      ["local x: number | string & boolean", "1: Mixing union and intersection types is not allowed; consider wrapping in parentheses."],
      ["local x: () = nil", "1: Expected '->' after '()' when parsing function type; did you mean 'nil'?"],
      ["local x: (number): string", "1: Return types in function type annotations are written after '->' instead of ':'"],
      ["local x: T... = 1", "1: Unexpected '...' after type name; type pack is not allowed in this context"],
      ["local x: `s` = 1", "1: Interpolated string literals cannot be used as types"],
      [
        "local x: function = 1",
        "1: Using 'function' as a type annotation is not supported, consider replacing with a function type annotation e.g. '(...any) -> ...any'",
      ],
    ]);
  });
});

describe("nesting limits", () => {
  // Luau's parser stops at 1000 levels of recursion instead of overflowing its stack
  const nested = (depth: number, open: string, inner: string, close: string) => open.repeat(depth) + inner + close.repeat(depth);

  test("moderate nesting compiles", () => {
    expect(compileError("x = " + nested(200, "(", "1", ")"))).toBe("ok");
    expect(compileError("x = " + nested(200, "{", "1", "}"))).toBe("ok");
    expect(compileError(nested(200, "do ", "", " end"))).toBe("ok");
    expect(compileError("x = " + Array(500).fill("1").join(" + "))).toBe("ok");
    expect(compileError("x = a" + ".b".repeat(500) + "[1]:m()".repeat(100))).toBe("ok");
  });

  test("each suffix of a chain (field, index, call, method) counts towards the limit", () => {
    const tooDeep = "t:1: Exceeded allowed recursion depth; simplify your expression to make the code compile";
    expect(compileError("x = a" + ".b".repeat(1500))).toBe(tooDeep);
    expect(compileError("x = a" + "[1]".repeat(1500))).toBe(tooDeep);
    expect(compileError("f" + "()".repeat(1500))).toBe(tooDeep);
    expect(compileError("x = a" + ":m()".repeat(1500))).toBe(tooDeep);
    expect(compileError("x = a" + ".b()".repeat(800))).toBe(tooDeep);
  });

  test("deep nesting is a syntax error, never a crash", () => {
    const tooDeep = "t:1: Exceeded allowed recursion depth; simplify your expression to make the code compile";
    expect(compileError("x = " + nested(1500, "(", "1", ")"))).toBe(tooDeep);
    expect(compileError("x = " + nested(1500, "{", "1", "}"))).toBe(tooDeep);
    expect(compileError("x = " + Array(1500).fill("1").join(" + "))).toBe(tooDeep);
    expect(compileError(nested(1500, "do ", "", " end"))).toStartWith("t:1: Exceeded allowed recursion depth; simplify your ");
  });
});

describe("accepted syntax", () => {
  /** Compiles and runs a program, returning its printed lines. */
  function run(src: string): string[] {
    const out: string[] = [];
    const print = (...args: unknown[]) => {
      out.push(args.map((a) => (typeof a === "string" ? a : toStringMeta(a))).join("\t"));
      return NONE;
    };
    const main = instantiate(compileChunk(src, "t"), createGlobals(() => ({ print })));
    const r = resumeThread(new LuauThread(main), []);
    if (r.kind === "error") throw new Error(String(r.error.value));
    return out;
  }

  const typeProgram = `
type Point = {x: number, y: number}
export type Pair<A, B = string> = {first: A, second: B}
type Callback = (number, string?) -> boolean
type NamedArgs = (x: number, y: number) -> ()
type Variadic = (...number) -> ...string
type GenericFn = <T>(T) -> T
type GenericPackFn = <T, U...>(T, U...) -> (T, U...)
type PackAlias<T...> = (T...) -> T...
type DefaultPack<T... = ...number> = (T...) -> ()
type MultiReturn = () -> (number, string)
type Curried = (number) -> (number) -> number
type Opt = number?
type Union = number | string | nil
type Inter = {a: number} & {b: string}
type LeadingBar = | "a" | "b"
type LeadingAmp = & {a: number} & {b: number}
type Singletons = "on" | "off" | true | false
type Indexer = {[string]: number}
type StringKey = {["key with spaces"]: number}
type ArrayOf = {number}
type Access = {read x: number, write y: string, z: boolean}
type Qualified = Mod.Type
type QualifiedGeneric = Mod.Box<number>
type TypeOf = typeof(math.max)
type FnOpt = ((number) -> number)?
type Nested = {inner: {deeper: {number}}}
type SelfRef = {method: (self: SelfRef, n: number) -> number}
type PackArgs = Box<(number, string), ...boolean>
type EmptyPack = Box<()>
type Separators = {a: number; b: string;}
type function identity(t)
  return t
end
local function add<T>(a: number, b: number): number return a + b end
local function pack<T...>(...: T...): (T...) return ... end
local function varargs(...: number): ...number return ... end
local function none(): () end
local p: Point = {x = 1, y = 2}
local n = (p.x :: any) :: number
local cb: Callback = function(a: number, b: string?): boolean return a > 0 end
local u: Union, o: Opt = "u", nil
for i: number = 1, 1 do end
for k: string, v: number in pairs({a = 1}) do end
local obj = {}
function obj:method(k: number): number return k * 2 end
function obj.static<T>(x: T): T return x end
local s: "lit" = "lit"
local typeof = typeof
print(add(1, 2), pack(1, 2), varargs(3), n, cb(1, nil), obj:method(21), obj.static("x"), s, u, o, typeof(none))
`;

  test("the full type grammar is accepted and has no runtime effect", () => {
    expect(run(typeProgram)).toEqual(["3\t1\t3\t1\ttrue\t42\tx\tlit\tu\tnil\tfunction"]);
  });

  test("type statements produce no statements in the tree", () => {
    const body = parse("type A = number\nexport type B<T> = {T}\ntype function f(t) return t end\nlocal x: A = 1").body;
    expect(body.map((s) => s.k)).toEqual(["Local"]);
  });

  test("contextual keywords remain usable as names", () => {
    const src = "local type, export, continue = 1, 2, 3\nlocal t = {type = 4}\nt.continue = 5\nprint(type + export + continue, t.type, t.continue)";
    expect(run(src)).toEqual(["6\t4\t5"]);
    expect(run("local function typeof(x) return 'mine' end\nprint(typeof(1))")).toEqual(["mine"]);
  });

  test("attributes on function statements and expressions", () => {
    expect(run("@native function f() return 1 end\n@native local function g() return 2 end\nlocal h = @native function() return 3 end\nprint(f(), g(), h())")).toEqual(["1\t2\t3"]);
  });

  test("call sugar, semicolons and parenthesised prefixes", () => {
    const src = "local function id(...) return ... end\nlocal t = id{1, 2}\nprint(#t, id'a', id[[b]], (id)('c'));\nlocal s = ('x'):rep(3) print(s)";
    expect(run(src)).toEqual(["2\ta\tb\tc", "xxx"]);
  });
});
