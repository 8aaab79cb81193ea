// The debug library: traceback and info, read off the JS stack (see runtime/errors.ts).
import { captureStack, chunkName, parseStack, type Frame } from "../runtime/errors";
import { LuauThread } from "../runtime/thread";
import { argError, checkString, library, optInt, toIntOrZero } from "./args";
import { toNumber } from "../runtime/values";

function luauFrames(): Extract<Frame, { kind: "luau" }>[] {
  return parseStack(captureStack()).filter((f): f is Extract<Frame, { kind: "luau" }> => f.kind === "luau");
}

/** What codegen encodes in a Luau function's JS name: `name$chunk_line` (`main$chunk_0`). */
function luauFunction(js: string): { name: string; chunk: string; line: number } | undefined {
  const m = /^(\w*?)\$(\d+)_(\d+)$/.exec(js);
  if (!m) return undefined;
  const main = m[1] === "main" && m[3] === "0";
  return { name: main ? "" : m[1], chunk: chunkName(Number(m[2])), line: main ? 0 : Number(m[3]) };
}

function functionName(js: string): string {
  return luauFunction(js)?.name ?? js;
}

function traceback(a: unknown, b: unknown, c: unknown): unknown {
  // an optional thread comes first; its stack is not inspectable once suspended, so it is ignored
  const arg = a instanceof LuauThread ? 1 : 0;
  let [msg, level] = arg === 1 ? [b, c] : [a, b];
  if (msg !== undefined && typeof msg !== "string" && typeof msg !== "number") return msg;
  // the level is a C int (NaN and values beyond the int range are INT_MIN, so negative)
  const skip = optInt(level, arg + 2, "traceback", 1);
  if (skip < 0) throw argError(arg + 2, "traceback", "level can't be negative");
  const lines = luauFrames()
    .slice(Math.max(skip - 1, 0))
    .map((f) => {
      const name = functionName(f.fn);
      return `${f.chunk}:${f.line}${name ? ` function ${name}` : ""}`;
    });
  const text = lines.join("\n") + "\n";
  return msg === undefined ? text : `${msg}\n${text}`;
}

function info(a: unknown, b: unknown, c: unknown): unknown {
  const arg = a instanceof LuauThread ? 1 : 0;
  const [target, opts] = arg === 1 ? [b, c] : [a, b];
  // Luau reads the level first: a number (or numeric string) as a C int, which must not be negative
  let level: number | undefined;
  if (toNumber(target) !== undefined) {
    level = toIntOrZero(target);
    if (level < 0) throw argError(arg + 1, "info", "level can't be negative");
  } else if (arg === 1 || typeof target !== "function") {
    throw argError(arg + 1, "info", "function or level expected");
  }
  const options = checkString(opts, arg + 2, "info");
  const out: unknown[] = [];
  if (typeof target === "function") {
    const luau = luauFunction(target.name);
    for (const o of options) {
      if (o === "s") out.push(luau ? luau.chunk : "[C]");
      else if (o === "l") out.push(luau ? luau.line : -1);
      else if (o === "n") out.push((luau ? luau.name : target.name) || undefined);
      else if (o === "a") out.push(target.length, false);
      else if (o === "f") out.push(target);
    }
    return out;
  }
  const frame = luauFrames()[(level as number) - 1];
  if (frame === undefined) return undefined;
  for (const o of options) {
    if (o === "s") out.push(frame.chunk);
    else if (o === "l") out.push(frame.line);
    else if (o === "n") out.push(functionName(frame.fn) || undefined);
    else if (o === "a") out.push(0, true);
    else if (o === "f") out.push(undefined);
  }
  return out;
}

export function createDebugLibrary() {
  return library({ traceback, info });
}
