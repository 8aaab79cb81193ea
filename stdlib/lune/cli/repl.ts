// `bune repl`: reads entries from stdin (prompt `> `, continuation `>> ` while the input is an
// unfinished statement) and runs each as chunk "REPL" in one runtime, so globals persist. An entry
// that is an expression has its values printed.
import { compileChunk, type CompiledChunk } from "../../../runtime/chunk";
import { LuauError } from "../../../runtime/errors";
import { writeStderr, writeStdout } from "../../../runtime/io";
import { colored, formatValues, stdoutWantsColor } from "../format";
import { LuneRuntime } from "../runtime";
import { stdin } from "../stdio/stdin";
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

export async function runRepl(): Promise<void> {
  const runtime = new LuneRuntime([]);
  writeStdout(`Bune v${BUNE_VERSION}\n`);
  let pending = "";
  for (;;) {
    writeStdout(pending === "" ? "> " : ">> ");
    const line = await stdin.readLine();
    const atEnd = line === "";
    if (atEnd && pending === "") break;
    pending += line;
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
  writeStdout("\n");
  // an error in an entry must not decide the REPL's exit status
  process.exitCode = 0;
}
