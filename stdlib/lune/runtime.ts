// One Lune runtime: a global environment shared by the main script and every module it requires,
// and the way chunks (a script file, stdin, REPL entries) are started on the scheduler.
import { compileChunk, instantiate, type CompiledChunk } from "../../runtime/chunk";
import { LuauError } from "../../runtime/errors";
import { writeStderr } from "../../runtime/io";
import { pushDefer } from "../../runtime/scheduler";
import type { LuauTable } from "../../runtime/table";
import { LuauThread } from "../../runtime/thread";
import type { Multi } from "../../runtime/values";
import { createGlobals } from "../globals";
import { createLuneGlobals } from "./globals";
import { compileFile } from "./require/chunks";

/** How a chunk started by the runtime ended. */
export type ChunkOutcome = { ok: true; values: Multi } | { ok: false; error: unknown };

export class LuneRuntime {
  readonly env: LuauTable;

  constructor(args: string[]) {
    this.env = createGlobals((host) => createLuneGlobals(host.env, { args }));
  }

  /**
   * Starts a script file as the main thread (deferred, as Lune does). A syntax error is reported as
   * `syntax error: <chunk>:<line>: <message>` with exit status 1, and nothing runs.
   */
  runFile(absFile: string, source?: string): void {
    const chunk = this.compileMain(() => compileFile(absFile, source));
    if (chunk !== undefined) this.start(chunk);
  }

  /** Starts source that has no file (stdin): it can require only the builtin libraries. */
  runSource(source: string, chunkName: string): void {
    const chunk = this.compileMain(() => compileChunk(source, chunkName));
    if (chunk !== undefined) this.start(chunk);
  }

  private compileMain(compile: () => CompiledChunk): CompiledChunk | undefined {
    try {
      return compile();
    } catch (e) {
      if (!(e instanceof LuauError)) throw e;
      writeStderr(`syntax error: ${String(e.value)}\n`);
      process.exitCode = 1;
      return undefined;
    }
  }

  /** Runs a compiled chunk as a deferred thread; the promise settles when the thread ends. Errors are
   * reported by the scheduler as for any thread. */
  start(chunk: CompiledChunk): Promise<ChunkOutcome> {
    const main = instantiate(chunk, this.env);
    return new Promise((resolve) => {
      const thread = new LuauThread(main);
      thread.onExit = (r) => resolve(r.kind === "return" ? { ok: true, values: r.values } : { ok: false, error: r.error });
      pushDefer(thread, []);
    });
  }
}
