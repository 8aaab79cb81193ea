// LuaSocket's exception helpers. try(...) raises `{ err }` (marked by a private metatable) when its
// first argument is nil/false; protect(f) turns exactly those errors back into `nil, err` results
// and lets every other error through. Both are generators, so `f` and finalizers may yield.
import { hostCall } from "../../runtime/call";
import { LuauError } from "../../runtime/errors";
import { LuauTable } from "../../runtime/table";
import { rawToString, truthy } from "../../runtime/values";
import { checkFunction, library } from "../args";

const TRY_EXCEPTION = library({
  __tostring: (e: LuauTable) => rawToString(e.get(1)),
});

function isTryException(v: unknown): v is LuauTable {
  return v instanceof LuauTable && v.mt === TRY_EXCEPTION;
}

/** socket.newtry(finalizer): a try function that calls `finalizer()` before raising. */
export function newtry(finalizer?: unknown) {
  return function* tryFn(...args: unknown[]): Generator<unknown, unknown, unknown> {
    if (truthy(args[0])) return args.length === 1 ? args[0] : args;
    if (finalizer !== undefined) yield* hostCall(finalizer, []);
    const e = new LuauTable();
    e.set(1, args[1]);
    e.mt = TRY_EXCEPTION;
    throw new LuauError(e);
  };
}

/** socket.protect(f): calls `f`, returning `nil, err` for errors raised by a try function. */
export function protect(f: unknown) {
  checkFunction(f, 1, "protect", arguments.length);
  return function* protectedFn(...args: unknown[]): Generator<unknown, unknown, unknown> {
    try {
      return yield* hostCall(f, args);
    } catch (e) {
      if (e instanceof LuauError && isTryException(e.value)) return [undefined, e.value.get(1)];
      throw e;
    }
  };
}
