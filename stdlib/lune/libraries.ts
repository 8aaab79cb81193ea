// The builtin modules `require("@lune/<name>")` returns. Each library is built once per runtime, on
// first require, and is read-only. Convention: a library lives in stdlib/lune/<name>/index.ts (its
// luau-lsp type definitions in types.d.luau next to it) and exports create<Name>Library().
import type { LuauTable } from "../../runtime/table";
import { createFsLibrary } from "./fs";
import { createProcessLibrary } from "./process";
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
  // net: createNetLibrary (stdlib/lune/net/index.ts) goes here
};

/** Builds libraries on demand and keeps them for the runtime's lifetime. */
export class LibraryCache {
  private built = new Map<string, LuauTable>();
  constructor(private readonly ctx: LibraryContext) {}

  /** The library named `name` (lower-case), or undefined when there is none. */
  get(name: string): LuauTable | undefined {
    let lib = this.built.get(name);
    if (lib === undefined) {
      const factory = Object.hasOwn(LIBRARIES, name) ? LIBRARIES[name] : undefined;
      if (factory === undefined) return undefined;
      lib = factory(this.ctx);
      lib.frozen = true;
      this.built.set(name, lib);
    }
    return lib;
  }
}
