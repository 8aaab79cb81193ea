// require-by-string path resolution (Luau's navigation rules as Lune wires them). Navigation works
// on module paths: absolute paths without extension, where `dir/init.luau` is module `dir`.
//   ./x, ../x   start at the requirer's parent, then walk the components
//   @self/x     start at the requirer itself
//   @alias/x    start at the alias target from the nearest .luaurc that defines it
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { sourceStat } from "../embedded";
import { readConfig } from "./luaurc";

/** A resolution failure; the caller wraps it as `error requiring module "<path>": <reason>`. */
export class ResolveError extends Error {}

const EXTENSIONS = [".luau", ".lua"];

// through sourceStat, so that a built executable navigates its embedded files instead of the disk
function isFile(p: string): boolean {
  return sourceStat(p)?.isFile === true;
}

function isDir(p: string): boolean {
  return sourceStat(p)?.isDir === true;
}

/** The files module path `p` could mean: p.luau, p.lua, p/init.luau, p/init.lua (those that exist). */
export function moduleFiles(p: string): string[] {
  const found: string[] = [];
  for (const ext of EXTENSIONS) if (isFile(p + ext)) found.push(p + ext);
  for (const ext of EXTENSIONS) if (isFile(join(p, "init" + ext))) found.push(join(p, "init" + ext));
  return found;
}

type Status = "module" | "directory" | "ambiguous" | "missing";

function status(p: string): Status {
  const files = moduleFiles(p);
  if (files.length > 1) return "ambiguous";
  if (files.length === 1) return "module";
  return isDir(p) ? "directory" : "missing";
}

function parent(p: string): string {
  const up = dirname(p);
  if (up === p) throw new ResolveError("could not get parent of requiring context");
  return up;
}

/** Walks `/`-separated components from module path `start`. */
function walk(start: string, rest: string): string {
  let cur = start;
  for (const c of rest.split("/")) {
    if (c === "" || c === ".") continue;
    if (c === "..") {
      cur = parent(cur);
      continue;
    }
    if (c === "init") throw new ResolveError(`could not resolve child component "${c}" (ambiguous)`);
    const next = join(cur, c);
    const s = status(next);
    if (s === "missing") throw new ResolveError(`could not resolve child component "${c}"`);
    if (s === "ambiguous") throw new ResolveError(`could not resolve child component "${c}" (ambiguous)`);
    cur = next;
  }
  return cur;
}

function splitAlias(path: string): [string, string] {
  const slash = path.indexOf("/");
  return slash < 0 ? [path.slice(1), ""] : [path.slice(1, slash), path.slice(slash + 1)];
}

/** An alias target written in a config in `dir`, as an absolute module path. */
function aliasTarget(value: string, dir: string, chain: string[]): string {
  if (value.startsWith("@")) {
    const [name, rest] = splitAlias(value);
    return walk(resolveAlias(name.toLowerCase(), dir, chain), rest);
  }
  let p = value;
  if (p === "~" || p.startsWith("~/")) p = join(homedir(), p.slice(1));
  else if (p.startsWith("./") || p.startsWith("../")) p = resolve(dir, p);
  else if (!isAbsolute(p)) p = resolve(p); // used as given: relative to the process cwd
  p = p.replace(/\/+$/, "") || "/";
  // a target naming a file with its extension means that module
  const ext = EXTENSIONS.find((e) => p.endsWith(e));
  if (ext !== undefined && isFile(p) && sourceStat(p + ext) === undefined) p = p.slice(0, -ext.length);
  return p;
}

/** The module path alias `name` (lower-case) stands for, searching .luaurc files from `dir` up. */
function resolveAlias(name: string, dir: string, chain: string[]): string {
  if (chain.includes(name)) {
    throw new ResolveError(`detected alias cycle (${[...chain, name].map((n) => "@" + n).join(" -> ")})`);
  }
  for (let d = dir; ; d = dirname(d)) {
    const value = readConfig(d)?.aliases.get(name);
    if (value !== undefined) return aliasTarget(value, d, [...chain, name]);
    if (dirname(d) === d) break;
  }
  throw new ResolveError(`@${name} is not a valid alias`);
}

export interface ResolvedModule {
  /** The module path (cache key and chunk name). */
  modulePath: string;
  /** The file to load. */
  file: string;
}

/**
 * Resolves a require path against the requiring module. `requirer` is the requirer's module path and
 * `requirerFile` its file (the .luaurc search starts in the file's directory).
 */
export function resolveModule(path: string, requirer: string, requirerFile: string): ResolvedModule {
  path = path.replace(/\\/g, "/");
  let target: string;
  if (path.startsWith("./") || path.startsWith("../")) {
    target = walk(parent(requirer), path);
  } else if (path.startsWith("@")) {
    const [name, rest] = splitAlias(path);
    const lower = name.toLowerCase();
    const dir = dirname(requirerFile);
    let base: string;
    if (lower === "self") {
      // @self is a real alias only when a config defines it (practically never)
      try {
        base = resolveAlias(lower, dir, []);
      } catch {
        base = requirer;
      }
    } else {
      base = resolveAlias(lower, dir, []);
    }
    target = walk(base, rest);
  } else {
    throw new ResolveError("require path must start with a valid prefix: ./, ../, or @");
  }
  const files = moduleFiles(target);
  if (files.length > 1) throw new ResolveError(`module path is ambiguous: ${target}`);
  if (files.length === 0) throw new ResolveError(`no module present at resolved path ${target}`);
  return { modulePath: target, file: files[0] };
}
