// The globals Lune adds or replaces on top of Luau's: print and warn (Lune's value formatting) and
// require (builtin libraries and files).
import { writeStdout } from "../../runtime/io";
import type { LuauTable } from "../../runtime/table";
import { NONE } from "../../runtime/values";
import { colored, formatValues, stdoutWantsColor } from "./format";
import { LibraryCache, type LibraryContext } from "./libraries";
import { createRequire } from "./require";

function print(...args: unknown[]) {
  writeStdout(formatValues(args, stdoutWantsColor() ? colored : undefined) + "\n");
  return NONE;
}

function warn(...args: unknown[]) {
  const color = stdoutWantsColor();
  const label = color ? `${colored.punct("[")}\x1b[33mWARN\x1b[0m${colored.punct("]")}` : "[WARN]";
  writeStdout(label + "\n" + formatValues(args, color ? colored : undefined) + "\n");
  return NONE;
}

/** print, warn and require for a runtime whose global table is `env`. */
export function createLuneGlobals(env: LuauTable, ctx: LibraryContext): Record<string, unknown> {
  return { print, warn, require: createRequire(env, new LibraryCache(ctx)) };
}
