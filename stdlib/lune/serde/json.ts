// JSON (and JSONC: comments and trailing commas) straight from a Luau byte string to Luau values, and
// back. Parsing the bytes directly keeps strings as UTF-8 bytes without a decode/encode round trip;
// errors read like serde_json's ("expected `:` at line 1 column 9"), columns counted in bytes.
import { LuauTable } from "../../../runtime/table";
import { DataMap, formatNumber, type Data } from "./values";

export class JsonSyntaxError extends Error {}

const MAX_DEPTH = 128;
const PLAIN_RUN = /[^"\\\x00-\x1f]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class JsonParser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly s: string,
    private readonly jsonc: boolean,
  ) {}

  parse(): unknown {
    this.skipSpace();
    const v = this.value();
    this.skipSpace();
    if (this.i < this.s.length) throw this.error("trailing characters");
    return v;
  }

  private error(message: string, at = this.i): JsonSyntaxError {
    let line = 1;
    let lineStart = 0;
    for (let j = this.s.indexOf("\n"); j >= 0 && j < at; j = this.s.indexOf("\n", j + 1)) {
      line++;
      lineStart = j + 1;
    }
    // serde_json reports the column of the last character read (0 before a line's first one)
    const column = Math.min(at, this.s.length) - lineStart + (at < this.s.length ? 1 : 0);
    return new JsonSyntaxError(`${message} at line ${line} column ${column}`);
  }

  private skipSpace(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        this.i++;
      } else if (c === 0x2f && this.jsonc) {
        const next = s[this.i + 1];
        if (next === "/") {
          const end = s.indexOf("\n", this.i);
          this.i = end < 0 ? s.length : end + 1;
        } else if (next === "*") {
          const end = s.indexOf("*/", this.i + 2);
          if (end < 0) throw this.error("EOF while parsing a comment", s.length);
          this.i = end + 2;
        } else {
          return;
        }
      } else {
        return;
      }
    }
  }

  private value(): unknown {
    const s = this.s;
    if (this.i >= s.length) throw this.error("EOF while parsing a value");
    switch (s[this.i]) {
      case "{":
        return this.object();
      case "[":
        return this.array();
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", undefined);
    }
    const c = s.charCodeAt(this.i);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    throw this.error("expected value");
  }

  private literal(word: string, v: unknown): unknown {
    for (let k = 0; k < word.length; k++) {
      if (this.i + k >= this.s.length) throw this.error("EOF while parsing a value", this.s.length);
      if (this.s[this.i + k] !== word[k]) throw this.error("expected ident", this.i + k);
    }
    this.i += word.length;
    return v;
  }

  private number(): number {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m === null || m[0] === "-") throw this.error("invalid number", this.i + 1);
    this.i += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) throw this.error("number out of range");
    return n;
  }

  private string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = "";
    for (;;) {
      PLAIN_RUN.lastIndex = this.i;
      const run = PLAIN_RUN.exec(s)![0];
      out += run;
      this.i += run.length;
      if (this.i >= s.length) throw this.error("EOF while parsing a string", s.length);
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c !== "\\") throw this.error("control character (\\u0000-\\u001F) found while parsing a string");
      const e = s[this.i + 1];
      this.i += 2;
      switch (e) {
        case '"':
        case "\\":
        case "/":
          out += e;
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u":
          out += this.unicodeEscape();
          break;
        case undefined:
          throw this.error("EOF while parsing a string", s.length);
        default:
          throw this.error("invalid escape", this.i - 1);
      }
    }
  }

  private hex4(): number {
    const h = this.s.slice(this.i, this.i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) {
      if (this.i + 4 > this.s.length) throw this.error("EOF while parsing a string", this.s.length);
      throw this.error("invalid escape", this.i);
    }
    this.i += 4;
    return parseInt(h, 16);
  }

  /** A \uXXXX escape (a surrogate pair takes two) as UTF-8 bytes. */
  private unicodeEscape(): string {
    let cp = this.hex4();
    if (cp >= 0xdc00 && cp <= 0xdfff) throw this.error("lone leading surrogate in hex escape");
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (this.s.slice(this.i, this.i + 2) !== "\\u") throw this.error("unexpected end of hex escape");
      this.i += 2;
      const low = this.hex4();
      if (low < 0xdc00 || low > 0xdfff) throw this.error("lone leading surrogate in hex escape");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    return Buffer.from(String.fromCodePoint(cp), "utf8").toString("latin1");
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error("recursion limit exceeded");
  }

  private array(): LuauTable {
    this.enter();
    this.i++;
    const items: unknown[] = [];
    this.skipSpace();
    if (this.s[this.i] === "]") {
      this.i++;
    } else {
      for (;;) {
        items.push(this.value());
        this.skipSpace();
        const c = this.s[this.i];
        if (c === "]") {
          this.i++;
          break;
        }
        if (c === undefined) throw this.error("EOF while parsing a list");
        if (c !== ",") throw this.error("expected `,` or `]`");
        this.i++;
        this.skipSpace();
        if (this.s[this.i] === "]") {
          if (!this.jsonc) throw this.error("trailing comma");
          this.i++;
          break;
        }
      }
    }
    this.depth--;
    return LuauTable.fromArray(items);
  }

  private object(): LuauTable {
    this.enter();
    this.i++;
    const t = new LuauTable();
    this.skipSpace();
    if (this.s[this.i] === "}") {
      this.i++;
    } else {
      for (;;) {
        const c = this.s[this.i];
        if (c === undefined) throw this.error("EOF while parsing an object");
        if (c !== '"') throw this.error("key must be a string");
        const key = this.string();
        this.skipSpace();
        if (this.s[this.i] !== ":") {
          throw this.error(this.i >= this.s.length ? "EOF while parsing an object" : "expected `:`");
        }
        this.i++;
        this.skipSpace();
        const v = this.value();
        // a later duplicate key wins, even when it is null
        if (v !== undefined || t.get(key) !== undefined) t.set(key, v);
        this.skipSpace();
        const d = this.s[this.i];
        if (d === "}") {
          this.i++;
          break;
        }
        if (d === undefined) throw this.error("EOF while parsing an object");
        if (d !== ",") throw this.error("expected `,` or `}`");
        this.i++;
        this.skipSpace();
        if (this.s[this.i] === "}") {
          if (!this.jsonc) throw this.error("trailing comma");
          this.i++;
          break;
        }
      }
    }
    this.depth--;
    return t;
  }
}

/** Parses JSON (or JSONC) text given as a byte string into Luau values. */
export function parseJson(text: string, jsonc: boolean): unknown {
  return new JsonParser(text, jsonc).parse();
}

/** JSON text (Unicode) for a value; `pretty` is serde_json's style: 2-space indent, `"key": value`. */
export function stringifyJson(d: Data, pretty: boolean): string {
  const out: string[] = [];
  writeJson(d, pretty ? "\n" : "", pretty, out);
  return out.join("");
}

function writeJson(d: Data, newline: string, pretty: boolean, out: string[]): void {
  if (d === null) {
    out.push("null");
  } else if (typeof d === "boolean") {
    out.push(d ? "true" : "false");
  } else if (typeof d === "number") {
    out.push(Number.isFinite(d) ? formatNumber(d) : "null");
  } else if (typeof d === "string") {
    out.push(JSON.stringify(d));
  } else if (Array.isArray(d)) {
    if (d.length === 0) return void out.push("[]");
    const inner = pretty ? newline + "  " : "";
    out.push("[");
    d.forEach((item, i) => {
      out.push(i === 0 ? inner : "," + inner);
      writeJson(item, inner, pretty, out);
    });
    out.push(newline + "]");
  } else {
    const entries = (d as DataMap).entries;
    if (entries.length === 0) return void out.push("{}");
    const inner = pretty ? newline + "  " : "";
    out.push("{");
    entries.forEach(([k, v], i) => {
      out.push(i === 0 ? inner : "," + inner, JSON.stringify(k), pretty ? ": " : ":");
      writeJson(v, inner, pretty, out);
    });
    out.push(newline + "}");
  }
}
