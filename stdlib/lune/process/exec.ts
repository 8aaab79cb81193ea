// process.exec: runs a child to completion while the calling thread yields. Output streams are
// captured ("default"), captured and echoed ("inherit"), echoed only ("forward") or dropped ("none").
import type { FileSink, Subprocess } from "bun";
import { writeStderr, writeStdout } from "../../../runtime/io";
import { LuauError } from "../../../runtime/errors";
import { library } from "../../args";
import { awaitPromise } from "../async";
import { osErrorText } from "../oserror";
import { spawnSpec, type SpawnSpec, type StdioKind } from "./options";

function bunStdio(kind: StdioKind): "pipe" | "inherit" | "ignore" {
  return kind === "forward" ? "inherit" : kind === "none" ? "ignore" : "pipe";
}

/** Reads a child's stream to the end as a byte string, echoing each chunk as it arrives. */
async function drain(stream: ReadableStream<Uint8Array> | number | undefined, echo?: (s: string) => void): Promise<string> {
  if (stream === undefined || typeof stream === "number") return "";
  let out = "";
  for await (const chunk of stream) {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    echo?.(text);
    out += text;
  }
  return out;
}

/** How the child's three standard streams are connected. */
export interface ChildIo {
  stdin: "pipe" | "ignore";
  stdout: "pipe" | "inherit" | "ignore";
  stderr: "pipe" | "inherit" | "ignore";
}

/** Starts a child process; a program that cannot be started is a Luau error. */
export function spawnChild(spec: SpawnSpec, io: ChildIo): Subprocess {
  try {
    return Bun.spawn(spec.cmd, { cwd: spec.cwd, env: spec.env, ...io }) as Subprocess;
  } catch (e) {
    throw new LuauError(`Failed to spawn process '${spec.cmd[0]}': ${osErrorText(e)}`);
  }
}

interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Writes all of `data` to the child's stdin, then closes it. */
async function feed(sink: FileSink, data: Uint8Array): Promise<void> {
  // a child that exits without reading all its input closes the pipe: not an error
  try {
    await sink.write(data);
    await sink.end();
  } catch {}
}

async function execute(spec: SpawnSpec, child: Subprocess): Promise<ExecResult> {
  // input and output flow at the same time, or a child that echoes a large input would block
  const [stdout, stderr] = await Promise.all([
    drain(child.stdout, spec.stdout === "inherit" ? writeStdout : undefined),
    drain(child.stderr, spec.stderr === "inherit" ? writeStderr : undefined),
    spec.stdin === undefined ? undefined : feed(child.stdin as FileSink, spec.stdin),
    child.exited,
  ]);
  // a child killed by a signal has no exit code: Lune reports 1 if it wrote to stderr, else 0
  const code = child.exitCode ?? (stderr.length > 0 ? 1 : 0);
  return {
    code,
    stdout: spec.stdout === "forward" ? "" : stdout,
    stderr: spec.stderr === "forward" ? "" : stderr,
  };
}

export function* exec(program: unknown, params: unknown, options: unknown): Generator<unknown, unknown, unknown> {
  const spec = spawnSpec("exec", program, params, options, arguments.length);
  const child = spawnChild(spec, {
    stdin: spec.stdin === undefined ? "ignore" : "pipe",
    stdout: bunStdio(spec.stdout),
    stderr: bunStdio(spec.stderr),
  });
  const r = yield* awaitPromise(execute(spec, child));
  return library({ ok: r.code === 0, code: r.code, stdout: r.stdout, stderr: r.stderr });
}
