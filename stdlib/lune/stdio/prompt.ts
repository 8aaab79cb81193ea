// stdio.prompt, line based: the question goes to stdout and the answer is a line of stdin. Like
// Lune's terminal UI it needs an interactive terminal; with stdin redirected it raises an error.
import { LuauError } from "../../../runtime/errors";
import { writeStdout } from "../../../runtime/io";
import { LuauTable } from "../../../runtime/table";
import { typeName } from "../../../runtime/values";
import { checkString } from "../../args";
import { awaitPromise } from "../async";
import { stdin } from "./stdin";

/** "›" as the UTF-8 bytes stdout expects. */
const ARROW = Buffer.from("›", "utf8").toString("latin1");

type Kind = "text" | "confirm" | "select" | "multiselect";
const KINDS: Record<string, Kind> = { text: "text", confirm: "confirm", select: "select", multiselect: "multiselect" };

/** The next answer line without its line break; undefined at end of input. */
async function answer(question: string): Promise<string | undefined> {
  writeStdout(question);
  const line = await stdin.readLine();
  if (line === "") return undefined;
  return line.replace(/\r?\n$/, "");
}

function options(v: unknown, kind: string): string[] {
  if (!(v instanceof LuauTable)) throw new LuauError(`Prompt kind '${kind}' requires a table of options`);
  const out: string[] = [];
  for (let i = 1; i <= v.length(); i++) out.push(String(v.get(i)));
  return out;
}

async function ask(kind: Kind, message: string | undefined, extra: unknown): Promise<unknown> {
  const label = message === undefined ? "" : message + " ";
  switch (kind) {
    case "text": {
      const def = typeof extra === "string" ? extra : "";
      const a = await answer(`${label}${def !== "" ? `(${def}) ` : ""}${ARROW} `);
      return a === undefined || a === "" ? def : a;
    }
    case "confirm": {
      const def = typeof extra === "boolean" ? extra : undefined;
      const hint = def === undefined ? "(y/n)" : def ? "(Y/n)" : "(y/N)";
      for (;;) {
        const a = (await answer(`${label}${hint} ${ARROW} `))?.trim().toLowerCase();
        if (a === undefined) return def ?? false;
        if (a === "" && def !== undefined) return def;
        if (a === "y" || a === "yes") return true;
        if (a === "n" || a === "no") return false;
      }
    }
    case "select":
    case "multiselect": {
      const opts = options(extra, kind);
      writeStdout(message === undefined ? "" : message + "\n");
      opts.forEach((o, i) => writeStdout(`  ${i + 1}) ${o}\n`));
      const many = kind === "multiselect";
      for (;;) {
        const a = await answer(many ? `numbers, separated by spaces or commas ${ARROW} ` : `number ${ARROW} `);
        if (a === undefined) return undefined;
        const picks = a.split(/[\s,]+/).filter((s) => s !== "").map(Number);
        const valid = picks.every((n) => Number.isInteger(n) && n >= 1 && n <= opts.length);
        if (!valid || (!many && picks.length !== 1)) continue;
        return many ? LuauTable.fromArray([...new Set(picks)].sort((x, y) => x - y)) : picks[0];
      }
    }
  }
}

export function* prompt(kind: unknown, message: unknown, extra: unknown): Generator<unknown, unknown, unknown> {
  const name = kind === undefined ? "text" : checkString(kind, 1, "prompt").toLowerCase();
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
  if (!process.stdin.isTTY) throw new LuauError("stdio.prompt needs an interactive terminal, but stdin is not a TTY");
  return yield* awaitPromise(ask(k, msg, extra));
}
