// Running a net.serve handler for one request. As in Lune, each request gets a new Luau thread that
// goes on the back of the defer queue, so handlers run concurrently and may yield. The thread
// settles the request's response when the handler returns; a handler error still answers the
// client (500) before it is raised to the scheduler, which reports it like any thread's error.
import { hostCall } from "../../../../../runtime/call";
import { pushDefer, resumeNow } from "../../../../../runtime/scheduler";
import { LuauThread } from "../../../../../runtime/thread";
import { NONE, first } from "../../../../../runtime/values";
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

// one body for every handler thread: the handler, its argument and the pending response travel as
// the thread's start arguments, so a request allocates no closure here
function* handlerBody(handler: unknown, arg: unknown, pending: PendingResponse): Generator<unknown, unknown, unknown> {
  try {
    pending.settle(toResponse(first(yield* hostCall(handler, [arg]))));
  } catch (e) {
    pending.settle(internalError());
    throw e;
  }
  return NONE;
}

/** Runs `handler(arg)` in a new thread at the back of the defer queue. */
export function deferHandler(handler: unknown, arg: unknown): Response | Promise<Response> {
  const pending = new PendingResponse();
  pushDefer(new LuauThread(handlerBody), [handler, arg, pending]);
  return pending.result();
}

/**
 * Runs `handler(arg)` in a new thread right away. Only for Bun's fetch callback itself: Bun drains
 * microtasks after every callback, so the scheduler's queues are empty when one starts, and a
 * deferred thread would run next with nothing in between; running it now is the same order, and a
 * handler that does not yield then answers without a promise.
 */
export function startHandler(handler: unknown, arg: unknown): Response | Promise<Response> {
  const pending = new PendingResponse();
  resumeNow(new LuauThread(handlerBody), [handler, arg, pending]);
  return pending.result();
}
