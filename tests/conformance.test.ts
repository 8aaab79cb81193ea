// The golden conformance corpus (../shared/conformance/{core,string,lib}/NAME.luau with the reference
// interpreter's output in NAME.out) as `bun test` cases, one per script. Each script runs exactly as
// ../shared/conformance/run.sh runs it: `bun cli.ts run AREA/NAME.luau` from the corpus folder, TZ=UTC,
// stdin from /dev/null, stdout and stderr into one stream, stopped after 20 s (SIGTERM, as `timeout`
// does), and whatever it printed is compared after run.sh's normalisation. All scripts start at load time on a small process pool, so each test only awaits
// its own result and the whole corpus takes a few seconds.
import { describe, expect, test } from "bun:test";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const CORPUS = resolve(ROOT, "../shared/conformance");
const CLI = join(ROOT, "cli.ts");
const AREAS = ["core", "string", "lib"];
const SCRIPT_TIMEOUT_MS = 20_000;

/**
 * Scripts known to fail today. Each is asserted to still fail, so a fix shows up as a failing test
 * that asks for its entry to be removed; nothing is skipped silently.
 */
const EXPECTED_FAILURES = new Set<string>([]);

/**
 * run.sh's `norm`: sed -E 's#[^[:space:]"'(]*(^|/)([a-z]+/[A-Za-z0-9_]+)(\.luau)?:([0-9]+):#\2:\4:#g'
 * applied line by line. The greedy JS match picks the same span as POSIX leftmost-longest here (the
 * suffix cannot contain ':' before `:N:` nor a second '/'), so the rewrite is identical. [:space:] is
 * spelled out because JS's \s also matches U+00A0, a byte that may appear in latin1 output.
 */
const NORM = /[^ \t\n\v\f\r"'(]*(^|\/)([a-z]+\/[A-Za-z0-9_]+)(\.luau)?:([0-9]+):/gm;

export function normalise(text: string): string {
  // bash's $(...) drops NUL bytes and trailing newlines on both sides of run.sh's comparison
  return text.replace(/\0/g, "").replace(NORM, "$2:$4:").replace(/\n+$/, "");
}

interface RunResult {
  output: string;
  timedOut: boolean;
}

/** Runs one script like run.sh: stdout and stderr share one file, so their interleaving is kept. */
async function runScript(script: string, outDir: string): Promise<RunResult> {
  const outFile = join(outDir, script.replace(/\//g, "_") + ".txt");
  const fd = openSync(outFile, "w");
  let timedOut = false;
  try {
    const proc = Bun.spawn([process.execPath, CLI, "run", script], {
      cwd: CORPUS,
      env: { ...process.env, TZ: "UTC" },
      stdin: "ignore",
      stdout: fd,
      stderr: fd,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill("SIGTERM");
      // `timeout` would wait for a process that ignores SIGTERM; the test does not
      setTimeout(() => proc.kill("SIGKILL"), 2_000).unref();
    }, SCRIPT_TIMEOUT_MS);
    await proc.exited;
    clearTimeout(timer);
  } finally {
    closeSync(fd);
  }
  // latin1: one char per byte, so the normalisation sees bytes as sed does in the C locale
  return { output: readFileSync(outFile, "latin1"), timedOut };
}

/** Starts every job now with at most `width` running at once; returns one promise per job. */
function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T>[] {
  const results: Promise<T>[] = [];
  let running = 0;
  const waiting: (() => void)[] = [];
  for (const job of jobs) {
    results.push(
      (async () => {
        if (running >= width) await new Promise<void>((go) => waiting.push(go));
        running++;
        try {
          return await job();
        } finally {
          running--;
          waiting.shift()?.();
        }
      })(),
    );
  }
  return results;
}

function listScripts(): string[] {
  const scripts: string[] = [];
  for (const area of AREAS) {
    const dir = join(CORPUS, area);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith(".luau") && existsSync(join(dir, f.replace(/\.luau$/, ".out")))) scripts.push(`${area}/${f}`);
    }
  }
  return scripts;
}

/** The first differing line, for a readable failure message. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}:\n  expected: ${JSON.stringify(e[i] ?? "<end>")}\n  actual:   ${JSON.stringify(a[i] ?? "<end>")}`;
  }
  return "(no line differs)";
}

const scripts = existsSync(CORPUS) ? listScripts() : [];

describe("conformance corpus", () => {
  test("corpus is present beside the repository", () => {
    // a missing corpus must fail the suite, not shrink it to nothing
    if (!existsSync(CORPUS)) throw new Error(`conformance corpus not found at ${CORPUS} (expected ../shared/conformance beside the repository)`);
    if (scripts.length === 0) throw new Error(`no AREA/NAME.luau scripts with NAME.out found under ${CORPUS}`);
    for (const name of EXPECTED_FAILURES) expect(scripts).toContain(name);
  });

  if (scripts.length === 0) return;
  const outDir = mkdtempSync(join(tmpdir(), "bune-conformance-"));
  const width = Math.max(2, availableParallelism() + 1);
  const runs = pool(scripts.map((s) => () => runScript(s, outDir)), width);
  let remaining = scripts.length;

  scripts.forEach((script, i) => {
    const expectFailure = EXPECTED_FAILURES.has(script);
    test(`${script}${expectFailure ? " (expected failure)" : ""}`, async () => {
      try {
        const { output, timedOut } = await runs[i];
        const expected = normalise(readFileSync(join(CORPUS, script.replace(/\.luau$/, ".out")), "latin1"));
        const actual = normalise(output);
        // like run.sh, a script stopped by the timeout still passes if what it printed matches
        const passes = actual === expected;
        if (expectFailure) {
          if (passes) throw new Error(`${script} now passes: remove it from EXPECTED_FAILURES`);
          return;
        }
        const stopped = timedOut ? ` (stopped after ${SCRIPT_TIMEOUT_MS / 1000} s)` : "";
        if (!passes) throw new Error(`${script}${stopped} differs from the reference at ${firstDifference(expected, actual)}`);
      } finally {
        if (--remaining === 0) rmSync(outDir, { recursive: true, force: true });
      }
    }, SCRIPT_TIMEOUT_MS * 3);
  });
});
