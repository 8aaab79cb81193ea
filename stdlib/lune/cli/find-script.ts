// Where `bune run <name>` finds its script, as Lune does: the name (extension and a trailing `init`
// stripped) is resolved as a module path against the cwd, then ./lune, ./.lune, ~/lune and ~/.lune.
import { statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { moduleFiles } from "../require/resolve";

/** A failed lookup; the message is what the CLI prints under [ERROR]. */
export class ScriptNotFound extends Error {}

function attempt(p: string): { file?: string; error?: string } {
  const files = moduleFiles(p);
  if (files.length === 1) return { file: files[0] };
  if (files.length > 1) return { error: `Failed to resolve script at path ${p} (Ambiguous)` };
  let dir = false;
  try {
    dir = statSync(p).isDirectory();
  } catch {}
  return {
    error: dir
      ? `Failed to resolve script at path ${p}. The path is a directory without an init file`
      : `Failed to resolve script at path ${p} (NotFound)`,
  };
}

/** The script file for `name`, or a ScriptNotFound carrying the error of the first attempt. */
export function findScript(name: string, cwd = process.cwd()): string {
  let base = name.replace(/\.(luau|lua)$/, "");
  if (basename(base) === "init") base = dirname(base);
  const home = homedir();
  const places = isAbsolute(base)
    ? [base]
    : [resolve(cwd, base), resolve(cwd, "lune", base), resolve(cwd, ".lune", base), resolve(home, "lune", base), resolve(home, ".lune", base)];
  let firstError: string | undefined;
  for (const p of places) {
    const r = attempt(p);
    if (r.file !== undefined) return r.file;
    firstError ??= r.error;
  }
  throw new ScriptNotFound(firstError);
}
