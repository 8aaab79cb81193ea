// Start-up time of a hello-world script, end to end (process start to exit), in one run:
//   floor      `bun -e 'console.log(1)'`: Bun itself, the least any way of running bune can take
//   source     `bun cli.ts run hello.luau` (compiled chunk cached on disk, the usual case)
//   uncached   the same with BUNE_NO_CACHE=1 (lexing, parsing and code generation every time)
//   compiled   the executable `bune build hello.luau` makes
// Runs are interleaved (a busy machine slows all alike). Each row reports the median and the fastest
// wall-clock time of N runs, and the median CPU time (user + system, all threads), which a loaded
// machine disturbs less. Usage: bun bench/startup.ts [runs=25] [script.luau]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;
const runs = Number(process.argv[2] ?? 25);
const dir = mkdtempSync(join(tmpdir(), "bune-startup-"));

try {
  const script = process.argv[3] ?? join(dir, "hello.luau");
  if (process.argv[3] === undefined) writeFileSync(script, 'print("hello")\n');
  const exe = join(dir, "hello-exe");
  const built = Bun.spawnSync([BUN, join(ROOT, "cli.ts"), "build", script, "-o", exe], { stderr: "pipe" });
  if (built.exitCode !== 0) throw new Error(`bune build failed:\n${built.stderr.toString()}`);

  const rows: { name: string; cmd: string[]; env?: Record<string, string> }[] = [
    { name: "floor: bun -e 'console.log(1)'", cmd: [BUN, "-e", "console.log(1)"] },
    { name: "source: bun cli.ts run (cached)", cmd: [BUN, join(ROOT, "cli.ts"), "run", script] },
    { name: "source: bun cli.ts run (BUNE_NO_CACHE=1)", cmd: [BUN, join(ROOT, "cli.ts"), "run", script], env: { BUNE_NO_CACHE: "1" } },
    { name: "compiled: bune build executable", cmd: [exe] },
  ];
  const times: number[][] = rows.map(() => []);
  const cpu: number[][] = rows.map(() => []);
  // one untimed round fills the chunk cache and the OS's file cache
  for (const row of rows) Bun.spawnSync(row.cmd, { env: { ...process.env, ...row.env }, stdout: "ignore" });
  for (let i = 0; i < runs; i++) {
    rows.forEach((row, r) => {
      const env = { ...process.env, ...row.env };
      const start = performance.now();
      const p = Bun.spawnSync(row.cmd, { env, stdout: "ignore", stderr: "pipe" });
      times[r].push(performance.now() - start);
      cpu[r].push(Number(p.resourceUsage.cpuTime.total) / 1000);
      if (p.exitCode !== 0) throw new Error(`${row.name} failed:\n${p.stderr.toString()}`);
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const floor = median(times[0]);
  console.log(`start-up of ${process.argv[3] ?? "print(\"hello\")"}, ${runs} runs each\n`);
  console.log("".padEnd(44) + "median ms".padStart(11) + "min ms".padStart(9) + "over floor".padStart(12) + "CPU ms".padStart(9));
  rows.forEach((row, r) => {
    const m = median(times[r]);
    const over = r === 0 ? "" : `+${(m - floor).toFixed(1)}`;
    const cols = [m.toFixed(1).padStart(11), Math.min(...times[r]).toFixed(1).padStart(9), over.padStart(12), median(cpu[r]).toFixed(1).padStart(9)];
    console.log(row.name.padEnd(44) + cols.join(""));
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
