// Shared by the tests/lune_*.test.ts files: real Luau scripts written into a temporary directory and
// run by `bun cli.ts run` as a child process, with stdout, stderr and the exit code captured.
import { expect, setDefaultTimeout } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// each test starts one or more Bun processes: allow for a busy machine
setDefaultTimeout(30_000);

export const ROOT = join(import.meta.dir, "..");
export const CLI = join(ROOT, "cli.ts");
export const BUN = process.execPath;

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOptions {
  cwd?: string;
  stdin?: string;
  env?: Record<string, string | undefined>;
}

/** A fresh directory (its real path, so it matches the chunk names bune prints). */
export function tempDir(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "bune-test-")));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes files (paths relative to `dir`, parents created). */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

/** Runs `bun cli.ts <args...>`. */
export async function bune(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: "1", ...opts.env })) if (v !== undefined) env[k] = v;
  const child = Bun.spawn([BUN, CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env,
    stdin: opts.stdin === undefined ? "ignore" : Buffer.from(opts.stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { stdout, stderr, code };
}

/** Writes `files` plus `main.luau` with `source` into a fresh directory and runs main.luau there. */
export async function runScript(source: string, files: Record<string, string> = {}, opts: RunOptions & { args?: string[] } = {}) {
  const dir = tempDir();
  try {
    writeFiles(dir, { ...files, "main.luau": source });
    const r = await bune(["run", join(dir, "main.luau"), ...(opts.args ?? [])], { cwd: dir, ...opts });
    return { ...r, dir };
  } finally {
    removeDir(dir);
  }
}

/** Luau assertion helpers for library tests: `eq` and `fails` stop the script with a message
 * naming the line, so a failing test shows why. */
export const ASSERTIONS = `local function eq(actual, expected, label)
	if actual ~= expected then
		error(string.format("%s: expected %q, got %q", label or "value", tostring(expected), tostring(actual)), 2)
	end
end
local function fails(fragment, f, ...)
	local ok, err = pcall(f, ...)
	if ok then error("expected an error containing " .. fragment, 2) end
	if not string.find(tostring(err), fragment, 1, true) then
		error(string.format("error %q does not contain %q", tostring(err), fragment), 2)
	end
end
`;

/** Runs `prelude` + ASSERTIONS + `source`, which must succeed silently on stderr; returns stdout. */
export async function runChecked(prelude: string, source: string, options: RunOptions = {}): Promise<string> {
  const r = await runScript(prelude + ASSERTIONS + source, {}, options);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}
