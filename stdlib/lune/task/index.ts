// @lune/task on the scheduler (runtime/scheduler.ts). spawn resumes at once inside the caller,
// defer queues at the back, delay is a deferred wrapper that sleeps and then spawns, wait always
// yields (at least 1 ms), cancel closes a thread so it is never resumed again.
import { pushDefer, resumeNow, wake } from "../../../runtime/scheduler";
import { LuauThread, SUSPEND, beginWait, closeThread } from "../../../runtime/thread";
import { NONE } from "../../../runtime/values";
import { checkNumber, library, typeError } from "../../args";
import { sleep } from "../async";

function checkTarget(v: unknown, i: number, fname: string, nargs: number): LuauThread {
  if (v instanceof LuauThread) return v;
  if (typeof v === "function") return new LuauThread(v);
  throw typeError(i, fname, "function or thread", v, nargs);
}

/** Seconds → a sleep in ms. As in Lune, nil, negative, NaN, infinite and unrepresentably long
 * durations (2^64 s and more) all mean the minimum, 1 ms. */
function sleepMs(seconds: number): number {
  if (!(seconds > 0) || seconds >= 2 ** 64) return 1;
  return Math.max(seconds * 1000, 1);
}

function spawnNow(thread: LuauThread, args: unknown[]): void {
  // a thread that is running, normal or dead cannot be resumed: Lune ignores it
  if (thread.status === "suspended") resumeNow(thread, args);
}

/** Yields for one turn of the event loop: lets I/O and timers run (Eryx's `task.step`, which
 * Lune lacks; Eryx loops call it after `_socket.poll()`). */
function* step(): Generator<unknown, unknown, unknown> {
  let handle: ReturnType<typeof setImmediate> | undefined;
  const { thread, token } = beginWait(() => clearImmediate(handle));
  handle = setImmediate(() => wake(thread, token, NONE));
  yield SUSPEND;
  return NONE;
}

function* wait(seconds: unknown): Generator<unknown, unknown, unknown> {
  const s = seconds === undefined ? 0 : checkNumber(seconds, 1, "wait");
  return yield* sleep(sleepMs(s));
}

export function createTaskLibrary() {
  return library({
    spawn(target: unknown, ...args: unknown[]) {
      const thread = checkTarget(target, 1, "spawn", arguments.length);
      spawnNow(thread, args);
      return thread;
    },
    defer(target: unknown, ...args: unknown[]) {
      const thread = checkTarget(target, 1, "defer", arguments.length);
      if (thread.status !== "dead") pushDefer(thread, args);
      return thread;
    },
    delay(seconds: unknown, target: unknown, ...args: unknown[]) {
      const s = seconds === undefined ? 0 : checkNumber(seconds, 1, "delay");
      const thread = checkTarget(target, 2, "delay", arguments.length);
      // Lune's delay is `defer(function(...) wait(s); spawn(target, ...) end, ...)`: cancelling the
      // returned wrapper prevents the call
      const wrapper = new LuauThread(function* delayed(...wrapperArgs: unknown[]) {
        yield* sleep(sleepMs(s));
        spawnNow(thread, wrapperArgs);
        return NONE;
      });
      pushDefer(wrapper, args);
      return wrapper;
    },
    wait,
    step,
    cancel(target: unknown) {
      if (!(target instanceof LuauThread)) throw typeError(1, "cancel", "thread", target, arguments.length);
      // coroutine.close semantics (closing the running thread is an error, a dead one a no-op)
      closeThread(target);
      return NONE;
    },
  });
}
