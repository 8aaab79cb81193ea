// How host code calls Luau values. Luau functions and yielding host functions are generator
// functions; every generator function inherits `$g = true` from GeneratorFunction.prototype, so
// `f.$g` tells the two protocols apart with one inline-cached property read and no per-closure cost.
//
// hostCall (yieldable: pcall, coroutine bodies, task callbacks) and hostCallSync (metamethods,
// sort comparators, gsub callbacks: a yield there is an error, as in Luau) are the only two ways host
// code calls a Luau value; their frames mark host → Luau boundaries for error positions (errors.ts).
import { LuauError, rtError } from "./errors";
import { LuauTable } from "./table";
import { Userdata, typeName } from "./values";

export type LuauFunction = (...args: any[]) => any;

const GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {});
Object.defineProperty(GeneratorFunctionPrototype, "$g", { value: true });
Object.defineProperty(Function.prototype, "$g", { value: false, writable: true });

/** Metatables of values that are not tables or userdata (the string metatable). */
export const typeMetatables: { string?: LuauTable } = {};

export function getMetatable(v: unknown): LuauTable | undefined {
  if (v instanceof LuauTable || v instanceof Userdata) return v.mt;
  if (typeof v === "string") return typeMetatables.string;
  return undefined;
}

export function getMetamethod(v: unknown, name: string): unknown {
  const mt = getMetatable(v);
  return mt === undefined ? undefined : mt.h[name];
}

/** The function to call for a non-function value (its `__call`), or an "attempt to call" error. */
export function callTarget(v: unknown): LuauFunction {
  const mm = getMetamethod(v, "__call");
  if (typeof mm === "function") return mm as LuauFunction;
  throw rtError(`attempt to call a ${typeName(v)} value`);
}

export function* hostCall(f: unknown, args: unknown[]): Generator<unknown, unknown, unknown> {
  if (typeof f === "function") {
    return (f as any).$g ? yield* (f as LuauFunction)(...args) : (f as LuauFunction)(...args);
  }
  const target = callTarget(f);
  return yield* hostCall(target, [f, ...args]);
}

// JSC performs proper tail calls in strict code (every module is strict): a `return g()` would
// drop this frame from the stack, and with it the boundary mark. Results go through a local.

export function hostCallSync(f: unknown, args: unknown[]): unknown {
  const r = runToCompletion(f, args);
  return r;
}

/** Calls a metamethod for the VM. Not a host boundary: to error levels, the metamethod's caller
 * is the Luau code whose operation invoked it. */
export function callMetamethod(f: unknown, args: unknown[]): unknown {
  const r = runToCompletion(f, args);
  return r;
}

function runToCompletion(f: unknown, args: unknown[]): unknown {
  if (typeof f === "function") {
    if (!(f as any).$g) {
      const r = (f as LuauFunction)(...args);
      return r;
    }
    const g = (f as LuauFunction)(...args) as Generator;
    const r = g.next();
    if (r.done) return r.value;
    throw new LuauError("attempt to yield across metamethod/C-call boundary");
  }
  const target = callTarget(f);
  const r = runToCompletion(target, [f, ...args]);
  return r;
}

/** A generator running `f(...args)` whatever its protocol: the body of a new thread. */
export function startBody(f: unknown, args: unknown[]): Generator<unknown, unknown, unknown> {
  return hostCall(f, args);
}


