// The code generator's semantics, checked by compiling Luau snippets in-process (compileChunk →
// instantiate) and running their main function as a thread with a capturing print.
import { describe, expect, test } from "bun:test";
import { compileChunk, instantiate } from "../runtime/chunk";
import { toStringMeta } from "../runtime/ops";
import { errorMessage } from "../runtime/report";
import { LuauThread, resumeThread } from "../runtime/thread";
import { NONE } from "../runtime/values";
import { createGlobals } from "../stdlib/globals";

interface Run {
  /** One entry per print call: its arguments joined with tabs, as Luau prints them. */
  out: string[];
  /** The uncaught error message, if the chunk failed. */
  error?: string;
}

/** Runs a snippet as a chunk named "t" to completion. */
function run(source: string): Run {
  const out: string[] = [];
  const print = (...args: unknown[]) => {
    out.push(args.map((a) => (typeof a === "string" ? a : toStringMeta(a))).join("\t"));
    return NONE;
  };
  const main = instantiate(compileChunk(source, "t"), createGlobals(() => ({ print })));
  const r = resumeThread(new LuauThread(main), []);
  if (r.kind === "error") return { out, error: errorMessage(r.error) };
  if (r.kind !== "return") throw new Error(`chunk did not finish (${r.kind})`);
  return { out };
}

/** The printed lines of a snippet that must not fail. */
function lines(source: string): string[] {
  const r = run(source);
  if (r.error !== undefined) throw new Error(`unexpected error: ${r.error}`);
  return r.out;
}

/** The message of the error a snippet must raise. */
function failure(source: string): string {
  const r = run(source);
  if (r.error === undefined) throw new Error(`no error raised; printed ${JSON.stringify(r.out)}`);
  return r.error;
}

describe("multiple results and varargs", () => {
  const f3 = "local function f() return 1, 2, 3 end\n";

  test("a call expands only in the last position of a list", () => {
    expect(lines(f3 + "print(f(), f())")).toEqual(["1\t1\t2\t3"]);
    expect(lines(f3 + "print(f(), 'x')")).toEqual(["1\tx"]);
    expect(lines(f3 + "local t = {f(), f()} print(#t)")).toEqual(["4"]);
    expect(lines(f3 + "local t = {f(), f(), 'end'} print(#t)")).toEqual(["3"]);
  });

  test("parentheses truncate to one value", () => {
    expect(lines(f3 + "print((f()))")).toEqual(["1"]);
    expect(lines(f3 + "local t = {(f())} print(#t)")).toEqual(["1"]);
    expect(lines(f3 + "local function g() return (f()) end print(select('#', g()))")).toEqual(["1"]);
  });

  test("local and multiple assignment pad with nil and drop extras", () => {
    expect(lines(f3 + "local a, b, c, d = f() print(a, b, c, d)")).toEqual(["1\t2\t3\tnil"]);
    expect(lines(f3 + "local a, b = f(), 10 print(a, b)")).toEqual(["1\t10"]);
    expect(lines(f3 + "local a, b, c = 0, f() print(a, b, c)")).toEqual(["0\t1\t2"]);
    expect(lines("local a, b = 1 print(a, b)")).toEqual(["1\tnil"]);
    expect(lines(f3 + "local a, b a, b = f() print(a, b)")).toEqual(["1\t2"]);
    expect(lines(f3 + "local a, b, c, d a, b, c, d = 9, f() print(a, b, c, d)")).toEqual(["9\t1\t2\t3"]);
  });

  test("surplus expressions are still evaluated, left to right", () => {
    expect(lines("local a = 1, print('side') print(a)")).toEqual(["side", "1"]);
    expect(lines("local x x = 1, print('one'), print('two') print(x)")).toEqual(["one", "two", "1"]);
  });

  test("select('#') counts trailing nils", () => {
    const src = "local function n(...) return select('#', ...) end\nlocal function z() return nil, nil end\n";
    expect(lines(src + "print(n(), n(nil), n(nil, nil), n(z()), n(z(), 1), n(1, z()))")).toEqual(["0\t1\t2\t2\t2\t3"]);
  });

  test("... passes through, truncates, and is visible only where declared", () => {
    const src = "local function pass(...) return ... end\nlocal function head(...) return ..., 'x' end\n";
    expect(lines(src + "print(pass(1, nil, 3))")).toEqual(["1\tnil\t3"]);
    expect(lines(src + "print(head(1, 2, 3))")).toEqual(["1\tx"]);
    expect(lines("local function g(...) local a, b = ... return b, a end print(g(1, 2, 3))")).toEqual(["2\t1"]);
    expect(lines("local function g(...) local t = {...} return #t end print(g(1, 2, 3))")).toEqual(["3"]);
    expect(lines("local function g(...) return table.pack(...).n end print(g(nil, nil))")).toEqual(["2"]);
    expect(lines("local function g(a, ...) return a, select('#', ...) end print(g())")).toEqual(["nil\t0"]);
  });

  test("the main chunk is vararg and receives the chunk arguments", () => {
    const main = instantiate(compileChunk("return select('#', ...), ...", "t"), createGlobals(() => ({})));
    const r = resumeThread(new LuauThread(main), ["a", "b"]);
    expect(r.kind).toBe("return");
    if (r.kind === "return") expect([...r.values]).toEqual([2, "a", "b"]);
  });

  test("returning a call returns all its values; missing arguments are nil", () => {
    expect(lines(f3 + "local function g() return f() end print(g())")).toEqual(["1\t2\t3"]);
    expect(lines("local function g(a, b, c) return c, b, a end print(g(1))")).toEqual(["nil\tnil\t1"]);
    expect(lines("local function g() end print(select('#', g()))")).toEqual(["0"]);
    expect(lines("local function g() return end print(select('#', g()))")).toEqual(["0"]);
  });

  test("method calls pass the receiver once and expand the last argument", () => {
    const src = "local o = {k = 5}\nfunction o:m(...) return self.k, select('#', ...) end\n";
    expect(lines(src + "print(o:m(1, 2))")).toEqual(["5\t2"]);
    expect(lines(src + f3 + "print(o:m(f()))")).toEqual(["5\t3"]);
    expect(lines(src + "print(o.m(o))")).toEqual(["5\t0"]);
  });
});

describe("closures and scopes", () => {
  test("each numeric for iteration has a fresh loop variable", () => {
    expect(lines("local fs = {} for i = 1, 3 do fs[i] = function() return i end end print(fs[1](), fs[2](), fs[3]())")).toEqual(["1\t2\t3"]);
  });

  test("each generic for iteration has fresh variables", () => {
    const src = "local fs = {} for k, v in ipairs({'a', 'b'}) do fs[k] = function() return k .. v end end print(fs[1](), fs[2]())";
    expect(lines(src)).toEqual(["1a\t2b"]);
  });

  test("locals declared in while and repeat bodies are fresh each iteration", () => {
    expect(lines("local fs, i = {}, 0 while i < 3 do i += 1 local j = i fs[i] = function() return j end end print(fs[1](), fs[3]())")).toEqual(["1\t3"]);
    expect(lines("local fs, i = {}, 0 repeat i += 1 local j = i * 2 fs[i] = function() return j end until j >= 6 print(#fs, fs[1](), fs[3]())")).toEqual(["3\t2\t6"]);
  });

  test("assigning the loop variable does not change the iteration", () => {
    expect(lines("for i = 1, 3 do local seen = i i = i * 10 print(seen, i) end")).toEqual(["1\t10", "2\t20", "3\t30"]);
  });

  test("closures share an upvalue and see later writes", () => {
    const src = "local n = 0 local function inc() n += 1 end local function get() return n end inc() inc() print(get(), n)";
    expect(lines(src)).toEqual(["2\t2"]);
  });

  test("continue skips the rest of the body and still evaluates the until condition", () => {
    const src = "local out = {} local i = 0 repeat i += 1 local odd = i % 2 == 1 if odd then continue end table.insert(out, i) until i >= 6 print(table.concat(out, ','))";
    expect(lines(src)).toEqual(["2,4,6"]);
    expect(lines("for i = 1, 5 do if i % 2 == 0 then continue end print(i) end")).toEqual(["1", "3", "5"]);
  });

  test("shadowing creates a new variable; the outer one is unchanged", () => {
    expect(lines("local x = 1 do local x = 2 print(x) end print(x)")).toEqual(["2", "1"]);
    expect(lines("local x = 1 local x = x + 1 print(x)")).toEqual(["2"]);
    expect(lines("local x = 'outer' local function f() local x = 'inner' return x end print(f(), x)")).toEqual(["inner\touter"]);
  });

  test("local function can recurse; local f = function cannot see itself", () => {
    expect(lines("local function fact(n) return n <= 1 and 1 or n * fact(n - 1) end print(fact(10))")).toEqual(["3628800"]);
    expect(failure("local f = function(n) if n == 0 then return 0 end return f(n - 1) end f(1)")).toBe("t:1: attempt to call a nil value");
  });

  test("locals with JS-reserved or helper-like names work", () => {
    expect(lines("local this, var, let, new, yield, arguments, eval, undefined, NaN = 1, 2, 3, 4, 5, 6, 7, 8, 9 print(this + var + let + new + yield + arguments + eval + undefined + NaN)")).toEqual(["45"]);
    expect(lines("local constructor, __proto__, prototype = 1, 2, 3 print(constructor, __proto__, prototype)")).toEqual(["1\t2\t3"]);
    expect(lines("local t = {} t.__proto__ = 5 t.constructor = 6 print(t.__proto__, t.constructor, t['__proto__'])")).toEqual(["5\t6\t5"]);
  });
});

describe("numeric for", () => {
  const collect = (header: string) => lines(`local out = {} for ${header} do table.insert(out, i) end print(table.concat(out, ' '))`)[0];

  test("integer steps, ascending and descending", () => {
    expect(collect("i = 1, 3")).toBe("1 2 3");
    expect(collect("i = 3, 1, -1")).toBe("3 2 1");
    expect(collect("i = 10, 1, -3")).toBe("10 7 4 1");
    expect(collect("i = -1, -3, -1")).toBe("-1 -2 -3");
    expect(collect("i = 1, 0")).toBe("");
    expect(collect("i = 1, 3, -1")).toBe("");
  });

  test("float steps accumulate by repeated addition", () => {
    expect(collect("i = 1, 2, 0.5")).toBe("1 1.5 2");
    expect(collect("i = 0.1, 0.5, 0.1")).toBe("0.1 0.2 0.30000000000000004 0.4 0.5");
    expect(collect("i = 1, 3, 1.5")).toBe("1 2.5");
    expect(collect("i = 1, 0, -0.25")).toBe("1 0.75 0.5 0.25 0");
  });

  test("a zero step runs no iterations", () => {
    expect(collect("i = 1, 3, 0")).toBe("");
    expect(lines("local s = 0 local z = 0 for i = 1, 3, z do s += 1 end print(s)")).toEqual(["0"]);
  });

  test("a step computed at run time picks the direction", () => {
    expect(lines("local st = -2 local out = {} for i = 5, 1, st do table.insert(out, i) end print(table.concat(out, ' '))")).toEqual(["5 3 1"]);
  });

  test("bounds and step are evaluated once, in order", () => {
    const src = "local function v(x) print('eval', x) return x end local n = 0 for i = v(1), v(3), v(1) do n += 1 end print(n)";
    expect(lines(src)).toEqual(["eval\t1", "eval\t3", "eval\t1", "3"]);
    expect(lines("local n = 3 local c = 0 for i = 1, n do n = 10 c += 1 end print(c)")).toEqual(["3"]);
  });

  test("numeric strings are coerced; other types are errors", () => {
    expect(collect("i = '1', '3'")).toBe("1 2 3");
    expect(failure("for i = 1, 'x' do end")).toBe("t:1: invalid 'for' limit (number expected, got string)");
    expect(failure("\nfor i = nil, 2 do end")).toBe("t:2: invalid 'for' initial value (number expected, got nil)");
    expect(failure("for i = 1, 2, {} do end")).toBe("t:1: invalid 'for' step (number expected, got table)");
  });

  test("an infinite limit runs until break", () => {
    expect(collect("i = 1, math.huge, 1 do if i > 3 then break end end for i = 1, 3")).toBe("1 2 3");
    expect(lines("local c = 0 for i = 1, math.huge do c += 1 if c == 4 then break end end print(c)")).toEqual(["4"]);
  });
});

describe("metamethods", () => {
  const trace = `
local log = {}
local function name(x) return type(x) == 'table' and x.name or tostring(x) end
local mt = {}
for _, op in ipairs({'add', 'sub', 'mul', 'div', 'mod', 'pow', 'idiv', 'concat'}) do
  mt['__' .. op] = function(a, b) table.insert(log, op .. '(' .. name(a) .. ',' .. name(b) .. ')') return op end
end
mt.__unm = function(a, b) table.insert(log, 'unm(' .. name(a) .. ',' .. name(b) .. ')') return 'unm' end
local A = setmetatable({name = 'A'}, mt)
local B = setmetatable({name = 'B'}, mt)
`;

  test("arithmetic and concat metamethods get operands in source order", () => {
    const src = trace + "local r = {A + B, 1 - A, A * 2, A / B, 5 % A, 2 ^ A, A // 3, 'x' .. A, A .. 1, -A} print(table.concat(log, ' ')) print(r[1], r[10])";
    expect(lines(src)).toEqual([
      "add(A,B) sub(1,A) mul(A,2) div(A,B) mod(5,A) pow(2,A) idiv(A,3) concat(x,A) concat(A,1) unm(A,A)",
      "add\tunm",
    ]);
  });

  test("compound assignment uses the same metamethods", () => {
    expect(lines(trace + "local v = A v += 1 v = A v ..= 'z' print(table.concat(log, ' '))")).toEqual(["add(A,1) concat(A,z)"]);
  });

  test("a concat chain is right associative: the rightmost pair is joined first", () => {
    expect(lines(trace + "local r = 'a' .. 'b' .. A print(r, table.concat(log, ' '))")).toEqual(["aconcat\tconcat(b,A)"]);
  });

  test("__eq is called only for two tables, and not for rawequal", () => {
    const src = `
local calls = 0
local mt = {__eq = function(a, b) calls += 1 return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a == b, a ~= b, a == 1, a == nil, rawequal(a, b), calls)`;
    expect(lines(src)).toEqual(["true\tfalse\tfalse\tfalse\tfalse\t2"]);
  });

  test("__lt and __le; a > b is evaluated as b < a", () => {
    const src = `
local order = {}
local mt = {
  __lt = function(a, b) table.insert(order, a.v .. '<' .. b.v) return a.v < b.v end,
  __le = function(a, b) table.insert(order, a.v .. '<=' .. b.v) return a.v <= b.v end,
}
local one, two = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(one < two, one > two, one <= two, two >= one)
print(table.concat(order, ' '))`;
    expect(lines(src)).toEqual(["true\tfalse\ttrue\ttrue", "1<2 2<1 1<=2 1<=2"]);
  });

  test("__index and __newindex as functions and tables, and rawget/rawset bypass them", () => {
    const src = `
local base = {greet = 'hi'}
local store = {}
local t = setmetatable({}, {
  __index = function(_, k) if k == 'dyn' then return 'computed' end return base[k] end,
  __newindex = function(_, k, v) store[k] = v end,
})
t.x = 1
print(t.greet, t.dyn, t.missing, rawget(t, 'x'), store.x)
rawset(t, 'y', 2)
print(t.y, store.y)
local chain = setmetatable({}, {__index = setmetatable({}, {__index = base})})
print(chain.greet)`;
    expect(lines(src)).toEqual(["hi\tcomputed\tnil\tnil\t1", "2\tnil", "hi"]);
  });

  test("__newindex is not consulted for existing keys", () => {
    const src = "local n = 0 local t = setmetatable({a = 1}, {__newindex = function() n += 1 end}) t.a = 2 t.b = 3 print(t.a, t.b, n)";
    expect(lines(src)).toEqual(["2\tnil\t1"]);
  });

  test("__call receives the callee first; __len and __tostring", () => {
    const src = `
local obj = setmetatable({}, {
  __call = function(self, a, b) return a + b, self end,
  __len = function() return 42 end,
  __tostring = function() return 'OBJ' end,
})
local sum, self = obj(2, 3)
print(sum, self == obj, #obj, tostring(obj), \`{obj}\`)`;
    expect(lines(src)).toEqual(["5\ttrue\t42\tOBJ\tOBJ"]);
  });

  test("__index on a method call receives the object", () => {
    const src = `
local Class = {} Class.__index = Class
function Class.new(v) return setmetatable({v = v}, Class) end
function Class:get() return self.v end
local Sub = setmetatable({}, {__index = Class}) Sub.__index = Sub
function Sub.new(v) return setmetatable(Class.new(v), Sub) end
function Sub:get() return 'sub:' .. Class.get(self) end
print(Class.new(1):get(), Sub.new(2):get())`;
    expect(lines(src)).toEqual(["1\tsub:2"]);
  });

  test("errors raised by operators name the operand types", () => {
    expect(failure("local t = {} local x = t + 1")).toBe("t:1: attempt to perform arithmetic (add) on table and number");
    expect(failure("local x = -{}")).toBe("t:1: attempt to perform arithmetic (unm) on table");
    expect(failure("local x = {} .. 'a'")).toBe("t:1: attempt to concatenate table with string");
    expect(failure("local x = {} < {}")).toBe("t:1: attempt to compare table < table");
    expect(failure("local x = 1 > 'a'")).toBe("t:1: attempt to compare string < number");
    expect(failure("local x = #nil")).toBe("t:1: attempt to get length of a nil value");
  });
});

describe("error positions", () => {
  test("runtime errors name the chunk and the line of the failing statement", () => {
    expect(failure("local t = nil\n\nlocal x = t.field")).toBe("t:3: attempt to index nil with 'field'");
    expect(failure("local a\nlocal b\nlocal c = a + 1")).toBe("t:3: attempt to perform arithmetic (add) on nil and number");
    expect(failure("\n\n\nundefinedFunction()")).toBe("t:4: attempt to call a nil value");
  });

  test("a number raised with error() becomes positioned text written as Luau writes numbers", () => {
    expect(failure("error(1e-7)")).toBe("t:1: 1e-07");
    expect(failure("error(2^63)")).toBe("t:1: 9223372036854776000");
    expect(failure("error(-0.0)")).toBe("t:1: -0");
  });

  test("lines stay exact after multi-line strings, comments and tables", () => {
    const src = [
      "local s = [[",
      "a",
      "b]] --[[ a",
      "comment ]] local t = {",
      "  1,",
      "  2,",
      "}",
      "local u = 'x\\",
      "y' .. s",
      "local x = nil + #t",
    ].join("\n");
    expect(failure(src)).toBe("t:10: attempt to perform arithmetic (add) on nil and number");
  });

  test("an error inside a function reports the function's line, not the call's", () => {
    const src = "local function f()\n  return nil .. 'x'\nend\n\nf()";
    expect(failure(src)).toBe("t:2: attempt to concatenate nil with string");
  });

  test("error() level 1 points at the call to error, level 2 at the caller", () => {
    const src = "local function check(x)\n  if not x then error('bad input', 2) end\n  error('level one')\nend\n";
    expect(failure(src + "\ncheck(false)")).toBe("t:6: bad input");
    expect(failure(src + "check(true)")).toBe("t:3: level one");
    expect(failure("error('no position', 0)")).toBe("no position");
    expect(failure("error({code = 1})")).toMatch(/^table: /);
  });

  test("pcall returns the positioned message", () => {
    expect(lines("local ok, err = pcall(function()\n  local x = nil\n  return x.y\nend)\nprint(ok, err)")).toEqual(["false\tt:3: attempt to index nil with 'y'"]);
  });

  test("unbounded recursion is a catchable stack overflow", () => {
    const r = lines("local function f() return f() + 1 end\nlocal ok, err = pcall(f)\nprint(ok, err)");
    expect(r).toEqual(["false\tt:1: stack overflow"]);
  });
});

describe("expressions", () => {
  test("and/or return operands and short-circuit", () => {
    expect(lines("print(nil and 1, false or nil, 1 and 2, nil or 'd', false and error('no'), 1 or error('no'))")).toEqual(["nil\tnil\t2\td\tfalse\t1"]);
  });

  test("if-then-else expressions evaluate only the chosen branch", () => {
    expect(lines("local function boom() error('evaluated') end local x = if true then 1 else boom() print(x, if false then boom() elseif nil then boom() else 'c')")).toEqual(["1\tc"]);
  });

  test("operator precedence and associativity", () => {
    expect(lines("print(2 ^ 3 ^ 2, -2 ^ 2, not nil == true, 1 .. 2 .. 3, 2 + 3 * 4 ^ 2 / 8, 7 // 2 * 2, -3 % 5, 5 % -3)")).toEqual(["512\t-4\ttrue\t123\t8\t6\t2\t-1"]);
  });

  test("comparison chains of mixed types do not coerce", () => {
    expect(lines("print(1 == 1.0, '1' == 1, 'a' < 'b', 'Z' < 'a', '10' < '9')")).toEqual(["true\tfalse\ttrue\ttrue\ttrue"]);
  });

  test("table constructors store items in source order with positional counting", () => {
    expect(lines("local t = {'explicit', [1] = 'k'} print(t[1])")).toEqual(["k"]);
    expect(lines("local t = {[1] = 'k', 1} print(t[1])")).toEqual(["1"]);
    expect(lines("local t = {x = 1, ['y'] = 2, 3; 4} print(t.x, t.y, t[1], t[2])")).toEqual(["1\t2\t3\t4"]);
    expect(failure("local t = {[nil] = 1}")).toBe("t:1: table index is nil");
  });

  test("string interpolation formats values with tostring", () => {
    expect(lines("local n = 3 print(`n={n} half={n / 2} t={true} nil={nil} {'{'}`)")).toEqual(["n=3 half=1.5 t=true nil=nil {"]);
  });

  test("assignment evaluates all expressions before storing", () => {
    expect(lines("local a, b = 1, 2 a, b = b, a print(a, b)")).toEqual(["2\t1"]);
    expect(lines("local t = {1, 2} local i = 1 i, t[i] = i + 1, 'x' print(i, t[1], t[2])")).toEqual(["2\tx\t2"]);
  });
});
