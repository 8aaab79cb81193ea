// The `string` library. Strings are byte strings (one char code per byte), positions are 1-based and
// negative positions count from the end.
import { hostCallSync } from "../../runtime/call";
import { rtError } from "../../runtime/errors";
import { index } from "../../runtime/ops";
import { LuauTable } from "../../runtime/table";
import { NONE, first, numberToString, truthy, typeName } from "../../runtime/values";
import { argError, checkInt, checkString, library, optInt, optString, typeError } from "../args";
import { format } from "./format";
import { pack, packsize, unpack } from "./pack";
import { PatternMatcher, hasSpecials } from "./patterns";
import { checkStack } from "./stack";
import { bytesToString } from "../../runtime/bytes";

/** A relative position: negative counts from the end; anything before the start becomes 0. */
function relative(pos: number, len: number): number {
  if (pos >= 0) return pos;
  return -pos > len ? 0 : len + pos + 1;
}

/** One value as itself, several as an array (the calling convention). */
function results(values: unknown[]): unknown {
  return values.length === 1 ? values[0] : values;
}

function len(s: unknown): number {
  return checkString(s, 1, "len", arguments.length).length;
}

function sub(s: unknown, i: unknown, j: unknown): string {
  const nargs = arguments.length;
  const str = checkString(s, 1, "sub", nargs);
  const l = str.length;
  const start = Math.max(relative(checkInt(i, 2, "sub", nargs), l), 1);
  const end = Math.min(relative(optInt(j, 3, "sub", -1), l), l);
  return start <= end ? str.slice(start - 1, end) : "";
}

function upper(s: unknown): string {
  // only ASCII letters change case
  return checkString(s, 1, "upper", arguments.length).replace(/[a-z]+/g, (m) => m.toUpperCase());
}

function lower(s: unknown): string {
  return checkString(s, 1, "lower", arguments.length).replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

// strings longer than this are refused by rep, as in the reference
const MAX_STRING = 1 << 30;

function rep(s: unknown, n: unknown): string {
  const nargs = arguments.length;
  const str = checkString(s, 1, "rep", nargs);
  const count = checkInt(n, 2, "rep", nargs);
  if (count <= 0 || str.length === 0) return "";
  if (str.length > Math.floor(MAX_STRING / count)) throw rtError("resulting string too large");
  return str.repeat(count);
}

function reverse(s: unknown): string {
  const str = checkString(s, 1, "reverse", arguments.length);
  let out = "";
  for (let i = str.length - 1; i >= 0; i--) out += str[i];
  return out;
}

function byte(s: unknown, i: unknown, j: unknown): unknown {
  const nargs = arguments.length;
  const str = checkString(s, 1, "byte", nargs);
  const l = str.length;
  const posi = relative(optInt(i, 2, "byte", 1), l);
  const pose = Math.min(relative(optInt(j, 3, "byte", posi), l), l);
  const start = Math.max(posi, 1);
  if (start > pose) return NONE;
  if (start === pose) return str.charCodeAt(start - 1);
  checkStack(nargs, pose - start + 1, "string slice too long");
  const out = new Array<number>(pose - start + 1);
  for (let k = start; k <= pose; k++) out[k - start] = str.charCodeAt(k - 1);
  return out;
}

function char(...codes: unknown[]): string {
  const bytes = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = checkInt(codes[i], i + 1, "char", codes.length);
    if (c < 0 || c > 255) throw argError(i + 1, "char", "invalid value");
    bytes[i] = c;
  }
  // one byte: the engine's single-character strings, no allocation
  return bytes.length === 1 ? String.fromCharCode(bytes[0]) : bytesToString(bytes);
}

/** string.find and string.match. */
function search(fname: string, find: boolean, nargs: number, s: unknown, p: unknown, i: unknown, plain: unknown): unknown {
  const src = checkString(s, 1, fname, nargs);
  const pat = checkString(p, 2, fname, nargs);
  let init = relative(optInt(i, 3, fname, 1), src.length);
  if (init < 1) init = 1;
  else if (init > src.length + 1) return undefined;
  if (find && (truthy(plain) || !hasSpecials(pat))) {
    const at = src.indexOf(pat, init - 1);
    return at < 0 ? undefined : [at + 1, at + pat.length];
  }
  const m = new PatternMatcher(src, pat);
  const anchored = pat.charCodeAt(0) === 94; // ^
  const p0 = anchored ? 1 : 0;
  let start = init - 1;
  do {
    const e = m.matchAt(start, p0);
    if (e !== -1) {
      if (find) return [start + 1, e, ...m.captures(start, e, false)];
      return results(m.captures(start, e, true));
    }
  } while (start++ < src.length && !anchored);
  return undefined;
}

function find(s: unknown, p: unknown, i: unknown, plain: unknown): unknown {
  return search("find", true, arguments.length, s, p, i, plain);
}

function match(s: unknown, p: unknown, i: unknown): unknown {
  return search("match", false, arguments.length, s, p, i, undefined);
}

function gmatch(s: unknown, p: unknown): () => unknown {
  const nargs = arguments.length;
  const src = checkString(s, 1, "gmatch", nargs);
  const pat = checkString(p, 2, "gmatch", nargs);
  const m = new PatternMatcher(src, pat);
  let pos = 0;
  // '^' is not an anchor here: the whole pattern is tried at each position
  return function gmatchStep(): unknown {
    for (let start = pos; start <= src.length; start++) {
      const e = m.matchAt(start, 0);
      if (e !== -1) {
        // an empty match moves on by one byte so the iteration ends
        pos = e === start ? e + 1 : e;
        return results(m.captures(start, e, true));
      }
    }
    return NONE;
  };
}

/** A string replacement with %0-%9 and %% expanded. */
function expand(repl: string, m: PatternMatcher, s: number, e: number): string {
  let out = "";
  let from = 0;
  for (let at = repl.indexOf("%"); at >= 0; at = repl.indexOf("%", from)) {
    out += repl.slice(from, at);
    const c = repl.charCodeAt(at + 1);
    if (c === 37) {
      out += "%";
    } else if (c === 48) {
      out += m.src.slice(s, e);
    } else if (c >= 49 && c <= 57) {
      const v = m.capture(c - 49, s, e);
      out += typeof v === "number" ? numberToString(v) : (v as string);
    } else {
      throw rtError("invalid use of '%' in replacement string");
    }
    from = at + 2;
  }
  return out + repl.slice(from);
}

function gsub(s: unknown, p: unknown, repl: unknown, n: unknown): unknown {
  const nargs = arguments.length;
  const src = checkString(s, 1, "gsub", nargs);
  const pat = checkString(p, 2, "gsub", nargs);
  const maxN = optInt(n, 4, "gsub", src.length + 1);
  if (typeof repl === "number") repl = numberToString(repl);
  if (typeof repl !== "string" && typeof repl !== "function" && !(repl instanceof LuauTable)) {
    throw typeError(3, "gsub", "string/function/table", repl, nargs);
  }
  const plainRepl = typeof repl === "string" && !repl.includes("%") ? repl : undefined;
  const m = new PatternMatcher(src, pat);
  const anchored = pat.charCodeAt(0) === 94; // ^
  const p0 = anchored ? 1 : 0;
  let out = "";
  let count = 0;
  let pos = 0;
  let copied = 0; // src[copied, pos) is unmatched text not yet in `out`
  while (count < maxN) {
    const e = m.matchAt(pos, p0);
    if (e !== -1) {
      count++;
      out += src.slice(copied, pos) + (plainRepl ?? replacement(repl, m, pos, e));
      copied = e;
    }
    if (e !== -1 && e > pos) pos = e;
    else if (pos < src.length) pos++;
    else break;
    if (anchored) break;
  }
  return [out + src.slice(copied), count];
}

/** The text that replaces the match src[s, e) for a string, table or function replacement. */
function replacement(repl: unknown, m: PatternMatcher, s: number, e: number): string {
  let v: unknown;
  if (typeof repl === "string") return expand(repl, m, s, e);
  if (repl instanceof LuauTable) v = index(repl, m.capture(0, s, e));
  else v = first(hostCallSync(repl, m.captures(s, e, true)));
  // nil and false keep the original text
  if (!truthy(v)) return m.src.slice(s, e);
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  throw rtError(`invalid replacement value (a ${typeName(v)})`);
}

function split(s: unknown, sep: unknown): LuauTable {
  const str = checkString(s, 1, "split", arguments.length);
  const separator = optString(sep, 2, "split", ",");
  // an empty separator splits into single bytes (and the empty string into nothing)
  if (separator === "") return LuauTable.fromArray(str.split(""));
  return LuauTable.fromArray(str.split(separator));
}

export function createStringLibrary(): LuauTable {
  return library({
    byte,
    char,
    find,
    format(...args: unknown[]): string {
      return format(args.length, args);
    },
    gmatch,
    gsub,
    len,
    lower,
    match,
    pack(...args: unknown[]): string {
      return pack(args.length, args);
    },
    packsize(fmt: unknown): number {
      return packsize(arguments.length, fmt);
    },
    rep,
    reverse,
    split,
    sub,
    unpack(fmt: unknown, data: unknown, init: unknown): unknown[] {
      return unpack(arguments.length, fmt, data, init);
    },
    upper,
  });
}
