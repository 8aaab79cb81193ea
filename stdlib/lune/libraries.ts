// The builtin modules `require("@lune/<name>")` returns. Each library is built once per runtime, on
// first require, and is read-only. Convention: a library lives in stdlib/lune/<name>/index.ts (its
// luau-lsp type definitions in types.d.luau next to it) and exports create<Name>Library().
import type { LuauTable } from "../../runtime/table";
import { HOST_MODULES } from "../modules";

/** What a library may need to know about the runtime that loads it. */
export interface LibraryContext {
  /** The script's arguments (process.args). */
  args: string[];
}

export type LibraryFactory = (ctx: LibraryContext) => LuauTable;

// Each library's code is loaded (a synchronous require) when a script first requires it: importing
// them all up front took longer than starting Bun and running a hello-world script together.
export const LIBRARIES: Record<string, LibraryFactory> = {
  task: () => (require("./task") as typeof import("./task")).createTaskLibrary(),
  fs: () => (require("./fs") as typeof import("./fs")).createFsLibrary(),
  process: (ctx) => (require("./process") as typeof import("./process")).createProcessLibrary(ctx),
  stdio: () => (require("./stdio") as typeof import("./stdio")).createStdioLibrary(),
  serde: () => (require("./serde") as typeof import("./serde")).createSerdeLibrary(),
  datetime: () => (require("./datetime") as typeof import("./datetime")).createDateTimeLibrary(),
  regex: () => (require("./regex") as typeof import("./regex")).createRegexLibrary(),
  luau: () => (require("./luau") as typeof import("./luau")).createLuauLibrary(),
  net: () => (require("./net") as typeof import("./net")).createNetLibrary(),
};

const LIBRARY_PREFIX = "@lune/";

/**
 * The builtin modules of one runtime, built on demand and kept for its lifetime: `@lune/<name>`
 * (case-insensitive) and the host modules of stdlib/modules.ts, required by their exact name.
 */
export class LibraryCache {
  private built = new Map<string, LuauTable>();
  constructor(private readonly ctx: LibraryContext) {}

  /** The builtin module a require path names, or undefined when it names none. */
  get(requirePath: string): LuauTable | undefined {
    const key = requirePath.toLowerCase();
    let lib = this.built.get(key);
    if (lib === undefined) {
      const factory = this.factory(key);
      if (factory === undefined) return undefined;
      lib = factory();
      lib.frozen = true;
      this.built.set(key, lib);
    }
    return lib;
  }

  private factory(key: string): (() => LuauTable) | undefined {
    return builtinFactory(key, this.ctx);
  }
}

function builtinFactory(key: string, ctx: LibraryContext): (() => LuauTable) | undefined {
  if (key.startsWith(LIBRARY_PREFIX)) {
    const name = key.slice(LIBRARY_PREFIX.length);
    return Object.hasOwn(LIBRARIES, name) ? () => LIBRARIES[name](ctx) : undefined;
  }
  return Object.hasOwn(HOST_MODULES, key) ? HOST_MODULES[key] : undefined;
}

/** Whether require(path) gives a builtin module (so no file is looked for). */
export function isBuiltinModule(requirePath: string): boolean {
  return builtinFactory(requirePath.toLowerCase(), { args: [] }) !== undefined;
}
