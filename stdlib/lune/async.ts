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
  let r: unknown[];
  try {
    r = (yield SUSPEND) as unknown[];
  } catch (e) {
    // raised from an event callback: give the error the stack of the Luau code that waited, which
    // is live again now (the thread's generators are on the JS stack), for the error report
    if (e instanceof LuauError) e.stack = luauStack();
    throw e;
  }
  return r[0] as T;
}

function luauStack(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  return stack;
}

/** The largest delay setTimeout accepts; longer sleeps are chained. */
const MAX_TIMER_MS = 0x7fffffff;

/** Suspends the running thread for `ms` milliseconds; returns the seconds actually slept. */
export function* sleep(ms: number): Generator<unknown, number, unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // a closed thread drops its timer, so a cancelled sleep does not keep the process alive
  const { thread, token } = beginWait(() => clearTimeout(timer));
  const start = performance.now();
  const arm = (left: number) => {
    timer = setTimeout(() => {
      const elapsed = performance.now() - start;
      if (elapsed < ms) return arm(ms - elapsed);
      wake(thread, token, [elapsed / 1000]);
    }, Math.min(left, MAX_TIMER_MS));
  };
  arm(ms);
  const r = (yield SUSPEND) as unknown[];
  return r[0] as number;
}

// Keeping the process alive while a thread waits on something Bun does not count as pending work
// (an unref'd child process): one idle interval, referenced while anyone holds it.
let holders = 0;
let keepAlive: ReturnType<typeof setInterval> | undefined;

/** Keeps Bun's event loop alive until the returned release function is called. */
export function holdLoop(): () => void {
  if (holders++ === 0) keepAlive = setInterval(() => {}, 1 << 30);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) clearInterval(keepAlive);
  };
}

/** awaitPromise, keeping the process alive until `p` settles. */
export function* awaitHeld<T>(p: Promise<T>, mapError: ErrorMapper = defaultErrorMapper): Generator<unknown, T, unknown> {
  const release = holdLoop();
  return yield* awaitPromise(
    p.finally(release),
    mapError,
  );
}
