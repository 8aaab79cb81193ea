// The text Lune writes to stderr for an uncaught error: the message, then the frames between
// [Stack Begin] and [Stack End], innermost first: Luau frames as `Script '<chunk>', Line <n>`, and the
// library function a Luau frame called (the one that raised) as `Script '[C]' - function '<name>'`.
import { LuauError, parseStack } from "./errors";
import { writeStderr } from "./io";
import { rawToString } from "./values";

export function errorMessage(err: LuauError): string {
  const v = err.value;
  return typeof v === "string" ? v : rawToString(v);
}

const libraryFrame = /^\s*at (\w+) \(.*\/stdlib\/[^)]*\)$/;

function stackLines(stack: string | undefined): string[] {
  const lines = (stack ?? "").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*at resumeThread \(/.test(lines[i])) break;
    const [frame] = parseStack(lines[i]);
    if (frame?.kind === "luau") {
      out.push(`Script '${frame.chunk}', Line ${frame.line}`);
      continue;
    }
    const lib = libraryFrame.exec(lines[i]);
    const [caller] = parseStack(lines[i + 1] ?? "");
    if (lib && caller?.kind === "luau" && out.length === 0) out.push(`Script '[C]' - function '${lib[1]}'`);
  }
  return out;
}

export function formatError(err: LuauError): string {
  const frames = stackLines(err.stack);
  let text = errorMessage(err) + "\n";
  if (frames.some((f) => !f.startsWith("Script '[C]'"))) {
    text += "[Stack Begin]\n";
    for (const f of frames) text += `    ${f}\n`;
    text += "[Stack End]\n";
  }
  return text;
}

export function reportError(err: LuauError): void {
  writeStderr(formatError(err));
}
