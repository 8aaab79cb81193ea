// Luau threads waiting for something a socket will report (data, a connection, drain). Bun's
// callbacks only *signal*; each woken thread re-checks the socket's state itself, so a waiter that
// was cancelled in the meantime (task.cancel) can never swallow data meant for another.
//
// Where a wake-up comes from decides how the thread is resumed. In one of Bun's event callbacks no
// Luau thread is running and the scheduler's queues are empty (canResumeNow), so resuming at once
// gives the order wake() would give one microtask later, without the hop. Anywhere else (a socket
// event raised synchronously by a call some thread made, such as end() closing the socket) the
// thread goes through wake(), behind what is already queued.
import { canResumeNow, resumeNow, wake } from "../../../../runtime/scheduler";
import { SUSPEND, beginWait, type LuauThread } from "../../../../runtime/thread";
import { NONE } from "../../../../runtime/values";

export interface Waiter {
  thread: LuauThread;
  token: number;
}

export class WaitQueue {
  private list: Waiter[] = [];

  /** `onChange` runs when the queue may have become empty or non-empty (sockets ref the event
   * loop by it), not on every change: it costs a message's worth of time on hot paths. */
  constructor(private readonly onChange: () => void) {}

  get size(): number {
    return this.list.length;
  }

  /** Suspends the running thread until woken (it then re-checks whatever it waits for). */
  *wait(): Generator<unknown, void, unknown> {
    const w = this.enter();
    try {
      yield SUSPEND;
    } finally {
      this.leave(w);
    }
  }

  // enter/leave: wait() taken apart, for hot paths that suspend in their own generator (one
  // generator fewer to create and to resume through). Use as: enter; try { yield SUSPEND } finally { leave }.

  /** Lists the running thread as waiting; it must then `yield SUSPEND`. */
  enter(): Waiter {
    const w = beginWait();
    if (this.list.push(w) === 1) this.onChange();
    return w;
  }

  /** After the wait, however it ended (woken, or the thread was closed while waiting). */
  leave(w: Waiter): void {
    const list = this.list;
    // a woken waiter has already been taken off the list, usually the first one
    const i = list.length === 0 ? -1 : list[0] === w ? 0 : list.indexOf(w);
    if (i === 0) list.shift();
    else if (i > 0) list.splice(i, 1);
    if (list.length === 0) this.onChange();
  }

  /** Wakes the longest-waiting thread. */
  wakeOne(): void {
    const w = this.list.shift();
    if (w !== undefined) resume(w);
  }

  wakeAll(): void {
    const all = this.list;
    this.list = [];
    for (const w of all) resume(w);
  }
}

function resume(w: Waiter): void {
  if (!canResumeNow()) return wake(w.thread, w.token, NONE);
  // the checks wake() makes before resuming: the thread still waits for this very wake-up
  const th = w.thread;
  if (th.status === "suspended" && th.waiting && th.waitToken === w.token) resumeNow(th, NONE);
}
