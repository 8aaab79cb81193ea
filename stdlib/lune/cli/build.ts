// `bune build <script> [-o out] [-t target] [--include path]...`: one executable file that runs the
// script as `bune run` does, on a machine with no Bun, no node_modules and no source files.
//
// The script and every module it needs — found by following its string-literal requires, plus the
// files and folders given with --include (for requires built at run time) — are compiled to JS
// here, mounted under a virtual root (embedded.ts) with the .luaurc files that steer their aliases,
// and written with the runtime into a generated entry that `bun build --compile` turns into the
// executable. The executable never lexes, parses or generates code for its embedded modules.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { compileChunk } from "../../../runtime/chunk";
import { LuauError } from "../../../runtime/errors";
import { parse } from "../../../runtime/luau/parser";
import { VIRTUAL_ROOT, type Bundle } from "../embedded";
import { isBuiltinModule } from "../libraries";
import { moduleChunkName } from "../require/chunks";
import { parseLenientJson } from "../require/luaurc";
import { ResolveError, resolveModule } from "../require/resolve";
import { findScript, ScriptNotFound } from "./find-script";

/** A reason the build cannot go on; the CLI prints it under [ERROR]. */
export class BuildError extends Error {}

export interface BuildOptions {
  input: string;
  output?: string;
  /** A Bun target (`bun-linux-arm64`) or Lune's `os-arch` form (`linux-aarch64`). */
  target?: string;
  includes: string[];
}

export const BUILD_USAGE = `Usage: bune build <script> [-o <output>] [-t <target>] [--include <path>]...

  -o, --output <path>   The executable to write (default: the script's path without its extension)
  -t, --target <name>   Platform to build for: a Bun target such as bun-linux-arm64, bun-darwin-x64,
                        bun-windows-x64, or Lune's os-arch form (linux-aarch64, macos-x86_64, ...)
  --include <path>      Also embed this Luau file, or every Luau file under this folder (for
                        modules required through paths built at run time); repeatable
`;

export function parseBuildArgs(args: string[]): BuildOptions {
  const opts: BuildOptions = { input: "", includes: [] };
  let input: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      if (i + 1 >= args.length) throw new BuildError(`${flag} needs a value\n\n${BUILD_USAGE}`);
      return args[++i];
    };
    if (flag === "-o" || flag === "--output") opts.output = value();
    else if (flag === "-t" || flag === "--target") opts.target = bunTarget(value());
    else if (flag === "--include") opts.includes.push(value());
    else if (arg.startsWith("-") && arg !== "-") throw new BuildError(`unknown option '${arg}'\n\n${BUILD_USAGE}`);
    else if (input === undefined) input = arg;
    else throw new BuildError(`only one script can be built (got '${input}' and '${arg}')\n\n${BUILD_USAGE}`);
  }
  if (input === undefined) throw new BuildError(`no script given\n\n${BUILD_USAGE}`);
  if (input === "-") throw new BuildError("cannot build a script read from stdin");
  opts.input = input;
  return opts;
}

const LUNE_OS: Record<string, string> = { linux: "linux", macos: "darwin", windows: "windows" };
const LUNE_ARCH: Record<string, string> = { x86_64: "x64", aarch64: "arm64" };

/** Lune's `os-arch` targets become Bun's; Bun's own names pass through (Bun checks them). */
function bunTarget(target: string): string {
  if (target.startsWith("bun-")) return target;
  const m = /^(\w+)-(\w+)$/.exec(target);
  if (m && LUNE_OS[m[1]] && LUNE_ARCH[m[2]]) return `bun-${LUNE_OS[m[1]]}-${LUNE_ARCH[m[2]]}`;
  throw new BuildError(`unknown target '${target}' (expected e.g. bun-linux-x64, bun-darwin-arm64 or linux-x86_64)`);
}

// ---- finding what to embed

/** The require paths written as string literals in a chunk (`require("x")`, `require "x"`). */
export function staticRequires(source: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const n = node as { k?: string; fn?: { k: string; name?: string }; args?: { k: string; value?: unknown }[] };
    if (n.k === "Call" && n.fn?.k === "Name" && n.fn.name === "require" && n.args?.[0]?.k === "String") {
      found.push(n.args[0].value as string);
    }
    // the tree is plain data: every field that can hold a node is an object or an array
    for (const v of Object.values(node)) if (typeof v === "object") visit(v);
  };
  visit(parse(source).body);
  return found;
}

const LUAU_FILE = /\.(luau|lua)$/;

/** The Luau files (and .luaurc configs) under a folder; .git and node_modules are skipped. */
function filesUnder(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      if (entry.name !== ".git" && entry.name !== "node_modules") filesUnder(path, out);
    } else if (st?.isFile() && (LUAU_FILE.test(entry.name) || entry.name === ".luaurc")) {
      out.push(path);
    }
  }
}

interface Collected {
  /** Luau files → the JS compileChunk made of them. */
  modules: Map<string, string>;
  /** .luaurc files → their text. */
  configs: Map<string, string>;
  warnings: string[];
}

/** The main script, the --include'd files and everything they require by literal path. */
export function collectModules(main: string, includes: string[]): Collected {
  const out: Collected = { modules: new Map(), configs: new Map(), warnings: [] };
  const queue = [main];
  for (const inc of includes) {
    const path = resolve(inc);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) throw new BuildError(`--include ${inc}: no such file or folder`);
    if (st.isDirectory()) {
      const found: string[] = [];
      filesUnder(path, found);
      for (const f of found) (basename(f) === ".luaurc" ? addConfig(out, f) : queue.push(f));
    } else if (LUAU_FILE.test(path)) {
      queue.push(path);
    } else if (basename(path) === ".luaurc") {
      addConfig(out, path);
    } else {
      throw new BuildError(`--include ${inc}: only Luau files (.luau, .lua), .luaurc files and folders can be embedded`);
    }
  }
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (out.modules.has(file)) continue;
    const source = readFileSync(file, "latin1");
    try {
      // the chunk name is only for messages: the JS doesn't depend on it
      out.modules.set(file, compileChunk(source, moduleChunkName(file)).js);
    } catch (e) {
      if (e instanceof LuauError) throw new BuildError(`syntax error: ${String(e.value)}`);
      throw e;
    }
    for (const path of staticRequires(source)) {
      if (isBuiltinModule(path)) continue;
      try {
        queue.push(resolveModule(path, moduleChunkName(file), file).file);
      } catch (e) {
        if (!(e instanceof ResolveError)) throw e;
        // maybe never reached at run time (a pcall'd optional module): the build goes on
        out.warnings.push(`${file}: require("${path}") is not embedded: ${e.message}`);
      }
    }
  }
  // the configs that alias resolution may read: every .luaurc above an embedded module
  for (const file of out.modules.keys()) {
    for (let d = dirname(file); ; d = dirname(d)) {
      const config = join(d, ".luaurc");
      if (existsSync(config)) addConfig(out, config);
      if (dirname(d) === d) break;
    }
  }
  return out;
}

function addConfig(out: Collected, path: string): void {
  if (!out.configs.has(path)) out.configs.set(path, readFileSync(path, "utf8"));
}

// ---- the bundle

/** The deepest folder holding every path. */
function commonRoot(paths: string[]): string {
  let root = dirname(paths[0]);
  for (const p of paths) while (root !== dirname(root) && !p.startsWith(root + sep)) root = dirname(root);
  return root;
}

/**
 * A .luaurc with each path alias rewritten relative to its own folder when it points inside the
 * bundle (`~`, absolute and cwd-relative targets would mean something else on another machine).
 */
function rewriteConfig(text: string, dir: string, root: string): string {
  let config: unknown;
  try {
    config = parseLenientJson(text);
  } catch {
    return text; // malformed: it fails at run time exactly as it would from source
  }
  const aliases = (config as { aliases?: unknown } | null)?.aliases;
  if (aliases === null || typeof aliases !== "object") return text;
  const rewritten: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(aliases)) {
    rewritten[name] = value;
    if (typeof value !== "string" || value.startsWith("@")) continue;
    // as resolve.ts reads a target (cwd-relative ones against the build's cwd)
    let target = value;
    if (target === "~" || target.startsWith("~/")) target = join(homedir(), target.slice(1));
    else if (target.startsWith("./") || target.startsWith("../")) target = resolve(dir, target);
    else target = resolve(target);
    if (target !== root && !target.startsWith(root + sep)) continue;
    const rel = relative(dir, target);
    rewritten[name] = rel === "" ? "./" : rel === ".." ? "../" : rel.startsWith("../") ? rel : "./" + rel;
  }
  return JSON.stringify({ ...(config as object), aliases: rewritten });
}

/** The bundle: modules compiled to JS, all under VIRTUAL_ROOT in place of their common folder. */
export function makeBundle(main: string, collected: Collected): Bundle {
  const root = commonRoot([...collected.modules.keys(), ...collected.configs.keys()]);
  const virtual = (p: string): string => {
    const rel = relative(root, p);
    return rel === "" ? VIRTUAL_ROOT : `${VIRTUAL_ROOT}/${rel.split(sep).join("/")}`;
  };
  const bundle: Bundle = { main: virtual(main), modules: {}, configs: {} };
  for (const [file, js] of collected.modules) bundle.modules[virtual(file)] = js;
  for (const [file, text] of collected.configs) bundle.configs[virtual(file)] = rewriteConfig(text, dirname(file), root);
  return bundle;
}

// ---- the executable

const STANDALONE_ENTRY = join(import.meta.dir, "standalone.ts");

/** Runs `bun build --compile` on an entry that starts the runtime on `bundle`. */
function compileExecutable(bundle: Bundle, output: string, target: string | undefined): void {
  const tmp = mkdtempSync(join(tmpdir(), "bune-build-"));
  try {
    const entry = join(tmp, "entry.ts");
    writeFileSync(entry, `import { runStandalone } from ${JSON.stringify(STANDALONE_ENTRY)};\nrunStandalone(${JSON.stringify(bundle)});\n`);
    const cmd = [
      process.execPath,
      "build",
      entry,
      "--compile",
      `--outfile=${output}`,
      // the script's own behaviour must not depend on files in the directory it runs from
      "--no-compile-autoload-dotenv",
      "--no-compile-autoload-bunfig",
      // the runtime as JSC bytecode, so start-up doesn't parse ~400 KB of JS (half of a hello world's
      // start-up time); CommonJS, so the node: modules a library imports load with it, not at start
      "--bytecode",
      "--format=cjs",
      // names stay: error reports and require read function names off the JS stack
      "--minify-syntax",
      "--minify-whitespace",
      // embedded, so stack frames keep naming files under stdlib/ (how an uncaught error's report
      // tells a library function from other host code, see runtime/report.ts)
      "--sourcemap=inline",
    ];
    if (target !== undefined) cmd.push(`--target=${target}`);
    const r = Bun.spawnSync(cmd, { cwd: tmp, stdout: "pipe", stderr: "pipe" });
    // the executable carries its own copy of the source map; Bun writes this one as well
    rmSync(output + ".map", { force: true });
    if (r.exitCode !== 0) {
      const detail = (r.stderr.toString() + r.stdout.toString()).trim();
      throw new BuildError(`bun build --compile failed (exit code ${r.exitCode})${detail === "" ? "" : "\n" + detail}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `bune build ...`; returns the exit code. */
export function build(args: string[]): number {
  try {
    const opts = parseBuildArgs(args);
    let main: string;
    try {
      main = findScript(opts.input);
    } catch (e) {
      if (e instanceof ScriptNotFound) throw new BuildError(e.message);
      throw e;
    }
    const windows = opts.target?.includes("windows") ?? process.platform === "win32";
    let output = resolve(opts.output ?? opts.input.replace(LUAU_FILE, ""));
    if (windows && !output.endsWith(".exe")) output += ".exe";
    if (output === main) throw new BuildError(`the output path is the script itself: ${output}`);
    if (statSync(output, { throwIfNoEntry: false })?.isDirectory()) throw new BuildError(`the output path is a folder: ${output}`);

    const collected = collectModules(main, opts.includes);
    for (const w of collected.warnings) process.stderr.write(`[WARN]\n${w}\n`);
    const bundle = makeBundle(main, collected);
    compileExecutable(bundle, output, opts.target);
    const size = statSync(output).size / (1 << 20);
    const shown = relative(process.cwd(), output);
    console.log(`Built ${shown.startsWith("..") ? output : shown} (${collected.modules.size} module${collected.modules.size === 1 ? "" : "s"}, ${size.toFixed(1)} MB)`);
    return 0;
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    process.stderr.write(`[ERROR]\n${e.message}\n`);
    return 1;
  }
}
