// `bune setup`: installs the libraries' luau-lsp type definitions into ~/.lune/.typedefs/<version>/
// (one `<name>.luau` per library, so `@lune/<name>` resolves through the alias) and points the
// `lune` alias of ./.luaurc at them, as `lune setup` does.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { LIBRARIES } from "../libraries";
import { parseLenientJson } from "../require/luaurc";
import { BUNE_VERSION } from "./version";

/** The type definitions kept next to a library's code, or undefined if it has none. */
export function libraryTypedefs(name: string): string | undefined {
  const file = join(import.meta.dir, "..", name, "types.d.luau");
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

function updateLuaurc(path: string, aliasValue: string): void {
  let config: Record<string, unknown> = {};
  if (existsSync(path)) {
    const parsed = parseLenientJson(readFileSync(path, "utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) config = parsed as Record<string, unknown>;
  }
  const aliases = config.aliases !== null && typeof config.aliases === "object" ? (config.aliases as Record<string, unknown>) : {};
  aliases.lune = aliasValue;
  config.aliases = aliases;
  writeFileSync(path, JSON.stringify(config, null, "  ") + "\n");
}

export function setup(): number {
  const dir = join(homedir(), ".lune", ".typedefs", BUNE_VERSION);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const name of Object.keys(LIBRARIES).sort()) {
    const defs = libraryTypedefs(name);
    if (defs === undefined) continue;
    writeFileSync(join(dir, `${name}.luau`), defs);
    written.push(name);
  }
  updateLuaurc(join(process.cwd(), ".luaurc"), `~/.lune/.typedefs/${BUNE_VERSION}/`);
  console.log(`Type definitions for ${written.join(", ")} written to ${dir}`);
  console.log(`Alias "lune" set in ${join(process.cwd(), ".luaurc")}`);
  return 0;
}
