// Rust `regex` syntax → a JS RegExp source for the `v` (unicodeSets) flag, with Rust's meaning kept:
// - `\d \w \s \b` are Unicode-aware (JS's are ASCII), `.` excludes only `\n`, `$` is the end of the
//   text (not before a final newline); `(?m)` anchors, `\<`, `\>` and `\b{...}` become look-arounds;
// - inline flags `(?imsxUR-...)` and `(?flags:...)` are applied while translating (`i` as a JS
//   modifier group around each atom), so the emitted pattern never depends on global flags;
// - named groups `(?P<name>...)`/`(?<name>...)` become plain groups (numbering is unchanged) and
//   their names are returned separately;
// - character class set operations `&&`, `--`, `~~` and nested classes map to `v`-mode classes.
// What Rust rejects (look-around, backreferences, ...) is an error here too.

export class RegexSyntaxError extends Error {}

interface Flags {
  i: boolean; // case-insensitive
  m: boolean; // ^ and $ match at line boundaries
  s: boolean; // . matches \n
  x: boolean; // verbose: whitespace and # comments ignored
  U: boolean; // swap greedy and lazy
  u: boolean; // Unicode classes (\d \w \s \b)
  R: boolean; // CRLF mode: \r is a line terminator too
}

export interface Translation {
  source: string;
  /** Number of capture groups, excluding group 0. */
  groupCount: number;
  /** Named group → index. */
  names: Map<string, number>;
}

const WORD = "[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]";
const WORD_ASCII = "[0-9A-Za-z_]";

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`\\{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** A code point as a JS pattern literal that means the same inside and outside `v` classes. */
function literal(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return String.fromCodePoint(cp);
  return `\\u{${cp.toString(16)}}`;
}

/** A class item: a single code point (may be a range end) or a set that is already JS syntax. */
type ClassItem = { cp: number } | { set: string };

class Translator {
  private i = 0;
  private groupCount = 0;
  private readonly names = new Map<string, number>();
  private readonly cps: number[];

  constructor(pattern: string) {
    this.cps = Array.from(pattern, (c) => c.codePointAt(0)!);
  }

  translate(): Translation {
    const flags: Flags = { i: false, m: false, s: false, x: false, U: false, u: true, R: false };
    const source = this.alternation(flags, 0);
    if (this.i < this.cps.length) throw this.error("unopened group");
    return { source, groupCount: this.groupCount, names: this.names };
  }

  private error(message: string): RegexSyntaxError {
    return new RegexSyntaxError(message);
  }

  private peek(offset = 0): string | undefined {
    const cp = this.cps[this.i + offset];
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private eof(): boolean {
    return this.i >= this.cps.length;
  }

  /** Skips white space and `#` comments in verbose mode. */
  private skipVerbose(flags: Flags): void {
    if (!flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c === "#") {
        while (!this.eof() && this.peek() !== "\n") this.i++;
      } else if (c !== undefined && /\s/u.test(c)) {
        this.i++;
      } else {
        return;
      }
    }
  }

  /** `a|b|c` up to the end of the enclosing group. `flags` is the group's (mutable) flag state. */
  private alternation(flags: Flags, depth: number): string {
    const branches: string[] = [this.concatenation(flags, depth)];
    while (this.peek() === "|") {
      this.i++;
      branches.push(this.concatenation(flags, depth));
    }
    return branches.join("|");
  }

  private concatenation(flags: Flags, depth: number): string {
    let out = "";
    for (;;) {
      this.skipVerbose(flags);
      const c = this.peek();
      if (c === undefined || c === "|") return out;
      if (c === ")") {
        if (depth === 0) throw this.error("unopened group");
        return out;
      }
      if (c === "*" || c === "+" || c === "?" || (c === "{" && this.looksLikeCount())) {
        throw this.error("repetition operator missing expression");
      }
      const atom = this.atom(flags);
      if (atom === undefined) continue; // a flag-setting group `(?i)`
      out += this.quantified(atom, flags);
    }
  }

  private looksLikeCount(): boolean {
    return /^\{\s*\d/.test(String.fromCodePoint(...this.cps.slice(this.i, this.i + 4)));
  }

  /** Applies any repetition operators after an atom. */
  private quantified(atom: string, flags: Flags): string {
    this.skipVerbose(flags);
    const c = this.peek();
    let op: string;
    if (c === "*" || c === "+" || c === "?") {
      this.i++;
      op = c;
    } else if (c === "{") {
      op = this.countedRepetition(flags);
    } else {
      return atom;
    }
    let lazy = false;
    if (this.peek() === "?") {
      this.i++;
      lazy = true;
    }
    if (flags.U) lazy = !lazy;
    // a repetition may be repeated again (`a**`, `a{2}{3}`, `a*??`), as Rust's parser allows
    return this.quantified(`(?:${atom})${op}${lazy ? "?" : ""}`, flags);
  }

  private countedRepetition(flags: Flags): string {
    this.i++; // {
    const num = (): number | undefined => {
      this.skipVerbose(flags);
      let digits = "";
      while (/[0-9]/.test(this.peek() ?? "")) digits += this.cps[this.i++] - 48;
      this.skipVerbose(flags);
      return digits === "" ? undefined : Number(digits);
    };
    const min = num();
    if (min === undefined) throw this.error("repetition quantifier expects a valid decimal");
    let max: number | undefined = min;
    if (this.peek() === ",") {
      this.i++;
      max = num();
    }
    if (this.peek() !== "}") throw this.error(this.eof() ? "unclosed counted repetition" : "repetition quantifier expects a valid decimal");
    this.i++;
    if (max !== undefined && max < min) throw this.error("invalid repetition count range, the start must be <= the end");
    return max === min ? `{${min}}` : `{${min},${max ?? ""}}`;
  }

  /** One atom as JS source, or undefined for `(?flags)`, which only changes `flags`. */
  private atom(flags: Flags): string | undefined {
    const c = this.peek()!;
    this.i++;
    switch (c) {
      case "(":
        return this.group(flags);
      case "[":
        return this.caseWrap(this.classExpression(flags), flags);
      case ".":
        return flags.s ? "[\\s\\S]" : flags.R ? "[^\\r\\n]" : "[^\\n]";
      case "^":
        return flags.m ? (flags.R ? "(?<![^\\r\\n])" : "(?<![^\\n])") : "^";
      case "$":
        return flags.m ? (flags.R ? "(?![^\\r\\n])" : "(?![^\\n])") : "$";
      case "\\":
        return this.escape(flags);
    }
    return this.caseWrap(literal(c.codePointAt(0)!), flags);
  }

  private caseWrap(s: string, flags: Flags): string {
    return flags.i ? `(?i:${s})` : s;
  }

  private group(outer: Flags): string | undefined {
    if (this.peek() !== "?") {
      this.groupCount++;
      return `(${this.groupBody({ ...outer })})`;
    }
    this.i++;
    const c = this.peek();
    if (c === "P" && this.peek(1) === "<") {
      this.i += 2;
      return this.namedGroup(outer);
    }
    if (c === "P" && this.peek(1) === "=") throw this.error("backreferences are not supported");
    if (c === "<" && this.peek(1) !== "=" && this.peek(1) !== "!") {
      this.i++;
      return this.namedGroup(outer);
    }
    if (c === "=" || c === "!" || (c === "<" && (this.peek(1) === "=" || this.peek(1) === "!"))) {
      throw this.error("look-around, including look-ahead and look-behind, is not supported");
    }
    // (?flags) or (?flags:...)
    const flags = { ...outer };
    let negate = false;
    let any = false;
    for (;;) {
      const f = this.peek();
      if (f === undefined) throw this.error("unclosed group");
      this.i++;
      if (f === ":" || f === ")") {
        if (!any && f === ")") throw this.error("empty flag set");
        if (negate && this.cps[this.i - 2] === 45 /* - */) throw this.error("expected a flag after '-'");
        if (f === ")") {
          Object.assign(outer, flags);
          return undefined;
        }
        return `(?:${this.groupBody(flags)})`;
      }
      if (f === "-") {
        if (negate) throw this.error("duplicate negation in flag set");
        negate = true;
        continue;
      }
      if (!"imsxUuR".includes(f)) throw this.error(`unrecognized flag '${f}'`);
      flags[f as keyof Flags] = !negate;
      any = true;
    }
  }

  private namedGroup(outer: Flags): string {
    let name = "";
    while (this.peek() !== ">") {
      const c = this.peek();
      if (c === undefined) throw this.error("unclosed capture group name");
      name += c;
      this.i++;
    }
    this.i++;
    if (name === "") throw this.error("empty capture group name");
    if (!/^[_\p{L}][_.[\]\p{L}\p{Nd}]*$/u.test(name)) throw this.error(`invalid capture group name '${name}'`);
    if (this.names.has(name)) throw this.error(`duplicate capture group name '${name}'`);
    this.names.set(name, ++this.groupCount);
    return `(${this.groupBody({ ...outer })})`;
  }

  /** The inside of a group through its `)`. */
  private groupBody(flags: Flags): string {
    const body = this.alternation(flags, 1);
    if (this.peek() !== ")") throw this.error("unclosed group");
    this.i++;
    return body;
  }

  private hexEscape(digits: number): number {
    let hex = "";
    if (this.peek() === "{") {
      this.i++;
      while (this.peek() !== "}") {
        if (this.eof()) throw this.error("unclosed hexadecimal literal");
        hex += this.peek();
        this.i++;
      }
      this.i++;
    } else {
      for (let k = 0; k < digits; k++) {
        if (this.eof()) throw this.error("hexadecimal literal is too short");
        hex += this.peek();
        this.i++;
      }
    }
    const cp = /^[0-9a-fA-F]{1,8}$/.test(hex) ? parseInt(hex, 16) : NaN;
    if (!(cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) throw this.error("invalid hexadecimal literal");
    return cp;
  }

  /** `\p{...}`/`\pL` (the `p` or `P` already read) as a JS property escape. */
  private unicodeClass(negated: boolean): string {
    let name: string;
    if (this.peek() === "{") {
      this.i++;
      name = "";
      while (this.peek() !== "}") {
        if (this.eof()) throw this.error("unclosed Unicode class");
        name += this.peek();
        this.i++;
      }
      this.i++;
    } else {
      if (this.eof()) throw this.error("incomplete escape sequence");
      name = this.peek()!;
      this.i++;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.slice(1);
    }
    const js = propertyName(name);
    if (js === undefined) throw this.error(`Unicode property not found: '${name}'`);
    return `\\${negated ? "P" : "p"}{${js}}`;
  }

  /** A Perl class escape (`\d \w \s` and negations) as a JS set, or undefined for other letters. */
  private perlClass(c: string, flags: Flags): string | undefined {
    switch (c) {
      case "d":
        return flags.u ? "\\p{Nd}" : "[0-9]";
      case "D":
        return flags.u ? "\\P{Nd}" : "[^0-9]";
      case "w":
        return flags.u ? WORD : WORD_ASCII;
      case "W":
        return flags.u ? "[^" + WORD.slice(1) : "[^0-9A-Za-z_]";
      case "s":
        return flags.u ? "\\p{White_Space}" : "[\\t\\n\\v\\f\\r ]";
      case "S":
        return flags.u ? "\\P{White_Space}" : "[^\\t\\n\\v\\f\\r ]";
    }
    return undefined;
  }

  /** A character escape (the backslash already read) as a code point, or undefined if it is not one. */
  private charEscape(c: string): number | undefined {
    switch (c) {
      case "t":
        return 9;
      case "n":
        return 10;
      case "r":
        return 13;
      case "f":
        return 12;
      case "v":
        return 11;
      case "a":
        return 7;
      case "x":
        return this.hexEscape(2);
      case "u":
        return this.hexEscape(4);
      case "U":
        return this.hexEscape(8);
    }
    // any ASCII punctuation (and space) may be escaped to mean itself
    if (/^[!-/:-@[-`{-~ ]$/.test(c)) return c.codePointAt(0);
    return undefined;
  }

  private escape(flags: Flags): string {
    const c = this.peek();
    if (c === undefined) throw this.error("incomplete escape sequence");
    this.i++;
    const w = flags.u ? WORD : WORD_ASCII;
    switch (c) {
      case "A":
        return "^";
      case "z":
        return "$";
      case "b":
        if (this.peek() === "{") return this.boundary(w);
        return `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
      case "B":
        return `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`;
      case "<":
        return `(?<!${w})(?=${w})`;
      case ">":
        return `(?<=${w})(?!${w})`;
      case "p":
      case "P":
        return this.caseWrap(this.unicodeClass(c === "P"), flags);
    }
    const perl = this.perlClass(c, flags);
    if (perl !== undefined) return perl;
    if (c >= "0" && c <= "9") throw this.error("backreferences are not supported");
    const cp = this.charEscape(c);
    if (cp === undefined) throw this.error(`unrecognized escape sequence '\\${c}'`);
    return this.caseWrap(literal(cp), flags);
  }

  /** `\b{start}`, `\b{end}`, `\b{start-half}`, `\b{end-half}`. */
  private boundary(w: string): string {
    const end = this.cps.indexOf(0x7d /* } */, this.i);
    if (end < 0) throw this.error("unclosed word boundary");
    const kind = String.fromCodePoint(...this.cps.slice(this.i + 1, end));
    this.i = end + 1;
    switch (kind) {
      case "start":
        return `(?<!${w})(?=${w})`;
      case "end":
        return `(?<=${w})(?!${w})`;
      case "start-half":
        return `(?<!${w})`;
      case "end-half":
        return `(?!${w})`;
    }
    throw this.error(`unrecognized word boundary '\\b{${kind}}'`);
  }

  /** A bracketed class (the `[` already read) as a `v`-mode class. */
  private classExpression(flags: Flags): string {
    let negated = false;
    if (this.peek() === "^") {
      this.i++;
      negated = true;
    }
    let expr = this.classUnion(flags, true);
    for (;;) {
      const op = this.classOperator();
      if (op === undefined) break;
      const right = this.classUnion(flags, false);
      expr = op === "~~" ? `[[${expr}--${right}][${right}--${expr}]]` : `[${expr}${op}${right}]`;
    }
    if (this.peek() !== "]") throw this.error("unclosed character class");
    this.i++;
    return negated ? `[^${expr}]` : expr;
  }

  private classOperator(): string | undefined {
    const two = (this.peek() ?? "") + (this.peek(1) ?? "");
    if (two === "&&" || two === "--" || two === "~~") {
      this.i += 2;
      return two;
    }
    return undefined;
  }

  /** Class items up to `]` or a set operator, as one `[...]`. */
  private classUnion(flags: Flags, first: boolean): string {
    let parts = "";
    // a `]` right after `[` or `[^` is a literal
    if (first && this.peek() === "]") {
      this.i++;
      parts = literal(0x5d);
    }
    for (;;) {
      this.skipVerbose(flags);
      const c = this.peek();
      if (c === undefined) throw this.error("unclosed character class");
      if (c === "]") break;
      const two = c + (this.peek(1) ?? "");
      if (two === "&&" || two === "--" || two === "~~") break;
      const item = this.classItem(flags);
      // a range `a-z` (a `-` before `]` or an operator is a literal)
      this.skipVerbose(flags);
      const after = this.peek(1);
      if ("cp" in item && this.peek() === "-" && after !== "]" && after !== "-" && after !== undefined) {
        this.i++;
        this.skipVerbose(flags);
        const end = this.classItem(flags);
        if (!("cp" in end)) throw this.error("invalid range boundary, must be a literal");
        if (end.cp < item.cp) throw this.error("invalid character class range, the start must be <= the end");
        parts += `${literal(item.cp)}-${literal(end.cp)}`;
        continue;
      }
      parts += "cp" in item ? literal(item.cp) : item.set;
    }
    if (parts === "") throw this.error("empty character class");
    return `[${parts}]`;
  }

  private classItem(flags: Flags): ClassItem {
    const c = this.peek()!;
    this.i++;
    if (c === "[") {
      if (this.peek() === ":") {
        const posix = this.posixClass();
        if (posix !== undefined) return { set: posix };
      }
      return { set: this.classExpression(flags) };
    }
    if (c !== "\\") return { cp: c.codePointAt(0)! };
    const e = this.peek();
    if (e === undefined) throw this.error("incomplete escape sequence");
    this.i++;
    if (e === "p" || e === "P") return { set: this.unicodeClass(e === "P") };
    const perl = this.perlClass(e, flags);
    if (perl !== undefined) return { set: perl };
    const cp = this.charEscape(e);
    if (cp === undefined) throw this.error(`unrecognized escape sequence '\\${e}' in a character class`);
    return { cp };
  }

  /** `[:alpha:]` / `[:^alpha:]` (the `[` already read), or undefined if this is not one. */
  private posixClass(): string | undefined {
    const end = this.cps.indexOf(0x5d /* ] */, this.i);
    if (end < 0) return undefined;
    const body = String.fromCodePoint(...this.cps.slice(this.i, end));
    const m = /^:(\^?)([a-z]+):$/.exec(body);
    if (m === null || !Object.hasOwn(POSIX, m[2])) return undefined;
    this.i = end + 1;
    return `[${m[1]}${POSIX[m[2]]}]`;
  }
}

const propertyCache = new Map<string, string | undefined>();

function validProperty(name: string): boolean {
  try {
    new RegExp(`\\p{${name}}`, "v");
    return true;
  } catch {
    return false;
  }
}

/** A Rust Unicode class name as a JS property name: Rust also accepts script names bare (`Greek`)
 * and ignores case, spaces, `_` and `-` (`uppercase letter`). */
function propertyName(name: string): string | undefined {
  if (propertyCache.has(name)) return propertyCache.get(name);
  let found: string | undefined;
  const eq = name.indexOf("=") >= 0 ? name.indexOf("=") : name.indexOf(":");
  const candidates: string[] = [];
  if (eq >= 0) {
    const key = loose(name.slice(0, eq));
    const value = canonical(name.slice(eq + 1));
    const keyName = key === "sc" || key === "script" ? "Script" : key === "scx" || key === "scriptextensions" ? "Script_Extensions" : key === "gc" || key === "generalcategory" ? "General_Category" : undefined;
    if (keyName !== undefined) candidates.push(`${keyName}=${name.slice(eq + 1).trim()}`, `${keyName}=${value}`);
  } else {
    const c = canonical(name);
    candidates.push(name, c, `Script=${name}`, `Script=${c}`);
    const special: Record<string, string> = { any: "Any", ascii: "ASCII", assigned: "Assigned" };
    if (Object.hasOwn(special, loose(name))) candidates.unshift(special[loose(name)]);
  }
  for (const cand of candidates) {
    if (/^[A-Za-z0-9_=]+$/.test(cand) && validProperty(cand)) {
      found = cand;
      break;
    }
  }
  propertyCache.set(name, found);
  return found;
}

function loose(s: string): string {
  return s.replace(/[\s_-]/g, "").toLowerCase();
}

/** `uppercase letter` / `UPPERCASE_LETTER` → `Uppercase_Letter` (two-letter category codes keep their case). */
function canonical(s: string): string {
  const words = s.trim().split(/[\s_-]+/);
  if (words.length === 1 && words[0].length <= 2) return words[0][0].toUpperCase() + words[0].slice(1).toLowerCase();
  return words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join("_");
}

/** Translates a Rust regex pattern (as Unicode text) for `new RegExp(source, "v")`. */
export function translateRegex(pattern: string): Translation {
  return new Translator(pattern).translate();
}
