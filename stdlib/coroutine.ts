// The coroutine library on LuauThread. When a coroutine waits on a host event (task.wait, a socket
// read, ...) resume returns `true` at once and the scheduler drives the thread from then on (Lune).
import { valueError } from "../runtime/errors";
import { LuauThread, closeThread, resumeThread, runningThread } from "../runtime/thread";
import type { Multi } from "../runtime/values";
import { checkFunction, library, typeError } from "./args";

function checkThread(v: unknown, i: number, fname: string, nargs: number): LuauThread {
  if (v instanceof LuauThread) return v;
  throw typeError(i, fname, "thread", v, nargs);
}

/** Resumes `co` as coroutine.resume does: [ok, values...] or [false, error]. */
export function resume(co: LuauThread, args: Multi): Multi {
  if (co.status === "dead") return [false, "cannot resume dead coroutine"];
  if (co.status === "running") return [false, "cannot resume running coroutine"];
  if (co.status === "normal") return [false, "cannot resume normal coroutine"];
  const r = resumeThread(co, args);
  switch (r.kind) {
    case "return":
    case "yield":
      return [true, ...r.values];
    case "suspend":
      return [true];
    case "error":
      return [false, r.error.value];
  }
}

function* yieldValues(...args: unknown[]): Generator<unknown, unknown, unknown> {
  return yield args;
}

export function createCoroutineLibrary() {
  return library({
    create(f: unknown) {
      checkFunction(f, 1, "create", arguments.length);
      return new LuauThread(f);
    },
    resume(co: unknown, ...args: unknown[]) {
      return resume(checkThread(co, 1, "resume", arguments.length), args);
    },
    yield: yieldValues,
    status(co: unknown) {
      return checkThread(co, 1, "status", arguments.length).status;
    },
    running() {
      return runningThread();
    },
    isyieldable() {
      return runningThread() !== undefined;
    },
    wrap(f: unknown) {
      checkFunction(f, 1, "wrap", arguments.length);
      const co = new LuauThread(f);
      return function wrapped(...args: unknown[]) {
        const r = resume(co, args);
        if (r[0] === true) return r.length === 2 ? r[1] : r.slice(1);
        // the error propagates with the caller's position added, as Luau's wrap does
        throw valueError(r[1], typeof r[1] === "string" ? 1 : 0);
      };
    },
    close(co: unknown) {
      const err = closeThread(checkThread(co, 1, "close", arguments.length));
      return err !== undefined ? [false, err.value] : true;
    },
  });
}
