// Luau lexer over a byte string (char codes 0–255). Tokens are produced on demand by the parser;
// malformed input raises a LuauSyntaxError with Luau's wording.

export class LuauSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(reason);
  }
}

export const enum T {
  Eof,
  Name,
  Number,
  String,
  InterpSimple, // `text` with no braces
  InterpBegin, // `text{
  InterpMid, // }text{
  InterpEnd, // }text`
  Keyword,
  Symbol,
  Attribute, // @name
  Error, // malformed input; the parser reports it when it reaches the token (v = message)
  Described, // a token the parser can only describe (v = its description): an unfinished
  // comment, a non-ASCII character outside a string
}

export interface Token {
  t: T;
  /** Keyword/symbol text, name, string contents, or number source text. */
  v: string;
  num: number;
  line: number;
  col: number; // 1-based
  endLine: number;
  /** True when a newline separates this token from the previous one. */
  nl: boolean;
}

const KEYWORDS = new Set([
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
]);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isAlnum = (c: number) => isAlpha(c) || isDigit(c);
const isHex = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;

// longest first
const SYMBOLS = [
  "...", "..=", "//=", "==", "~=", "<=", ">=", "::", "..", "+=", "-=", "*=", "/=", "//", "%=", "^=",
  "->", "!=", "&&", "||",
  "+", "-", "*", "/", "%", "^", "#", "&", "~", "|", "<", ">", "=", "(", ")", "{", "}", "[", "]",
  ";", ":", ",", ".", "?", "!",
];

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  /** Brace depth inside each open interpolated string. */
  private interp: number[] = [];
  /** Set when a block comment runs to the end of the source (Luau reports it as a token). */
  private unfinishedComment = false;

  constructor(private readonly src: string) {
    // a shebang line is blanked (its newline stays, so line numbers hold)
    if (src.startsWith("#!")) {
      const nl = src.indexOf("\n");
      this.pos = nl < 0 ? src.length : nl;
    }
  }

  private error(msg: string, line = this.line): never {
    throw new LuauSyntaxError(msg, line);
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  /** Skips whitespace and comments; returns whether a newline was crossed. */
  private skip(): boolean {
    const src = this.src;
    let nl = false;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === 10) {
        this.newline(this.pos);
        this.pos++;
        nl = true;
      } else if (isSpace(c)) {
        this.pos++;
      } else if (c === 45 && src.charCodeAt(this.pos + 1) === 45) {
        this.pos += 2;
        const level = this.longBracketLevel();
        if (level >= 0) {
          if (this.readLong(level, true) === undefined) this.unfinishedComment = true;
        } else {
          while (this.pos < src.length && src.charCodeAt(this.pos) !== 10) this.pos++;
        }
      } else {
        return nl;
      }
    }
  }

  /** At `[` followed by `=`* and `[`: returns the level and leaves pos on the first `[`; else -1. */
  private longBracketLevel(): number {
    const src = this.src;
    if (src.charCodeAt(this.pos) !== 91) return -1;
    let p = this.pos + 1;
    let level = 0;
    while (src.charCodeAt(p) === 61) {
      level++;
      p++;
    }
    return src.charCodeAt(p) === 91 ? level : -1;
  }

  /** Reads a long string or comment body (CRLF becomes LF); undefined for an unfinished comment. */
  private readLong(level: number, comment: boolean): string | undefined {
    const src = this.src;
    const startLine = this.line;
    this.pos += level + 2;
    // a newline right after the opening bracket is not part of the string
    if (src.charCodeAt(this.pos) === 13) this.pos++;
    if (src.charCodeAt(this.pos) === 10) {
      this.newline(this.pos);
      this.pos++;
    }
    const close = "]" + "=".repeat(level) + "]";
    const start = this.pos;
    for (;;) {
      const end = src.indexOf(close, this.pos);
      const stop = end < 0 ? src.length : end;
      for (let i = this.pos; i < stop; i++) if (src.charCodeAt(i) === 10) this.newline(i);
      if (end < 0) {
        this.pos = src.length;
        if (comment) return undefined;
        this.error("Malformed string; did you forget to finish it?", startLine);
      }
      this.pos = end + close.length;
      return src.slice(start, end).replace(/\r\n/g, "\n");
    }
  }

  next(): Token {
    const line = this.line;
    try {
      return this.scan();
    } catch (e) {
      if (!(e instanceof LuauSyntaxError)) throw e;
      this.pos = this.src.length;
      return { t: T.Error, v: e.reason, num: 0, line: e.line, col: 1, endLine: line, nl: false };
    }
  }

  private scan(): Token {
    const nl = this.skip();
    const src = this.src;
    const line = this.line;
    const col = this.pos - this.lineStart + 1;
    const tok = (t: T, v: string, num = 0): Token => ({ t, v, num, line, col, endLine: this.line, nl });
    if (this.unfinishedComment) {
      this.unfinishedComment = false;
      return tok(T.Described, "unfinished comment");
    }
    if (this.pos >= src.length) return tok(T.Eof, "<eof>");
    const c = src.charCodeAt(this.pos);

    if (isAlpha(c)) {
      const start = this.pos;
      while (isAlnum(src.charCodeAt(this.pos))) this.pos++;
      const word = src.slice(start, this.pos);
      return tok(KEYWORDS.has(word) ? T.Keyword : T.Name, word);
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.pos + 1)))) {
      const [text, value] = this.readNumber();
      return tok(T.Number, text, value);
    }
    if (c === 34 || c === 39) return tok(T.String, this.readQuoted(c));
    if (c === 96) {
      this.pos++;
      this.interp.push(0);
      return this.readInterp(tok, true);
    }
    if (c === 91) {
      const level = this.longBracketLevel();
      if (level >= 0) return tok(T.String, this.readLong(level, false)!);
      if (src.charCodeAt(this.pos + 1) === 61) {
        // `[=` without a second bracket
        this.error("Malformed string; did you forget to finish it?");
      }
    }
    if (c === 64) {
      const start = ++this.pos;
      while (isAlnum(src.charCodeAt(this.pos))) this.pos++;
      return tok(T.Attribute, src.slice(start, this.pos));
    }
    if (this.interp.length > 0) {
      const depth = this.interp.length - 1;
      if (c === 123) this.interp[depth]++;
      else if (c === 125) {
        if (this.interp[depth] === 0) {
          this.pos++;
          return this.readInterp(tok, false);
        }
        this.interp[depth]--;
      }
    }
    for (const s of SYMBOLS) {
      if (src.startsWith(s, this.pos)) {
        this.pos += s.length;
        return tok(T.Symbol, s);
      }
    }
    if (c >= 0x80) return tok(T.Described, this.describeNonAscii());
    this.pos++;
    return tok(T.Symbol, src[this.pos - 1]);
  }

  /** Names a non-ASCII character outside a string as Luau does (with a look-alike hint). */
  private describeNonAscii(): string {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    const len = c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    let cp = len === 4 ? c & 7 : len === 3 ? c & 15 : c & 31;
    for (let i = 1; i < len; i++) {
      const b = src.charCodeAt(this.pos + i);
      if ((b & 0xc0) !== 0x80) {
        this.pos++;
        return "invalid UTF-8 sequence";
      }
      cp = (cp << 6) | (b & 63);
    }
    if (len === 0) {
      this.pos++;
      return "invalid UTF-8 sequence";
    }
    this.pos += len;
    const like = CONFUSABLES[cp];
    return `Unicode character U+${cp.toString(16)}${like ? ` (did you mean '${like}'?)` : ""}`;
  }

  private readNumber(): [string, number] {
    const src = this.src;
    const start = this.pos;
    const c1 = src.charCodeAt(this.pos + 1);
    if (src.charCodeAt(this.pos) === 48 && (c1 === 120 || c1 === 88 || c1 === 98 || c1 === 66)) {
      this.pos += 2;
      while (isAlnum(src.charCodeAt(this.pos))) this.pos++;
      const text = src.slice(start, this.pos);
      const digits = text.slice(2).replace(/_/g, "");
      const hex = c1 === 120 || c1 === 88;
      // malformed numbers are reported by the parser, which shows them as tokens elsewhere
      if (digits === "" || !(hex ? /^[0-9a-fA-F]+$/ : /^[01]+$/).test(digits)) return [text, NaN];
      let v = 0n;
      const base = hex ? 16n : 2n;
      for (const d of digits) v = v * base + BigInt(parseInt(d, 16));
      // wider than 64 bits saturates, like strtoull
      if (v > 0xffffffffffffffffn) v = 0xffffffffffffffffn;
      return [text, Number(v)];
    }
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (isAlnum(c) || c === 46) this.pos++;
      else if ((c === 43 || c === 45) && /[eE]/.test(src[this.pos - 1]) && !/^0[xX]/.test(src.slice(start, this.pos))) this.pos++;
      else break;
    }
    const text = src.slice(start, this.pos);
    const clean = text.replace(/_/g, "");
    if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return [text, NaN];
    return [text, Number(clean)];
  }

  /** Reads one escape sequence after a backslash (pos on the char after `\`), appending bytes. */
  private readEscape(out: string[], interpolated = false): void {
    const src = this.src;
    const malformed = interpolated ? "Interpolated string literal contains malformed escape sequence" : "String literal contains malformed escape sequence";
    const c = src.charCodeAt(this.pos);
    const simple: Record<number, string> = { 97: "\x07", 98: "\b", 102: "\f", 110: "\n", 114: "\r", 116: "\t", 118: "\v", 92: "\\", 34: '"', 39: "'", 96: "`", 123: "{", 125: "}" };
    if (c === 10) {
      out.push("\n");
      this.newline(this.pos);
      this.pos++;
      return;
    }
    if (c === 13) {
      out.push("\n");
      this.pos++;
      if (src.charCodeAt(this.pos) === 10) {
        this.newline(this.pos);
        this.pos++;
      }
      return;
    }
    if (c in simple) {
      out.push(simple[c]);
      this.pos++;
      return;
    }
    if (c === 122) {
      // \z skips the following whitespace, newlines included
      this.pos++;
      while (this.pos < src.length && isSpace(src.charCodeAt(this.pos))) {
        if (src.charCodeAt(this.pos) === 10) this.newline(this.pos);
        this.pos++;
      }
      return;
    }
    if (isDigit(c)) {
      let v = 0;
      let n = 0;
      while (n < 3 && isDigit(src.charCodeAt(this.pos))) {
        v = v * 10 + (src.charCodeAt(this.pos) - 48);
        this.pos++;
        n++;
      }
      if (v > 255) this.error(malformed);
      out.push(String.fromCharCode(v));
      return;
    }
    if (c === 120) {
      const h = src.slice(this.pos + 1, this.pos + 3);
      if (h.length < 2 || !isHex(h.charCodeAt(0)) || !isHex(h.charCodeAt(1))) this.error(malformed);
      out.push(String.fromCharCode(parseInt(h, 16)));
      this.pos += 3;
      return;
    }
    if (c === 117) {
      if (src.charCodeAt(this.pos + 1) !== 123) this.error(malformed);
      let p = this.pos + 2;
      let cp = 0;
      let n = 0;
      // at most 16 digits are read; then the brace must follow
      while (n < 16 && isHex(src.charCodeAt(p))) {
        cp = cp * 16 + parseInt(src[p], 16);
        if (cp > 0x10ffff) this.error(malformed);
        p++;
        n++;
      }
      if (n === 0 || src.charCodeAt(p) !== 125) this.error(malformed);
      out.push(utf8Encode(cp));
      this.pos = p + 1;
      return;
    }
    if (this.pos >= src.length) this.error("Malformed string; did you forget to finish it?");
    // unknown escapes stand for the character itself
    out.push(src[this.pos]);
    this.pos++;
  }

  private readQuoted(quote: number): string {
    const src = this.src;
    const startLine = this.line;
    this.pos++;
    const out: string[] = [];
    let run = this.pos;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === quote) {
        out.push(src.slice(run, this.pos));
        this.pos++;
        return out.join("");
      }
      if (this.pos >= src.length || c === 10 || c === 13) this.error("Malformed string; did you forget to finish it?", startLine);
      if (c === 92) {
        out.push(src.slice(run, this.pos));
        this.pos++;
        this.readEscape(out);
        run = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  /** Reads interpolated-string text up to the next `{` or the closing backtick. */
  private readInterp(tok: (t: T, v: string) => Token, begin: boolean): Token {
    const src = this.src;
    const startLine = this.line;
    const out: string[] = [];
    let run = this.pos;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === 96) {
        out.push(src.slice(run, this.pos));
        this.pos++;
        this.interp.pop();
        return tok(begin ? T.InterpSimple : T.InterpEnd, out.join(""));
      }
      if (c === 123) {
        out.push(src.slice(run, this.pos));
        this.pos++;
        if (src.charCodeAt(this.pos) === 123) this.error("Double braces are not permitted within interpolated strings; did you mean '\\{'?");
        // look past whitespace for an empty `{}`, then rewind (line count included)
        const [pos, line, lineStart] = [this.pos, this.line, this.lineStart];
        this.skip();
        if (src.charCodeAt(this.pos) === 125) this.error("Malformed interpolated string, expected expression inside '{}'");
        [this.pos, this.line, this.lineStart, this.unfinishedComment] = [pos, line, lineStart, false];
        return tok(begin ? T.InterpBegin : T.InterpMid, out.join(""));
      }
      if (this.pos >= src.length || c === 10) {
        this.interp.pop();
        this.error("Malformed string; did you forget to finish it?", startLine);
      }
      if (c === 92) {
        out.push(src.slice(run, this.pos));
        this.pos++;
        this.readEscape(out, true);
        run = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  /** Called by the parser when an interpolation expression ends without `}`. */
  interpolationDepth(): number {
    return this.interp.length;
  }
}

export function utf8Encode(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** Non-ASCII letters that look like ASCII ones, for the "did you mean" hint. */
const CONFUSABLES: Record<number, string> = {
  0x410: "A", 0x412: "B", 0x415: "E", 0x41a: "K", 0x41c: "M", 0x41d: "H", 0x41e: "O", 0x420: "P",
  0x421: "C", 0x422: "T", 0x425: "X", 0x430: "a", 0x435: "e", 0x43e: "o", 0x440: "p", 0x441: "c",
  0x443: "y", 0x445: "x", 0x455: "s", 0x456: "i", 0x458: "j", 0x391: "A", 0x392: "B", 0x395: "E",
  0x397: "H", 0x399: "I", 0x39a: "K", 0x39c: "M", 0x39d: "N", 0x39f: "O", 0x3a1: "P", 0x3a4: "T",
  0x3a5: "Y", 0x3a7: "X", 0x3bf: "o", 0x2018: "'", 0x2019: "'", 0x201c: '"', 0x201d: '"',
  0x2212: "-", 0xff1d: "=", 0xff08: "(", 0xff09: ")",
};
