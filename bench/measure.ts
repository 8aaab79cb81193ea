// Shared by the server benchmarks: a process's CPU time (read from /proc, so the server's own cost
// can be told apart from the load client's on a shared machine) and medians of repeated runs.
import { readFileSync } from "node:fs";

const TICK_US = 1e6 / 100; // USER_HZ: /proc reports CPU time in 1/100 s ticks

/** User and system CPU time a process has used so far, in microseconds. */
export function processCpuUs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  // utime and stime are fields 14 and 15 of stat(5), counted after the parenthesised command name
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]) * TICK_US, system: Number(fields[12]) * TICK_US };
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
