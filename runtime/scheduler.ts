// Lune's scheduler on Bun's event loop. Two FIFO queues, spawn (front) and defer (back), plus the
// threads whose host operation completed (timers, sockets, ...), in completion order. A cycle runs
// what is queued when it starts; work queued during a cycle runs in the next one. Cycles run from a
// microtask, so deferred work runs before any timer or I/O callback, and Bun's event loop is never
// blocked: a thread waiting on a host event costs nothing until the event arrives.
//
// The process lives while Bun has referenced handles (timers, servers, sockets) and exits when the
// loop drains, with status 1 if any thread errored (process.exitCode is kept up to date).
import { reportError } from "./report";
import { LuauError } from "./errors";
import { LuauThread, resumeThread, runningThread, type ResumeResult } from "./thread";
import type { Multi } from "./values";

interface Entry {
  thread: LuauThread;
  args: Multi;
  error?: LuauError;
  token?: number;
}

let spawnQueue: Entry[] = [];
let deferQueue: Entry[] = [];
let readyQueue: Entry[] = [];
// a cycle swaps each queue with its (empty) spare instead of allocating new arrays
let spareSpawn: Entry[] = [];
let spareDefer: Entry[] = [];
let spareReady: Entry[] = [];
let cycleScheduled = false;
let stopped = false;
let errored = false;

/** Called with each uncaught thread error after it is reported (tests and embedders). */
export const errorListeners: ((err: LuauError) => void)[] = [];

/** Reports an uncaught error of a thread, as Lune does: printed, and the exit status becomes 1. */
export function reportThreadError(err: LuauError): void {
  errored = true;
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = 1;
  reportError(err);
  for (const l of errorListeners) l(err);
}

function handle(r: ResumeResult): ResumeResult {
  if (r.kind === "error") reportThreadError(r.error);
  return r;
}

/** Resumes a thread now (task.spawn); errors are reported, never raised into the caller. */
export function resumeNow(thread: LuauThread, args: Multi, error?: LuauError): ResumeResult {
  return handle(resumeThread(thread, args, error));
}

function schedule(): void {
  if (cycleScheduled || stopped) return;
  cycleScheduled = true;
  queueMicrotask(runCycle);
}

export function pushSpawn(thread: LuauThread, args: Multi): void {
  spawnQueue.push({ thread, args });
  schedule();
}

export function pushDefer(thread: LuauThread, args: Multi): void {
  deferQueue.push({ thread, args });
  schedule();
}

/**
 * Resumes a thread whose host operation completed, always from the scheduler (never inside the
 * call: callers may wake several threads and then update their own state). `token` is the one beginWait() returned: a
 * thread that was cancelled or resumed some other way in the meantime is left alone.
 */
export function wake(thread: LuauThread, token: number, args: Multi, error?: LuauError): void {
  readyQueue.push({ thread, args, error, token });
  schedule();
}

function runEntry(e: Entry): void {
  const th = e.thread;
  if (th.status !== "suspended") return;
  if (e.token !== undefined && (!th.waiting || th.waitToken !== e.token)) return;
  resumeNow(th, e.args, e.error);
}

function runCycle(): void {
  cycleScheduled = false;
  if (stopped) return;
  const spawns = spawnQueue;
  const defers = deferQueue;
  const ready = readyQueue;
  spawnQueue = spareSpawn;
  deferQueue = spareDefer;
  readyQueue = spareReady;
  for (const e of spawns) runEntry(e);
  for (const e of defers) runEntry(e);
  for (const e of ready) runEntry(e);
  spawns.length = defers.length = ready.length = 0;
  [spareSpawn, spareDefer, spareReady] = [spawns, defers, ready];
  if (spawnQueue.length > 0 || deferQueue.length > 0 || readyQueue.length > 0) schedule();
}

/**
 * Whether a host event may resume a thread at once instead of through wake(): no Luau thread is
 * running and no cycle is pending, so running it now gives the order a cycle would. True in
 * Bun's event callbacks (Bun drains microtasks after each one).
 */
export function canResumeNow(): boolean {
  return !cycleScheduled && !stopped && runningThread() === undefined;
}

/** Stops all scheduling (process.exit). */
export function stopScheduler(): void {
  stopped = true;
}

export function anyThreadErrored(): boolean {
  return errored;
}
