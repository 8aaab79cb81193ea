// The arguments shared by process.exec and process.create: program, params and the options table
// (cwd, env, shell, stdio), turned into what Bun.spawn needs.
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { LuauError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import { LuauBuffer, typeName } from "../../../runtime/values";
import { checkString, typeError } from "../../args";

/** What happens to a child's output stream (see @lune/process exec). */
export type StdioKind = "default" | "inherit" | "forward" | "none";

export interface SpawnSpec {
  cmd: string[];
  cwd: string | undefined;
  env: Record<string, string>;
  stdin: Uint8Array | undefined;
  stdout: StdioKind;
  stderr: StdioKind;
}

const KINDS: StdioKind[] = ["default", "inherit", "forward", "none"];

/** A Luau byte string as the text the OS sees (UTF-8). */
export const osText = (s: string) => Buffer.from(s, "latin1").toString("utf8");

function stdioKind(v: unknown, what: string): StdioKind {
  if (v === undefined) return "default";
  if (typeof v !== "string") throw new LuauError(`Invalid value for option '${what}' - expected string, got ${typeName(v)}`);
  const k = v.toLowerCase() as StdioKind;
  if (!KINDS.includes(k)) {
    throw new LuauError(`Invalid value for option '${what}' - expected one of: ${KINDS.map((x) => `'${x}'`).join(", ")}, got '${v}'`);
  }
  return k;
}

function field(opts: LuauTable, key: string): unknown {
  return opts.get(key);
}

export function spawnSpec(fname: string, program: unknown, params: unknown, options: unknown, nargs: number): SpawnSpec {
  const prog = checkString(program, 1, fname, nargs);
  const args: string[] = [];
  if (params !== undefined) {
    if (!(params instanceof LuauTable)) throw typeError(2, fname, "table", params);
    for (let i = 1; i <= params.length(); i++) {
      const a = params.get(i);
      if (typeof a !== "string" && typeof a !== "number") {
        throw new LuauError(`Invalid argument #${i} in params - expected string, got ${typeName(a)}`);
      }
      args.push(typeof a === "number" ? checkString(a, 2, fname) : a);
    }
  }
  if (options !== undefined && !(options instanceof LuauTable)) throw typeError(3, fname, "table", options);
  const opts = options ?? new LuauTable();

  let cwd: string | undefined;
  const cwdOpt = field(opts, "cwd");
  if (cwdOpt !== undefined) {
    if (typeof cwdOpt !== "string") throw new LuauError(`Invalid value for option 'cwd' - expected string, got ${typeName(cwdOpt)}`);
    let dir = osText(cwdOpt);
    if (dir === "~" || dir.startsWith("~/")) dir = homedir() + dir.slice(1);
    dir = resolve(dir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LuauError("Invalid value for option 'cwd' - path does not exist");
    cwd = dir;
  }

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const envOpt = field(opts, "env");
  if (envOpt !== undefined) {
    if (!(envOpt instanceof LuauTable)) throw new LuauError(`Invalid value for option 'env' - expected table, got ${typeName(envOpt)}`);
    for (const [k, v] of envOpt.entries()) {
      if (typeof k !== "string" || typeof v !== "string") {
        throw new LuauError("Invalid value for option 'env' - expected a table of strings");
      }
      env[osText(k)] = osText(v);
    }
  }

  let cmd = [osText(prog), ...args.map(osText)];
  const shell = field(opts, "shell");
  if (shell !== undefined && shell !== false) {
    if (shell !== true && typeof shell !== "string") {
      throw new LuauError(`Invalid value for option 'shell' - expected boolean or string, got ${typeName(shell)}`);
    }
    const sh = shell === true ? (process.platform === "win32" ? "powershell" : "/bin/sh") : osText(shell);
    // Lune joins program and params with spaces, without quoting
    cmd = [sh, "-c", cmd.join(" ")];
  }

  let stdin: Uint8Array | undefined;
  let stdout: StdioKind = "default";
  let stderr: StdioKind = "default";
  const stdio = field(opts, "stdio");
  if (typeof stdio === "string") {
    stdout = stderr = stdioKind(stdio, "stdio");
  } else if (stdio instanceof LuauTable) {
    stdout = stdioKind(stdio.get("stdout"), "stdout");
    stderr = stdioKind(stdio.get("stderr"), "stderr");
    const input = stdio.get("stdin");
    if (typeof input === "string") stdin = Buffer.from(input, "latin1");
    else if (input instanceof LuauBuffer) stdin = input.bytes;
    else if (input !== undefined) throw new LuauError(`Invalid value for option 'stdin' - expected string or buffer, got ${typeName(input)}`);
  } else if (stdio !== undefined) {
    throw new LuauError(`Invalid value for option 'stdio' - expected string or table, got ${typeName(stdio)}`);
  }
  return { cmd, cwd, env, stdin, stdout, stderr };
}
