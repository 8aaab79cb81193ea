// Shared by tests/net_*.test.ts: Luau scripts run by `bun cli.ts run` as child processes, either to
// completion or kept running while the test talks to them over real loopback sockets.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..");
const CLI = join(ROOT, "cli.ts");

export interface Finished {
  stdout: string;
  stderr: string;
  code: number;
}

/** A Luau script running in its own bune process. */
export class LuauProcess {
  readonly proc: ReturnType<typeof Bun.spawn>;
  private readonly dir: string;
  private buffered = "";
  private readonly reader: { read(): Promise<{ done: boolean; value?: Uint8Array }> };
  private readonly decoder = new TextDecoder();
  private stderrText: Promise<string>;

  constructor(source: string, args: string[] = []) {
    this.dir = mkdtempSync(join(tmpdir(), "bune-net-test-"));
    const file = join(this.dir, "main.luau");
    writeFileSync(file, source);
    this.proc = Bun.spawn([process.execPath, CLI, "run", file, ...args], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, NO_COLOR: "1" },
    });
    this.reader = (this.proc.stdout as ReadableStream<Uint8Array>).getReader();
    this.stderrText = new Response(this.proc.stderr as ReadableStream<Uint8Array>).text();
  }

  get pid(): number {
    return this.proc.pid;
  }

  /** The next line the script prints (rejects if it exits first). */
  async line(): Promise<string> {
    for (;;) {
      const i = this.buffered.indexOf("\n");
      if (i >= 0) {
        const l = this.buffered.slice(0, i);
        this.buffered = this.buffered.slice(i + 1);
        return l;
      }
      const r = await this.reader.read();
      if (r.done) throw new Error(`script ended before printing a line; stderr:\n${await this.stderrText}`);
      this.buffered += this.decoder.decode(r.value!, { stream: true });
    }
  }

  /** Waits for the script to end; everything it printed after the lines already read. */
  async finish(): Promise<Finished> {
    let rest = this.buffered;
    for (;;) {
      const r = await this.reader.read();
      if (r.done) break;
      rest += this.decoder.decode(r.value!, { stream: true });
    }
    const code = await this.proc.exited;
    rmSync(this.dir, { recursive: true, force: true });
    return { stdout: rest, stderr: await this.stderrText, code };
  }

  kill(): void {
    this.proc.kill();
  }
}

/** Runs a script to completion. */
export async function runLuau(source: string, args: string[] = []): Promise<Finished> {
  return new LuauProcess(source, args).finish();
}

/** Resident memory of a process in bytes (0 once it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `ms` until stopped; returns the peak. */
export function watchRss(pid: number, ms = 20): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, ms);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** "ip:port" / "[ip]:port" → port. */
export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(":") + 1));
}
