// Waiting on host events from a Luau thread. The calling thread suspends (other threads keep
// running); when the event arrives the scheduler resumes it with the result, or raises the error in
// it. Host functions that use these helpers must be generator functions (`yield* awaitPromise(...)`).
import { LuauError } from "../../runtime/errors";
import { wake } from "../../runtime/scheduler";
import { SUSPEND, beginWait } from "../../runtime/thread";
import { NONE } from "../../runtime/values";

/** Turns a host failure (a rejected promise) into the Luau error the script sees. */
export type ErrorMapper = (e: unknown) => LuauError;

export const defaultErrorMapper: ErrorMapper = (e) =>
  e instanceof LuauError ? e : new LuauError(e instanceof Error ? e.message : String(e));

/** Suspends the running thread until `p` settles; returns its value or raises its error. */
export function* awaitPromise<T>(p: Promise<T>, mapError: ErrorMapper = defaultErrorMapper): Generator<unknown, T, unknown> {
  const { thread, token } = beginWait();
  p.then(
    (v) => wake(thread, token, [v]),
    (e) => wake(thread, token, NONE, mapError(e)),
  );
  const r = (yield SUSPEND) as unknown[];
  return r[0] as T;
}

/** The largest delay setTimeout accepts; longer sleeps are chained. */
const MAX_TIMER_MS = 0x7fffffff;

/** Timers of threads sleeping right now, so task.cancel can drop a sleep that keeps the process alive. */
const sleepTimers = new WeakMap<object, ReturnType<typeof setTimeout>>();

/** Suspends the running thread for `ms` milliseconds; returns the seconds actually slept. */
export function* sleep(ms: number): Generator<unknown, number, unknown> {
  const { thread, token } = beginWait();
  const start = performance.now();
  const arm = (left: number) => {
    const timer = setTimeout(() => {
      const elapsed = performance.now() - start;
      if (elapsed < ms) return arm(ms - elapsed);
      sleepTimers.delete(thread);
      wake(thread, token, [elapsed / 1000]);
    }, Math.min(left, MAX_TIMER_MS));
    sleepTimers.set(thread, timer);
  };
  arm(ms);
  const r = (yield SUSPEND) as unknown[];
  return r[0] as number;
}

/** Forgets the pending sleep of a cancelled thread. */
export function cancelSleep(thread: object): void {
  const timer = sleepTimers.get(thread);
  if (timer !== undefined) {
    clearTimeout(timer);
    sleepTimers.delete(thread);
  }
}
