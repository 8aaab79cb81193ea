// The builtin modules `require("@lune/<name>")` returns. Each library is built once per runtime, on
// first require, and is read-only. Convention: a library lives in stdlib/lune/<name>/index.ts (its
// luau-lsp type definitions in types.d.luau next to it) and exports create<Name>Library().
import type { LuauTable } from "../../runtime/table";
import { HOST_MODULES } from "../modules";
import { createDateTimeLibrary } from "./datetime";
import { createFsLibrary } from "./fs";
import { createLuauLibrary } from "./luau";
import { createNetLibrary } from "./net";
import { createProcessLibrary } from "./process";
import { createRegexLibrary } from "./regex";
import { createSerdeLibrary } from "./serde";
import { createStdioLibrary } from "./stdio";
import { createTaskLibrary } from "./task";

/** What a library may need to know about the runtime that loads it. */
export interface LibraryContext {
  /** The script's arguments (process.args). */
  args: string[];
}

export type LibraryFactory = (ctx: LibraryContext) => LuauTable;

export const LIBRARIES: Record<string, LibraryFactory> = {
  task: createTaskLibrary,
  fs: createFsLibrary,
  process: createProcessLibrary,
  stdio: createStdioLibrary,
  serde: createSerdeLibrary,
  datetime: createDateTimeLibrary,
  regex: createRegexLibrary,
  luau: createLuauLibrary,
  net: createNetLibrary,
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
    if (key.startsWith(LIBRARY_PREFIX)) {
      const name = key.slice(LIBRARY_PREFIX.length);
      return Object.hasOwn(LIBRARIES, name) ? () => LIBRARIES[name](this.ctx) : undefined;
    }
    return Object.hasOwn(HOST_MODULES, key) ? HOST_MODULES[key] : undefined;
  }
}
