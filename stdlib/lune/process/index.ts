// @lune/process: facts about the process (args, env, cwd, os, arch, endianness), exit, and child
// processes (exec runs one to completion, create streams).
import { realpathSync } from "node:fs";
import { endianness } from "node:os";
import { LuauTable } from "../../../runtime/table";
import { stopScheduler } from "../../../runtime/scheduler";
import { argError, checkInteger, library } from "../../args";
import type { LibraryContext } from "../libraries";
import { create } from "./create";
import { createEnvTable } from "./env";
import { exec } from "./exec";

const OS: Record<string, string> = { darwin: "macos", win32: "windows" };
const ARCH: Record<string, string> = { x64: "x86_64", arm64: "aarch64" };

const bytes = (s: string) => Buffer.from(s, "utf8").toString("latin1");

function cwd(): string {
  const dir = realpathSync(process.cwd());
  return bytes(dir.endsWith("/") ? dir : dir + "/");
}

function exit(code: unknown): never {
  const c = code === undefined ? 0 : checkInteger(code, 1, "exit");
  if (c < 0 || c > 255) throw argError(1, "exit", "exit code must be between 0 and 255");
  // stdout/stderr writes are synchronous, so nothing is left to flush: stop every thread now
  stopScheduler();
  process.exit(c);
}

export function createProcessLibrary(ctx: LibraryContext) {
  const args = LuauTable.fromArray(ctx.args.map(bytes));
  args.frozen = true;
  return library({
    args,
    env: createEnvTable(),
    cwd: cwd(),
    os: OS[process.platform] ?? process.platform,
    arch: ARCH[process.arch] ?? process.arch,
    endianness: endianness() === "LE" ? "little" : "big",
    exit,
    exec,
    create,
  });
}
