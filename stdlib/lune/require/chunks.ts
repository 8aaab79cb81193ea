// Chunks compiled from files. A file chunk is named by its module path (absolute path without the
// extension and without a trailing /init), which is also what require navigates from; this registry
// tells file chunks apart from stdin/REPL/loadstring chunks, which cannot require by path.
import { readFileSync } from "node:fs";
import { chunkFromJs, type CompiledChunk } from "../../../runtime/chunk";
import { compileCached } from "../chunk-cache";
import { embeddedModule } from "../embedded";

const files = new Map<string, string>();

/** The chunk name Lune gives a file: its absolute path without extension (and without /init). */
export function moduleChunkName(absFile: string): string {
  return absFile.replace(/\.(luau|lua)$/, "").replace(/\/init$/, "");
}

/**
 * Compiles a Luau source file (read as bytes); a syntax error raises `<chunk>:<line>: <message>`.
 * In a built executable the file's JS comes precompiled from the embedded bundle.
 */
export function compileFile(absFile: string, source?: string): CompiledChunk {
  const name = moduleChunkName(absFile);
  const js = source === undefined ? embeddedModule(absFile) : undefined;
  const chunk = js !== undefined ? chunkFromJs(js, name) : compileCached(source ?? readFileSync(absFile, "latin1"), name);
  files.set(name, absFile);
  return chunk;
}

/** The file a chunk was compiled from, or undefined for stdin/REPL/loadstring chunks. */
export function fileOfChunk(name: string): string | undefined {
  return files.get(name);
}
