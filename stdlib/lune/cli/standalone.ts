// The program inside an executable made by `bune build`: it mounts the embedded bundle (so require
// reads modules from it, precompiled) and runs the main script as `bune run` would, with every
// command-line argument as process.args.
import { mountBundle, type Bundle } from "../embedded";
import { LuneRuntime } from "../runtime";

export function runStandalone(bundle: Bundle): void {
  mountBundle(bundle);
  // argv is [bun, /$bunfs/root/<name>, ...args] in a compiled executable
  new LuneRuntime(process.argv.slice(2)).runFile(bundle.main);
}
