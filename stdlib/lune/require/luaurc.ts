// .luaurc files: lenient JSON (comments and trailing commas allowed) holding require aliases.
import { readConfigText, sourceStat } from "../embedded";

/** Removes `//` and `/* *\/` comments and trailing commas outside strings, so JSON.parse accepts it. */
export function stripLenientJson(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === ",") {
      // a comma followed (after blanks/comments) by a closing bracket is dropped
      const next = text[skipBlank(text, i + 1)];
      if (next === "}" || next === "]") {
        i++;
        continue;
      }
      out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The index of the first character at or after `i` that is not whitespace or inside a comment. */
function skipBlank(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      return i;
    }
  }
}

export function parseLenientJson(text: string): unknown {
  return JSON.parse(stripLenientJson(text));
}

export interface LuauConfig {
  /** Alias names (lower-case) → target paths, as written. */
  aliases: Map<string, string>;
}

const configs = new Map<string, { mtimeMs: number; config: LuauConfig | undefined }>();

/** The .luaurc in `dir`, or undefined when there is none. A malformed file is an error. */
export function readConfig(dir: string): LuauConfig | undefined {
  const path = dir.endsWith("/") ? dir + ".luaurc" : dir + "/.luaurc";
  const st = sourceStat(path);
  if (st === undefined || !st.isFile) return undefined;
  const mtimeMs = st.mtimeMs;
  const cached = configs.get(path);
  if (cached !== undefined && cached.mtimeMs === mtimeMs) return cached.config;
  let parsed: unknown;
  try {
    parsed = parseLenientJson(readConfigText(path));
  } catch (e) {
    throw new Error(`failed to parse ${path}: ${(e as Error).message}`);
  }
  const aliases = new Map<string, string>();
  const raw = (parsed as { aliases?: unknown } | null)?.aliases;
  if (raw !== null && typeof raw === "object") {
    for (const [k, v] of Object.entries(raw)) if (typeof v === "string") aliases.set(k.toLowerCase(), v);
  }
  const config = { aliases };
  configs.set(path, { mtimeMs, config });
  return config;
}
