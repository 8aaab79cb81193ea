// The text Lune writes to stderr for an uncaught error: the message, then the Luau frames between
// [Stack Begin] and [Stack End] (innermost first).
import { LuauError, parseStack } from "./errors";
import { writeStderr } from "./io";
import { rawToString } from "./values";

export function errorMessage(err: LuauError): string {
  const v = err.value;
  return typeof v === "string" ? v : rawToString(v);
}

export function formatError(err: LuauError): string {
  const frames = parseStack(err.stack).filter((f) => f.kind === "luau");
  let text = errorMessage(err) + "\n";
  if (frames.length > 0) {
    text += "[Stack Begin]\n";
    for (const f of frames) if (f.kind === "luau") text += `    Script '${f.chunk}', Line ${f.line}\n`;
    text += "[Stack End]\n";
  }
  return text;
}

export function reportError(err: LuauError): void {
  writeStderr(formatError(err));
}
