// @lune/stdio: raw writes to stdout/stderr, Lune's value formatting, ANSI colours and styles, and
// reading stdin (a line, everything, or an interactive prompt).
import { LuauError } from "../../../runtime/errors";
import { writeStderr, writeStdout } from "../../../runtime/io";
import { LuauBuffer, NONE } from "../../../runtime/values";
import { checkString, library } from "../../args";
import { awaitPromise } from "../async";
import { formatValue } from "../format";
import { prompt } from "./prompt";
import { stdin } from "./stdin";

const COLORS: Record<string, number> = {
  reset: 0,
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  purple: 35,
  cyan: 36,
  white: 37,
};

const STYLES: Record<string, number> = { reset: 0, bold: 1, dim: 2 };

function bytesArg(v: unknown, fname: string, nargs: number): string {
  if (v instanceof LuauBuffer) return Buffer.from(v.bytes).toString("latin1");
  return checkString(v, 1, fname, nargs);
}

function ansi(table: Record<string, number>, what: string, fname: string, v: unknown, nargs: number): string {
  const name = checkString(v, 1, fname, nargs);
  const key = name.trim().toLowerCase();
  if (!Object.hasOwn(table, key)) {
    throw new LuauError(`Invalid ${what} kind '${name}' - expected one of: ${Object.keys(table).join(", ")}`);
  }
  return `\x1b[${table[key]}m`;
}

export function createStdioLibrary() {
  return library({
    write(s: unknown) {
      writeStdout(bytesArg(s, "write", arguments.length));
      return NONE;
    },
    ewrite(s: unknown) {
      writeStderr(bytesArg(s, "ewrite", arguments.length));
      return NONE;
    },
    format(...args: unknown[]) {
      // Lune separates the values with a space here (print uses a tab, see format.ts)
      return args.map((v) => formatValue(v)).join(" ");
    },
    color(name: unknown) {
      return ansi(COLORS, "color", "color", name, arguments.length);
    },
    style(name: unknown) {
      return ansi(STYLES, "style", "style", name, arguments.length);
    },
    *readLine() {
      return yield* awaitPromise(stdin.readLine());
    },
    *readToEnd() {
      return yield* awaitPromise(stdin.readToEnd());
    },
    prompt,
  });
}
