// stdio.prompt: Lune's interactive terminal prompts. Like Lune's (dialoguer's colourful theme) they
// are drawn on stderr and driven by key presses: text is edited in place, confirm takes y/n (Enter
// for the default), select and multiselect are menus moved with the arrow keys or j/k. The calling
// Luau thread waits while other threads run; Ctrl-C restores the terminal and ends the process.
import { LuauError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import { NONE, typeName } from "../../../runtime/values";
import { awaitPromise, defaultErrorMapper } from "../async";
import { checkString } from "../../args";
import type { Key } from "./keys";
import { editLine } from "./line-editor";
import {
  cellWidth,
  keyInput,
  LiveArea,
  palette,
  promptFd,
  stdinIsTerminal,
  terminalColumns,
  terminalRows,
  truncate,
  type Palette,
} from "./terminal";

type Kind = "text" | "confirm" | "select" | "multiselect";
const KINDS: Record<string, Kind> = { text: "text", confirm: "confirm", select: "select", multiselect: "multiselect" };

/** Luau strings are bytes; the terminal shows them as UTF-8. */
function fromBytes(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

function toBytes(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

/** Control characters would break the layout, except colour codes (stdio.color) and line breaks
 * where lines may break. */
function printable(s: string, keepLineBreaks: boolean): string {
  return s.replace(/\x1b\[[0-9;]*m|[\x00-\x1f\x7f]/g, (c) =>
    c.length > 1 ? c : c === "\n" ? (keepLineBreaks ? "\n" : " ") : c === "\t" ? "    " : "",
  );
}

function options(v: unknown, kind: string): string[] {
  if (!(v instanceof LuauTable)) throw new LuauError(`Prompt kind '${kind}' requires a table of options`);
  const out: string[] = [];
  for (let i = 1; i <= v.length(); i++) out.push(String(v.get(i)));
  return out;
}

/** The end of input while a prompt waits for keys: the terminal is gone. */
function endOfInput(): LuauError {
  return new LuauError("stdio.prompt: the terminal closed before an answer was given");
}

class Prompt {
  readonly area: LiveArea;
  readonly p: Palette;

  constructor(
    /** The message (may be empty), as display text. */
    readonly message: string,
    readonly signal: AbortSignal,
  ) {
    const fd = promptFd();
    this.area = new LiveArea(fd);
    this.p = palette(fd);
  }

  /** `? message ` (nothing without a message) followed by `rest`. */
  question(rest: string): string {
    return (this.message === "" ? "" : `${this.p.yellow("?")} ${this.p.bold(this.message)} `) + rest;
  }

  /** What stays on screen once answered: `✔ message · answer`. */
  answered(answer: string): string[] {
    const { p } = this;
    return ((this.message === "" ? "" : `${p.green("✔")} ${p.bold(this.message)} `) + `${p.gray("·")} ${p.green(answer)}`).split("\n");
  }

  finishWith(answer: string): void {
    this.area.render(this.answered(answer));
    this.area.finish();
  }

  next(): Promise<Key> {
    return keyInput.next(this.signal);
  }

  async text(initial: string): Promise<string> {
    const prompt = this.question(`${this.p.gray("›")} `);
    const r = await editLine(this.area, { prompt, initial, signal: this.signal, ctrlDEndsInput: false });
    // Ctrl-C leaves the prompt on screen and ends the process
    if (r.kind === "interrupt") keyInput.interrupt();
    if (r.kind === "eof") throw endOfInput();
    this.finishWith(printable(r.text, false));
    return r.text;
  }

  async confirm(fallback: boolean | undefined): Promise<boolean> {
    const { p } = this;
    const shownDefault = fallback === undefined ? "" : " " + p.cyan(fallback ? "yes" : "no");
    const lines = this.question(`${p.gray("(y/n)")} ${p.gray("›")}${shownDefault}`).split("\n");
    for (;;) {
      this.area.render(lines);
      const k = await this.next();
      let answer: boolean | undefined;
      if (k.name === "char" && !k.alt && "yYnN".includes(k.ch)) answer = k.ch === "y" || k.ch === "Y";
      else if (k.name === "enter") answer = fallback;
      else if (k.name === "ctrl" && k.ch === "c") keyInput.interrupt();
      else if (k.name === "eof") throw endOfInput();
      if (answer !== undefined) {
        this.finishWith(answer ? "yes" : "no");
        return answer;
      }
    }
  }

  /**
   * A menu of `items`. Select starts with nothing highlighted (the first move lands on an end, as
   * in Lune); multiselect starts on the first item. Returns the chosen 0-based indices, or
   * undefined when cancelled with Esc or q (the menu is then removed).
   */
  async menu(items: string[], multi: boolean): Promise<number[] | undefined> {
    const { p, area } = this;
    const n = items.length;
    const header = this.question(p.gray("›")).split("\n");
    const columns = terminalColumns(area.fd);
    // the menu must fit on the screen to be redrawn in place: longer lists scroll, and the header
    // (with the widest scroll position shown after it) may wrap
    const position = (from: number, to: number) => p.gray(`[${from}-${to} of ${n}]`);
    const headerRows = header
      .map((line, i) => (i === header.length - 1 ? `${line} ${position(n, n)}` : line))
      .reduce((rows, line) => rows + Math.max(1, Math.ceil(cellWidth(line) / columns)), 0);
    const capacity = Math.max(1, Math.min(n, terminalRows(area.fd) - headerRows - 1));
    const checked = items.map(() => false);
    let cursor = multi ? 0 : -1;
    let top = 0;
    keyInput.hideCursor(area.fd);

    const draw = () => {
      if (cursor >= 0) top = Math.min(Math.max(top, cursor - capacity + 1), cursor);
      const width = columns - 1;
      const lines = [...header];
      if (n > capacity) lines[lines.length - 1] += " " + position(top + 1, top + capacity);
      for (let i = top; i < top + capacity; i++) {
        const active = i === cursor;
        let prefix = active ? p.green("❯") + " " : "  ";
        if (multi) prefix += (checked[i] ? p.green("✔") : p.magenta("⬚")) + " ";
        const text = truncate(items[i], Math.max(1, width - cellWidth(prefix)));
        lines.push(prefix + (active ? p.cyan(text) : text));
      }
      area.render(lines);
    };

    for (;;) {
      draw();
      const k = await this.next();
      const ch = k.name === "char" && !k.alt ? k.ch : "";
      const ctrl = k.name === "ctrl" ? k.ch : "";
      if (k.name === "down" || k.name === "tab" || ch === "j" || ctrl === "n") {
        cursor = cursor < 0 ? 0 : (cursor + 1) % n;
      } else if (k.name === "up" || k.name === "backtab" || ch === "k" || ctrl === "p") {
        cursor = cursor < 0 ? n - 1 : (cursor - 1 + n) % n;
      } else if (k.name === "pagedown" || k.name === "right" || ch === "l") {
        cursor = Math.min(n - 1, Math.max(cursor, 0) + capacity);
      } else if (k.name === "pageup" || k.name === "left" || ch === "h") {
        cursor = Math.max(0, cursor - capacity);
      } else if (k.name === "home") {
        cursor = 0;
      } else if (k.name === "end") {
        cursor = n - 1;
      } else if (k.name === "escape" || ch === "q") {
        area.clear();
        return undefined;
      } else if (multi && ch === " ") {
        checked[cursor] = !checked[cursor];
      } else if (multi && ch === "a") {
        checked.fill(!checked.every(Boolean));
      } else if (k.name === "enter" || (!multi && ch === " ")) {
        if (!multi && cursor < 0) continue;
        const chosen = multi ? items.flatMap((_, i) => (checked[i] ? [i] : [])) : [cursor];
        this.finishWith(chosen.map((i) => items[i]).join(", "));
        return chosen;
      } else if (ctrl === "c") {
        keyInput.interrupt();
      } else if (k.name === "eof") {
        area.clear();
        throw endOfInput();
      }
    }
  }
}

async function ask(kind: Kind, prompt: Prompt, extra: unknown): Promise<unknown> {
  switch (kind) {
    case "text":
      return toBytes(await prompt.text(typeof extra === "string" ? printable(fromBytes(extra), false) : ""));
    case "confirm":
      return await prompt.confirm(typeof extra === "boolean" ? extra : undefined);
    case "select":
    case "multiselect": {
      const items = options(extra, kind).map((o) => printable(fromBytes(o), false));
      const chosen = await prompt.menu(items, kind === "multiselect");
      if (chosen === undefined) return undefined;
      return kind === "select" ? chosen[0] + 1 : LuauTable.fromArray(chosen.map((i) => i + 1));
    }
  }
}

/** Runs a prompt in its own terminal session. If the waiting thread is closed meanwhile, the prompt
 * leaves the screen and the terminal is restored at once, before other threads print anything. */
function run(kind: Kind, message: string, extra: unknown, signal: AbortSignal): Promise<unknown> {
  const prompt = new Prompt(printable(fromBytes(message), true), signal);
  return keyInput.session(prompt.area, async () => {
    const onAbort = () => {
      prompt.area.clear();
      keyInput.restore();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      return await ask(kind, prompt, extra);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  });
}

/** Suspends the calling thread until `run` settles. Closing the thread (task.cancel) aborts `run`,
 * which then restores the terminal. */
function suspendFor<T>(run: (signal: AbortSignal) => Promise<T>): Generator<unknown, T, unknown> {
  const abort = new AbortController();
  return awaitPromise(run(abort.signal), defaultErrorMapper, () => abort.abort());
}

export function* prompt(kind: unknown, message: unknown, extra: unknown): Generator<unknown, unknown, unknown> {
  const name = kind === undefined ? "text" : checkString(kind, 1, "prompt").trim().toLowerCase();
  const k = Object.hasOwn(KINDS, name) ? KINDS[name] : undefined;
  if (k === undefined) {
    throw new LuauError(`Invalid prompt kind '${String(kind)}' - expected one of: Text, Confirm, Select, MultiSelect`);
  }
  const msg = message === undefined ? undefined : checkString(message, 2, "prompt");
  if (extra !== undefined && !["boolean", "string"].includes(typeof extra) && !(extra instanceof LuauTable)) {
    throw new LuauError(`Invalid prompt option - expected boolean, string or table, got ${typeName(extra)}`);
  }
  if (k === "confirm" && msg === undefined) throw new LuauError("Prompt kind 'confirm' requires a message");
  if (k === "select" || k === "multiselect") options(extra, k);
  if (!stdinIsTerminal()) throw new LuauError("stdio.prompt needs an interactive terminal, but stdin is not a TTY");
  if ((k === "select" || k === "multiselect") && options(extra, k).length === 0) {
    throw new LuauError(`Empty list of items given to \`${k === "select" ? "Select" : "MultiSelect"}\``);
  }
  return yield* suspendFor((signal) => run(k, msg ?? "", extra, signal));
}
