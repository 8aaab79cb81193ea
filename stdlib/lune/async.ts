// Waiting on host events from a Luau thread. The calling thread suspends (other threads keep
// running); when the event arrives the scheduler resumes it with the result, or raises the error in
// it. Host functions that use these helpers must be generator functions (`yield* awaitPromise(...)`).
import { LuauError } from "../../runtime/errors";
import { MAX_TIMER_MS, hold, release } from "../../runtime/keepalive";
import { wake } from "../../runtime/scheduler";
import { SUSPEND, beginWait } from "../../runtime/thread";
import { NONE } from "../../runtime/values";

/** Turns a host failure (a rejected promise) into the Luau error the script sees. */
export type ErrorMapper = (e: unknown) => LuauError;

export const defaultErrorMapper: ErrorMapper = (e) =>
  e instanceof LuauError ? e : new LuauError(e instanceof Error ? e.message : String(e));

/**
 * Suspends the running thread until `p` settles; returns its value or raises its error. The error
 * is made after the thread resumes, inside its call, so it carries the script's stack. `cancel`
 * runs if the thread is closed while it waits (task.cancel).
 */
export function* awaitPromise<T>(
  p: Promise<T>,
  mapError: ErrorMapper = defaultErrorMapper,
  cancel?: () => void,
): Generator<unknown, T, unknown> {
  const { thread, token } = beginWait(cancel);
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  p.then(
    (value) => {
      outcome = { ok: true, value };
      wake(thread, token, NONE);
    },
    (error) => {
      outcome = { ok: false, error };
      wake(thread, token, NONE);
    },
  );
  yield SUSPEND;
  if (outcome === undefined) throw new Error("awaitPromise: resumed before the promise settled");
  if (!outcome.ok) throw mapError(outcome.error);
  return outcome.value;
}


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

/** Keeps Bun's event loop alive until the returned release function is called (once). */
export function holdLoop(): () => void {
  hold();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
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
