// Chunks compiled from files. A file chunk is named by its module path (absolute path without the
// extension and without a trailing /init), which is also what require navigates from; this registry
// tells file chunks apart from stdin/REPL/loadstring chunks, which cannot require by path.
import { readFileSync } from "node:fs";
import { compileChunk, type CompiledChunk } from "../../../runtime/chunk";

const files = new Map<string, string>();

/** The chunk name Lune gives a file: its absolute path without extension (and without /init). */
export function moduleChunkName(absFile: string): string {
  return absFile.replace(/\.(luau|lua)$/, "").replace(/\/init$/, "");
}

/** Compiles a Luau source file (read as bytes); a syntax error raises `<chunk>:<line>: <message>`. */
export function compileFile(absFile: string, source: string = readFileSync(absFile, "latin1")): CompiledChunk {
  const name = moduleChunkName(absFile);
  const chunk = compileChunk(source, name);
  files.set(name, absFile);
  return chunk;
}

/** The file a chunk was compiled from, or undefined for stdin/REPL/loadstring chunks. */
export function fileOfChunk(name: string): string | undefined {
  return files.get(name);
}
