// Luau errors as JS exceptions, and error positions read off the JS stack.
//
// Emitted code keeps every statement on its Luau source line and each chunk is evaluated with a
// `//# sourceURL=luau#ID` comment, so a JS stack frame in a chunk *is* a Luau frame: `at f (luau#3:12:7)`
// means line 12 of chunk 3. Positions therefore cost nothing until an error happens.
//
// Host code calls Luau values through the functions named in HOST_CALLERS (see ./call.ts). A frame of
// one of them marks a host → Luau boundary: an error raised by a host function that a host function
// called directly (`pcall(error, "x")`) gets no position, as in Luau.

import { numberToString } from "./numbers";

export class LuauError extends Error {
  /** The Luau error value (any Luau value). */
  value: unknown;
  /** Stack captured where the error was raised (used for Lune's uncaught-error report). */
  constructor(value: unknown) {
    super(typeof value === "string" ? value : "luau error");
    this.value = value;
  }
}

const chunkNames: string[] = [];
/** Per chunk: JS line → marks [column, Luau line] of multi-line call sites (see codegen). */
const callSiteMarks: (Map<number, [number, number][]> | undefined)[] = [];

/** Registers a chunk name; the returned id goes into the chunk's sourceURL. */
export function registerChunk(name: string): number {
  chunkNames.push(name);
  return chunkNames.length - 1;
}

/** Records the call-site marks (comments holding a Luau line) of a chunk's generated code. */
export function registerCallSiteMarks(id: number, js: string): void {
  const marks = new Map<number, [number, number][]>();
  const re = /\/\*@(\d+)\*\//g;
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (let m = re.exec(js); m !== null; m = re.exec(js)) {
    for (let i = js.indexOf("\n", scanned); i >= 0 && i < m.index; i = js.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = m.index;
    const col = m.index - lineStart + 1;
    let list = marks.get(line);
    if (list === undefined) marks.set(line, (list = []));
    list.push([col, Number(m[1])]);
  }
  if (marks.size > 0) callSiteMarks[id] = marks;
}

function luauLine(id: number, line: number, col: number): number {
  const list = callSiteMarks[id]?.get(line);
  if (list === undefined) return line;
  let best = line;
  for (const [c, l] of list) if (c <= col) best = l;
  return best;
}

export function chunkName(id: number): string {
  return chunkNames[id] ?? "?";
}

export const HOST_CALLERS = new Set(["hostCall", "hostCallSync"]);

export type Frame = { kind: "luau"; chunk: string; id: number; line: number; fn: string } | { kind: "host"; fn: string };

const frameRe = /^\s*at (?:(\S+) \()?(?:luau#(\d+)):(\d+):(\d+)\)?$/;
const namedRe = /^\s*at (\S+) \(/;
const threadBoundary = /^\s*at resumeThread \(/;

/** The Luau frames and host → Luau boundaries of a JS stack, innermost first. */
export function parseStack(stack: string | undefined): Frame[] {
  const frames: Frame[] = [];
  if (!stack) return frames;
  for (const line of stack.split("\n")) {
    // frames below resumeThread belong to whoever resumed this thread, not to it
    if (threadBoundary.test(line)) break;
    const m = frameRe.exec(line);
    if (m) {
      const id = Number(m[2]);
      frames.push({ kind: "luau", chunk: chunkName(id), id, line: luauLine(id, Number(m[3]), Number(m[4])), fn: m[1] ?? "" });
      continue;
    }
    const n = namedRe.exec(line);
    if (n && HOST_CALLERS.has(n[1])) frames.push({ kind: "host", fn: n[1] });
  }
  return frames;
}

/** `chunk:line: ` for the Luau function `level` levels up the stack (1 = the innermost), or "". */
export function positionAt(stack: string | undefined, level: number): string {
  if (level <= 0) return "";
  const frames = parseStack(stack);
  const f = frames[level - 1];
  return f !== undefined && f.kind === "luau" ? `${f.chunk}:${f.line}: ` : "";
}

export function captureStack(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  return stack;
}

/** A runtime error positioned at the Luau code that caused it (what luaL_error / the VM do). */
export function rtError(message: string, level = 1): LuauError {
  const stack = captureStack();
  const err = new LuauError(positionAt(stack, level) + message);
  err.stack = stack;
  return err;
}

/** An error carrying a Luau value, positioned like `error(value, level)`. */
export function valueError(value: unknown, level: number): LuauError {
  const stack = captureStack();
  if (level > 0 && (typeof value === "string" || typeof value === "number")) {
    const pos = positionAt(stack, level);
    if (pos !== "") value = pos + (typeof value === "number" ? numberToString(value) : value);
  }
  const err = new LuauError(value);
  err.stack = stack;
  return err;
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** Any exception caught by pcall/resume/the scheduler, as a LuauError. */
export function toLuauError(e: unknown): LuauError {
  if (e instanceof LuauError) return e;
  if (isStackOverflow(e)) {
    const err = new LuauError(positionAt((e as Error).stack, 1) + "stack overflow");
    err.stack = (e as Error).stack;
    return err;
  }
  // a bug in bune itself: keep the JS message so it can be reported, but never crash the script
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const err = new LuauError(msg);
  if (e instanceof Error) err.stack = e.stack;
  return err;
}
