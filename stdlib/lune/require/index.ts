// The `require` global: builtin modules first (`@lune/<lib>` and host modules, see libraries.ts),
// then paths resolved from the requiring file (resolve.ts) and loaded once each (loader.ts). The
// requirer is the nearest Luau frame on the JS stack; only file chunks can require by path.
import { parseStack, rtError } from "../../../runtime/errors";
import type { LuauTable } from "../../../runtime/table";
import { typeName } from "../../../runtime/values";
import type { LibraryCache } from "../libraries";
import { fileOfChunk } from "./chunks";
import { ModuleLoader } from "./loader";
import { resolveModule, type ResolvedModule } from "./resolve";

/** The module path of the Luau chunk that called require, or undefined outside a file chunk. */
function requiringChunk(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  const frame = parseStack(stack).find((f) => f.kind === "luau");
  return frame?.kind === "luau" ? frame.chunk : undefined;
}

export function createRequire(env: LuauTable, libraries: LibraryCache) {
  const loader = new ModuleLoader(env);
  // successful resolutions, per requiring chunk and path: a require in a hot function skips the
  // file system (a module cached once stays cached, so its file may as well)
  const resolved = new Map<string, ResolvedModule>();
  return function* require(path: unknown): Generator<unknown, unknown, unknown> {
    if (typeof path !== "string") {
      throw rtError(`bad argument #1 to 'require' (string expected, got ${arguments.length === 0 ? "no value" : typeName(path)})`);
    }
    const lib = libraries.get(path);
    if (lib !== undefined) return lib;
    const fail = (reason: string) => rtError(`error requiring module "${path}": ${reason}`);
    const chunk = requiringChunk();
    const file = chunk === undefined ? undefined : fileOfChunk(chunk);
    if (chunk === undefined || file === undefined) throw fail("require is not supported in this context");
    const key = chunk + "\0" + path;
    let target = resolved.get(key);
    if (target === undefined) {
      try {
        target = resolveModule(path, chunk, file);
      } catch (e) {
        if (e instanceof Error) throw fail(e.message);
        throw e;
      }
      resolved.set(key, target);
    }
    return yield* loader.load(target.modulePath, target.file, () => fail("cyclic require detected"));
  };
}
