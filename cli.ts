#!/usr/bin/env bun
// bune's command line, mirroring Lune's:
//   bune run <script> [args...]   run a script (`-` reads it from stdin); args become process.args
//   bune repl (or just `bune`)    interactive prompt
//   bune list                     scripts in ./lune, ./.lune, ~/lune, ~/.lune
//   bune setup                    type definitions for luau-lsp and the `lune` alias
//   bune build <script> [-o out]  a standalone executable of the script and its modules
//   bune --version
// Only what `run` needs is imported up front; the other commands load their code when chosen.
import { findScript, ScriptNotFound } from "./stdlib/lune/cli/find-script";
import { LuneRuntime } from "./stdlib/lune/runtime";

const USAGE = `Usage: bune <command> [options]

Commands:
  run <script> [args...]  Run a Luau script (\`-\` reads the script from stdin)
  repl                    Start an interactive prompt (the default)
  list                    List the scripts in ./lune, ./.lune, ~/lune and ~/.lune
  setup                   Write type definitions for luau-lsp and set the \`lune\` alias
  --version               Print the version
`;

function fail(message: string): never {
  process.stderr.write(`[ERROR]\n${message}\n`);
  process.exit(1);
}

async function run(script: string | undefined, args: string[]): Promise<void> {
  if (script === undefined) fail("no script given\n\n" + USAGE);
  const runtime = new LuneRuntime(args);
  if (script === "-") {
    runtime.runSource(Buffer.from(await Bun.stdin.arrayBuffer()).toString("latin1"), "stdin");
    return;
  }
  let file: string;
  try {
    file = findScript(script);
  } catch (e) {
    if (e instanceof ScriptNotFound) fail(e.message);
    throw e;
  }
  runtime.runFile(file);
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case "run":
    await run(rest[0], rest.slice(1));
    break;
  case undefined:
  case "repl":
    await (await import("./stdlib/lune/cli/repl")).runRepl();
    break;
  case "list":
    process.exitCode = (await import("./stdlib/lune/cli/list")).listScripts();
    break;
  case "setup":
    process.exitCode = (await import("./stdlib/lune/cli/setup")).setup();
    break;
  case "build": {
    const { build, BUILD_USAGE } = await import("./stdlib/lune/cli/build");
    if (rest.includes("--help") || rest.includes("-h")) process.stdout.write(BUILD_USAGE);
    else process.exitCode = build(rest);
    break;
  }
  case "--version":
  case "-V":
    console.log(`bune ${(await import("./stdlib/lune/cli/version")).BUNE_VERSION}`);
    break;
  case "--help":
  case "-h":
  case "help":
    process.stdout.write(USAGE);
    break;
  default:
    fail(`unknown command '${command}'\n\n${USAGE}`);
}
