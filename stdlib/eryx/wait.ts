// How a socket call waits. Each Bun-backed object (stream, listener, UDP endpoint) keeps a WaitQueue
// per direction; its Bun event handlers call wakeAll(), and the woken threads retry their operation
// (which may find nothing to do and wait again; the retry loops are in lifecycle.ts and
// transfer.ts). Nothing here blocks Bun's event loop: a waiting thread is suspended (beginWait +
// SUSPEND) and resumed through the scheduler.
import { wake } from "../../runtime/scheduler";
import { SUSPEND, beginWait, type LuauThread } from "../../runtime/thread";
import { NONE } from "../../runtime/values";
import { socketError } from "./errno";
import { MAX_TIMER_MS, hold, release } from "../../runtime/keepalive";
import { awaitHeld } from "../lune/async";
import { noteResumed } from "./poll";
import type { EryxSocket } from "./socket";

const TIMED_OUT = [Symbol("timed out")];

export class WaitQueue {
  private threads: LuauThread[] = [];
  private tokens: number[] = [];

  add(thread: LuauThread, token: number): void {
    this.threads.push(thread);
    this.tokens.push(token);
    hold();
  }

  remove(thread: LuauThread, token: number): boolean {
    for (let i = 0; i < this.threads.length; i++) {
      if (this.threads[i] === thread && this.tokens[i] === token) {
        this.threads.splice(i, 1);
        this.tokens.splice(i, 1);
        release();
        return true;
      }
    }
    return false;
  }

  /** Resumes every waiter (they re-check their operation). */
  wakeAll(): void {
    const n = this.threads.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) wake(this.threads[i], this.tokens[i], NONE);
    this.threads.length = 0;
    this.tokens.length = 0;
    release(n);
    noteResumed(n);
  }
}

/**
 * One blocking call's wait: the running thread joins `queue` (and, with a `deadline` in
 * performance.now() ms, a timer that ends the wait). The caller suspends itself, so that no
 * generator level is added to every wait:
 *
 *   const ticket = new Ticket(queue, deadline);
 *   try { r = yield SUSPEND; } finally { ticket.leave(); }
 *   ticket.check(s, r, op);
 */
export class Ticket {
  private readonly thread: LuauThread;
  private readonly token: number;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly queue: WaitQueue,
    deadline: number | undefined,
  ) {
    const { thread, token } = beginWait();
    this.thread = thread;
    this.token = token;
    queue.add(thread, token);
    const ms = deadline === undefined ? undefined : Math.max(0, deadline - performance.now());
    // setTimeout fires at once for more than MAX_TIMER_MS: a deadline that far away is none
    this.timer = ms === undefined || ms > MAX_TIMER_MS ? undefined : setTimeout(() => this.expire(), ms);
  }

  private expire(): void {
    if (this.queue.remove(this.thread, this.token)) {
      noteResumed(1);
      wake(this.thread, this.token, TIMED_OUT);
    }
  }

  /** After the thread resumed, however it was (also when it was closed while waiting). */
  leave(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.queue.remove(this.thread, this.token);
  }

  /** Raises what ended the wait when it was not the awaited event: the timeout, or close(). */
  check(s: EryxSocket, resumedWith: unknown, op: string): void {
    // raised here, in the script's call, so that the error carries its position
    if (resumedWith === TIMED_OUT) throw socketError(op, "ETIMEDOUT", "timed out");
    s.checkOpen(op);
  }
}

/** Suspends the running thread until `p` settles, keeping the process alive meanwhile. */
export const awaitHost = awaitHeld;
