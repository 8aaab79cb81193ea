// Luau threads (coroutines) on JS generators. A thread's body is a generator; everything it calls
// is entered with `yield*`, so a yield anywhere below unwinds to resumeThread() and resuming
// continues exactly there. Two kinds of yield travel up that chain:
//   - an array: coroutine.yield(...) values for whoever resumed the thread;
//   - SUSPEND: the thread waits for a host event (timer, socket, ...); the host operation holds the
//     thread and resumes it through the scheduler when the event arrives.
import { startBody } from "./call";
import { LuauError, rtError, toLuauError } from "./errors";
import { all, type Multi } from "./values";

export const SUSPEND = Symbol("suspend");

export type ThreadStatus = "suspended" | "running" | "normal" | "dead";

export type ResumeResult =
  | { kind: "return"; values: Multi }
  | { kind: "yield"; values: Multi }
  | { kind: "suspend" }
  | { kind: "error"; error: LuauError };

export class LuauThread {
  status: ThreadStatus = "suspended";
  gen: Generator<unknown, unknown, unknown> | undefined = undefined;
  /** Set while the thread waits in SUSPEND; a wake-up must present it (stale wake-ups are ignored). */
  waitToken = 0;
  waiting = false;
  /** Releases what a pending wait holds (a timer, a socket read) when the thread is closed. */
  cancelWait: (() => void) | undefined = undefined;
  /** The error the thread died of, for coroutine.close. */
  error: LuauError | undefined = undefined;
  /** Called once when the thread finishes (returns or errors), before anyone else sees the result:
   * lets host code run a Luau function as a thread's body without wrapping it in a generator. */
  onExit: ((r: Extract<ResumeResult, { kind: "return" | "error" }>) => void) | undefined = undefined;
  constructor(readonly body: unknown) {}
}

// shared: a thread suspends for every host event it waits for, and nobody changes this result
const SUSPENDED: ResumeResult = Object.freeze({ kind: "suspend" });

let running: LuauThread | undefined;

export function runningThread(): LuauThread | undefined {
  return running;
}

/**
 * Runs `co` until it yields, suspends, returns or errors. `co` must be suspended. When `throwing`
 * is given, the pending yield raises it instead of returning `args` (async host operations that fail).
 */
export function resumeThread(co: LuauThread, args: Multi, throwing?: LuauError): ResumeResult {
  const prev = running;
  if (prev !== undefined) prev.status = "normal";
  co.status = "running";
  co.waiting = false;
  co.cancelWait = undefined;
  running = co;
  try {
    let r: IteratorResult<unknown, unknown>;
    if (co.gen === undefined) {
      co.gen = startBody(co.body, args);
      r = co.gen.next();
    } else if (throwing !== undefined) {
      r = co.gen.throw(throwing);
    } else {
      r = co.gen.next(args);
    }
    if (r.done) {
      co.status = "dead";
      return exited(co, { kind: "return", values: all(r.value) });
    }
    co.status = "suspended";
    if (r.value === SUSPEND) {
      co.waiting = true;
      return SUSPENDED;
    }
    return { kind: "yield", values: r.value as Multi };
  } catch (e) {
    co.status = "dead";
    const err = toLuauError(e);
    co.error = err;
    return exited(co, { kind: "error", error: err });
  } finally {
    running = prev;
    if (prev !== undefined) prev.status = "running";
  }
}

function exited(co: LuauThread, r: Extract<ResumeResult, { kind: "return" | "error" }>): ResumeResult {
  const onExit = co.onExit;
  if (onExit !== undefined) {
    co.onExit = undefined;
    onExit(r);
  }
  return r;
}

/**
 * For async host functions: the current thread, marked as waiting with a fresh wake-up token.
 * `cancel` releases the wait's resources if the thread is closed before the event arrives.
 */
export function beginWait(cancel?: () => void): { thread: LuauThread; token: number } {
  const thread = running;
  if (thread === undefined) throw new LuauError("attempt to yield from outside a coroutine");
  thread.waitToken++;
  thread.cancelWait = cancel;
  return { thread, token: thread.waitToken };
}

/**
 * Closes a thread (coroutine.close, task.cancel): it will never run again, and a pending wait is
 * released. Returns the error the thread died of, if any. Closing a running or normal thread is
 * an error.
 */
export function closeThread(th: LuauThread): LuauError | undefined {
  if (th.status === "running") throw rtError("cannot close running coroutine");
  if (th.status === "normal") throw rtError("cannot close normal coroutine");
  const err = th.error;
  th.error = undefined;
  if (th.status === "suspended" && th.gen !== undefined) th.gen.return(undefined);
  th.status = "dead";
  th.waiting = false;
  const cancel = th.cancelWait;
  th.cancelWait = undefined;
  cancel?.();
  return err;
}
