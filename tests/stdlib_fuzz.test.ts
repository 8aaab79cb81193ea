// Argument fuzzing of the library functions: every function of the builtin libraries, the safe
// base functions, the Lune libraries @lune/serde, @lune/datetime, @lune/regex and @lune/luau (with
// the methods of their objects) and the VM's operators is called a few hundred times with 0–4 or so
// arguments drawn from a pool of awkward values. A call passes when it returns Luau values, or
// raises a Luau error in Luau's words (no leaked JS exception text); nothing may hang or crash.
//
// The calls are made from Luau, through pcall, by a script that a LuneRuntime runs in a child
// process (this same file, with BUNE_STDLIB_FUZZ_JOB set), so that a hang can be killed and the call
// it was stuck on named. The argument lists come from a seeded PRNG, per function (FUZZ_SEED=<number>
// picks a seed, FUZZ_SEED=random a fresh one, FUZZ_COMBOS=<n> the calls per function): a failure is
// reported as the Luau call that failed, to replay with its seed or to copy into REGRESSIONS.
import { describe, expect, test } from "bun:test";
import { compileChunk } from "../runtime/chunk";
import { LuauError } from "../runtime/errors";
import { LuauTable } from "../runtime/table";
import { library } from "../stdlib/args";
import { LuneRuntime } from "../stdlib/lune/runtime";
import {
  callText, checkError, checkResults, describeValue, exitOnUncaught, hashName, pick, prng, runCases, runJob as runChildJob, seedFromEnv, send,
  type CaseResult,
  type ChildSpec, type Run as ChildRun,
} from "./fuzz_args";

const COMBOS_PER_TARGET = Number(process.env.FUZZ_COMBOS ?? 400);
const HANG_MS = 5_000; // no progress for this long: the child is stuck and gets killed
const RUN_LIMIT_MS = 60_000; // the whole run, however loaded the machine
const MAX_REPORTED = 30;
const MAX_REPORTED_PER_FUNCTION = 3;
const MAX_RESTARTS = 3;
const CHILD: ChildSpec = { script: import.meta.path, envVar: "BUNE_STDLIB_FUZZ_JOB" };

// ---- known defects: calls that once leaked a JS error, hung or crashed, with what they must do now

interface Regression {
  /** The function (as the fuzzer names it) and its arguments, as Luau expressions. */
  call: [target: string, ...args: string[]];
  /** The error message the call raises; without it, the call must return. */
  raises?: string;
}

const REGRESSIONS: Record<string, Regression> = {
  "table.create with a NaN size (was RangeError: Array length must be a positive integer)": {
    call: ["table.create", "0/0", "7"],
    raises: "invalid argument #1 to 'create' (size out of range)",
  },
  "table.create beyond Luau's array limit (was a hang filling 2^31 slots)": {
    call: ["table.create", "2^31 - 1", "1"],
    raises: "table overflow",
  },
  "tonumber with a NaN base (was RangeError: Not an integer)": {
    call: ["tonumber", "256", '"nan"'],
    raises: "invalid argument #2 to 'tonumber' (base out of range)",
  },
  "table.move of 2^31 elements to index 1 (was a hang)": {
    call: ["table.move", "{1, nil, 3}", "7999", "2^31 - 2", "1"],
    raises: "table overflow",
  },
  "table.move over a huge range outside the array part (was a hang)": {
    call: ["table.move", "{1, 2, 3}", "1", "2^30", "-2^30"],
  },
  "table.concat from -math.huge (was 'at index -Infinity')": {
    call: ["table.concat", "{}", '"#"', "-math.huge"],
    raises: "invalid value (nil) at index -2147483648 in table for 'concat'",
  },
  "table.concat over indices beyond 2^53 (was a hang)": {
    call: ["table.concat", '{[2^53] = "x"}', '""', "2^53", "2^53 + 2"],
    raises: "invalid value (nil) at index -2147483648 in table for 'concat'",
  },
  "table.unpack over indices beyond 2^53 (was a hang, then out of memory)": {
    call: ["table.unpack", "{}", "2^53", "2^53 + 2"],
  },
  "table.find from 2^53 (was a hang)": {
    call: ["table.find", "{[2^53] = 1}", "2", "2^53"],
    raises: "invalid argument #3 to 'find' (index out of range)",
  },
  "newproxy with an argument neither nil nor boolean (was accepted)": {
    call: ["newproxy", "1"],
    raises: "invalid argument #1 to 'newproxy' (nil or boolean expected, got number)",
  },
  "serde.decode of deeply nested YAML (was a JS stack overflow)": {
    call: ["serde.decode", '"yaml"', 'string.rep("[", 5000)'],
    raises: "failed to decode YAML: recursion limit exceeded",
  },
  "serde.decode of deeply nested TOML (was a JS stack overflow)": {
    call: ["serde.decode", '"toml"', '"a = " .. string.rep("[", 100000) .. string.rep("]", 100000)'],
    raises: "failed to decode TOML: recursion limit exceeded",
  },
  "serde.decode of a YAML alias inside itself (was a JS stack overflow)": {
    call: ["serde.decode", '"yaml"', '"a: &a [*a]"'],
    raises: "failed to decode YAML: recursion limit exceeded",
  },
};

// ---- the value pool: Luau expressions, each evaluated afresh for every call (callees may mutate,
// freeze or set metatables on their arguments)

type Kind = "nil" | "boolean" | "number" | "string" | "table" | "function" | "buffer" | "vector" | "thread" | "userdata";

const POOL: [Kind, string][] = [
  ["nil", "nil"],
  ["boolean", "true"],
  ["boolean", "false"],
  ...[
    "0", "-0", "1", "-1", "2", "3", "4", "7", "8", "10", "16", "31", "32", "100", "255", "256", "1000", "65536", "0.5",
    "-1.5", "2^31", "2^31 - 1", "2^32", "2^53", "2^53 + 2", "-2^63", "1e300", "math.huge", "-math.huge", "0/0",
  ].map((e): [Kind, string] => ["number", e]),
  ...[
    '""', '"abc"', '"%"', '"%d"', '"["', '"("', '"\\0"', '"10"', '"0x10"', '" 1e3 "', '"-0"', '"nan"', '"%s %q %5.1f"',
    '"(%a+)"', '"%b()"', '"%1"', '"[^%]"', '"a.b"', '"#"', '"*t"', '"slnaf"', '"json"', '"utf8"', '"h\\195\\169llo"',
    '"\\255\\254\\xC0\\x80"', 'string.rep("ab%d[", 60)', 'string.rep("[", 3000)',
  ].map((e): [Kind, string] => ["string", e]),
  ...[
    "{}", "{1, 2, 3}", '{a = 1, "x", [2.5] = true}', "{1, nil, 3}", "{{}, {1, {2}}}", "{n = 2^31}",
    "{year = 2024, month = 2, day = 30, hour = 25}", "setmetatable({}, RICH_MT)",
    "setmetatable({1}, BAD_MT)", "loop()", 'setmetatable({1, 2}, {__metatable = "locked"})', "table.freeze({1, 2})", "cyclic()",
    "{[{}] = 1, [true] = 2, [vector.create(1, 2, 3)] = 3}", '{[2^53] = "x", [2^53 + 2] = "y", [0] = "z", [-1] = 1.5}',
  ].map((e): [Kind, string] => ["table", e]),
  ...[
    "function(...) return ... end", "function() error(BOOM) end", 'function() error("boom") end', "coroutine.yield", "string.len",
    "coroutine.wrap(function(...) coroutine.yield(...) end)",
  ].map((e): [Kind, string] => ["function", e]),
  ["buffer", "buffer.create(0)"],
  ["buffer", 'buffer.fromstring("\\1\\2\\3\\4\\5\\6\\7\\8")'],
  ["buffer", 'buffer.fromstring(string.rep("\\x7f\\x80\\xff\\0", 64))'],
  ["vector", "vector.create(1, 2, 3)"],
  ["vector", "vector.create(0/0, math.huge, -0)"],
  ["thread", "coroutine.create(function(...) coroutine.yield(...) return ... end)"],
  ["thread", "dead()"],
  ["thread", "coroutine.running()"],
  ["userdata", "newproxy(true)"],
  ["userdata", "newproxy()"],
  ["userdata", "badProxy()"],
  ["userdata", 'regex.new("(a)(?<n>b)?")'],
  ["userdata", 'regex.new("b+"):find("abbc")'],
  ["userdata", 'regex.new("(a)(?<n>b)?"):captures("zab")'],
  ["userdata", "datetime.fromUnixTimestamp(1e9 + 0.5)"],
];

/** How often each kind is drawn for an argument without a hint. */
const KIND_WEIGHTS: [Kind, number][] = [
  ["number", 32], ["string", 28], ["nil", 8], ["boolean", 4], ["table", 12], ["function", 5], ["buffer", 4],
  ["vector", 2], ["thread", 2], ["userdata", 3],
];

/**
 * The parameters a target expects, one letter per argument (n number, s string, t table, f function,
 * b buffer, v vector, h thread, u userdata, r Regex, c RegexCaptures, d DateTime, o boolean, a any;
 * `x|y` either). Half of a target's calls follow its signature (with now and then a wrong argument),
 * so they get past the first type check to the code behind it. The first matching entry is used;
 * `*` ends a prefix.
 */
const SIGNATURES: [string, string][] = [
  ["string.gmatch()", "s s n"], ["utf8.codes()", "s o"], ["pairs()", "t"], ["ipairs()", "t"], ["coroutine.wrap()", "f a a"],
  ["buffer.create", "n"], ["buffer.fromstring", "s"], ["buffer.tostring", "b"], ["buffer.len", "b"],
  ["buffer.readstring", "b n n"], ["buffer.writestring", "b n s n"], ["buffer.copy", "b n b n n"], ["buffer.fill", "b n n n"],
  ["buffer.readbits", "b n n"], ["buffer.writebits", "b n n n"], ["buffer.read*", "b n"], ["buffer.write*", "b n n"],
  ["vector.create", "n n n"], ["vector.lerp", "v v n"], ["vector.*", "v v v"],
  ["math.map", "n n n n n"], ["math.*", "n n n"], ["bit32.*", "n n n n"],
  ["string.byte", "s n n"], ["string.sub", "s n n"], ["string.rep", "s n"], ["string.char", "n n n n"],
  ["string.format", "s a a a"], ["string.gsub", "s s s|f|t n"], ["string.find", "s s n o"], ["string.match", "s s n"],
  ["string.unpack", "s s n"], ["string.pack", "s a a a"], ["string.*", "s s s"],
  ["utf8.char", "n n n"], ["utf8.*", "s n n o"],
  ["table.insert", "t n a"], ["table.remove", "t n"], ["table.move", "t n n n t"], ["table.concat", "t s n n"],
  ["table.sort", "t f"], ["table.foreach*", "t f"], ["table.create", "n a"], ["table.find", "t a n"], ["table.unpack", "t n n"],
  ["table.pack", "a a a"], ["table.*", "t"], ["unpack", "t n n"],
  ["setmetatable", "t t"], ["getmetatable", "a"], ["rawset", "t a a"], ["rawget", "t a"], ["rawequal", "a a"], ["rawlen", "t|s"],
  ["next", "t a"], ["ipairs", "t"], ["pairs", "t"], ["select", "n a a"], ["tonumber", "s|n n"], ["tostring", "a"],
  ["error", "a n"], ["assert", "a s"], ["pcall", "f a a"], ["xpcall", "f f a"], ["newproxy", "o"], ["getfenv", "f|n"],
  ["loadstring", "s s"], ["collectgarbage", "s n"],
  ["coroutine.create", "f"], ["coroutine.wrap", "f"], ["coroutine.resume", "h a a"], ["coroutine.*", "h"],
  ["debug.info", "h|f|n n|s s"], ["debug.traceback", "h|s s|n n"],
  ["os.date", "s n"], ["os.time", "t"], ["os.difftime", "n n"],
  ["serde.encode", "s a o"], ["serde.decode", "s s|b"], ["serde.compress", "s s|b n"], ["serde.decompress", "s s|b"],
  ["serde.hash", "s s|b"], ["serde.hmac", "s s|b s|b"],
  ["luau.*", "s t"], ["regex.new", "s"], ["datetime.fromUnixTimestamp*", "n"], ["datetime.fromUniversalTime", "n|t n n n n n n"],
  ["datetime.fromLocalTime", "n|t n n n n n n"], ["datetime.*", "s"],
  ["Regex:replace*", "r s s"], ["Regex:*", "r s"], ["RegexCaptures:get", "c n"], ["RegexCaptures:*", "c s"],
  ["DateTime:format*", "d s s"], ["DateTime:*", "d"],
];

/** First arguments that get past the first check of some targets (formats, algorithms, options),
 * drawn for most of their calls. */
const FIRST_ARGUMENTS: [string, string[]][] = [
  ["serde.encode serde.decode", ['"json"', '"jsonc"', '"yaml"', '"toml"', '" JSON "']],
  ["serde.compress serde.decompress", ['"gzip"', '"zlib"', '"brotli"', '"lz4"', '"zstd"']],
  ["serde.hash serde.hmac", ['"md5"', '"sha1"', '"sha256"', '"sha512"', '"sha3-256"', '"blake3"']],
  ["os.date", ['"*t"', '"!*t"', '"%c %x %X %p"', '"!%Y-%m-%d %H:%M:%S %z"', '"%E"', '"%"', '"%Ez"']],
  ["collectgarbage", ['"count"', '"collect"', '"step"', '"stop"']],
  [
    "string.pack string.packsize string.unpack",
    ['"i4"', '"<I2 >d"', '"z"', '"s1"', '"!4 i3 x Xi4"', '"c3"', '"j n"', '"i16"', '"=!16 Xi16"', '"c0 s4 B"'],
  ],
  [
    "string.format",
    ['"%5.2f"', '"%q"', '"%*d"', '"%-+ #0x"', '"%i %c"', '"%10.3s"', '"%.99f"', '"%a %g %e"', '"%99.99f"', '"%s%s%s"'],
  ],
  [
    "regex.new",
    ['"(?<n>a)"', '"[a-"', '"\\\\p{L}+"', '"(?i)ABC"', '"\\\\d{3,1}"', '"(?P<x>y)"', '"\\\\"', '"(a|b)*c"', '"^$"', '"\\\\b"'],
  ],
  ["luau.compile luau.load loadstring", ['"return 1"', '"while true do end"', '"local x = "', '"return ..."', '"\\27Lua"', '"--[["']],
  [
    "datetime.fromIsoDate datetime.fromRfc3339 datetime.fromRfc2822",
    [
      '"2024-02-30T25:00:00Z"', '"1970-01-01T00:00:00Z"', '"Mon, 01 Jan 2024 00:00:00 +0000"', '"+275760-09-13T00:00:00Z"',
      '"2024-01-01T00:00:00.123456789+14:00"', '"Fri, 31 Dec 9999 23:59:60 -2359"',
    ],
  ],
  [
    "datetime.fromUniversalTime datetime.fromLocalTime",
    [
      "{year = 2024, month = 2, day = 29, hour = 23, minute = 59, second = 59, millisecond = 999}",
      "{year = 2024, month = 2, day = 29, hour = 23, minute = 59, second = 60, millisecond = 1e9}",
      "{year = -9999, month = 1, day = 1}", "{year = 2024, month = 13, day = 0}", "{year = 1e9}", "2024", "-1", "0/0",
    ],
  ],
  ["datetime.fromUnixTimestamp", ["1e9", "-1e12", "8.64e15", "1e17", "0.001"]],
  ["select", ['"#"']],
];

/** Values that make sense to some targets, mixed into their other arguments. */
const VOCABULARY: [string, string[]][] = [
  [
    "serde.encode",
    [
      "cyclic()", "deep(127)", "deep(300)", "{a = 0/0, b = -math.huge}", "{[1] = 1, [1000000] = 2}", '{["\\255"] = "\\255"}',
      "{[1.5] = 1, [-0] = 2}", "{a = {b = {c = {}}}, [2] = {1, {}}}",
    ],
  ],
  [
    "serde.decode",
    [
      '"[1, {\\"a\\": null}]"', '"a: &a [*a]"', '"{\\"__proto__\\": {\\"x\\": 1}}"', '"1e999"', '"a = 1979-05-27T07:32:00Z"',
      '"- !!binary aGk="', '"// c\\n[1,]"', 'string.rep("[", 5000)', 'string.rep("[", 100000) .. string.rep("]", 100000)',
      '"a = " .. string.rep("[", 100000) .. string.rep("]", 100000)',
    ],
  ],
  [
    "serde.decompress",
    [
      'serde.compress("gzip", "abc")', 'serde.compress("zstd", "abc")', 'serde.compress("lz4", string.rep("ab", 100))',
      'string.sub(serde.compress("brotli", "abcdef"), 1, -2)',
    ],
  ],
  ["serde.compress", ["-1", "0", "9", "11", "22", "23"]],
  [
    "os.date os.time os.difftime",
    ["8.64e15", "-8.64e15", "1e9", "{year = 2024, month = 2, day = 30, hour = 25, isdst = true}", "{year = 1e20, month = 1, day = 1}"],
  ],
  [
    "string.find string.match string.gmatch string.gmatch() string.gsub",
    ['"%f[%w]%w+"', '"(%d+)-(%a*)"', '"()"', '"(()"', '"%"', '".-"', '"a*"', '"%b"', '"[%a-]"', '"%g"', '"$^"'],
  ],
  ["string.gsub", ['"%0%1%2"', '"%%"', "{a = false}"]],
  [
    "DateTime:formatUniversalTime DateTime:formatLocalTime",
    [
      '"%Y-%m-%d %H:%M:%S"', '"%c %x %X %A %B"', '"%E"', '"%"', '"%-d %e %j %U %G %V %s %f %.3f %:z %#z"', '"fr"', '"zz"', '"en-us"',
      '"pt-br"',
    ],
  ],
  ["Regex:replace Regex:replaceAll RegexCaptures:format", ['"$1 $n ${n} $$"', '"${"', '"$99"', '"$"', '"${999999999999}"']],
  [
    "Regex:isMatch Regex:find Regex:captures Regex:split Regex:replace Regex:replaceAll",
    ['"aab"', '"\\0a\\0b"', '"h\\195\\169"', '"\\255"'],
  ],
  [
    "luau.compile luau.load",
    [
      "{optimizationLevel = 5}", "{debugName = 1}", "{environment = 1}", "{codegen = true}", "{debugLevel = -1, coverageLevel = 9}",
      '{debugName = string.rep("x", 1000)}',
    ],
  ],
  [
    "utf8.char utf8.codepoint utf8.len utf8.offset utf8.codes utf8.codes()",
    ['"\\u{10FFFF}"', '"\\xF4\\x90\\x80\\x80"', '"\\xED\\xA0\\x80"', "0x10FFFF", "0x110000", "0x7FFFFFFF"],
  ],
  ["buffer.readbits buffer.writebits", ["33", "-32", "63", "64"]],
  ["table.move table.concat table.unpack unpack table.insert table.remove", ["2^31 - 2", "-2^31", "7999", "8000"]],
];

/** Argument lists that would allocate too much to be worth running (the sizes are still fuzzed). */
function tooBig(target: string, args: string[]): boolean {
  if (target === "string.rep") return args.includes("65536") && args.some((a) => a.startsWith("string.rep"));
  return false;
}

// ---- deterministic argument lists

const byKind = new Map<Kind, string[]>();
for (const [kind, expr] of POOL) byKind.set(kind, [...(byKind.get(kind) ?? []), expr]);

function pickKind(rand: () => number): Kind {
  let x = rand() * KIND_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (const [kind, w] of KIND_WEIGHTS) if ((x -= w) < 0) return kind;
  return "nil";
}

/** The kinds a signature letter draws from, or the values (for the Lune objects). */
const SIGNATURE_KINDS: Record<string, Kind[]> = {
  n: ["number"], s: ["string"], t: ["table"], f: ["function"], b: ["buffer"], v: ["vector"], h: ["thread"], u: ["userdata"],
  o: ["boolean"], a: KIND_WEIGHTS.map(([k]) => k),
};
const SIGNATURE_VALUES: Record<string, string[]> = {
  r: POOL.filter(([, e]) => /^regex\.new\("[^"]*"\)$/.test(e)).map(([, e]) => e),
  c: POOL.filter(([, e]) => e.endsWith(':captures("zab")')).map(([, e]) => e),
  d: POOL.filter(([, e]) => e.startsWith("datetime.")).map(([, e]) => e),
};

function signatureOf(target: string): string[] | undefined {
  const entry = SIGNATURES.find(([name]) => (name.endsWith("*") ? target.startsWith(name.slice(0, -1)) : target === name));
  return entry?.[1].split(" ");
}

/** The argument lists (Luau expressions) a target is called with, for a seed: a function of the
 * seed and the target's name only, so a failure replays whatever else changes. */
function planFor(seed: number, target: string, count: number): string[][] {
  const rand = prng(seed ^ hashName(target));
  const signature = signatureOf(target);
  const forTarget = (table: [string, string[]][]) => table.filter(([names]) => names.split(" ").includes(target)).flatMap(([, w]) => w);
  const firstWords = forTarget(FIRST_ARGUMENTS);
  const words = forTarget(VOCABULARY);
  const anyValue = () => pick(rand, byKind.get(pickKind(rand))!);
  const typedValue = (letters: string) => {
    const letter = pick(rand, letters.split("|"));
    if (letter in SIGNATURE_VALUES) return pick(rand, SIGNATURE_VALUES[letter]);
    return pick(rand, byKind.get(pick(rand, SIGNATURE_KINDS[letter]))!);
  };
  const plans: string[][] = [];
  while (plans.length < count) {
    const typed = signature !== undefined && rand() < 0.5;
    // a typed call has the signature's arity, give or take one; an untyped one 0-4 arguments
    const x = rand();
    const n = typed
      ? Math.max(0, signature!.length + (x < 0.1 ? -1 : x < 0.2 ? 1 : 0))
      : x < 0.05 ? 0 : x < 0.25 ? 1 : x < 0.55 ? 2 : x < 0.8 ? 3 : 4;
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i === 0 && firstWords.length > 0 && rand() < 0.75) args.push(pick(rand, firstWords));
      else if (words.length > 0 && rand() < 0.3) args.push(pick(rand, words));
      else if (typed && i < signature!.length && rand() < 0.9) args.push(typedValue(signature![i]));
      else args.push(anyValue());
    }
    if (!tooBig(target, args)) plans.push(args);
  }
  return plans;
}

// ---- the targets, found by the Luau driver

/** Never called: they write to the terminal, load files, or could replace the driver's own environment. */
const EXCLUDED = new Set(["print", "warn", "require", "setfenv"]);

const BUILTIN_LIBRARIES = ["string", "table", "math", "bit32", "buffer", "utf8", "os", "coroutine", "debug", "vector"];
const BASE_FUNCTIONS = [
  "assert", "error", "getmetatable", "ipairs", "next", "newproxy", "pairs", "pcall", "rawequal", "rawget", "rawlen", "rawset",
  "select", "setmetatable", "tonumber", "tostring", "type", "typeof", "unpack", "xpcall", "gcinfo", "collectgarbage", "getfenv",
  "loadstring",
];
const LUNE_LIBRARIES = ["serde", "datetime", "regex", "luau"];
/** Methods of the Lune objects (their metatables are locked, so they are listed here). */
const METHODS: [string, string, string[]][] = [
  ["Regex", 'regex.new("a")', ["isMatch", "find", "captures", "split", "replace", "replaceAll"]],
  ["RegexCaptures", 'regex.new("(a)"):captures("a")', ["get", "group", "format"]],
  [
    "DateTime",
    "datetime.fromUnixTimestamp(0)",
    ["toIsoDate", "toRfc3339", "toRfc2822", "formatUniversalTime", "formatLocalTime", "toUniversalTime", "toLocalTime"],
  ],
];
/** The VM's operators, whose metamethod dispatch and errors are library-like. */
const OPERATORS: [string, string][] = [
  ["add", "return a + b"], ["sub", "return a - b"], ["mul", "return a * b"], ["div", "return a / b"], ["idiv", "return a // b"],
  ["mod", "return a % b"], ["pow", "return a ^ b"], ["unm", "return -a"], ["concat", "return a .. b"], ["len", "return #a"],
  ["eq", "return a == b"], ["lt", "return a < b"], ["le", "return a <= b"], ["index", "return a[b]"], ["newindex", "a[b] = c"],
  ["call", "return a(b, c)"], ["iterate", "for _ in a, b, c do break end"], ["interpolate", "return `{a}{b}`"],
];
/** Functions whose results are functions, called through: the iterators and wrappers do their work
 * (and raise their errors) only when called. */
const CALLED_THROUGH: [string, string][] = [
  ["string.gmatch", "local n = 0 for _ in string.gmatch(a, b, c) do n += 1 if n > 10000 then break end end"],
  ["utf8.codes", "for _ in utf8.codes(a, b) do end"],
  ["pairs", "for _ in pairs(a) do end"],
  ["ipairs", "for _ in ipairs(a) do end"],
  ["coroutine.wrap", "local f = coroutine.wrap(a) f(b, c) return f(c)"],
];

function driverSource(pool: string[]): string {
  const list = (xs: string[]) => `{${xs.map((x) => JSON.stringify(x)).join(", ")}}`;
  return `local F = __FUZZ
local regex = require("@lune/regex")
local datetime = require("@lune/datetime")
local serde = require("@lune/serde")
local BOOM = F.BOOM
local RICH_MT = {
	__index = function(t, k) return k end,
	__tostring = function() return "rich" end,
	__len = function() return 3 end,
	__call = function(self, ...) return ... end,
	__eq = function() return true end,
	__lt = function() return true end,
	__le = function() return false end,
	__concat = function() return "cat" end,
	__unm = function(a) return a end,
	__add = function() return 1 end,
	__iter = function() return next, {1, 2} end,
}
-- metamethods that fail, return the wrong types, or are not functions
local BAD_MT = {
	__index = function() error(BOOM) end,
	__newindex = function() error("no writes") end,
	__tostring = function() return {} end,
	__len = function() return "three" end,
	__call = 5,
	__eq = function() error(BOOM) end,
	__lt = function() return nil end,
	__le = function() coroutine.yield() end,
	__concat = function() return nil end,
	__unm = function(a) return a, a end,
	__add = function() end,
	__iter = function() return 1 end,
	__type = 5,
}
local function badProxy()
	local u = newproxy(true)
	for k, v in BAD_MT do getmetatable(u)[k] = v end
	return u
end
-- an __index/__newindex chain that never ends
local function loop() local t = {} return setmetatable(t, {__index = t, __newindex = t, __call = t}) end
local function cyclic() local t = {1} t[2] = t t.self = t return t end
local function dead() local c = coroutine.create(function() end) coroutine.resume(c) return c end
local function deep(n) local t = {} for _ = 1, n do t = {t} end return t end
local POOL = {
${pool.map((e) => `\tfunction() return ${e} end,`).join("\n")}
}

local TARGETS = {}
local function add(name, fn)
	if type(fn) ~= "function" then F.missing(name) else table.insert(TARGETS, {name, fn}) end
end
local function addLibrary(prefix, lib)
	local names = {}
	for k, v in lib do if type(v) == "function" then table.insert(names, k) end end
	table.sort(names)
	for _, k in names do add(prefix .. "." .. k, lib[k]) end
end
local env = getfenv()
for _, name in ${list(BUILTIN_LIBRARIES)} do addLibrary(name, env[name]) end
for _, name in ${list(BASE_FUNCTIONS)} do add(name, env[name]) end
for _, name in ${list(LUNE_LIBRARIES)} do addLibrary(name, require("@lune/" .. name)) end
${METHODS.map(([type, make, names]) => `do local obj = ${make} for _, m in ${list(names)} do add("${type}:" .. m, obj[m]) end end`)
  .join("\n")}
${OPERATORS.map(([name, body]) => `add("op.${name}", function(a, b, c) ${body} end)`).join("\n")}
${CALLED_THROUGH.map(([name, body]) => `add("${name}()", function(a, b, c) ${body} end)`).join("\n")}
if F.SELFTEST then addLibrary("selftest", F.SELFTEST) end

-- each call runs in a coroutine of its own, so that one that yields (coroutine.yield, or a pool
-- function that yields) is simply abandoned
for _, target in TARGETS do
	local name, fn = target[1], target[2]
	local plan = F.plan(name)
	if plan then
		for i, combo in plan do
			F.progress(name, i)
			local co = coroutine.create(function()
				local args = {}
				for j = 1, combo.n do args[j] = POOL[combo[j]]() end
				F.check(name, i, pcall(fn, table.unpack(args, 1, combo.n)))
			end)
			local ok, err = coroutine.resume(co)
			if not ok then
				F.escaped(name, i, err)
			elseif coroutine.status(co) == "suspended" then
				F.yielded(name, i)
				coroutine.close(co)
			end
		end
	end
end
F.done()
`;
}

// ---- child side: runs the driver over a fuzz plan or the regression cases, reporting each call on
// stdout as a line of JSON, written synchronously so that the parent sees progress up to a hang

type Job =
  | { mode: "fuzz"; seed: number; combos: number; skip?: string[]; selftest?: boolean }
  | { mode: "cases"; skip: string[] };

interface Counts {
  targets: string[];
  calls: number;
  returned: number;
  raised: number;
  yielded: number;
}

/** Functions that misbehave in the ways the checker must catch (the `selftest` library). */
function selftestLibrary(): LuauTable {
  return library({
    leak: (t: any) => t.field.x,
    jsObject: () => ({}),
    wideString: () => "\u0100",
    tableError: () => {
      throw new LuauError(new LuauTable());
    },
    clean: () => 1,
    zzHang: () => {
      for (;;);
    },
  });
}

/** The regression cases of a target, in order, but for those skipped. */
function casesFor(target: string, skip: string[]): [string, Regression][] {
  return Object.entries(REGRESSIONS).filter(([name, r]) => r.call[0] === target && !skip.includes(name));
}

/** The argument lists each target is called with, for a job. */
function jobPlans(job: Job): (target: string) => string[][] | undefined {
  if (job.mode === "cases") {
    return (target) => {
      const calls = casesFor(target, job.skip);
      return calls.length > 0 ? calls.map(([, r]) => r.call.slice(1)) : undefined;
    };
  }
  return (target) => {
    if (EXCLUDED.has(target) || job.skip?.includes(target)) return undefined;
    if ((job.selftest === true) !== target.startsWith("selftest.")) return undefined;
    return planFor(job.seed, target, job.combos);
  };
}

async function runJob(job: Job): Promise<void> {
  const boom = new LuauTable();
  const plans = jobPlans(job);
  // every argument expression gets a slot in the driver's pool
  const pool: string[] = [];
  const slots = new Map<string, number>();
  const slot = (expr: string) => {
    let i = slots.get(expr);
    if (i === undefined) slots.set(expr, (i = pool.push(expr)));
    return i;
  };
  for (const [, expr] of POOL) slot(expr);
  for (const [, words] of [...FIRST_ARGUMENTS, ...VOCABULARY]) words.forEach(slot);
  for (const r of Object.values(REGRESSIONS)) r.call.slice(1).forEach(slot);

  const targets: string[] = [];
  let current = { target: "(setup)", index: -1 };
  exitOnUncaught(() => current);
  let calls = 0;
  let returned = 0;
  let raised = 0;
  let yielded = 0;
  const report = (target: string, index: number, outcome: string, problem: string | undefined) => {
    if (job.mode === "cases") send<Counts>({ kind: "outcome", target, index: index - 1, outcome, problem: problem ?? null });
    else if (problem !== undefined) send<Counts>({ kind: "failure", target, index: index - 1, problem });
  };
  const fuzz = library({
    BOOM: boom,
    SELFTEST: job.mode === "fuzz" && job.selftest ? selftestLibrary() : undefined,
    plan(target: string) {
      const plan = plans(target);
      if (plan === undefined) return undefined;
      targets.push(target);
      return LuauTable.fromArray(
        plan.map((args) => {
          const t = LuauTable.fromArray(args.map(slot));
          t.h.n = args.length;
          return t;
        }),
      );
    },
    progress(target: string, index: number) {
      calls++;
      current = { target, index: index - 1 };
      send<Counts>({ kind: "progress", target, index: index - 1 });
    },
    check(target: string, index: number, ok: boolean, ...values: unknown[]) {
      if (ok) returned++;
      else raised++;
      const error = values[0];
      const outcome = ok ? `returned ${values.map(describeValue).join(", ")}` : typeof error === "string" ? error : describeValue(error);
      report(target, index, outcome, ok ? checkResults(values) : checkError(target, error, boom));
    },
    escaped(target: string, index: number, err: unknown) {
      report(target, index, "escaped", `the call escaped pcall: ${describeValue(err)}`);
    },
    yielded(target: string, index: number) {
      yielded++;
      report(target, index, "yielded", undefined);
    },
    missing(target: string) {
      send<Counts>({ kind: "failure", target, index: -1, problem: "is not a function" });
    },
    done() {
      send<Counts>({ kind: "done", targets, calls, returned, raised, yielded });
    },
  });
  const runtime = new LuneRuntime([]);
  runtime.env.h.__FUZZ = fuzz;
  const outcome = await runtime.start(compileChunk(driverSource(pool), "stdlib_fuzz"));
  if (!outcome.ok) send<Counts>({ kind: "failure", target: "(driver)", index: -1, problem: `the driver failed: ${describeValue(outcome.error)}` });
}

const childJob = process.env.BUNE_STDLIB_FUZZ_JOB;
if (childJob !== undefined) await runJob(JSON.parse(childJob) as Job);

// ---- parent side

type Run = ChildRun<Counts>;

/** Runs a job in a child process, naming calls by `callOf(target, index)`. */
function run(job: Job, hangMs: number, callOf: (target: string, index: number) => string): Promise<Run> {
  const limits = { hangMs, runLimitMs: RUN_LIMIT_MS, maxReported: MAX_REPORTED, maxReportedPerTarget: MAX_REPORTED_PER_FUNCTION };
  return runChildJob<Counts>(CHILD, job, limits, callOf);
}

if (childJob === undefined) {
  describe("library argument fuzzing", () => {
    test("library functions called with awkward arguments return or raise clean Luau errors", async () => {
      const seed = seedFromEnv(0x5eed11b);
      const combos = COMBOS_PER_TARGET;
      // after a hang, the fuzzing goes on (a few times) from the functions not reached yet
      const failures: string[] = [];
      const skip: string[] = [];
      let done: Run["done"];
      let ms = 0;
      for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
        const r = await run({ mode: "fuzz", seed, combos, skip: [...skip] }, HANG_MS, (target, index) =>
          callText(target, planFor(seed, target, combos)[index]),
        );
        failures.push(...r.failures);
        ms += r.ms;
        done = r.done;
        if (r.stuck === undefined) break;
        skip.push(...r.reached);
      }
      if (done !== undefined) {
        console.log(
          `stdlib fuzz seed ${seed}: ${done.targets.length} functions, ${done.calls} calls (${done.returned} returned, ` +
            `${done.raised} raised, ${done.yielded} yielded) in ${ms} ms`,
        );
      }
      if (failures.length > 0) {
        throw new Error(`stdlib fuzz seed ${seed} (rerun with FUZZ_SEED=${seed}):\n  ${failures.slice(0, MAX_REPORTED).join("\n  ")}`);
      }
      // not vacuous: every library was reached, and the calls get past the argument checks
      for (const name of [
        "string.format", "table.sort", "math.floor", "bit32.band", "buffer.writestring", "utf8.char", "os.date", "coroutine.resume",
        "debug.info", "vector.create", "select", "xpcall", "serde.encode", "datetime.fromIsoDate", "regex.new", "luau.compile",
        "Regex:replace", "RegexCaptures:format", "DateTime:formatLocalTime", "op.lt",
      ]) {
        expect(done!.targets).toContain(name);
      }
      expect(done!.targets.length).toBeGreaterThan(200);
      expect(done!.calls).toBe(done!.targets.length * combos);
      expect(done!.returned).toBeGreaterThan(done!.calls / 4);
      expect(done!.raised).toBeGreaterThan(done!.calls / 4);
    }, (MAX_RESTARTS + 1) * RUN_LIMIT_MS + 10_000);

    test("the checker reports leaked JS errors, non-Luau values and hangs", async () => {
      const { failures } = await run({ mode: "fuzz", seed: 1, combos: 20, selftest: true }, 2_000, (target, index) =>
        callText(target, planFor(1, target, 20)[index]),
      );
      const report = failures.join("\n");
      expect(report).toContain("selftest.leak: leaked a JS error: \"TypeError: undefined is not an object");
      expect(report).toContain("selftest.jsObject: result #1 is not a Luau value: JS Object");
      expect(report).toContain("selftest.wideString: result #1 is a string with characters above 255");
      expect(report).toContain("selftest.tableError: raised a table instead of a message");
      expect(report).toMatch(/no progress for 2 s \(a hang\) in: selftest\.zzHang\(/);
      expect(report).not.toContain("selftest.clean");
    }, RUN_LIMIT_MS + 10_000);

    // the regression cases run in one child process, started by the first of their tests; after a
    // hang the rest run in another
    let caseResults: Promise<Map<string, CaseResult>> | undefined;
    const startCases = () =>
      runCases(
        (skip) =>
          run({ mode: "cases", skip }, HANG_MS, (target, index) =>
            callText(target, casesFor(target, skip)[index][1].call.slice(1)),
          ),
        (skip, target, index) => casesFor(target, skip)[index][0],
        HANG_MS,
      );
    for (const [name, regression] of Object.entries(REGRESSIONS)) {
      test(`regression: ${name}`, async () => {
        const result = (await (caseResults ??= startCases())).get(name);
        if (result === undefined) throw new Error("not run: the checking process ended before this case");
        expect(result.problem).toBeNull();
        if (regression.raises !== undefined) expect(result.outcome).toBe(regression.raises);
        else expect(result.outcome).toStartWith("returned");
      }, Object.keys(REGRESSIONS).length * HANG_MS + RUN_LIMIT_MS);
    }
  });
}
