// process.create: a child process that runs alongside the script, with streaming pipes. It does not
// keep the process alive by itself; a thread waiting on it (status, read, write) does.
import type { FileSink } from "bun";
import { library } from "../../args";
import { awaitHeld } from "../async";
import { NONE } from "../../../runtime/values";
import { spawnChild } from "./exec";
import { spawnSpec } from "./options";
import { ChildProcessReader, ChildProcessWriter, StreamReader, StreamWriter } from "./streams";

export function create(program: unknown, params: unknown, options: unknown) {
  const spec = spawnSpec("create", program, params, options, arguments.length);
  const child = spawnChild(spec, { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  child.unref();
  let exited = false;
  const exit = child.exited.then(() => {
    exited = true;
  });
  return library({
    stdin: ChildProcessWriter.wrap(new StreamWriter(child.stdin as FileSink, () => !exited)),
    stdout: ChildProcessReader.wrap(new StreamReader(child.stdout as ReadableStream<Uint8Array>)),
    stderr: ChildProcessReader.wrap(new StreamReader(child.stderr as ReadableStream<Uint8Array>)),
    kill() {
      try {
        child.kill();
      } catch {}
      return NONE;
    },
    *status() {
      yield* awaitHeld(exit);
      // killed, or ended without an exit code: Lune reports 9
      const code = child.signalCode !== null || child.exitCode === null ? 9 : child.exitCode;
      return library({ ok: code === 0, code });
    },
  });
}
