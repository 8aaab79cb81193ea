// How a LuaSocket call "blocks": the calling Luau thread suspends until the socket it waits on
// reports a change (its Signal fires) or its timeout elapses; Bun's event loop never blocks.
//
// Sockets themselves are unref'd (an idle LuaSocket object must not keep the process alive, as a
// forgotten socket does not keep a Lua script alive); instead the process is kept alive while at
// least one thread waits here.
import { wake } from "../../runtime/scheduler";
import { SUSPEND, beginWait } from "../../runtime/thread";
import type { Timeout } from "./timeout";
import { MAX_TIMER_MS, hold, release } from "../../runtime/keepalive";

/** Fires when the state of a socket may have changed; waiting threads then re-check it. */
export class Signal {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): void {
    this.listeners.add(listener);
  }

  delete(listener: () => void): void {
    this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

/**
 * Suspends the running thread until one of `signals` fires or `ms` milliseconds pass (`ms < 0`: no
 * limit). Returns false when the time ran out, true otherwise (callers re-check their condition).
 */
export function* waitForSignal(signals: readonly Signal[], ms: number): Generator<unknown, boolean, unknown> {
  const { thread, token } = beginWait();
  const fire = () => wake(thread, token, [true]);
  for (const s of signals) s.add(fire);
  // setTimeout fires at once for more than MAX_TIMER_MS: a limit that far away (math.huge) is none
  const timer = ms >= 0 && ms <= MAX_TIMER_MS ? setTimeout(() => wake(thread, token, [false]), ms) : undefined;
  hold();
  try {
    const r = (yield SUSPEND) as unknown[] | undefined;
    return !(Array.isArray(r) && r[0] === false);
  } finally {
    // also runs when the thread is closed while waiting (coroutine.close, task.cancel)
    for (const s of signals) s.delete(fire);
    if (timer !== undefined) clearTimeout(timer);
    release();
  }
}

/** Settles a promise into a value or an error, so LuaSocket calls can return `nil, err` instead of raising. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Suspends the running thread until `p` settles. */
export function* settle<T>(p: Promise<T>): Generator<unknown, Settled<T>, unknown> {
  const { thread, token } = beginWait();
  p.then(
    (value) => wake(thread, token, [{ ok: true, value }]),
    (error) => wake(thread, token, [{ ok: false, error }]),
  );
  hold();
  try {
    const r = (yield SUSPEND) as unknown[] | undefined;
    const settled = Array.isArray(r) ? (r[0] as Settled<T> | undefined) : undefined;
    // a thread resumed early by coroutine.resume gets no result
    return settled !== undefined && typeof settled === "object" && "ok" in settled ? settled : { ok: false, error: new Error("interrupted") };
  } finally {
    release();
  }
}

/**
 * The shape of every blocking LuaSocket call: try `attempt`; while it has no result, wait for one of
 * `signals` as long as `timeout` allows. Returns undefined when the time ran out.
 */
export function* untilReady<T>(timeout: Timeout, signals: readonly Signal[], attempt: () => T | undefined): Generator<unknown, T | undefined, unknown> {
  for (;;) {
    const r = attempt();
    if (r !== undefined) return r;
    const ms = timeout.retry();
    if (ms === 0) return undefined;
    if (!(yield* waitForSignal(signals, ms))) return attempt();
  }
}
