// `bune setup`: installs the luau-lsp type definitions of every builtin module into
// ~/.lune/.typedefs/<version>/ and points the `lune` alias of ./.luaurc at them, as `lune setup`
// does: `@lune/<name>` resolves to `<name>.luau` there. The other host modules' definitions go in
// subfolders (eryx/_socket.luau, luasocket/socket.luau), which luau-lsp reaches through the
// require aliases of its own settings; setup prints them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { LIBRARIES } from "../libraries";
import { parseLenientJson } from "../require/luaurc";
import { BUNE_VERSION } from "./version";

const STDLIB = join(import.meta.dir, "../..");

export interface Typedefs {
  /** The require paths the file describes. */
  modules: string[];
  /** The definition file in bune's source tree. */
  file: string;
  /** Where setup installs it, relative to the typedefs folder. */
  install: string;
}

/** Every builtin module's definitions (tests/typedefs.test.ts checks them against the modules). */
export const TYPEDEFS: Typedefs[] = [
  ...Object.keys(LIBRARIES)
    .sort()
    .map((name) => ({ modules: [`@lune/${name}`], file: join(STDLIB, "lune", name, "types.d.luau"), install: `${name}.luau` })),
  { modules: ["@eryx/_socket"], file: join(STDLIB, "eryx", "types.d.luau"), install: "eryx/_socket.luau" },
  { modules: ["socket", "socket.core"], file: join(STDLIB, "luasocket", "types.d.luau"), install: "luasocket/socket.luau" },
];

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
  const home = `~/.lune/.typedefs/${BUNE_VERSION}`;
  const dir = join(homedir(), ".lune", ".typedefs", BUNE_VERSION);
  for (const t of TYPEDEFS) {
    mkdirSync(dirname(join(dir, t.install)), { recursive: true });
    writeFileSync(join(dir, t.install), readFileSync(t.file));
  }
  updateLuaurc(join(process.cwd(), ".luaurc"), `${home}/`);
  const libs = Object.keys(LIBRARIES).sort();
  console.log(`Type definitions for ${libs.join(", ")}, @eryx/_socket and socket written to ${dir}`);
  console.log(`Alias "lune" set in ${join(process.cwd(), ".luaurc")}`);
  console.log(`For @eryx/_socket and LuaSocket's socket, add to your luau-lsp settings:
  "luau-lsp.require.directoryAliases": { "@eryx/": "${home}/eryx/" },
  "luau-lsp.require.fileAliases": { "socket": "${home}/luasocket/socket.luau", "socket.core": "${home}/luasocket/socket.luau" }`);
  return 0;
}
