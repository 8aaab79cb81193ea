// `bune build`: standalone executables. The echo-server example (two modules) is built, moved alone
// into an empty folder and run there with no Bun on PATH, then talked to over loopback; other
// builds cover aliases, @self, init modules, --include for run-time requires, arguments, error
// reports and the build's own errors. Also the compile cache `bune run` keeps.
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { chunkFromJs, compileChunk } from "../runtime/chunk";
import { parseBuildArgs, staticRequires } from "../stdlib/lune/cli/build";
import { BUN, CLI, ROOT, bune, removeDir, tempDir, writeFiles } from "./lune_harness";

// each build runs `bun build --compile`, which writes a ~100 MB file
setDefaultTimeout(60_000);

/** Runs `fn` with a fresh directory that is removed afterwards. */
async function inTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = tempDir();
  try {
    return await fn(dir);
  } finally {
    removeDir(dir);
  }
}

/** `bune build <args>`; fails the test with bune's stderr if the build fails. */
async function build(args: string[], cwd?: string): Promise<void> {
  const r = await bune(["build", ...args], { cwd });
  if (r.code !== 0) throw new Error(`bune build failed:\n${r.stderr}`);
  expect(r.stdout).toStartWith("Built ");
}

/** An environment without Bun: PATH is an empty folder, HOME the given one. */
function bareEnv(home: string): Record<string, string> {
  const bin = join(home, "empty-bin");
  mkdirSync(bin, { recursive: true });
  return { PATH: bin, HOME: home, NO_COLOR: "1" };
}

/** Runs a built executable to completion. */
async function runExe(exe: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const p = Bun.spawn([exe, ...args], { cwd, env: bareEnv(cwd), stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, code };
}

/** Lines a running process prints, one at a time. */
class Lines {
  private buffered = "";
  private readonly reader;
  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }
  async next(): Promise<string> {
    for (;;) {
      const i = this.buffered.indexOf("\n");
      if (i >= 0) {
        const line = this.buffered.slice(0, i);
        this.buffered = this.buffered.slice(i + 1);
        return line;
      }
      const r = await this.reader.read();
      if (r.done) throw new Error("the process ended before printing a line");
      this.buffered += new TextDecoder().decode(r.value);
    }
  }
}

/** Sends `payload` to 127.0.0.1:port, half-closes, and returns everything the server sent back. */
function echo(port: number, payload: Uint8Array): Promise<Uint8Array> {
  // node:net: it handles back-pressure for the large payload, and under `bun test` a Bun.connect
  // socket dropped data that arrived together with the peer's FIN
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, "127.0.0.1", () => socket.end(payload));
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

/** Talks to a running echo server: two clients at once, one with binary data, then checks its log. */
async function exerciseEchoServer(proc: ReturnType<typeof Bun.spawn>): Promise<void> {
  const lines = new Lines(proc.stdout as ReadableStream<Uint8Array>);
  const banner = await lines.next();
  const m = /^echo server listening on 127\.0\.0\.1:(\d+)$/.exec(banner);
  expect(m).not.toBeNull();
  const port = Number(m![1]);
  const binary = new Uint8Array(100_000).map((_, i) => (i * 7) & 255);
  const [a, b] = await Promise.all([echo(port, new TextEncoder().encode("hello, echo")), echo(port, binary)]);
  expect(new TextDecoder().decode(a)).toBe("hello, echo");
  expect(b).toEqual(binary);
  const log = [await lines.next(), await lines.next()];
  for (const line of log) expect(line).toMatch(/^127\.0\.0\.1:\d+ left after \d+ bytes$/);
  expect(log.map((l) => Number(/(\d+) bytes$/.exec(l)![1])).sort((x, y) => x - y)).toEqual([11, 100_000]);
}

describe("the echo-server example", () => {
  const example = join(ROOT, "examples", "echo-server", "main.luau");

  test("runs from source with bune run", async () => {
    const proc = Bun.spawn([BUN, CLI, "run", example], { stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
    try {
      await exerciseEchoServer(proc);
    } finally {
      proc.kill();
    }
  });

  test("built, moved alone to an empty folder, runs there without Bun and echoes over loopback", async () => {
    await inTemp(async (dir) => {
      await build([example, "-o", join(dir, "build", "echo-server")]);
      const alone = join(dir, "alone");
      mkdirSync(alone);
      renameSync(join(dir, "build", "echo-server"), join(alone, "echo-server"));
      expect(readdirSync(alone)).toEqual(["echo-server"]);
      const env = bareEnv(alone);
      expect(Bun.which("bun", { PATH: env.PATH })).toBeNull();
      const proc = Bun.spawn([join(alone, "echo-server"), "0"], { cwd: alone, env, stdout: "pipe", stderr: "pipe" });
      try {
        await exerciseEchoServer(proc);
      } finally {
        proc.kill();
      }
    });
  });
});

describe("what gets embedded", () => {
  test("aliases, @self, init modules, --include'd run-time requires and arguments", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, {
        "proj/.luaurc": `{ // lenient JSON\n "aliases": { "lib": "./lib", "home": "~/shared", }, }`,
        "proj/src/main.luau": [
          `local process = require("@lune/process")`,
          `local greet = require("@lib/greet")`,
          `local util = require("./util")`,
          `local shared = require("@home/answer")`,
          // a path built at run time: only --include puts these modules in the executable
          `local plugin = require("./plugins/" .. process.args[1])`,
          `print(greet(util.name()), shared, plugin, #process.args, process.args[2])`,
        ].join("\n"),
        "proj/src/util/init.luau": `local inner = require("@self/inner")\nreturn { name = function() return inner end }`,
        "proj/src/util/inner.luau": `return "world"`,
        "proj/src/plugins/loud.luau": `return "LOUD"`,
        "proj/src/plugins/quiet.luau": `return "quiet"`,
        "proj/lib/greet.lua": `return function(who) return "hello " .. who end`,
        "home/shared/answer.luau": `return 42`,
      });
      const env = { HOME: join(dir, "home") };
      const fromSource = await bune(["run", "src/main.luau", "loud", "x y"], { cwd: join(dir, "proj"), env });
      expect(fromSource).toMatchObject({ stdout: "hello world\t42\tLOUD\t2\tx y\n", code: 0 });

      const r = await bune(["build", "src/main", "--include", "src/plugins"], { cwd: join(dir, "proj"), env });
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toMatch(/^Built src\/main \(7 modules, [\d.]+ MB\)\n$/);
      // the files are gone and HOME is elsewhere: everything comes from the executable
      const exe = join(dir, "main-exe");
      renameSync(join(dir, "proj", "src", "main"), exe);
      removeDir(join(dir, "proj"));
      removeDir(join(dir, "home"));
      const run = await runExe(exe, ["quiet", "x y"], dir);
      expect(run).toMatchObject({ stdout: "hello world\t42\tquiet\t2\tx y\n", stderr: "", code: 0 });
    });
  });

  test("a require the build cannot resolve is a warning, and fails at run time as from source", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, {
        "main.luau": `print(pcall(function() return require("./missing") end))\nprint(require("./there"))`,
        "there.luau": `return "here"`,
      });
      const fromSource = await bune(["run", "main.luau"], { cwd: dir });
      const r = await bune(["build", "main.luau"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(`[WARN]\n${join(dir, "main.luau")}: require("./missing") is not embedded: could not resolve child component "missing"\n`);
      const run = await runExe(join(dir, "main"), [], dir);
      expect(run.stdout).toBe(fromSource.stdout.replaceAll(dir, "/$bune"));
      expect(run.stdout).toContain(`error requiring module "./missing": could not resolve child component "missing"`);
    });
  });

  test("runtime errors name the embedded chunk, with Lune's report and exit status", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, {
        "app/main.luau": `local h = require("./helper")\nh.boom()`,
        "app/helper.luau": `return { boom = function()\n  string.rep()\nend }`,
      });
      await build(["app/main.luau", "-o", "app-exe"], dir);
      const run = await runExe(join(dir, "app-exe"), [], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `/$bune/helper:2: missing argument #1 to 'rep' (string expected)\n[Stack Begin]\n` +
          `    Script '[C]' - function 'rep'\n    Script '/$bune/helper', Line 2\n    Script '/$bune/main', Line 2\n[Stack End]\n`,
      );
    });
  });
});

describe("cross-target builds", () => {
  // Bun fetches each target's runtime from the npm registry once (as `npm install` fetches Bun);
  // these executables cannot run here, so the test reads their headers: format and CPU
  test("Lune's os-arch targets give executables for that platform", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "main.luau": `print("hi")` });
      const builds: [string, string, (b: Buffer) => boolean][] = [
        // ELF, e_machine 0xB7 (AArch64)
        ["linux-aarch64", "app-linux", (b) => b.readUInt32BE(0) === 0x7f454c46 && b.readUInt16LE(18) === 0xb7],
        // Mach-O 64-bit, cputype CPU_TYPE_ARM64
        ["macos-aarch64", "app-macos", (b) => b.readUInt32LE(0) === 0xfeedfacf && b.readUInt32LE(4) === 0x0100000c],
        // PE: "MZ", then "PE\0\0" at e_lfanew, machine 0x8664 (x86-64)
        ["windows-x86_64", "app.exe", (b) => b.toString("latin1", 0, 2) === "MZ" && b.readUInt32LE(b.readUInt32LE(0x3c)) === 0x4550 && b.readUInt16LE(b.readUInt32LE(0x3c) + 4) === 0x8664],
      ];
      for (const [target, out, check] of builds) {
        await build(["main.luau", "-t", target, "-o", out], dir);
        const file = Bun.file(join(dir, out));
        const head = Buffer.from(await file.slice(0, 4096).arrayBuffer());
        expect(check(head), `${target} header`).toBe(true);
      }
    });
  });
});

describe("build errors", () => {
  test("a syntax error anywhere stops the build", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "main.luau": `require("./bad")`, "bad.luau": `local x = ` });
      const r = await bune(["build", "main.luau"], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`[ERROR]\nsyntax error: ${join(dir, "bad")}:1: Expected identifier when parsing expression, got <eof>\n`);
      expect(existsSync(join(dir, "main"))).toBe(false);
    });
  });

  test("missing script, output onto the script, bad options", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "main.luau": `print(1)` });
      expect((await bune(["build", "nope"], { cwd: dir })).stderr).toStartWith(`[ERROR]\nFailed to resolve script at path ${join(dir, "nope")} (NotFound)`);
      expect((await bune(["build", "main.luau", "-o", "main.luau"], { cwd: dir })).stderr).toBe(
        `[ERROR]\nthe output path is the script itself: ${join(dir, "main.luau")}\n`,
      );
      expect((await bune(["build", "main.luau", "--frob"], { cwd: dir })).stderr).toStartWith("[ERROR]\nunknown option '--frob'");
      expect((await bune(["build", "main.luau", "-t", "amiga-m68k"], { cwd: dir })).code).toBe(1);
    });
  });
});

describe("parts", () => {
  test("chunkFromJs renumbers the chunk id of function names and the sourceURL, not inside strings", () => {
    const next = compileChunk("", "probe").id + 1;
    const looksLikeAName = `function* f$${next}_1( $${next}_1(`;
    const compiled = compileChunk(`local function f() end\nreturn f, "${looksLikeAName}"`, "original");
    expect(compiled.id).toBe(next);
    expect(compiled.js).toContain(`f$${next}_1(`);
    const loaded = chunkFromJs(compiled.js, "again");
    expect(loaded.id).toBe(next + 1);
    expect(loaded.js).toContain(` f$${next + 1}_1(`);
    expect(loaded.js).toContain(JSON.stringify(looksLikeAName));
    expect(loaded.js).toEndWith(`//# sourceURL=luau#${next + 1}\n`);
    // nothing else changed
    expect(loaded.js.replaceAll(`$${next + 1}_`, `$${next}_`).replace(/luau#\d+\n$/, "")).toBe(compiled.js.replace(/luau#\d+\n$/, ""));
  });

  test("static requires: string literals only, in any position", () => {
    const src = `local a = require("./a")\nlocal b = require "@lib/b"\nlocal function f() return require('./c').x end\nlocal d = require(name)\nlocal e = require("./e" .. x)`;
    expect(staticRequires(src)).toEqual(["./a", "@lib/b", "./c"]);
  });

  test("options: output, targets in Bun's and Lune's spelling, includes", () => {
    expect(parseBuildArgs(["x.luau", "-o", "out", "--include", "a", "--include=b", "-t", "linux-aarch64"])).toEqual({
      input: "x.luau",
      output: "out",
      target: "bun-linux-arm64",
      includes: ["a", "b"],
    });
    expect(parseBuildArgs(["x", "--target=bun-darwin-x64"]).target).toBe("bun-darwin-x64");
    expect(parseBuildArgs(["x", "--target", "windows-x86_64"]).target).toBe("bun-windows-x64");
  });
});

describe("compile cache (bune run)", () => {
  test("unchanged files reuse their compiled chunks; edits, damage and syntax errors are handled", async () => {
    await inTemp(async (dir) => {
      const cache = join(dir, "cache");
      const env = { BUNE_CACHE_DIR: cache };
      const entries = () => (existsSync(cache) ? readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith(".js")) : []);
      const run = () => bune(["run", "main.luau"], { cwd: dir, env });
      writeFiles(dir, { "main.luau": `local m = require("./m")\nprint(m.x)\nm.fail()`, "m.luau": `return { x = 1, fail = function()\n  error("boom")\nend }` });
      // what an older compiler left is dropped; anything else in the folder stays
      writeFiles(cache, { "0123456789abcdef/old.js": "x", "keep-me/file": "x" });
      const first = await run();
      expect(readdirSync(cache).filter((f) => f !== "keep-me").length).toBe(1);
      expect(existsSync(join(cache, "0123456789abcdef"))).toBe(false);
      expect(existsSync(join(cache, "keep-me", "file"))).toBe(true);
      expect(first).toMatchObject({ stdout: "1\n", code: 1 });
      expect(first.stderr).toStartWith(`${join(dir, "m")}:2: boom\n`);
      expect(entries().length).toBe(2);
      // from the cache: the same output, positions included
      expect(await run()).toEqual(first);
      expect(entries().length).toBe(2);
      // a cached chunk loaded under another chunk id: debug.info still finds its chunk and line
      writeFiles(dir, { "other.luau": `require("./extra")\nprint(debug.info(require("./m").fail, "sl"))`, "extra.luau": `return 0` });
      expect(await bune(["run", "other.luau"], { cwd: dir, env })).toMatchObject({ stdout: `${join(dir, "m")}\t1\n`, code: 0 });
      // an edited module is compiled again
      writeFiles(dir, { "m.luau": `return { x = 2, fail = function() end }` });
      expect(await run()).toMatchObject({ stdout: "2\n", stderr: "", code: 0 });
      expect(entries().length).toBe(5);
      // a damaged entry is compiled again
      for (const e of entries()) writeFileSync(join(cache, e), "not a chunk");
      expect(await run()).toMatchObject({ stdout: "2\n", stderr: "", code: 0 });
      // syntax errors are reported as always and never cached
      writeFiles(dir, { "m.luau": `return {` });
      const bad = await run();
      expect(bad.stderr).toContain(`${join(dir, "m")}:1: Expected`);
      expect(entries().length).toBe(5);
      // BUNE_NO_CACHE=1 neither reads nor writes
      writeFiles(dir, { "m.luau": `return { x = 3, fail = function() end }` });
      expect(await bune(["run", "main.luau"], { cwd: dir, env: { ...env, BUNE_NO_CACHE: "1" } })).toMatchObject({ stdout: "3\n", code: 0 });
      expect(entries().length).toBe(5);
    });
  });
});
