// One line of input edited in place, for the REPL and text prompts: cursor movement (by character
// and by word), deletion, kill to start/end of line, and Up/Down recall of earlier entries. Keys
// come from the shared raw-mode input; the caller owns the session and the LiveArea it draws in.
import type { Key } from "./keys";
import { cellWidth, keyInput, type LiveArea } from "./terminal";

export type EditResult = { kind: "line"; text: string } | { kind: "interrupt"; text: string } | { kind: "eof" };

export interface EditOptions {
  /** Shown before the text; may hold colour codes and line breaks (only its last line is edited). */
  prompt: string;
  /** Text the line starts with, editable. */
  initial?: string;
  /** Earlier entries, oldest first, recalled with Up/Down (the array is not changed). */
  history?: readonly string[];
  /** Whether Ctrl-D on an empty line ends the input (the REPL) or does nothing (a text prompt). */
  ctrlDEndsInput?: boolean;
  signal?: AbortSignal;
}

/** Tabs are shown as four spaces, so the cursor position can be computed from widths. */
function shown(chars: readonly string[]): string {
  return chars.join("").replaceAll("\t", "    ");
}

const WORD = /[\p{L}\p{N}_]/u;

export async function editLine(area: LiveArea, options: EditOptions): Promise<EditResult> {
  const promptLines = options.prompt.split("\n");
  const above = promptLines.slice(0, -1);
  const lead = promptLines[promptLines.length - 1];
  const history = options.history ?? [];
  let chars = [...(options.initial ?? "")];
  let pos = chars.length;
  // position in history; history.length is the line being typed (kept in `draft` while browsing)
  let entry = history.length;
  let draft: string[] = [];

  const draw = (suffix = "", caretAtEnd = false) => {
    const col = cellWidth(lead) + cellWidth(shown(caretAtEnd ? chars : chars.slice(0, pos))) + (caretAtEnd ? cellWidth(suffix) : 0);
    area.render([...above, lead + shown(chars) + suffix], { line: above.length, col });
  };
  const recall = (to: number) => {
    if (to < 0 || to > history.length || to === entry) return;
    if (entry === history.length) draft = chars;
    entry = to;
    chars = to === history.length ? draft : [...history[to]];
    pos = chars.length;
  };
  const wordStart = () => {
    let i = pos;
    while (i > 0 && !WORD.test(chars[i - 1])) i--;
    while (i > 0 && WORD.test(chars[i - 1])) i--;
    return i;
  };
  const wordEnd = () => {
    let i = pos;
    while (i < chars.length && !WORD.test(chars[i])) i++;
    while (i < chars.length && WORD.test(chars[i])) i++;
    return i;
  };
  const removeTo = (to: number) => {
    const [from, end] = to < pos ? [to, pos] : [pos, to];
    chars = [...chars.slice(0, from), ...chars.slice(end)];
    pos = from;
  };
  const insert = (text: string) => {
    const added = [...text];
    chars = [...chars.slice(0, pos), ...added, ...chars.slice(pos)];
    pos += added.length;
  };

  for (;;) {
    draw();
    const k: Key = await keyInput.next(options.signal);
    switch (k.name) {
      case "enter":
        draw("", true);
        return { kind: "line", text: chars.join("") };
      case "eof":
        return { kind: "eof" };
      case "char":
        if (!k.alt) insert(k.ch);
        else if (k.ch === "b") pos = wordStart();
        else if (k.ch === "f") pos = wordEnd();
        else if (k.ch === "d") removeTo(wordEnd());
        break;
      case "tab":
        insert("\t");
        break;
      case "backspace":
        if (k.alt) removeTo(wordStart());
        else if (pos > 0) removeTo(pos - 1);
        break;
      case "delete":
        if (pos < chars.length) removeTo(pos + 1);
        break;
      case "left":
        pos = k.ctrl || k.alt ? wordStart() : Math.max(0, pos - 1);
        break;
      case "right":
        pos = k.ctrl || k.alt ? wordEnd() : Math.min(chars.length, pos + 1);
        break;
      case "home":
        pos = 0;
        break;
      case "end":
        pos = chars.length;
        break;
      case "up":
        recall(entry - 1);
        break;
      case "down":
        recall(entry + 1);
        break;
      case "ctrl":
        switch (k.ch) {
          case "c":
            // the line stays on screen, marked as abandoned
            draw("^C", true);
            return { kind: "interrupt", text: chars.join("") };
          case "d":
            if (chars.length === 0 && options.ctrlDEndsInput !== false) return { kind: "eof" };
            if (pos < chars.length) removeTo(pos + 1);
            break;
          case "a":
            pos = 0;
            break;
          case "e":
            pos = chars.length;
            break;
          case "b":
            pos = Math.max(0, pos - 1);
            break;
          case "f":
            pos = Math.min(chars.length, pos + 1);
            break;
          case "k":
            removeTo(chars.length);
            break;
          case "u":
            removeTo(0);
            break;
          case "w":
            removeTo(wordStart());
            break;
          case "p":
            recall(entry - 1);
            break;
          case "n":
            recall(entry + 1);
            break;
          case "l":
            area.clearScreen();
            break;
        }
        break;
      default:
        break;
    }
  }
}
