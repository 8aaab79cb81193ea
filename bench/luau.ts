// Runs Luau source in-process for benchmarks: compiled once, then the main chunk is driven to
// completion and timed (compilation is excluded). The workloads must not wait on host events.
import { compileChunk, instantiate } from "../runtime/chunk";
import { toStringMeta } from "../runtime/ops";
import { resumeThread, LuauThread } from "../runtime/thread";
import { NONE } from "../runtime/values";
import { createGlobals } from "../stdlib/globals";

/** Runs `source` and returns [milliseconds, the chunk's first return value as text]. */
export function timeLuau(source: string, name = "bench"): [number, string] {
  const env = createGlobals(() => ({ print: () => NONE }));
  const main = instantiate(compileChunk(source, name), env);
  const start = performance.now();
  const r = resumeThread(new LuauThread(main), []);
  const ms = performance.now() - start;
  if (r.kind === "error") throw new Error(`benchmark ${name} failed: ${String(r.error.value)}`);
  if (r.kind !== "return") throw new Error(`benchmark ${name} yielded`);
  return [ms, toStringMeta(r.values[0])];
}

/** Times a plain TypeScript baseline the same way. */
export function timeTs(f: () => unknown): [number, string] {
  const start = performance.now();
  const v = f();
  return [performance.now() - start, String(v)];
}

export interface Row {
  name: string;
  luau: string;
  ts: () => unknown;
}

/** Runs each row (best of `runs`) and prints a table: bune ms, plain TS ms, ratio. */
export function runTable(title: string, rows: Row[], runs = 3): void {
  console.log(`\n${title}`);
  console.log("workload".padEnd(34) + "bune ms".padStart(10) + "TS ms".padStart(10) + "ratio".padStart(8) + "  check");
  for (const row of rows) {
    let best = Infinity;
    let bestTs = Infinity;
    let results = ["", ""];
    for (let i = 0; i < runs; i++) {
      const [ms, v] = timeLuau(row.luau, row.name);
      const [tms, tv] = timeTs(row.ts);
      best = Math.min(best, ms);
      bestTs = Math.min(bestTs, tms);
      results = [v, tv];
    }
    const same = results[0] === results[1] ? "same result" : `DIFFERENT: ${results[0]} vs ${results[1]}`;
    console.log(row.name.padEnd(34) + best.toFixed(1).padStart(10) + bestTs.toFixed(1).padStart(10) + (best / bestTs).toFixed(2).padStart(8) + "  " + same);
  }
}
