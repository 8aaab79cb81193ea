// @lune/luau from Luau: compile (syntax errors, option checks), load of source and compiled code,
// chunk names in errors, and the environment options.
import { describe, expect, test } from "bun:test";
import { runChecked } from "./lune_harness";

const PRELUDE = `local luau = require("@lune/luau")
`;

const check = (source: string) => runChecked(PRELUDE, source);

describe("compile", () => {
  test("returns a string that load accepts", async () => {
    await check(`
local compiled = luau.compile("local a, b = ... return a + b")
eq(type(compiled), "string")
eq(luau.load(compiled)(40, 2), 42)
eq(luau.load(luau.compile("do end"))(), nil)
`);
  });

  test("raises the syntax error of bad source", async () => {
    await check(`
fails(":1: Expected identifier when parsing expression, got '+'", luau.compile, "return +")
fails(":2: ", luau.compile, "local x = 1\\nx +")
`);
  });

  test("each level option must be 0, 1 or 2", async () => {
    await check(`
for _, name in { "optimizationLevel", "coverageLevel", "debugLevel" } do
	for level = 0, 2 do
		assert(pcall(luau.compile, "do end", { [name] = level }), name .. " " .. level)
	end
	fails("'" .. name .. "' must be one of: 0, 1, or 2 - got 3", luau.compile, "do end", { [name] = 3 })
	fails("'" .. name .. "' must be one of: 0, 1, or 2 - got -1", luau.compile, "do end", { [name] = -1 })
end
fails("invalid argument #2 to 'compile' (table expected, got string)", luau.compile, "do end", "x")
fails("missing argument #1 to 'compile' (string expected)", luau.compile)
`);
  });
});

describe("load", () => {
  test("returns a function that takes arguments and returns values", async () => {
    await check(`
eq(type(luau.load("do end")), "function")
eq(luau.load("return 1")(), 1)
local a, b = luau.load("return ...")("x", "y")
eq(a, "x") eq(b, "y")
`);
  });

  test(`chunks are named [string "<debugName>"] in errors and debug.info`, async () => {
    await check(`
fails('[string "luau.load(...)"]:1: boom', luau.load("error('boom')"))
fails('[string "custom"]:2: boom', luau.load("local x = 1\\nerror('boom')", { debugName = "custom" }))
fails('[string "named"]:1: boom', luau.load("error('boom')", "named"))
fails('[string "luau.load(...)"]:1: Expected identifier', luau.load, "return +")
fails('[string "bad"]:1: ', luau.load, "return +", { debugName = "bad" })
eq(luau.load("return debug.info(1, 's')", { debugName = "test" })(), '[string "test"]')
`);
  });

  test("without an environment the chunk shares the caller's globals", async () => {
    await check(`
shared = 1
luau.load("shared = shared + 1; created = true")()
eq(shared, 2) eq(created, true)
`);
  });

  test("an environment gives the chunk a new table: globals first (unless injectGlobals = false), then its entries", async () => {
    await check(`
x = 5
local env = { print = "overridden", y = 1 }
local f = luau.load("x = 10; y = 2; return x, print, type", { environment = env })
local rx, rprint, rtype = f()
eq(rx, 10) eq(rprint, "overridden") eq(rtype, type)
eq(x, 5, "the caller's globals are untouched") eq(env.y, 1, "so is the environment table")

local g = luau.load("return x, type, y", { environment = { y = 3 }, injectGlobals = false })
local gx, gtype, gy = g()
eq(gx, nil) eq(gtype, nil) eq(gy, 3)

local meta = setmetatable({}, { __index = function(_, k) return "meta:" .. k end })
eq(luau.load("return foo", { environment = meta, injectGlobals = false })(), "meta:foo", "the environment's metatable is kept")
eq(luau.load("return 1", { environment = {}, codegenEnabled = true })(), 1, "codegenEnabled is accepted")
`);
  });

  test("option types are checked", async () => {
    await check(`
fails("invalid argument #2 to 'load' (field 'debugName' must be a string, got number)", luau.load, "return", { debugName = 1 })
fails("field 'environment' must be a table, got string", luau.load, "return", { environment = "x" })
fails("field 'injectGlobals' must be a boolean, got number", luau.load, "return", { injectGlobals = 1 })
fails("field 'codegenEnabled' must be a boolean, got string", luau.load, "return", { codegenEnabled = "yes" })
fails("invalid argument #2 to 'load' (table or string expected, got number)", luau.load, "return", 5)
fails("missing argument #1 to 'load' (string expected)", luau.load)
`);
  });
});
