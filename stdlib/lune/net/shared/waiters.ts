// Luau threads waiting for something a socket will report (data, a connection, drain). Bun's
// callbacks only *signal*; each woken thread re-checks the socket's state itself, so a waiter that
// was cancelled in the meantime (task.cancel) can never swallow data meant for another.
import { wake } from "../../../../runtime/scheduler";
import { SUSPEND, beginWait, type LuauThread } from "../../../../runtime/thread";
import { NONE } from "../../../../runtime/values";

interface Waiter {
  thread: LuauThread;
  token: number;
}

export class WaitQueue {
  private list: Waiter[] = [];

  /** `onChange` runs whenever the number of waiters changes (sockets ref the event loop by it). */
  constructor(private readonly onChange: () => void) {}

  get size(): number {
    return this.list.length;
  }

  /** Suspends the running thread until woken (it then re-checks whatever it waits for). */
  *wait(): Generator<unknown, void, unknown> {
    const w = beginWait();
    this.list.push(w);
    this.onChange();
    try {
      yield SUSPEND;
    } finally {
      // still listed when the thread was closed while waiting
      const i = this.list.indexOf(w);
      if (i >= 0) this.list.splice(i, 1);
      this.onChange();
    }
  }

  /** Wakes the longest-waiting thread. */
  wakeOne(): void {
    const w = this.list.shift();
    if (w !== undefined) wake(w.thread, w.token, NONE);
  }

  wakeAll(): void {
    const all = this.list;
    this.list = [];
    for (const w of all) wake(w.thread, w.token, NONE);
  }
}
