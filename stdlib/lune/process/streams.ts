// The pipes of a child started with process.create, as Luau objects: a reader (stdout/stderr) with
// read(chunkSize?) and readToEnd(), and a writer (stdin) with write(data) and close().
import type { FileSink } from "bun";
import { LuauError } from "../../../runtime/errors";
import { LuauBuffer, NONE } from "../../../runtime/values";
import { checkInteger, typeError } from "../../args";
import { awaitHeld } from "../async";
import { osErrorText } from "../oserror";
import { defineUserdata } from "../userdata";
import { copyBytes } from "../../../runtime/bytes";

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

export class StreamReader {
  private pending: Uint8Array = new Uint8Array(0);
  private done = false;
  private reader: { read(): Promise<{ done: boolean; value?: Uint8Array }> };

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** Up to `max` bytes, waiting for data when none is buffered; undefined at end of stream. */
  async read(max: number): Promise<string | undefined> {
    while (this.pending.length === 0) {
      if (this.done) return undefined;
      const { done, value } = await this.reader.read();
      if (done || value === undefined) this.done = true;
      else this.pending = value;
    }
    const chunk = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(chunk.length);
    return latin1(chunk);
  }

  async readToEnd(): Promise<string> {
    let out = "";
    let chunk: string | undefined;
    while ((chunk = await this.read(Infinity)) !== undefined) out += chunk;
    return out;
  }
}

export class StreamWriter {
  closed = false;
  constructor(
    private readonly sink: FileSink,
    private readonly alive: () => boolean,
  ) {}

  async write(data: Uint8Array): Promise<void> {
    if (this.closed || !this.alive()) throw new LuauError("Broken pipe (os error 32)");
    try {
      // write returns a promise when the pipe is full; it rejects if the child stops reading
      await this.sink.write(data);
      await this.sink.flush();
    } catch (e) {
      throw new LuauError(osErrorText(e));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.sink.end();
    } catch {}
  }
}

export const ChildProcessReader = defineUserdata("ChildProcessReader", StreamReader, {
  *read(self: unknown, chunkSize: unknown) {
    const r = ChildProcessReader.unwrap(self, "read");
    const n = chunkSize === undefined ? 1024 : checkInteger(chunkSize, 2, "read");
    if (n <= 0) throw new LuauError("chunk size must be positive");
    return yield* awaitHeld(r.read(n));
  },
  *readToEnd(self: unknown) {
    return yield* awaitHeld(ChildProcessReader.unwrap(self, "readToEnd").readToEnd());
  },
});

export const ChildProcessWriter = defineUserdata("ChildProcessWriter", StreamWriter, {
  *write(self: unknown, data: unknown) {
    const w = ChildProcessWriter.unwrap(self, "write");
    let bytes: Uint8Array;
    if (typeof data === "string") bytes = Buffer.from(data, "latin1");
    else if (data instanceof LuauBuffer) bytes = copyBytes(data.bytes);
    else throw typeError(2, "write", "string or buffer", data);
    yield* awaitHeld(w.write(bytes));
    return NONE;
  },
  *close(self: unknown) {
    yield* awaitHeld(ChildProcessWriter.unwrap(self, "close").close());
    return NONE;
  },
});
