// Running a net.serve handler for one request. As in Lune, each request gets a new Luau thread that
// goes on the back of the defer queue, so handlers run concurrently and may yield. The handler is
// the thread's body; its exit settles the response, and a handler error still answers the client
// (500) before the scheduler reports it like any thread's error.
import { toLuauError } from "../../../../../runtime/errors";
import { canResumeNow, pushDefer, reportThreadError, resumeNow } from "../../../../../runtime/scheduler";
import { LuauThread } from "../../../../../runtime/thread";
import { internalError, toResponse } from "./response";

/** A request's response: set directly when the handler finished at once, else through a promise. */
class PendingResponse {
  response: Response | undefined = undefined;
  resolve: ((r: Response) => void) | undefined = undefined;

  settle(r: Response): void {
    if (this.resolve !== undefined) this.resolve(r);
    else this.response = r;
  }

  /** What Bun's fetch callback returns: the Response itself if it is ready (Bun's fast path). */
  result(): Response | Promise<Response> {
    if (this.response !== undefined) return this.response;
    return new Promise((resolve) => (this.resolve = resolve));
  }
}

/** A thread running `handler` whose result (or error: 500) settles `pending`. */
function handlerThread(handler: unknown, pending: PendingResponse): LuauThread {
  const thread = new LuauThread(handler);
  thread.onExit = (r) => {
    if (r.kind === "error") return pending.settle(internalError());
    try {
      pending.settle(toResponse(r.values[0]));
    } catch (e) {
      // a malformed response table: the client gets a 500 and the script an error report
      pending.settle(internalError());
      reportThreadError(toLuauError(e));
    }
  };
  return thread;
}

/** Runs `handler(arg)` in a new thread at the back of the defer queue. */
export function deferHandler(handler: unknown, arg: unknown): Response | Promise<Response> {
  const pending = new PendingResponse();
  pushDefer(handlerThread(handler, pending), [arg]);
  return pending.result();
}

/**
 * Runs `handler(arg)` in a new thread right away. Only for Bun's fetch callback itself: Bun drains
 * microtasks after every callback, so the scheduler's queues are empty when one starts, and a
 * deferred thread would run next with nothing in between; running it now is the same order, and a
 * handler that does not yield then answers without a promise.
 */
export function startHandler(handler: unknown, arg: unknown): Response | Promise<Response> {
  if (!canResumeNow()) return deferHandler(handler, arg);
  const pending = new PendingResponse();
  resumeNow(handlerThread(handler, pending), [arg]);
  return pending.result();
}
