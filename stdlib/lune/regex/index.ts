// @lune/regex: Rust-syntax regular expressions (translated by ./translate.ts) matched over UTF-8 byte
// strings, with 1-based byte positions. Iteration follows Rust's rules for empty matches: after a
// match, the search goes on at its end, and an empty match right where the previous match ended is
// skipped.
import { rtError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import type { Userdata } from "../../../runtime/values";
import { checkInteger, checkString, library } from "../../args";
import { defineUserdata } from "../userdata";
import { Haystack, decodePattern } from "./haystack";
import { RegexSyntaxError, translateRegex } from "./translate";

class CompiledRegex {
  private indicesRe: RegExp | undefined;

  constructor(
    /** The pattern as given (bytes), which tostring shows. */
    readonly pattern: string,
    /** Global, for searching from an offset. */
    readonly re: RegExp,
    readonly groupCount: number,
    readonly names: Map<string, number>,
  ) {}

  /** The same pattern with group positions (the `d` flag costs time, so only captures uses it). */
  get withIndices(): RegExp {
    return (this.indicesRe ??= new RegExp(this.re.source, "dgv"));
  }
}

/** A match: byte offsets into the haystack's bytes. */
class MatchInfo {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

class CapturesInfo {
  constructor(
    readonly regex: CompiledRegex,
    /** Group 0 is the whole match; undefined = the group did not take part. */
    readonly groups: (MatchInfo | undefined)[],
  ) {}
}

function compile(pattern: string): CompiledRegex {
  const text = decodePattern(pattern);
  if (text === undefined) throw rtError(`invalid regex '${pattern}': the pattern is not valid UTF-8`);
  try {
    const t = translateRegex(text);
    return new CompiledRegex(pattern, new RegExp(t.source, "gv"), t.groupCount, t.names);
  } catch (e) {
    if (e instanceof RegexSyntaxError || e instanceof SyntaxError) throw rtError(`invalid regex '${pattern}': ${e.message}`);
    throw e;
  }
}

/** Index just past the code point at `i` (surrogate pairs are one step). */
function nextIndex(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? i + 2 : i + 1;
}

/** All matches, left to right, with Rust's handling of empty matches. */
function* matches(re: RegExp, hay: Haystack): Generator<RegExpExecArray> {
  const s = hay.text;
  let pos = 0;
  let lastEnd = -1;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (m === null) return;
    const start = m.index;
    const end = start + m[0].length;
    if (start === end && start === lastEnd) {
      if (start >= s.length) return;
      pos = nextIndex(s, start);
      continue;
    }
    yield m;
    lastEnd = end;
    pos = end > start ? end : start >= s.length ? s.length + 1 : nextIndex(s, start);
  }
}

function firstMatch(re: RegExp, s: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(s);
}

function matchInfo(hay: Haystack, start: number, end: number): MatchInfo {
  const bs = hay.byteOffset(start);
  const be = hay.byteOffset(end);
  return new MatchInfo(hay.bytes.slice(bs, be), bs, be);
}

/** Rust's replacement syntax: `$n`, `$name` (the longest run of [A-Za-z0-9_]), `${name}`, `$$`. */
function expand(template: string, regex: CompiledRegex, group: (i: number) => string | undefined): string {
  let out = "";
  let i = 0;
  const ref = (name: string): string => {
    const index = /^[0-9]+$/.test(name) ? Number(name) : regex.names.get(name);
    return index === undefined ? "" : (group(index) ?? "");
  };
  while (i < template.length) {
    const dollar = template.indexOf("$", i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    i = dollar + 1;
    const next = template[i];
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "{") {
      const close = template.indexOf("}", i + 1);
      // an unclosed brace is literal text; `${}` names no group and expands to nothing, as in Rust
      if (close < 0) {
        out += "$";
        continue;
      }
      out += ref(template.slice(i + 1, close));
      i = close + 1;
    } else {
      const name = /^[A-Za-z0-9_]*/.exec(template.slice(i))![0];
      if (name === "") {
        out += "$";
        continue;
      }
      out += ref(name);
      i += name.length;
    }
  }
  return out;
}

/** The bytes of each group of a match (read through indices when the text is not ASCII). */
function groupTexts(hay: Haystack, m: RegExpExecArray): (i: number) => string | undefined {
  return (i) => {
    const g = m[i];
    if (g === undefined) return undefined;
    if (m.indices === undefined) return g;
    const [start, end] = m.indices[i]!;
    return hay.slice(start, end);
  };
}

function replace(self: unknown, text: unknown, replacement: unknown, all: boolean, fname: string): string {
  const regex = Regex.unwrap(self, fname);
  const hay = new Haystack(checkString(text, 2, fname));
  const template = checkString(replacement, 3, fname);
  // group text equals its bytes only in ASCII text
  const re = hay.ascii ? regex.re : regex.withIndices;
  let out = "";
  let last = 0;
  const found = all ? matches(re, hay) : [firstMatch(re, hay.text)].filter((m) => m !== null);
  for (const m of found) {
    out += hay.slice(last, m.index) + expand(template, regex, groupTexts(hay, m));
    last = m.index + m[0].length;
  }
  return out + hay.slice(last, hay.text.length);
}

const Regex = defineUserdata(
  "Regex",
  CompiledRegex,
  {
    isMatch(self: unknown, text: unknown) {
      const regex = Regex.unwrap(self, "isMatch");
      regex.re.lastIndex = 0;
      return regex.re.test(new Haystack(checkString(text, 2, "isMatch")).text);
    },
    find(self: unknown, text: unknown) {
      const regex = Regex.unwrap(self, "find");
      const hay = new Haystack(checkString(text, 2, "find"));
      const m = firstMatch(regex.re, hay.text);
      return m === null ? undefined : RegexMatch.wrap(matchInfo(hay, m.index, m.index + m[0].length));
    },
    captures(self: unknown, text: unknown) {
      const regex = Regex.unwrap(self, "captures");
      const hay = new Haystack(checkString(text, 2, "captures"));
      const m = firstMatch(regex.withIndices, hay.text);
      if (m === null) return undefined;
      const groups: (MatchInfo | undefined)[] = [];
      for (let g = 0; g <= regex.groupCount; g++) {
        const span = m.indices![g];
        groups.push(span === undefined ? undefined : matchInfo(hay, span[0], span[1]));
      }
      return RegexCaptures.wrap(new CapturesInfo(regex, groups));
    },
    split(self: unknown, text: unknown) {
      const regex = Regex.unwrap(self, "split");
      const hay = new Haystack(checkString(text, 2, "split"));
      const pieces: string[] = [];
      let last = 0;
      for (const m of matches(regex.re, hay)) {
        pieces.push(hay.slice(last, m.index));
        last = m.index + m[0].length;
      }
      pieces.push(hay.slice(last, hay.text.length));
      return LuauTable.fromArray(pieces);
    },
    replace(self: unknown, text: unknown, replacement: unknown) {
      return replace(self, text, replacement, false, "replace");
    },
    replaceAll(self: unknown, text: unknown, replacement: unknown) {
      return replace(self, text, replacement, true, "replaceAll");
    },
  },
  undefined,
  {
    __tostring: (self: unknown) => Regex.unwrap(self, "__tostring").pattern,
  },
);

const RegexMatch = defineUserdata(
  "RegexMatch",
  MatchInfo,
  {},
  (m, key) => {
    switch (key) {
      case "start":
        return m.start + 1;
      case "finish":
        return m.end;
      case "len":
        return m.end - m.start;
      case "text":
        return m.text;
    }
    return undefined;
  },
  {
    __len: (self: unknown) => {
      const m = RegexMatch.unwrap(self, "__len");
      return m.end - m.start;
    },
    __tostring: (self: unknown) => RegexMatch.unwrap(self, "__tostring").text,
  },
);

function wrapGroup(g: MatchInfo | undefined): Userdata | undefined {
  return g === undefined ? undefined : RegexMatch.wrap(g);
}

const RegexCaptures = defineUserdata(
  "RegexCaptures",
  CapturesInfo,
  {
    get(self: unknown, index: unknown) {
      const caps = RegexCaptures.unwrap(self, "get");
      const i = checkInteger(index, 2, "get");
      return i >= 0 && i < caps.groups.length ? wrapGroup(caps.groups[i]) : undefined;
    },
    group(self: unknown, name: unknown) {
      const caps = RegexCaptures.unwrap(self, "group");
      const i = caps.regex.names.get(checkString(name, 2, "group"));
      return i === undefined ? undefined : wrapGroup(caps.groups[i]);
    },
    format(self: unknown, template: unknown) {
      const caps = RegexCaptures.unwrap(self, "format");
      return expand(checkString(template, 2, "format"), caps.regex, (i) => caps.groups[i]?.text);
    },
  },
  undefined,
  {
    __len: (self: unknown) => RegexCaptures.unwrap(self, "__len").regex.groupCount,
    __tostring: (self: unknown) => String(RegexCaptures.unwrap(self, "__tostring").regex.groupCount),
  },
);

export function createRegexLibrary() {
  return library({
    new(pattern: unknown) {
      return Regex.wrap(compile(checkString(pattern, 1, "new", arguments.length)));
    },
  });
}
