// Driving bune through a real pseudo-terminal (Bun.spawn's `terminal` option) for the prompt and
// REPL tests. Output is fed to a small screen model (cursor moves, erases, wrapping, scrolling), so
// tests can wait for and check what a user would see, not the exact bytes of each redraw.
import { BUN, CLI } from "./lune_harness";

/** The visible screen of a terminal: enough of VT100 for bune's prompts and line editor. */
export class Screen {
  private grid: string[][];
  private row = 0;
  private col = 0;
  private pendingWrap = false;
  cursorVisible = true;
  /** Lines scrolled off the top. */
  readonly scrolled: string[] = [];

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.grid = Array.from({ length: rows }, () => this.blank());
  }

  private blank(): string[] {
    return new Array(this.cols).fill(" ");
  }

  private lineFeed(): void {
    if (this.row < this.rows - 1) this.row++;
    else {
      this.scrolled.push(this.grid.shift()!.join("").trimEnd());
      this.grid.push(this.blank());
    }
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === "\x1b") {
        const m = /^\x1b\[([?]?)([0-9;]*)([A-Za-z@])/.exec(text.slice(i));
        if (m !== null) {
          this.csi(m[1], m[2], m[3]);
          i += m[0].length - 1;
        }
        continue;
      }
      if (ch === "\r") {
        this.col = 0;
        this.pendingWrap = false;
      } else if (ch === "\n") {
        this.lineFeed();
        this.pendingWrap = false;
      } else if (ch === "\t") {
        this.col = Math.min(this.cols - 1, (Math.floor(this.col / 8) + 1) * 8);
      } else if (ch === "\b") {
        this.col = Math.max(0, this.col - 1);
        this.pendingWrap = false;
      } else if (ch >= " ") {
        if (this.pendingWrap) {
          this.col = 0;
          this.lineFeed();
          this.pendingWrap = false;
        }
        this.grid[this.row][this.col] = ch;
        if (this.col === this.cols - 1) this.pendingWrap = true;
        else this.col++;
      }
    }
  }

  private csi(privateMark: string, params: string, final: string): void {
    const n = params.split(";").map((p) => (p === "" ? 0 : Number(p)));
    const count = Math.max(1, n[0]);
    if (privateMark === "?") {
      if (params === "25") this.cursorVisible = final === "h";
      return;
    }
    this.pendingWrap = false;
    switch (final) {
      case "A":
        this.row = Math.max(0, this.row - count);
        break;
      case "B":
        this.row = Math.min(this.rows - 1, this.row + count);
        break;
      case "C":
        this.col = Math.min(this.cols - 1, this.col + count);
        break;
      case "D":
        this.col = Math.max(0, this.col - count);
        break;
      case "G":
        this.col = Math.min(this.cols - 1, count - 1);
        break;
      case "H":
        this.row = Math.min(this.rows - 1, Math.max(1, n[0]) - 1);
        this.col = Math.min(this.cols - 1, Math.max(1, n[1] ?? 1) - 1);
        break;
      case "J":
        if (n[0] === 2) this.grid = this.grid.map(() => this.blank());
        else if (n[0] === 0) {
          this.grid[this.row].fill(" ", this.col);
          for (let r = this.row + 1; r < this.rows; r++) this.grid[r] = this.blank();
        }
        break;
      case "K":
        if (n[0] === 0) this.grid[this.row].fill(" ", this.col);
        break;
    }
  }

  /** The screen's lines, right-trimmed, without the empty lines at the bottom. */
  text(): string {
    const lines = this.grid.map((r) => r.join("").trimEnd());
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n");
  }

  /** Everything shown so far: the scrolled-off lines and the screen. */
  transcript(): string {
    return [...this.scrolled, this.text()].join("\n");
  }

  cursor(): { row: number; col: number } {
    return { row: this.row, col: this.col };
  }
}

export interface PtyOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
  /** Longest wait for one expected screen, and for the process to end. */
  timeoutMs?: number;
}

/** A process on a pseudo-terminal of its own. */
export class Pty {
  readonly screen: Screen;
  /** All output as received. */
  raw = "";
  private readonly child: ReturnType<typeof Bun.spawn>;
  private readonly decoder = new TextDecoder();
  private waiters: (() => void)[] = [];
  private readonly timeoutMs: number;

  /** `argv` as given (see `bune` for `bun cli.ts ...`). */
  constructor(argv: string[], options: PtyOptions = {}) {
    const cols = options.cols ?? 80;
    const rows = options.rows ?? 24;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.screen = new Screen(cols, rows);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: "1", TERM: "xterm-256color", ...options.env })) {
      if (v !== undefined) env[k] = v;
    }
    this.child = Bun.spawn(argv, {
      cwd: options.cwd,
      env,
      terminal: {
        cols,
        rows,
        data: (_term, data) => {
          const text = this.decoder.decode(data, { stream: true });
          this.raw += text;
          this.screen.feed(text);
          for (const w of this.waiters) w();
        },
      },
    });
  }

  /** Waits until `check` holds for the screen text; if it does not in time, ends the process and
   * fails showing the screen. */
  waitFor(check: string | RegExp | ((screen: string) => boolean), what = String(check)): Promise<void> {
    const test =
      typeof check === "string" ? (s: string) => s.includes(check) : check instanceof RegExp ? (s: string) => check.test(s) : check;
    return new Promise((resolve, reject) => {
      const poll = () => {
        if (!test(this.screen.text())) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== poll);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== poll);
        // the test fails: do not leave the process waiting for keys that will never come
        this.child.kill();
        reject(new Error(`timed out waiting for ${what}; the screen shows:\n${this.screen.text()}`));
      }, this.timeoutMs);
      this.waiters.push(poll);
      poll();
    });
  }

  /** Types `keys` (raw bytes as a terminal sends them). */
  write(keys: string): void {
    this.child.terminal!.write(keys);
  }

  kill(): void {
    this.child.kill();
  }

  /** Waits for the process to end (killing it if it does not in time). */
  async exited(): Promise<{ code: number | null; signal: string | null }> {
    const timer = setTimeout(() => this.child.kill(), this.timeoutMs);
    await this.child.exited;
    clearTimeout(timer);
    this.child.terminal?.close();
    const signal = this.child.signalCode;
    return { code: this.child.exitCode, signal: signal === null ? null : String(signal) };
  }
}

/** `bune <args>` on a pseudo-terminal. */
export function bunePty(args: string[], options: PtyOptions = {}): Pty {
  return new Pty([BUN, CLI, ...args], options);
}

export const KEYS = { up: "\x1b[A", down: "\x1b[B", right: "\x1b[C", left: "\x1b[D", enter: "\r", esc: "\x1b", ctrlC: "\x03", ctrlD: "\x04" };
