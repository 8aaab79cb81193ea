// Luau refuses to grow a C function's stack past LUAI_MAXCSTACK slots (its arguments included), so
// functions returning one value per byte or item fail on long inputs, as in the reference.
import { rtError } from "../../runtime/errors";

const MAX_STACK = 8000;

/** Raises "stack overflow (what)" when `used` slots plus `extra` more exceed the limit. */
export function checkStack(used: number, extra: number, what: string): void {
  if (used + extra > MAX_STACK) throw rtError(`stack overflow (${what})`);
}
