// The process's standard input as one shared, buffered byte reader (stdio.readLine, readToEnd,
// prompt and the REPL all read from it). Reading happens only on demand, so an idle stdin never keeps
// the process alive.
export class StdinReader {
  private buffered = "";
  private ended = false;
  /** Reads are serialised: a read waits for the one before it. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Waits for the next chunk of input; false at the end. stdin is paused again afterwards, so it
   * does not keep the process alive (a TTY would). */
  private fill(): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    const input = process.stdin;
    return new Promise((resolve, reject) => {
      const done = (more: boolean) => {
        input.off("data", onData);
        input.off("end", onEnd);
        input.off("error", onError);
        input.pause();
        if (!more) this.ended = true;
        resolve(more);
      };
      const onData = (chunk: Buffer | string) => {
        this.buffered += typeof chunk === "string" ? Buffer.from(chunk, "utf8").toString("latin1") : chunk.toString("latin1");
        done(true);
      };
      const onEnd = () => done(false);
      const onError = (e: Error) => {
        done(false);
        reject(e);
      };
      input.on("data", onData);
      input.once("end", onEnd);
      input.once("error", onError);
      input.resume();
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const p = this.queue.then(op);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** The next line including its "\n"; at end of input what is left ("" when nothing). */
  readLine(): Promise<string> {
    return this.serial(async () => {
      let nl: number;
      while ((nl = this.buffered.indexOf("\n")) < 0 && (await this.fill()));
      const end = nl < 0 ? this.buffered.length : nl + 1;
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end);
      return line;
    });
  }

  /** Everything until the end of input. */
  readToEnd(): Promise<string> {
    return this.serial(async () => {
      while (await this.fill());
      const all = this.buffered;
      this.buffered = "";
      return all;
    });
  }
}

export const stdin = new StdinReader();
