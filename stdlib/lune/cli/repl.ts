// `bune repl`: reads entries (prompt `> `, continuation `>> ` while the input is an unfinished
// statement) and runs each as chunk "REPL" in one runtime, so globals persist. An entry that is an
// expression has its values printed.
// In a terminal, lines are edited in place with history (Up/Down) kept in ~/.bune_history across
// sessions, as Lune keeps ~/.lune_history; Ctrl-C abandons the current input and a second Ctrl-C in
// a row (or Ctrl-D on an empty line) exits. With stdin or stdout redirected, lines are read as they
// come and nothing is recorded.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { isatty } from "node:tty";
import { compileChunk, type CompiledChunk } from "../../../runtime/chunk";
import { LuauError } from "../../../runtime/errors";
import { writeStderr, writeStdout } from "../../../runtime/io";
import { colored, formatValues, stdoutWantsColor } from "../format";
import { LuneRuntime } from "../runtime";
import { editLine } from "../stdio/line-editor";
import { stdin } from "../stdio/stdin";
import { keyInput, LiveArea } from "../stdio/terminal";
import { BUNE_VERSION } from "./version";

type Parsed = { chunk: CompiledChunk; expression: boolean } | { incomplete: true } | { error: string };

/** A syntax error at the end of the input: more lines may complete it. */
function isIncomplete(message: string): boolean {
  return /<eof>|[Uu]nfinished long (string|comment)/.test(message);
}

function syntaxError(compile: () => CompiledChunk): CompiledChunk | string {
  try {
    return compile();
  } catch (e) {
    if (!(e instanceof LuauError)) throw e;
    return String(e.value);
  }
}

/** An entry is tried as an expression first (to print its values), then as statements. */
function parseEntry(source: string, atEnd: boolean): Parsed {
  const asExpression = syntaxError(() => compileChunk("return " + source, "REPL"));
  if (typeof asExpression !== "string") return { chunk: asExpression, expression: true };
  const asStatements = syntaxError(() => compileChunk(source, "REPL"));
  if (typeof asStatements !== "string") return { chunk: asStatements, expression: false };
  if (!atEnd && (isIncomplete(asExpression) || isIncomplete(asStatements))) return { incomplete: true };
  // the form that got further (to the end of the input) explains the problem better
  return { error: isIncomplete(asExpression) && !isIncomplete(asStatements) ? asExpression : asStatements };
}

/** What the REPL's input gives: a line (with its "\n", as bytes), or the reason there is none. */
type Input = { line: string } | { end: true } | { interrupt: true };

interface LineSource {
  read(prompt: string): Promise<Input>;
}

/** Redirected input: the prompt is printed and the next line of stdin is the answer. */
const pipedSource: LineSource = {
  async read(prompt) {
    writeStdout(prompt);
    const line = await stdin.readLine();
    return line === "" ? { end: true } : { line };
  },
};

/** Entries are kept up to this many, oldest dropped first. */
const HISTORY_LIMIT = 1000;

/**
 * The lines typed in earlier sessions and this one. Each line is appended to the file as it is
 * entered (so a crash keeps it, and two sessions at once both keep theirs); the file is rewritten
 * to the newest entries when it has grown well past the limit.
 */
class History {
  readonly entries: string[] = [];
  private fileLines = 0;

  constructor(private readonly file: string) {
    try {
      const lines = readFileSync(file, "utf8").split("\n");
      this.fileLines = lines.length;
      this.entries = lines.filter((l) => l.trim() !== "").slice(-HISTORY_LIMIT);
    } catch {
      // no history yet (or unreadable): start empty
    }
  }

  add(line: string): void {
    // blank lines and an immediate repeat are not worth recalling
    if (line.trim() === "" || line === this.entries[this.entries.length - 1]) return;
    this.entries.push(line);
    if (this.entries.length > HISTORY_LIMIT) this.entries.splice(0, this.entries.length - HISTORY_LIMIT);
    try {
      if (++this.fileLines > 2 * HISTORY_LIMIT) {
        writeFileSync(this.file, this.entries.join("\n") + "\n");
        this.fileLines = this.entries.length;
      } else appendFileSync(this.file, line + "\n");
    } catch {
      // a read-only home must not stop the session
    }
  }
}

function historyFile(): string {
  return join(process.env.HOME || homedir(), ".bune_history");
}

/** A terminal: lines are edited in place, with history. */
function terminalSource(): LineSource {
  const history = new History(historyFile());
  const area = new LiveArea(1);
  return {
    async read(prompt) {
      const r = await keyInput.session(area, () => editLine(area, { prompt, history: history.entries }));
      if (r.kind === "eof") return { end: true };
      if (r.kind === "interrupt") return { interrupt: true };
      history.add(r.text);
      return { line: Buffer.from(r.text + "\n", "utf8").toString("latin1") };
    },
  };
}

export async function runRepl(): Promise<void> {
  const runtime = new LuneRuntime([]);
  writeStdout(`Bune v${BUNE_VERSION}\n`);
  const interactive = isatty(0) && isatty(1);
  const source = interactive ? terminalSource() : pipedSource;
  let pending = "";
  let interrupts = 0;
  for (;;) {
    const input = await source.read(pending === "" ? "> " : ">> ");
    if ("interrupt" in input) {
      pending = "";
      if (++interrupts >= 2) break;
      writeStdout("Interrupt: ^C again to exit\n");
      continue;
    }
    interrupts = 0;
    const atEnd = "end" in input;
    // a terminal's Ctrl-D drops unfinished input; redirected input is checked to the end
    if (atEnd && (pending === "" || interactive)) break;
    pending += atEnd ? "" : input.line;
    if (pending.trim() === "") {
      pending = "";
      continue;
    }
    const parsed = parseEntry(pending, atEnd);
    if ("incomplete" in parsed) continue;
    pending = "";
    if ("error" in parsed) writeStderr(`syntax error: ${parsed.error}\n`);
    if ("chunk" in parsed) {
      const outcome = await runtime.start(parsed.chunk);
      if (outcome.ok && parsed.expression && outcome.values.length > 0) {
        writeStdout(formatValues(outcome.values, stdoutWantsColor() ? colored : undefined) + "\n");
      }
    }
    if (atEnd) break;
  }
  if (!interactive) writeStdout("\n");
  // an error in an entry must not decide the REPL's exit status
  process.exitCode = 0;
}
