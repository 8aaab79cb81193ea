// Fuzzing the front end: thousands of mutated and random Luau sources go through the lexer, the
// parser and the compiler (compileChunk, then instantiate to check the emitted JS loads). Every failure
// must be a Luau syntax error `fuzz:LINE: message`, never another JS exception, and nothing may hang.
//
// The inputs come from a seeded PRNG (FUZZ_SEED=<number> to pick one, FUZZ_SEED=random for a fresh
// one), so a failure is reproduced by its seed and input index. The work runs in a child process
// running this same file (BUNE_FUZZ_JOB set): a hang, even inside the JS engine's own eval, cannot be
// interrupted in-thread or in a worker, but a process can be killed, and the input it was stuck on is
// reported.
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileChunk, instantiate } from "../runtime/chunk";
import { LuauError } from "../runtime/errors";
import { Lexer, LuauSyntaxError, T } from "../runtime/luau/lexer";
import { parse } from "../runtime/luau/parser";
import { LuauTable } from "../runtime/table";

const TIME_BUDGET_MS = 10_000; // stop generating new inputs after this (once MIN_INPUTS are done)
const HARD_LIMIT_MS = 30_000; // stop even if MIN_INPUTS were not reached (a very loaded machine)
const MAX_INPUTS = 20_000;
const MIN_INPUTS = 2_000;
const SLOW_INPUT_MS = 5_000; // one input taking longer than this is a failure
const HANG_MS = 8_000; // no progress for this long: the child is stuck and gets killed
const MAX_REPORTED = 10;

// ---- deterministic input generation (run by the child, and by the parent to name a stuck input)

/** mulberry32: small, fast, and good enough to drive mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// a rough Luau tokenizer, only to cut sources at token boundaries for deletion/duplication
const TOKEN = /\s+|--\[(=*)\[[^]*?\]\1\]|--[^\n]*|\[(=*)\[[^]*?\]\2\]|"(?:\\[^]|[^"\\\n])*"|'(?:\\[^]|[^'\\\n])*'|`(?:\\[^]|[^`\\])*`|0[xXbB]\w*|\d[\w.]*|\.\d\w*|[A-Za-z_]\w*|\.\.\.|\.\.=?|[=~<>]=|::|->|\/\/=?|[-+*\/%^]=|[^]/g;

const VOCABULARY = [
  "local", "function", "end", "if", "then", "elseif", "else", "while", "do", "for", "in", "repeat", "until",
  "return", "break", "continue", "and", "or", "not", "nil", "true", "false", "type", "export", "typeof",
  "x", "y", "self", "t", "f", "...", "=", "==", "~=", "<", "<=", ">", ">=", "+", "-", "*", "/", "//", "%",
  "^", "..", "#", "+=", "..=", "(", ")", "{", "}", "[", "]", ";", ":", "::", ",", ".", "?", "|", "&", "->",
  "@native", "0", "1.5", "0x1F", "0b101", "1e10", "1_000", "'s'", '"q"', "[[long]]", "[==[", "]==]", "--[[",
  "]]", "--", "`", "`a{", "}b`", "{", "\\", "\n", " ", "\t", "<T>", "(...)", ": number", "-> ()",
];

const NESTERS: [string, string][] = [
  ["(", ")"], ["{", "}"], ["- ", ""], ["not ", ""], ["#", ""], ["do ", " end"], ["function() return ", " end"],
  ["`{", "}`"], ["x[", "]"], ["if x then ", " end"], ["f(", ")"], ["a.b", ""], ["1 + ", ""], ["'s' .. ", ""],
  ["while x do ", " end"], ["local function f() ", " end"], ["{[", "]=1}"], ["if x then 1 else ", ""],
];

/** Mostly shallow, sometimes beyond Luau's limit of 1000 levels, rarely beyond the JS stack. */
const maxDepth = (r: () => number) => {
  const x = r();
  return x < 0.7 ? 50 : x < 0.95 ? 3000 : 25000;
};

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (rand: () => number, n: number): number => Math.floor(rand() * n);

function randomByte(rand: () => number): string {
  // bias towards the bytes that matter to the lexer
  return rand() < 0.6 ? pick(rand, [..."()[]{}=.,:;'\"`\\-+*/%^#<>~!&|?@ \n\t\r0123456789abcexz_"]) : String.fromCharCode(int(rand, 256));
}

type Mutator = (rand: () => number, src: string, other: string) => string;

const MUTATORS: [string, Mutator][] = [
  ["truncate", (r, s) => s.slice(0, int(r, s.length + 1))],
  [
    "byte-flips",
    (r, s) => {
      const chars = [...s];
      for (let k = 1 + int(r, 8); k > 0 && chars.length > 0; k--) chars[int(r, chars.length)] = randomByte(r);
      return chars.join("");
    },
  ],
  [
    "token-delete",
    (r, s) => {
      const toks = s.match(TOKEN) ?? [];
      for (let k = 1 + int(r, 4); k > 0 && toks.length > 0; k--) toks.splice(int(r, toks.length), 1);
      return toks.join("");
    },
  ],
  [
    "token-duplicate",
    (r, s) => {
      const toks = s.match(TOKEN) ?? [];
      for (let k = 1 + int(r, 4); k > 0 && toks.length > 0; k--) {
        const i = int(r, toks.length);
        toks.splice(i, 0, ...Array(1 + int(r, 3)).fill(toks[i]));
      }
      return toks.join("");
    },
  ],
  [
    "token-move",
    (r, s) => {
      const toks = s.match(TOKEN) ?? [];
      if (toks.length > 1) toks.splice(int(r, toks.length), 0, ...toks.splice(int(r, toks.length), 1));
      return toks.join("");
    },
  ],
  [
    "token-insert",
    (r, s) => {
      const toks = s.match(TOKEN) ?? [];
      for (let k = 1 + int(r, 4); k > 0; k--) toks.splice(int(r, toks.length + 1), 0, pick(r, VOCABULARY));
      return toks.join("");
    },
  ],
  ["splice", (r, s, o) => s.slice(0, int(r, s.length + 1)) + o.slice(int(r, o.length + 1))],
  ["token-soup", (r) => Array.from({ length: int(r, 60) }, () => pick(r, VOCABULARY)).join(pick(r, [" ", "", "\n"]))],
  ["random-bytes", (r) => Array.from({ length: int(r, 200) }, () => randomByte(r)).join("")],
  [
    "deep-nesting",
    (r, s) => {
      // runs of openers (sometimes closed) probe recursion limits in the parser, codegen and JS eval
      const [open, close] = pick(r, NESTERS);
      const depth = 1 + int(r, maxDepth(r));
      const at = int(r, s.length + 1);
      const inner = r() < 0.5 ? "1" : "";
      return `${s.slice(0, at)}${open.repeat(depth)}${inner}${r() < 0.5 ? close.repeat(depth) : ""}${s.slice(at)}`;
    },
  ],
];

interface FuzzInput {
  index: number;
  mutator: string;
  source: string;
}

/** The i-th input of a seed's sequence is fixed: the sequence is generated in order from one PRNG. */
function* inputs(seed: number, corpus: string[]): Generator<FuzzInput> {
  const rand = prng(seed);
  for (let index = 0; ; index++) {
    const [mutator, mutate] = pick(rand, MUTATORS);
    let source = mutate(rand, pick(rand, corpus), pick(rand, corpus));
    // now and then, stack a second mutation on the first
    if (rand() < 0.25) source = pick(rand, MUTATORS)[1](rand, source, pick(rand, corpus));
    yield { index, mutator, source };
  }
}

function inputAt(seed: number, corpus: string[], index: number): FuzzInput {
  for (const input of inputs(seed, corpus)) if (input.index === index) return input;
  throw new Error("unreachable");
}

// ---- the checks applied to one input

/** Returns a description of what went wrong, or undefined when the front end behaved. */
function checkSource(source: string): string | undefined {
  const lines = source.split("\n").length;
  const lineOk = (n: number) => Number.isInteger(n) && n >= 1 && n <= lines;

  // lexer: never throws, always progresses to <eof> or an error token
  try {
    const lx = new Lexer(source);
    for (let n = 0; ; n++) {
      if (n > source.length + 2) return "lexer: no progress (more tokens than bytes)";
      const t = lx.next();
      if (!lineOk(t.line)) return `lexer: token line ${t.line} outside 1..${lines}`;
      if (t.t === T.Eof || t.t === T.Error) break;
    }
  } catch (e) {
    return `lexer threw ${describeError(e)}`;
  }

  // parser: a LuauSyntaxError on a real line, or a tree. Running out of JS stack on deep nesting is
  // left to compileChunk, which turns it into Luau's recursion-depth error.
  let syntax: LuauSyntaxError | undefined;
  let tooDeep = false;
  try {
    parse(source);
  } catch (e) {
    if (e instanceof RangeError) tooDeep = true;
    else if (!(e instanceof LuauSyntaxError)) return `parser threw ${describeError(e)}`;
    else if (!lineOk(e.line)) return `parser: error line ${e.line} outside 1..${lines}: ${e.reason}`;
    else syntax = e;
  }

  // compiler: the same error as a positioned LuauError, or JS that loads
  let chunk;
  try {
    chunk = compileChunk(source, "fuzz");
  } catch (e) {
    if (!(e instanceof LuauError)) return `compileChunk threw ${describeError(e)}`;
    const m = typeof e.value === "string" ? /^fuzz:(\d+): ./s.exec(e.value) : null;
    if (m === null) return `compiler error not shaped 'fuzz:LINE: message': ${JSON.stringify(e.value)}`;
    if (!lineOk(Number(m[1]))) return `compiler: error line ${m[1]} outside 1..${lines}: ${e.value}`;
    if (syntax !== undefined && e.value !== `fuzz:${syntax.line}: ${syntax.reason}`) {
      return `compiler error ${JSON.stringify(e.value)} differs from the parser's (line ${syntax.line}: ${syntax.reason})`;
    }
    return undefined;
  }
  if (syntax !== undefined || tooDeep) return `compileChunk accepted a source the parser rejects (${syntax?.reason ?? "too deep"})`;
  try {
    instantiate(chunk, new LuauTable());
  } catch (e) {
    return `the compiled chunk does not load: ${describeError(e)}`;
  }
  return undefined;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message.slice(0, 200)}`;
  return String(e);
}

// ---- known crashers

/**
 * Inputs that crashed or hung the front end; each must be a clean result (a positioned Luau error,
 * or a chunk that loads) within CASE_TIMEOUT_MS. Built lazily: some are large.
 */
const REGRESSIONS: Record<string, () => string> = {
  "20000 nested parentheses": () => "x = " + "(".repeat(20000) + "1" + ")".repeat(20000),
  "20000 nested table constructors": () => "x = " + "{".repeat(20000) + "}".repeat(20000),
  "20000 nested do blocks": () => "do ".repeat(20000) + "end ".repeat(20000),
  "5000 nested function expressions": () => "x = " + "function() return ".repeat(5000) + "1" + " end".repeat(5000),
  "100000-term addition chain": () => "x = " + Array(100000).fill("1").join(" + "),
  "100000-term concatenation chain": () => "x = " + Array(100000).fill("'a'").join(" .. "),
  "20000 nested unary minus": () => "x = " + "- ".repeat(20000) + "1",
  "20000 nested interpolations": () => "x = " + "`{".repeat(20000) + "1" + "}`".repeat(20000),
  "4000 chained field reads": () => "x = a" + ".b".repeat(4000),
  "10000 chained index reads": () => "x = a" + "[1]".repeat(10000),
  "4000 chained calls": () => "f" + "()".repeat(4000),
  "2000 chained field-then-call links": () => "x = a" + ".b()".repeat(2000),
  "100000 chained field reads": () => "x = a" + ".b".repeat(100000),
  "100000 chained calls": () => "f" + "()".repeat(100000),
};
const CASE_TIMEOUT_MS = 5_000;

// ---- child side: one fuzz run, or one known case. Messages are lines on stdout, written synchronously
// so the parent sees progress up to the moment a hang begins.

type Job = { mode: "fuzz"; seed: number } | { mode: "case"; name: string };

type Message =
  | { kind: "progress"; index: number }
  | { kind: "failure"; index: number; mutator: string; source: string; problem: string }
  | { kind: "done"; count: number; rejected: number; slowestMs: number; slowestIndex: number }
  | { kind: "case"; problem: string | null };

function send(m: Message): void {
  writeSync(1, JSON.stringify(m) + "\n");
}

function runFuzz(seed: number): void {
  const start = performance.now();
  let count = 0;
  let rejected = 0;
  let slowestMs = 0;
  let slowestIndex = -1;
  for (const input of inputs(seed, loadCorpus())) {
    const elapsed = performance.now() - start;
    if (count >= MAX_INPUTS || (elapsed > TIME_BUDGET_MS && count >= MIN_INPUTS) || elapsed > HARD_LIMIT_MS) break;
    send({ kind: "progress", index: input.index });
    const t0 = performance.now();
    let problem = checkSource(input.source);
    const ms = performance.now() - t0;
    if (ms > slowestMs) [slowestMs, slowestIndex] = [ms, input.index];
    if (problem === undefined && ms > SLOW_INPUT_MS) problem = `took ${Math.round(ms)} ms`;
    if (problem !== undefined) send({ kind: "failure", ...input, problem });
    else if (parserRejects(input.source)) rejected++;
    count++;
  }
  send({ kind: "done", count, rejected, slowestMs, slowestIndex });
}

function parserRejects(source: string): boolean {
  try {
    parse(source);
    return false;
  } catch {
    return true;
  }
}

const childJob = process.env.BUNE_FUZZ_JOB;
if (childJob !== undefined) {
  const job = JSON.parse(childJob) as Job;
  if (job.mode === "fuzz") runFuzz(job.seed);
  else send({ kind: "case", problem: checkSource(REGRESSIONS[job.name]()) ?? null });
}

// ---- parent side

function loadCorpus(): string[] {
  // the conformance scripts are the seeds (a stable set, so a seed replays the same inputs across
  // commits that leave the corpus alone); a few built-ins keep the fuzzer useful without it
  const sources = [
    "local x = 1\nprint(x)",
    "local t = {a = 1, [2] = 'b', `c{1}d`}\nfor k, v in pairs(t) do print(k, v) end",
    "type P<T> = {x: T, f: (number) -> ...string}\nlocal function f<T>(a: T, ...: number): T return (a :: any) end",
    "repeat local x = 1 continue until x > 0\nwhile true do break end\nif a then elseif b then else end",
    "local s = [==[\nlong]==] --[[ comment ]] print(0x1F, 0b1, 1e-3, 1_000, \"\\u{48}\\z\n  i\")",
  ];
  const root = resolve(import.meta.dir, "..");
  for (const dir of ["core", "string", "lib"].map((a) => join(root, "../shared/conformance", a))) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith(".luau")) sources.push(readFileSync(join(dir, f), "latin1"));
  }
  return sources;
}

function seedFromEnv(): number {
  const v = process.env.FUZZ_SEED;
  if (v === "random") return Math.floor(Math.random() * 2 ** 32);
  if (v !== undefined && /^\d+$/.test(v)) return Number(v) >>> 0;
  return 0xb0e5eed;
}

function show(source: string): string {
  const text = JSON.stringify(source);
  return text.length > 600 ? `${text.slice(0, 600)}... (${source.length} bytes)` : text;
}

/**
 * Runs a job in a child process, passing each message to `onMessage`. `stalled()` is polled; when it
 * returns true the child is killed. Resolves with how the child ended.
 */
async function runChild(job: Job, onMessage: (m: Message) => void, stalled: () => boolean): Promise<"finished" | "stalled"> {
  const child = Bun.spawn([process.execPath, import.meta.path], {
    env: { ...process.env, BUNE_FUZZ_JOB: JSON.stringify(job) },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "inherit",
  });
  let killed = false;
  const watchdog = setInterval(() => {
    if (!killed && stalled()) {
      killed = true;
      child.kill("SIGKILL");
    }
  }, 200);
  try {
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) if (line !== "") onMessage(JSON.parse(line) as Message);
    }
    await child.exited;
  } finally {
    clearInterval(watchdog);
  }
  return killed ? "stalled" : "finished";
}

if (childJob === undefined) {
  describe("front-end fuzzing", () => {
    test("random and mutated sources only ever raise positioned Luau syntax errors", async () => {
      const seed = seedFromEnv();
      const failures: string[] = [];
      let done: Extract<Message, { kind: "done" }> | undefined;
      let last = -1;
      let lastChange = Date.now();

      const how = await runChild(
        { mode: "fuzz", seed },
        (m) => {
          if (m.kind === "progress") [last, lastChange] = [m.index, Date.now()];
          else if (m.kind === "failure" && failures.length < MAX_REPORTED) {
            failures.push(`#${m.index} (${m.mutator}): ${m.problem}\n    input: ${show(m.source)}`);
          } else if (m.kind === "done") done = m;
        },
        () => Date.now() - lastChange > HANG_MS,
      );

      if (how === "stalled") {
        const input = inputAt(seed, loadCorpus(), last);
        failures.unshift(`#${last} (${input.mutator}): no progress for ${HANG_MS / 1000} s\n    input: ${show(input.source)}`);
      } else if (done === undefined) {
        failures.unshift(`the fuzzing process died after input #${last}: ${show(inputAt(seed, loadCorpus(), last).source)}`);
      }
      if (done !== undefined) {
        console.log(`fuzz seed ${seed}: ${done.count} inputs, ${done.rejected} rejected by the parser, slowest #${done.slowestIndex} ${done.slowestMs.toFixed(1)} ms`);
      }
      if (failures.length > 0) throw new Error(`fuzz seed ${seed} (rerun with FUZZ_SEED=${seed}):\n  ${failures.join("\n  ")}`);
      expect(done!.count).toBeGreaterThanOrEqual(MIN_INPUTS);
      // the inputs must exercise both outcomes
      expect(done!.rejected).toBeGreaterThan(done!.count / 10);
      expect(done!.rejected).toBeLessThan(done!.count);
    }, HARD_LIMIT_MS + HANG_MS + 10_000);

    test("the checker accepts clean errors and flags misbehaviour", () => {
      // guards against a vacuous fuzzer
      expect(checkSource("local x = ")).toBeUndefined();
      expect(checkSource("print(1)")).toBeUndefined();
      expect(checkSource("local x = `{\n1}`\nlocal y = 2")).toBeUndefined();
      expect(() => compileChunk("local x = ", "fuzz")).toThrow(LuauError);
    });

    // the known cases run side by side (each in its own process), started by the first of their tests
    let caseResults: Map<string, Promise<string>> | undefined;
    const checkCase = async (name: string): Promise<string> => {
      let problem: string | null = "the checking process died";
      const started = Date.now();
      const how = await runChild(
        { mode: "case", name },
        (m) => {
          if (m.kind === "case") problem = m.problem;
        },
        () => Date.now() - started > CASE_TIMEOUT_MS,
      );
      return how === "stalled" ? `no result within ${CASE_TIMEOUT_MS / 1000} s (hang)` : (problem ?? "ok");
    };

    for (const name of Object.keys(REGRESSIONS)) {
      test(`known crasher: ${name}`, async () => {
        caseResults ??= new Map(Object.keys(REGRESSIONS).map((n) => [n, checkCase(n)]));
        expect(await caseResults.get(name)!).toBe("ok");
      }, CASE_TIMEOUT_MS + 15_000);
    }
  });
}
