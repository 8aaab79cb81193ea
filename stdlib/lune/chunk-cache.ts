// Compiled file chunks cached on disk by content hash, so running an unchanged script again skips
// lexing, parsing and code generation (tens of milliseconds for a few hundred lines, before the JIT
// has warmed up). The key covers the source and the compiler's own code, so a changed compiler
// never reuses old output. The cache is best effort: any failure just means compiling.
//   location: $BUNE_CACHE_DIR, else $XDG_CACHE_HOME/bune/chunks, else ~/.cache/bune/chunks
//   BUNE_NO_CACHE=1 turns it off
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { chunkFromJs, compileChunk, type CompiledChunk } from "../../runtime/chunk";

const COMPILER_DIR = join(import.meta.dir, "../../runtime/luau");
/** The name of a compiler's entry folder: the start of its fingerprint. */
const FINGERPRINT = /^[0-9a-f]{16}$/;

let dir: string | undefined | null;

/** The cache directory, or null when caching is off or the compiler's code can't be read. */
function cacheDir(): string | null {
  if (dir !== undefined) return dir;
  dir = null;
  const env = process.env;
  if (env.BUNE_NO_CACHE !== undefined && env.BUNE_NO_CACHE !== "" && env.BUNE_NO_CACHE !== "0") return dir;
  try {
    // the compiler's fingerprint names the directory: a new compiler starts an empty one
    const hasher = new Bun.CryptoHasher("sha256");
    for (const f of readdirSync(COMPILER_DIR).sort()) hasher.update(f).update(readFileSync(join(COMPILER_DIR, f)));
    const base = env.BUNE_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "bune", "chunks");
    dir = join(base, hasher.digest("hex").slice(0, 16));
  } catch {}
  return dir;
}

/** compileChunk, through the cache. Syntax errors are never cached (they raise as usual). */
export function compileCached(source: string, name: string): CompiledChunk {
  const d = cacheDir();
  if (d === null) return compileChunk(source, name);
  const file = join(d, new Bun.CryptoHasher("sha256").update(source, "latin1").digest("hex") + ".js");
  try {
    return chunkFromJs(readFileSync(file, "utf8"), name);
  } catch {}
  const chunk = compileChunk(source, name);
  try {
    if (mkdirSync(d, { recursive: true }) !== undefined) dropOtherCompilers(d);
    // written aside and renamed, so a reader never sees half a file
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, chunk.js);
    renameSync(tmp, file);
  } catch {}
  return chunk;
}

/** Removes the entries of other compilers (a changed bune) when the first entry of this one is made. */
function dropOtherCompilers(current: string): void {
  const base = dirname(current);
  for (const name of readdirSync(base)) {
    if (FINGERPRINT.test(name) && join(base, name) !== current) rmSync(join(base, name), { recursive: true, force: true });
  }
}
