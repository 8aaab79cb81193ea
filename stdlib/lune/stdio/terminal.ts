// The interactive terminal behind stdio.prompt and the REPL's line editor: stdin in raw mode read
// as key presses through Bun's stdin events (never a blocking read), a redrawable area of output
// lines, and colours. Whatever happens (an error, a cancelled thread, process.exit, a signal) the
// terminal is put back the way it was: raw mode off and the cursor visible.
import { isatty } from "node:tty";
import { writeStderr, writeStdout } from "../../../runtime/io";
import { KeyDecoder, key, type Key } from "./keys";

export type OutFd = 1 | 2;

/** Prompts draw on stderr like Lune's (so stdout can be redirected), unless only stdout is a terminal. */
export function promptFd(): OutFd {
  return !isatty(2) && isatty(1) ? 1 : 2;
}

export function stdinIsTerminal(): boolean {
  return isatty(0);
}

function write(fd: OutFd, text: string): void {
  // runtime/io writes byte strings (latin1); ours is Unicode text
  const bytes = Buffer.from(text, "utf8").toString("latin1");
  if (fd === 1) writeStdout(bytes);
  else writeStderr(bytes);
}

export function terminalColumns(fd: OutFd): number {
  const n = (fd === 1 ? process.stdout : process.stderr).columns;
  return typeof n === "number" && n > 0 ? n : 80;
}

export function terminalRows(fd: OutFd): number {
  const n = (fd === 1 ? process.stdout : process.stderr).rows;
  return typeof n === "number" && n > 0 ? n : 24;
}

/** Width in terminal cells, not counting colour codes. */
export function cellWidth(text: string): number {
  return Bun.stringWidth(text);
}

/** `text` cut to at most `max` cells, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (cellWidth(text) <= max) return text;
  let out = "";
  let w = 0;
  for (const ch of text) {
    const cw = cellWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return out + "…";
}

// ---- colours ----

export interface Palette {
  bold(s: string): string;
  gray(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

/** Colours for output on `fd`: only on a terminal, and NO_COLOR / CLICOLOR=0 / TERM=dumb turn them off. */
export function palette(fd: OutFd): Palette {
  const env = process.env;
  const on =
    (env.CLICOLOR_FORCE !== undefined && env.CLICOLOR_FORCE !== "0") ||
    (isatty(fd) && env.NO_COLOR === undefined && env.CLICOLOR !== "0" && env.TERM !== "dumb");
  const sgr = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: sgr("1"), gray: sgr("90"), green: sgr("32"), yellow: sgr("33"), cyan: sgr("36"), magenta: sgr("35") };
}

// ---- raw key input ----

/** A key wait that ended because its owner gave up (a closed thread). */
class Aborted extends Error {}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * stdin as key presses. One user at a time (a session): raw mode is on only during a session, and
 * stdin is paused between sessions so an idle terminal never keeps the process alive. Keys typed
 * ahead (a paste of several lines) stay queued for the next session.
 */
class KeyInput {
  private readonly decoder = new KeyDecoder();
  private readonly keys: Key[] = [];
  private notify: (() => void) | undefined;
  /** stdin ended (the terminal went away): every later read is an "eof" key. */
  private ended = false;
  private open = false;
  private cursorHidden: OutFd | undefined;
  /** What the session shows; left in place with the cursor below it if the process ends. */
  private area: LiveArea | undefined;
  /** Sessions queue here: two prompts never read keys at once. */
  private lock: Promise<void> = Promise.resolve();

  private readonly onData = (chunk: Buffer | string) => {
    this.keys.push(...this.decoder.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk));
    this.notify?.();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.notify?.();
  };
  /** process.exit() from another thread while a prompt is open. */
  private readonly onExit = () => this.restore();
  /** A signal from outside (raw mode turns Ctrl-C into a key, so not from the keyboard): restore
   * the terminal, then die of the signal as we would have without this listener. */
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.restore();
    process.kill(process.pid, signal);
  };

  /** Runs `body` with the terminal in raw mode; restores it afterwards, however `body` ends. */
  async session<T>(area: LiveArea, body: () => Promise<T>): Promise<T> {
    const previous = this.lock;
    let unlock!: () => void;
    this.lock = new Promise((resolve) => (unlock = resolve));
    await previous;
    try {
      this.start(area);
      return await body();
    } finally {
      this.restore();
      unlock();
    }
  }

  private start(area: LiveArea): void {
    this.area = area;
    const input = process.stdin;
    input.setRawMode(true);
    input.on("data", this.onData);
    input.on("end", this.onEnd);
    input.resume();
    process.on("exit", this.onExit);
    for (const s of SIGNALS) process.on(s, this.onSignal);
    this.open = true;
  }

  /** Puts the terminal back; safe to call more than once. */
  restore(): void {
    this.area?.finish();
    this.area = undefined;
    if (this.cursorHidden !== undefined) {
      write(this.cursorHidden, "\x1b[?25h");
      this.cursorHidden = undefined;
    }
    if (!this.open) return;
    this.open = false;
    const input = process.stdin;
    input.off("data", this.onData);
    input.off("end", this.onEnd);
    input.pause();
    try {
      input.setRawMode(false);
    } catch {
      // the terminal is gone: nothing to restore
    }
    process.off("exit", this.onExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
    this.notify = undefined;
  }

  hideCursor(fd: OutFd): void {
    write(fd, "\x1b[?25l");
    this.cursorHidden = fd;
  }

  /** The next key press; rejects with Aborted when `signal` fires first. */
  next(signal?: AbortSignal): Promise<Key> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (signal?.aborted) {
          this.notify = undefined;
          reject(new Aborted());
        } else if (this.keys.length > 0 || this.ended) {
          this.notify = undefined;
          signal?.removeEventListener("abort", check);
          resolve(this.keys.shift() ?? key("eof"));
        } else this.notify = check;
      };
      signal?.addEventListener("abort", check, { once: true });
      check();
    });
  }

  /**
   * Ctrl-C in a prompt ends the process like Lune's (which raises SIGINT on itself): the terminal
   * is restored first, then the process dies of SIGINT (status 130 in a shell).
   */
  interrupt(): never {
    this.restore();
    process.kill(process.pid, "SIGINT");
    process.exit(130); // only if SIGINT did not end us
  }
}

export const keyInput = new KeyInput();

// ---- a redrawable block of lines ----

/**
 * The lines a prompt or line editor shows, redrawn in place. Lines are measured (colour codes
 * excluded) to know how many terminal rows they take when they wrap; the terminal cursor is left
 * at `caret` so typing shows where it lands.
 */
export class LiveArea {
  private drawn = false;
  /** Terminal rows from the top of the area to the cursor. */
  private caretRow = 0;
  /** Where the last line ends: its row, and whether it filled the width exactly (a row was added). */
  private endRow = 0;
  private endOnFreshRow = false;

  constructor(readonly fd: OutFd) {}

  write(text: string): void {
    write(this.fd, text);
  }

  /** Draws `lines` in place of what the area showed; the cursor goes to `caret` (a line and a cell
   * column in it) or to the end of the last line. */
  render(lines: string[], caret?: { line: number; col: number }): void {
    const width = terminalColumns(this.fd);
    let out = this.drawn ? this.eraseSequence() : "";
    const starts: number[] = [];
    let row = 0;
    for (let i = 0; i < lines.length; i++) {
      starts.push(row);
      out += lines[i];
      if (i < lines.length - 1) {
        out += "\r\n";
        row += Math.max(1, Math.ceil(cellWidth(lines[i]) / width));
      }
    }
    const lastWidth = cellWidth(lines[lines.length - 1] ?? "");
    // a line that fills the last column leaves the cursor waiting to wrap; move it to a real row
    this.endOnFreshRow = lastWidth > 0 && lastWidth % width === 0;
    if (this.endOnFreshRow) out += "\r\n";
    this.endRow = row + Math.floor(lastWidth / width);
    const endCol = lastWidth % width;
    this.caretRow = this.endRow;
    if (caret !== undefined) {
      const targetRow = starts[caret.line] + Math.floor(caret.col / width);
      const targetCol = caret.col % width;
      if (targetRow !== this.endRow || targetCol !== endCol) {
        out += "\r" + up(this.endRow - targetRow) + (targetCol > 0 ? `\x1b[${targetCol}C` : "");
        this.caretRow = targetRow;
      }
    }
    this.drawn = true;
    write(this.fd, out);
  }

  /** Removes the area from the screen; the cursor is left where it began. */
  clear(): void {
    if (this.drawn) write(this.fd, this.eraseSequence());
    this.drawn = false;
    this.caretRow = 0;
  }

  /** Leaves the area as drawn and moves the cursor to the start of the line below it. */
  finish(): void {
    if (this.drawn) {
      const down = this.endRow - this.caretRow;
      write(this.fd, (down > 0 ? `\x1b[${down}B` : "") + (this.endOnFreshRow ? "\r" : "\r\n"));
    }
    this.drawn = false;
    this.caretRow = 0;
  }

  /** Clears the whole screen; the next render starts at its top. */
  clearScreen(): void {
    write(this.fd, "\x1b[H\x1b[2J");
    this.drawn = false;
    this.caretRow = 0;
  }

  private eraseSequence(): string {
    return "\r" + up(this.caretRow) + "\x1b[J";
  }
}

function up(rows: number): string {
  return rows > 0 ? `\x1b[${rows}A` : "";
}
