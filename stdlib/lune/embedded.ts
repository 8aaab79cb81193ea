// Where require finds Luau source files: on disk, or — inside an executable made by `bune build` —
// in the bundle embedded in it. A mounted bundle replaces the disk for require entirely, so a built
// program behaves the same wherever it runs, whatever files happen to lie around it.
import { readFileSync, statSync } from "node:fs";

/** The modules and configs `bune build` embeds, under virtual absolute paths (see VIRTUAL_ROOT). */
export interface Bundle {
  /** The main script's file. */
  main: string;
  /** Luau module files → the JS compileChunk generated for them at build time. */
  modules: Record<string, string>;
  /** .luaurc files → their text (aliases rewritten to stay inside the bundle). */
  configs: Record<string, string>;
}

/** Where a bundle's files appear: an absolute path no disk has, so chunk names can't mislead. */
export const VIRTUAL_ROOT = "/$bune";

let mounted: Bundle | undefined;
/** Every directory holding an embedded file, up to and including the root (for navigation). */
let mountedDirs = new Set<string>();

export function mountBundle(bundle: Bundle): void {
  mounted = bundle;
  mountedDirs = new Set();
  for (const file of [...Object.keys(bundle.modules), ...Object.keys(bundle.configs)]) {
    for (let d = file.slice(0, file.lastIndexOf("/")); d.length > 0 && !mountedDirs.has(d); d = d.slice(0, d.lastIndexOf("/"))) {
      mountedDirs.add(d);
    }
  }
  mountedDirs.add("/");
}

export interface SourceStat {
  isFile: boolean;
  isDir: boolean;
  /** Changes when the file does (always 0 for embedded files, which never change). */
  mtimeMs: number;
}

/** What is at `path`, or undefined when nothing is. Follows symlinks on disk. */
export function sourceStat(path: string): SourceStat | undefined {
  if (mounted !== undefined) {
    if (Object.hasOwn(mounted.modules, path) || Object.hasOwn(mounted.configs, path)) return { isFile: true, isDir: false, mtimeMs: 0 };
    return mountedDirs.has(path) ? { isFile: false, isDir: true, mtimeMs: 0 } : undefined;
  }
  try {
    const st = statSync(path);
    return { isFile: st.isFile(), isDir: st.isDirectory(), mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

/** A config file's text (UTF-8). */
export function readConfigText(path: string): string {
  if (mounted === undefined) return readFileSync(path, "utf8");
  const text = mounted.configs[path];
  if (text === undefined) throw new Error(`no such file: ${path}`);
  return text;
}

/** The precompiled JS of an embedded module, or undefined when no bundle holds `path`. */
export function embeddedModule(path: string): string | undefined {
  return mounted !== undefined && Object.hasOwn(mounted.modules, path) ? mounted.modules[path] : undefined;
}

/** Whether a bundle is mounted (this process is a built executable). */
export function bundleMounted(): boolean {
  return mounted !== undefined;
}
