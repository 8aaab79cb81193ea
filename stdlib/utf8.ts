// The `utf8` library over byte strings. Decoding is strict: overlong forms, surrogates, values above
// U+10FFFF and 5/6-byte forms are invalid. utf8.char encodes anything up to U+10FFFF (surrogates too).
import { rtError } from "../runtime/errors";
import { LuauTable } from "../runtime/table";
import { NONE } from "../runtime/values";
import { argError, checkInt, checkString, library, optInt, toIntOrZero } from "./args";
import { checkStack } from "./string/stack";

const MAX_CODE = 0x10ffff;

function isContinuation(s: string, i: number): boolean {
  return (s.charCodeAt(i) & 0xc0) === 0x80;
}

/** UTF-8 bytes of one code point, as a byte string. */
function encode(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(
    0xf0 | (cp >> 18),
    0x80 | ((cp >> 12) & 0x3f),
    0x80 | ((cp >> 6) & 0x3f),
    0x80 | (cp & 0x3f),
  );
}

// smallest code point each sequence length may encode (shorter forms are overlong)
const MIN_FOR_LENGTH = [0, 0, 0x80, 0x800, 0x10000];

/** Decodes the character at byte `i`: [code point, index after it], or undefined if invalid. */
function decode(s: string, i: number): [number, number] | undefined {
  const c = s.charCodeAt(i);
  if (c < 0x80) return [c, i + 1];
  let n: number;
  let cp: number;
  if (c >= 0xc0 && c < 0xe0) {
    n = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c < 0xf0) {
    n = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c < 0xf8) {
    n = 4;
    cp = c & 0x07;
  } else {
    return undefined;
  }
  for (let k = 1; k < n; k++) {
    if (!isContinuation(s, i + k)) return undefined;
    cp = (cp << 6) | (s.charCodeAt(i + k) & 0x3f);
  }
  if (cp < MIN_FOR_LENGTH[n] || cp > MAX_CODE || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return [cp, i + n];
}

/** A relative position: negative counts from the end; anything before the start becomes 0. */
function relative(pos: number, len: number): number {
  if (pos >= 0) return pos;
  return -pos > len ? 0 : len + pos + 1;
}

function char(...codes: unknown[]): string {
  let out = "";
  for (let i = 0; i < codes.length; i++) {
    const cp = checkInt(codes[i], i + 1, "char", codes.length);
    if (cp < 0 || cp > MAX_CODE) throw argError(i + 1, "char", "value out of range");
    out += encode(cp);
  }
  return out;
}

function codepoint(s: unknown, i: unknown, j: unknown): unknown {
  const nargs = arguments.length;
  const str = checkString(s, 1, "codepoint", nargs);
  const posi = relative(optInt(i, 2, "codepoint", 1), str.length);
  const pose = relative(optInt(j, 3, "codepoint", posi), str.length);
  if (posi < 1) throw argError(2, "codepoint", "out of range");
  if (pose > str.length) throw argError(3, "codepoint", "out of range");
  if (posi > pose) return NONE;
  checkStack(nargs, pose - posi + 1, "string slice too long");
  // every character that starts inside [posi, pose], even if it ends beyond
  const out: number[] = [];
  for (let at = posi - 1; at < pose; ) {
    const d = decode(str, at);
    if (d === undefined) throw rtError("invalid UTF-8 code");
    out.push(d[0]);
    at = d[1];
  }
  return out.length === 1 ? out[0] : out;
}

function len(s: unknown, i: unknown, j: unknown): unknown {
  const str = checkString(s, 1, "len", arguments.length);
  const posi = relative(optInt(i, 2, "len", 1), str.length);
  const posj = relative(optInt(j, 3, "len", -1), str.length);
  if (posi < 1 || posi - 1 > str.length) throw argError(2, "len", "initial position out of string");
  if (posj > str.length) throw argError(3, "len", "final position out of string");
  let n = 0;
  for (let at = posi - 1; at < posj; n++) {
    const d = decode(str, at);
    // an invalid sequence: nil and its position
    if (d === undefined) return [undefined, at + 1];
    at = d[1];
  }
  return n;
}

function offset(s: unknown, n: unknown, i: unknown): unknown {
  const nargs = arguments.length;
  const str = checkString(s, 1, "offset", nargs);
  let count = checkInt(n, 2, "offset", nargs);
  const l = str.length;
  const defaultI = count >= 0 ? 1 : l + 1;
  let pos = relative(optInt(i, 3, "offset", defaultI), l);
  if (pos < 1 || pos - 1 > l) throw argError(3, "offset", "position out of range");
  pos--; // 0-based from here on
  if (count === 0) {
    // the start of the character containing byte i
    while (pos > 0 && isContinuation(str, pos)) pos--;
    return pos + 1;
  }
  if (isContinuation(str, pos)) throw rtError("initial position is a continuation byte");
  if (count < 0) {
    while (count < 0 && pos > 0) {
      do pos--;
      while (pos > 0 && isContinuation(str, pos));
      count++;
    }
  } else {
    // the first character is the one at i itself
    count--;
    while (count > 0 && pos < l) {
      do pos++;
      while (isContinuation(str, pos));
      count--;
    }
  }
  return count === 0 ? pos + 1 : undefined;
}

/** The utf8.codes iterator: the character after byte position `i` (0 starts). Luau pushes it without
 *  a name (errors name no function) and reads `i` with lua_tointeger (not a number: 0). */
function codesStep(s: unknown, i: unknown): unknown {
  const str = checkString(s, 1, "", arguments.length);
  let pos = toIntOrZero(i) - 1;
  if (pos < 0) pos = 0;
  else if (pos < str.length) {
    pos++;
    while (isContinuation(str, pos)) pos++;
  }
  if (pos >= str.length) return NONE;
  const d = decode(str, pos);
  // a character directly followed by a stray continuation byte is rejected as a whole
  if (d === undefined || isContinuation(str, d[1])) throw rtError("invalid UTF-8 code");
  return [pos + 1, d[0]];
}

function codes(s: unknown): unknown[] {
  const str = checkString(s, 1, "codes", arguments.length);
  return [codesStep, str, 0];
}

export function createUtf8Library(): LuauTable {
  return library({
    char,
    charpattern: "[\0-\x7F\xC2-\xF4][\x80-\xBF]*",
    codepoint,
    codes,
    len,
    offset,
  });
}
