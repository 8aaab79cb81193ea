// Shared by the argument fuzzers (tests/stdlib_fuzz.test.ts, tests/io_fuzz.test.ts): the seeded
// PRNG that makes their argument lists, the checks that tell a clean Luau error from a leaked JS
// one, and the child process each fuzz runs in, watched so that a hang or a crash is reported with
// the call it happened in.
import { writeSync } from "node:fs";
import { LuauTable } from "../runtime/table";
import { LuauThread } from "../runtime/thread";
import { LuauBuffer, Userdata, Vector, typeName } from "../runtime/values";

// ---- deterministic argument lists

/** mulberry32. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

/** FUZZ_SEED=<number> picks a seed, FUZZ_SEED=random a fresh one; otherwise `fallback`. */
export function seedFromEnv(fallback: number): number {
  const v = process.env.FUZZ_SEED;
  if (v === "random") return Math.floor(Math.random() * 2 ** 32);
  if (v !== undefined && /^\d+$/.test(v)) return Number(v) >>> 0;
  return fallback;
}

/** A call as Luau source. */
export function callText(target: string, args: string[]): string {
  return `${target}(${args.join(", ")})`;
}

// ---- the checks

/** JS exception text that must never reach a script ("nil", "got nil" and "table index is NaN" are
 * Luau's words; these are JS's). Quoted parts of a message, inputs it repeats, are not searched. */
export const LEAKS = [
  /\bundefined\b|\bnull\b|\[object |(?<!index is |contains )\bNaN\b|\bInfinity\b/,
  /is not (a function|an object|iterable|a constructor)|Cannot (read|set|convert|access|destructure)/,
  /Invalid array length|Maximum call stack|call stack size|out of memory/,
  /\b(Type|Range|Syntax|Reference|Eval|URI|Aggregate|Internal)Error\b|^\w*Error: |\n\s+at /,
];

export function leaks(message: string, extra: readonly RegExp[] = []): boolean {
  const unquoted = message.replace(/'[^'\n]*'|"[^"\n]*"/g, "''");
  return LEAKS.some((re) => re.test(unquoted)) || extra.some((re) => re.test(unquoted));
}

export function isByteString(s: string): boolean {
  return !/[^\x00-\xff]/.test(s);
}

export function show(s: string): string {
  const text = JSON.stringify(s);
  return text.length > 300 ? `${text.slice(0, 300)}... (${s.length} bytes)` : text;
}

export function isLuauObject(v: unknown): boolean {
  return v instanceof LuauTable || v instanceof LuauThread || v instanceof LuauBuffer || v instanceof Vector || v instanceof Userdata;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return "nil";
  if (v === null) return "JS null";
  if (isLuauObject(v) || typeof v === "function") return typeName(v);
  if (typeof v === "object") return `JS ${v.constructor?.name ?? "object"}`;
  if (typeof v === "string") return `string ${show(v)}`;
  return `${typeof v} ${String(v)}`;
}

export interface CheckOptions {
  /** More patterns of leaked host text (Node's and Bun's error codes and wordings, say). */
  extraLeaks?: readonly RegExp[];
  /** Raised values other than messages that the target may legitimately raise. */
  mayRaise?: (target: string, value: unknown) => boolean;
}

/** What is wrong with an error a call raised, if anything. A library raises a string; a value the
 * script raised passes through (the pool's `error(BOOM)` function, or `error(x)` itself). */
export function checkError(target: string, value: unknown, boom: LuauTable, options: CheckOptions = {}): string | undefined {
  if (value === boom) return undefined;
  if (target === "error" && typeof value !== "string") return undefined;
  if (typeof value !== "string") {
    if (options.mayRaise?.(target, value) === true) return undefined;
    return `raised a ${describeValue(value)} instead of a message`;
  }
  if (!isByteString(value)) return `raised a message with characters above 255: ${show(value)}`;
  if (leaks(value, options.extraLeaks)) return `leaked a JS error: ${show(value)}`;
  // what a JS stack overflow is turned into: a library recursing without bound on its input
  if (/(^|: )stack overflow$/.test(value)) return `ran out of JS stack: ${show(value)}`;
  return undefined;
}

/** What is wrong with the values a call returned, if anything. */
export function checkResults(values: unknown[], extraLeaks: readonly RegExp[] = []): string | undefined {
  for (const [i, v] of values.entries()) {
    const bad = checkValue(v, extraLeaks);
    if (bad !== undefined) return `result #${i + 1} ${bad}`;
  }
  return undefined;
}

export function checkValue(v: unknown, extraLeaks: readonly RegExp[] = []): string | undefined {
  switch (typeof v) {
    case "undefined":
    case "boolean":
    case "number":
    case "function":
      return undefined;
    case "string":
      if (!isByteString(v)) return `is a string with characters above 255: ${show(v)}`;
      // a message returned rather than raised (pcall's, coroutine.resume's, loadstring's, LuaSocket's `nil, err`)
      if (/^\w*Error: |is not a function|Cannot read|Maximum call stack|\n\s+at /.test(v) || extraLeaks.some((re) => re.test(v))) {
        return `looks like a leaked JS error: ${show(v)}`;
      }
      return undefined;
    default:
      return isLuauObject(v) ? undefined : `is not a Luau value: ${describeValue(v)}`;
  }
}

// ---- the child process: a fuzz job runs in a child (this same test file, with an environment
// variable holding the job), which reports each call on stdout as a line of JSON, written
// synchronously so that the parent sees progress up to a hang

export type Message<Done extends object = object> =
  | { kind: "progress"; target: string; index: number }
  | { kind: "failure"; target: string; index: number; problem: string }
  | { kind: "outcome"; target: string; index: number; outcome: string; problem: string | null }
  | ({ kind: "done" } & Done);

/** Child side: reports one message. */
export function send<Done extends object>(m: Message<Done>): void {
  writeSync(1, JSON.stringify(m) + "\n");
}

/**
 * Child side: an exception nobody catches (in a Bun callback, a rejected promise) ends a bune
 * process, but while the child's module waits at its top-level await Bun only prints it and goes
 * on. Such an exception is reported as a failure of the call in progress, and the child exits.
 */
export function exitOnUncaught(current: () => { target: string; index: number }): void {
  const died = (e: unknown) => {
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    send({ kind: "failure", ...current(), problem: `uncaught JS exception: ${show(text)}` });
    process.exit(70);
  };
  process.on("uncaughtException", died);
  process.on("unhandledRejection", died);
}

export interface ChildSpec {
  /** The test file to run as the child. */
  script: string;
  /** The environment variable that carries the job to it. */
  envVar: string;
  /** The number of stderr bytes kept for the report when the child dies (0: stderr is inherited). */
  keepStderr?: number;
  /** More environment variables for the child. */
  env?: Record<string, string>;
}

export interface Run<Done extends object> {
  failures: string[];
  outcomes: Map<string, { outcome: string; problem: string | null }>;
  done?: Message<Done> & { kind: "done" };
  /** The call a killed or dead child was making. */
  stuck?: { target: string; index: number; how: "hang" | "died" };
  /** The targets the child started calling. */
  reached: Set<string>;
  ms: number;
}

export interface RunLimits {
  /** No progress for this long: the child is stuck and gets killed. */
  hangMs: number;
  /** The whole run, however loaded the machine. */
  runLimitMs: number;
  maxReported: number;
  maxReportedPerTarget: number;
}

/** Runs a job in a child process, naming the calls of its reports by `callOf(target, index)`. */
export async function runJob<Done extends object>(
  spec: ChildSpec,
  job: unknown,
  limits: RunLimits,
  callOf: (target: string, index: number) => string,
): Promise<Run<Done>> {
  const r: Run<Done> = { failures: [], outcomes: new Map(), reached: new Set(), ms: 0 };
  const perTarget = new Map<string, number>();
  let last: { target: string; index: number } | undefined;
  let lastChange = Date.now();
  const started = Date.now();
  const child = Bun.spawn([process.execPath, spec.script], {
    env: { ...process.env, ...spec.env, [spec.envVar]: JSON.stringify(job), NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: spec.keepStderr ? "pipe" : "inherit",
  });
  let stderrTail = "";
  const stderrDone = spec.keepStderr
    ? (async () => {
        const decoder = new TextDecoder();
        for await (const chunk of child.stderr as ReadableStream<Uint8Array>) {
          stderrTail = (stderrTail + decoder.decode(chunk, { stream: true })).slice(-spec.keepStderr!);
        }
      })()
    : Promise.resolve();
  let killed = false;
  const watchdog = setInterval(() => {
    if (!killed && (Date.now() - lastChange > limits.hangMs || Date.now() - started > limits.runLimitMs)) {
      killed = true;
      child.kill("SIGKILL");
    }
  }, 100);
  const onMessage = (m: Message<Done>) => {
    if (m.kind === "progress") {
      [last, lastChange] = [m, Date.now()];
      r.reached.add(m.target);
    } else if (m.kind === "outcome") r.outcomes.set(`${m.target}#${m.index}`, m);
    else if (m.kind === "done") r.done = m;
    else if (r.failures.length < limits.maxReported && (perTarget.get(m.target) ?? 0) < limits.maxReportedPerTarget) {
      perTarget.set(m.target, (perTarget.get(m.target) ?? 0) + 1);
      r.failures.push(`${m.target}: ${m.problem}${m.index >= 0 ? `\n    call: ${callOf(m.target, m.index)}` : ""}`);
    }
  };
  try {
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) if (line.startsWith("{")) onMessage(JSON.parse(line) as Message<Done>);
    }
    await child.exited;
    await stderrDone;
  } finally {
    clearInterval(watchdog);
  }
  r.ms = Date.now() - started;
  if (killed || r.done === undefined) {
    const where = last === undefined ? "before the first call" : callOf(last.target, last.index);
    if (last !== undefined) r.stuck = { ...last, how: killed ? "hang" : "died" };
    const tail = !killed && stderrTail.trim() !== "" ? `\n    stderr: ${stderrTail.trim().split("\n").slice(-8).join("\n      ")}` : "";
    r.failures.unshift(
      killed ? `no progress for ${limits.hangMs / 1000} s (a hang) in: ${where}` : `the process died in: ${where}${tail}`,
    );
  }
  return r;
}

export type CaseResult = { outcome: string; problem: string | null };

/**
 * Runs named regression cases in child processes until every case has a result. `start(skip)` runs
 * the cases not in `skip`; `nameOf(skip, target, index)` names a call of that run. A case that
 * hangs or kills its process is recorded as such, and the rest run again in a new process.
 */
export async function runCases(
  start: (skip: string[]) => Promise<Pick<Run<object>, "outcomes" | "stuck">>,
  nameOf: (skip: string[], target: string, index: number) => string,
  hangMs: number,
): Promise<Map<string, CaseResult>> {
  const results = new Map<string, CaseResult>();
  const skip: string[] = [];
  for (;;) {
    const attempt = [...skip];
    const r = await start(attempt);
    for (const [key, result] of r.outcomes) {
      const [target, index] = key.split("#");
      const name = nameOf(attempt, target, Number(index));
      results.set(name, result);
      skip.push(name);
    }
    if (r.stuck === undefined) return results;
    const stuck = nameOf(attempt, r.stuck.target, r.stuck.index);
    const problem = r.stuck.how === "hang" ? `no result within ${hangMs / 1000} s (a hang)` : "the process died";
    results.set(stuck, { outcome: r.stuck.how, problem });
    skip.push(stuck);
  }
}
