// Running a script file the way `lune run` does: the file becomes the main thread, deferred onto the
// scheduler; its chunk is named by its absolute path without extension.
import { readFileSync } from "node:fs";
import { compileChunk, instantiate } from "../../runtime/chunk";
import { LuauError } from "../../runtime/errors";
import { writeStderr, writeStdout } from "../../runtime/io";
import { toStringMeta } from "../../runtime/ops";
import { pushDefer } from "../../runtime/scheduler";
import { LuauThread } from "../../runtime/thread";
import { NONE } from "../../runtime/values";
import { createGlobals } from "../globals";

function print(...args: unknown[]) {
  writeStdout(args.map((a) => (typeof a === "string" ? a : toStringMeta(a))).join("\t") + "\n");
  return NONE;
}

/** The chunk name Lune gives a file: its absolute path without extension (and without /init). */
export function scriptChunkName(absPath: string): string {
  return absPath.replace(/\.(luau|lua)$/, "").replace(/\/init$/, "");
}

export function runScriptFile(absPath: string, args: string[]): void {
  const source = readFileSync(absPath, "latin1");
  const env = createGlobals(() => ({ print }));
  let chunk;
  try {
    chunk = compileChunk(source, scriptChunkName(absPath));
  } catch (e) {
    if (e instanceof LuauError) {
      writeStderr(`syntax error: ${String(e.value)}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
  void args;
  const main = instantiate(chunk, env);
  pushDefer(new LuauThread(main), []);
}
