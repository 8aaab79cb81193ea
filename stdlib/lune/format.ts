// Lune's value formatting, shared by print, warn and stdio.format. Tables are pretty-printed (sorted
// keys, 4-space indent, depth limit 4, `{ recursive }` for a table already on the current path) and
// userdata shows its __type/__tostring in angle brackets. Unlike Lune, numbers, functions, threads
// and buffers print exactly as Luau's tostring does: the golden corpus, produced by the reference
// interpreter, is the ground truth for them. Arguments are separated by a tab for the same reason.
import { fstatSync, statSync } from "node:fs";
import { getMetatable } from "../../runtime/call";
import { toStringMeta } from "../../runtime/ops";
import { LuauTable } from "../../runtime/table";
import { Userdata, numberToString, rawToString } from "../../runtime/values";

const MAX_DEPTH = 4;

/** ANSI styling of the parts of a formatted value; the identity when colours are off. */
interface Palette {
  punct(s: string): string; // braces, commas, `=`, brackets
  literal(s: string): string; // nil, booleans
  number(s: string): string;
  string(s: string): string; // nested strings
  special(s: string): string; // <...> values
}

const plain: Palette = { punct: id, literal: id, number: id, string: id, special: id };

function id(s: string): string {
  return s;
}

function ansi(code: number): (s: string) => string {
  return (s) => `\x1b[${code}m${s}\x1b[0m`;
}

export const colored: Palette = {
  punct: ansi(2),
  literal: ansi(33),
  number: ansi(36),
  string: ansi(32),
  special: ansi(35),
};

let wantsColor: boolean | undefined;

/** Whether print/warn should colour their output (a colour terminal on stdout; decided once). */
export function stdoutWantsColor(): boolean {
  wantsColor ??= stdoutIsTerminal() && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
  return wantsColor;
}

/**
 * Whether fd 1 is a terminal. Asking process.stdout.isTTY builds Node's stream machinery first, about
 * a third of a hello-world script's start-up; a terminal is a character device, and /dev/null is the
 * one character device output commonly goes to that is not a terminal.
 */
function stdoutIsTerminal(): boolean {
  if (process.platform === "win32") return process.stdout.isTTY === true;
  try {
    const st = fstatSync(1);
    return st.isCharacterDevice() && st.rdev !== statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

function quote(s: string): string {
  return '"' + s.replace(/["\t\r\n]/g, (c) => (c === '"' ? '\\"' : c === "\t" ? "\\t" : c === "\r" ? "\\r" : "\\n")) + '"';
}

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Lune's key order: integer keys ascending, then strings byte-wise, then other numbers; the rest
 * keeps its place next to the integers. */
function keyRank(k: unknown): number {
  if (typeof k === "number") return Number.isInteger(k) ? 0 : 2;
  return typeof k === "string" ? 1 : 0;
}

function compareKeys(a: unknown, b: unknown): number {
  const ra = keyRank(a);
  const rb = keyRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

/** A userdata or table that describes itself (__type / __tostring), or undefined. */
function described(v: LuauTable | Userdata, pal: Palette): string | undefined {
  const mt = getMetatable(v);
  if (mt === undefined) return v instanceof Userdata ? pal.special("<userdata>") : undefined;
  const type = mt.h.__type;
  const hasToString = mt.h.__tostring !== undefined;
  if (typeof type === "string") return pal.special(hasToString ? `<${type}(${toStringMeta(v)})>` : `<${type}>`);
  if (hasToString) return v instanceof Userdata ? pal.special(`<${toStringMeta(v)}>`) : toStringMeta(v);
  return v instanceof Userdata ? pal.special("<userdata>") : undefined;
}

function formatTable(t: LuauTable, depth: number, path: Set<LuauTable>, pal: Palette): string {
  if (path.has(t)) return pal.punct("{") + " recursive " + pal.punct("}");
  const entries = [...t.entries()];
  if (entries.length === 0) return pal.punct("{") + " " + pal.punct("}");
  if (depth >= MAX_DEPTH) return pal.punct("{") + " ... " + pal.punct("}");
  entries.sort((a, b) => compareKeys(a[0], b[0]));
  const isArray = entries.every(([k], i) => k === i + 1);
  path.add(t);
  const indent = "    ".repeat(depth + 1);
  let out = pal.punct("{") + "\n";
  for (const [k, v] of entries) {
    let key = "";
    if (!isArray) {
      key =
        typeof k === "string" && IDENT.test(k)
          ? k + " " + pal.punct("=") + " "
          : pal.punct("[") + formatNested(k, depth + 1, path, pal) + pal.punct("]") + " " + pal.punct("=") + " ";
    }
    out += indent + key + formatNested(v, depth + 1, path, pal) + pal.punct(",") + "\n";
  }
  path.delete(t);
  return out + "    ".repeat(depth) + pal.punct("}");
}

function formatNested(v: unknown, depth: number, path: Set<LuauTable>, pal: Palette): string {
  switch (typeof v) {
    case "undefined":
      return pal.literal("nil");
    case "boolean":
      return pal.literal(v ? "true" : "false");
    case "number":
      return pal.number(numberToString(v));
    case "string":
      return depth === 0 ? v : pal.string(quote(v));
  }
  if (v instanceof LuauTable || v instanceof Userdata) {
    const d = described(v, pal);
    if (d !== undefined) return d;
    if (v instanceof LuauTable) return formatTable(v, depth, path, pal);
  }
  return rawToString(v);
}

/** One value as print shows it. */
export function formatValue(v: unknown, pal: Palette = plain): string {
  return formatNested(v, 0, new Set(), pal);
}

/** print's text for its arguments (without the newline). */
export function formatValues(values: unknown[], pal: Palette = plain): string {
  return values.map((v) => formatValue(v, pal)).join("\t");
}
