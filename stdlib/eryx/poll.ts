// _socket.poll(timeout): the seed's scheduler loop `while running do _socket.poll() task.step() end`.
// In bune a coroutine blocked in a socket call is resumed by the scheduler as soon as Bun reports
// its event, so poll only has to (1) give the event loop at least one turn, so that such a loop
// cannot starve I/O, (2) wait for I/O activity when asked to, and (3) report how many socket
// waiters were resumed since the previous call.
import { wake } from "../../runtime/scheduler";
import { SUSPEND, beginWait, type LuauThread } from "../../runtime/thread";
import { NONE } from "../../runtime/values";
import { optNumber } from "../args";
import { MAX_TIMER_MS, hold, release } from "../../runtime/keepalive";

let resumed = 0;
const pollers: { thread: LuauThread; token: number }[] = [];

/** Counts socket waiters woken (by their event or by a timeout). */
export function noteResumed(n: number): void {
  resumed += n;
}

/** Called on every Bun socket event: ends the waits of threads inside poll(t > 0) and poll(-1). */
export function ioActivity(): void {
  if (pollers.length === 0) return;
  for (const p of pollers) wake(p.thread, p.token, NONE);
  release(pollers.length);
  pollers.length = 0;
}

export function* poll(timeout?: unknown): Generator<unknown, number, unknown> {
  const seconds = optNumber(timeout, 1, "poll", 0);
  const { thread, token } = beginWait();
  const me = { thread, token };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let turn: ReturnType<typeof setImmediate> | undefined;
  if (seconds === 0 || resumed > 0 || seconds !== seconds) {
    // nothing to wait for (or something is already ready): one event-loop turn
    turn = setImmediate(() => wake(thread, token, NONE));
  } else {
    pollers.push(me);
    hold();
    // (setTimeout fires at once for more than MAX_TIMER_MS: longer waits have no time limit)
    if (seconds > 0 && seconds * 1000 <= MAX_TIMER_MS) timer = setTimeout(() => wake(thread, token, NONE), seconds * 1000);
  }
  try {
    yield SUSPEND;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (turn !== undefined) clearImmediate(turn);
    const i = pollers.indexOf(me);
    if (i >= 0) {
      pollers.splice(i, 1);
      release();
    }
  }
  const n = resumed;
  resumed = 0;
  return n;
}
