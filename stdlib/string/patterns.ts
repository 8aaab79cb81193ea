// Lua patterns, as Luau's string library matches them: a backtracking matcher over byte strings.
//
// Semantics pinned down by the conformance corpus:
// - Malformed parts of a pattern are only reported when the matcher reaches them, so "x[" fails
//   quietly on a subject without an "x" and "a[" raises "malformed pattern (missing ']')".
// - Recursion is limited to MAX_DEPTH nested attempts ("pattern too complex"). Only captures,
//   a successful `?`, and the continuation tried after each `*`, `+`, `-` step recurse; a single
//   character and %b / %f / back-references advance in place.
// - A back-reference to a position capture never matches; one to an unfinished capture is an error.
import { rtError } from "../../runtime/errors";

const MAX_CAPTURES = 32;
const MAX_DEPTH = 200;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

const PERCENT = 37; // %
const OPEN = 40; // (
const CLOSE = 41; // )
const DOLLAR = 36; // $
const LBRACKET = 91; // [
const RBRACKET = 93; // ]
const CARET = 94; // ^
const DOT = 46; // .
const DASH = 45; // -
const STAR = 42; // *
const PLUS = 43; // +
const QUESTION = 63; // ?

// C-locale character classes, one bit per class letter
const ALPHA = 1,
  CNTRL = 2,
  DIGIT = 4,
  GRAPH = 8,
  LOWER = 16,
  PUNCT = 32,
  SPACE = 64,
  UPPER = 128,
  XDIGIT = 256;

const classBits = new Uint16Array(256);
for (let c = 0; c < 256; c++) {
  let b = 0;
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  const digit = c >= 48 && c <= 57;
  if (upper) b |= UPPER | ALPHA;
  if (lower) b |= LOWER | ALPHA;
  if (digit) b |= DIGIT;
  if (c < 32 || c === 127) b |= CNTRL;
  if (c >= 33 && c <= 126) b |= GRAPH;
  if (c >= 33 && c <= 126 && !upper && !lower && !digit) b |= PUNCT;
  if ((c >= 9 && c <= 13) || c === 32) b |= SPACE;
  if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) b |= XDIGIT;
  classBits[c] = b;
}

/** Whether byte `c` is in the class named by letter `cl` (%a, %D, ...); other letters match themselves. */
function matchClass(c: number, cl: number): boolean {
  let res: boolean;
  switch (cl | 0x20) {
    case 97: // a
      res = (classBits[c] & ALPHA) !== 0;
      break;
    case 99: // c
      res = (classBits[c] & CNTRL) !== 0;
      break;
    case 100: // d
      res = (classBits[c] & DIGIT) !== 0;
      break;
    case 103: // g
      res = (classBits[c] & GRAPH) !== 0;
      break;
    case 108: // l
      res = (classBits[c] & LOWER) !== 0;
      break;
    case 112: // p
      res = (classBits[c] & PUNCT) !== 0;
      break;
    case 115: // s
      res = (classBits[c] & SPACE) !== 0;
      break;
    case 117: // u
      res = (classBits[c] & UPPER) !== 0;
      break;
    case 119: // w
      res = (classBits[c] & (ALPHA | DIGIT)) !== 0;
      break;
    case 120: // x
      res = (classBits[c] & XDIGIT) !== 0;
      break;
    case 122: // z
      res = c === 0;
      break;
    default:
      return cl === c;
  }
  // an upper-case class letter is the complement
  return cl >= 65 && cl <= 90 ? !res : res;
}

/** Whether a pattern has no magic characters, so a plain substring search gives the same result. */
export function hasSpecials(p: string): boolean {
  return /[\^$*+?.(\[%-]/.test(p);
}

export class PatternMatcher {
  /** Number of captures opened by the last successful match. */
  level = 0;
  private depth = MAX_DEPTH;
  private readonly capStart: number[] = [];
  private readonly capLen: number[] = [];

  constructor(
    readonly src: string,
    readonly pat: string,
  ) {}

  /** Matches the pattern from pattern index `p` at subject index `s`: the match end, or -1. */
  matchAt(s: number, p: number): number {
    this.level = 0;
    this.depth = MAX_DEPTH;
    return this.match(s, p);
  }

  /** Capture `i` (0-based) of the match src[s, e): a string, or a 1-based position. */
  capture(i: number, s: number, e: number): unknown {
    if (i >= this.level) {
      // with no captures, capture 1 is the whole match
      if (i === 0) return this.src.slice(s, e);
      throw rtError("invalid capture index");
    }
    const len = this.capLen[i];
    if (len === CAP_UNFINISHED) throw rtError("unfinished capture");
    const start = this.capStart[i];
    if (len === CAP_POSITION) return start + 1;
    return this.src.slice(start, start + len);
  }

  /** All captures of the match src[s, e); the whole match stands in for none when `whole` is set. */
  captures(s: number, e: number, whole: boolean): unknown[] {
    const n = this.level === 0 && whole ? 1 : this.level;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = this.capture(i, s, e);
    return out;
  }

  private match(s: number, p: number): number {
    if (this.depth-- === 0) throw rtError("pattern too complex");
    const r = this.matchBody(s, p);
    this.depth++;
    return r;
  }

  private matchBody(s: number, p: number): number {
    const pat = this.pat;
    const plen = pat.length;
    const src = this.src;
    const slen = src.length;
    for (;;) {
      if (p === plen) return s;
      const pc = pat.charCodeAt(p);
      if (pc === OPEN) {
        if (pat.charCodeAt(p + 1) === CLOSE) return this.openCapture(s, p + 2, CAP_POSITION);
        return this.openCapture(s, p + 1, CAP_UNFINISHED);
      }
      if (pc === CLOSE) return this.closeCapture(s, p + 1);
      if (pc === DOLLAR && p + 1 === plen) return s === slen ? s : -1;
      if (pc === PERCENT && p + 1 < plen) {
        const next = pat.charCodeAt(p + 1);
        if (next === 98 /* b */) {
          s = this.matchBalance(s, p + 2);
          if (s === -1) return -1;
          p += 4;
          continue;
        }
        if (next === 102 /* f */) {
          p += 2;
          if (pat.charCodeAt(p) !== LBRACKET) throw rtError("missing '[' after '%f' in pattern");
          const ep = this.classEnd(p);
          // the subject's start and end count as "\0"
          const prev = s === 0 ? 0 : src.charCodeAt(s - 1);
          const cur = s < slen ? src.charCodeAt(s) : 0;
          if (this.matchSet(prev, p, ep - 1) || !this.matchSet(cur, p, ep - 1)) return -1;
          p = ep;
          continue;
        }
        if (next >= 48 && next <= 57) {
          s = this.matchBackReference(s, next - 49);
          if (s === -1) return -1;
          p += 2;
          continue;
        }
      }
      // a single-character item, possibly followed by a quantifier
      const ep = this.classEnd(p);
      const matched = s < slen && this.singleMatch(src.charCodeAt(s), p, ep);
      const q = ep < plen ? pat.charCodeAt(ep) : -1;
      if (!matched) {
        // an optional item that does not match is skipped without recursing
        if (q === STAR || q === QUESTION || q === DASH) {
          p = ep + 1;
          continue;
        }
        return -1;
      }
      switch (q) {
        case QUESTION: {
          const r = this.match(s + 1, ep + 1);
          if (r !== -1) return r;
          p = ep + 1;
          continue;
        }
        case PLUS:
          return this.maxExpand(s + 1, p, ep);
        case STAR:
          return this.maxExpand(s, p, ep);
        case DASH:
          return this.minExpand(s, p, ep);
        default:
          s++;
          p = ep;
      }
    }
  }

  /** Index just past the single-character item at `p` (a byte, `.`, `%x` or a `[set]`). */
  private classEnd(p: number): number {
    const pat = this.pat;
    const plen = pat.length;
    const c = pat.charCodeAt(p++);
    if (c === PERCENT) {
      if (p >= plen) throw rtError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === LBRACKET) {
      if (pat.charCodeAt(p) === CARET) p++;
      // the first set character is taken literally, so "[]]" is a set holding "]"
      do {
        if (p >= plen) throw rtError("malformed pattern (missing ']')");
        const sc = pat.charCodeAt(p++);
        if (sc === PERCENT && p < plen) p++;
      } while (pat.charCodeAt(p) !== RBRACKET);
      return p + 1;
    }
    return p;
  }

  private singleMatch(c: number, p: number, ep: number): boolean {
    const pc = this.pat.charCodeAt(p);
    if (pc === DOT) return true;
    if (pc === PERCENT) return matchClass(c, this.pat.charCodeAt(p + 1));
    if (pc === LBRACKET) return this.matchSet(c, p, ep - 1);
    return pc === c;
  }

  /** Whether byte `c` is in the set pat[p] = '[' .. pat[end] = ']'. */
  private matchSet(c: number, p: number, end: number): boolean {
    const pat = this.pat;
    let found = true;
    p++;
    if (pat.charCodeAt(p) === CARET) {
      found = false;
      p++;
    }
    while (p < end) {
      const pc = pat.charCodeAt(p);
      if (pc === PERCENT) {
        if (matchClass(c, pat.charCodeAt(p + 1))) return found;
        p += 2;
      } else if (pat.charCodeAt(p + 1) === DASH && p + 2 < end) {
        if (pc <= c && c <= pat.charCodeAt(p + 2)) return found;
        p += 3;
      } else {
        if (pc === c) return found;
        p++;
      }
    }
    return !found;
  }

  private maxExpand(s: number, p: number, ep: number): number {
    const src = this.src;
    let n = 0;
    while (s + n < src.length && this.singleMatch(src.charCodeAt(s + n), p, ep)) n++;
    // try the rest of the pattern after the longest run first, then shorter ones
    for (; n >= 0; n--) {
      const r = this.match(s + n, ep + 1);
      if (r !== -1) return r;
    }
    return -1;
  }

  private minExpand(s: number, p: number, ep: number): number {
    const src = this.src;
    for (;;) {
      const r = this.match(s, ep + 1);
      if (r !== -1) return r;
      if (s < src.length && this.singleMatch(src.charCodeAt(s), p, ep)) s++;
      else return -1;
    }
  }

  private openCapture(s: number, p: number, what: number): number {
    const level = this.level;
    if (level >= MAX_CAPTURES) throw rtError("too many captures");
    this.capStart[level] = s;
    this.capLen[level] = what;
    this.level = level + 1;
    const r = this.match(s, p);
    if (r === -1) this.level--;
    return r;
  }

  private closeCapture(s: number, p: number): number {
    let l = this.level - 1;
    while (l >= 0 && this.capLen[l] !== CAP_UNFINISHED) l--;
    if (l < 0) throw rtError("invalid pattern capture");
    this.capLen[l] = s - this.capStart[l];
    const r = this.match(s, p);
    if (r === -1) this.capLen[l] = CAP_UNFINISHED;
    return r;
  }

  /** %bxy: a balanced run from x to its matching y. */
  private matchBalance(s: number, p: number): number {
    const pat = this.pat;
    if (p + 1 >= pat.length) throw rtError("malformed pattern (missing arguments to '%b')");
    const src = this.src;
    const open = pat.charCodeAt(p);
    const close = pat.charCodeAt(p + 1);
    if (s >= src.length || src.charCodeAt(s) !== open) return -1;
    let depth = 1;
    for (let i = s + 1; i < src.length; i++) {
      const c = src.charCodeAt(i);
      // the closing byte is checked first, so %bxx pairs identical delimiters
      if (c === close) {
        if (--depth === 0) return i + 1;
      } else if (c === open) {
        depth++;
      }
    }
    return -1;
  }

  /** %1-%9: the text of an earlier, closed capture. */
  private matchBackReference(s: number, l: number): number {
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) {
      throw rtError(`invalid capture index %${l + 1}`);
    }
    const len = this.capLen[l];
    if (len === CAP_POSITION) return -1;
    const start = this.capStart[l];
    if (this.src.length - s < len) return -1;
    for (let i = 0; i < len; i++) {
      if (this.src.charCodeAt(start + i) !== this.src.charCodeAt(s + i)) return -1;
    }
    return s + len;
  }
}
