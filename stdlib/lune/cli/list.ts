// `bune list`: the scripts in ./lune (or ./.lune) and ~/lune (or ~/.lune), each with the description
// taken from its leading `-->` comment lines.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { moduleFiles } from "../require/resolve";

interface Script {
  name: string;
  description: string;
}

function describe(file: string): string {
  const lines: string[] = [];
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    if (!line.startsWith("-->")) break;
    lines.push(line.slice(3).trim());
  }
  return lines.join(" ");
}

/** The runnable scripts directly inside `dir`. */
function scriptsIn(dir: string): Script[] {
  const found: Script[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    let name: string | undefined;
    let file: string | undefined;
    const m = /^(.*)\.(luau|lua)$/.exec(entry);
    if (m && statSync(path).isFile()) {
      name = m[1];
      file = path;
    } else if (statSync(path).isDirectory()) {
      const files = moduleFiles(path).filter((f) => f.startsWith(path + "/"));
      if (files.length === 1) [name, file] = [entry, files[0]];
    }
    if (name !== undefined && file !== undefined && !found.some((s) => s.name === name)) {
      found.push({ name, description: describe(file) });
    }
  }
  return found;
}

function firstDir(...dirs: string[]): string | undefined {
  return dirs.find((d) => existsSync(d) && statSync(d).isDirectory());
}

function printGroup(title: string, scripts: Script[]): void {
  if (scripts.length === 0) return;
  const width = Math.max(...scripts.map((s) => s.name.length));
  console.log(title);
  for (const s of scripts) console.log(`  ${s.name.padEnd(width)}${s.description === "" ? "" : "  " + s.description}`);
}

export function listScripts(): number {
  const local = firstDir("lune", ".lune");
  const home = firstDir(join(homedir(), "lune"), join(homedir(), ".lune"));
  const localScripts = local === undefined ? [] : scriptsIn(local);
  const homeScripts = home === undefined ? [] : scriptsIn(home);
  if (localScripts.length === 0 && homeScripts.length === 0) {
    console.log("No scripts found.");
    return 0;
  }
  printGroup("Available scripts:", localScripts);
  printGroup("Available global scripts:", homeScripts);
  return 0;
}
