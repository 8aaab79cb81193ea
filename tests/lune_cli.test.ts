// The command line: script lookup, stdin scripts, error output and exit codes, --version, list,
// setup, repl, the bin/bune launcher, and the examples.
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, ROOT, bune, removeDir, tempDir, writeFiles } from "./lune_harness";
import { bunePty, KEYS } from "./pty";

const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;

/** Runs `fn` with a fresh directory that is removed afterwards. */
async function inTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = tempDir();
  try {
    return await fn(dir);
  } finally {
    removeDir(dir);
  }
}

test("--version prints bune's version", async () => {
  const r = await bune(["--version"]);
  expect(r).toMatchObject({ stdout: `bune ${VERSION}\n`, code: 0 });
});

test("an unknown command is an [ERROR] with status 1", async () => {
  const r = await bune(["frobnicate"]);
  expect(r.stderr).toStartWith("[ERROR]\nunknown command 'frobnicate'");
  expect(r.code).toBe(1);
});

describe("run: finding the script", () => {
  test("with or without extension, .lua, dir/init.luau, ./lune and ./.lune", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, {
        "a.luau": `print("a")`,
        "b.lua": `print("b")`,
        "tool/init.luau": `print("tool")`,
        "lune/task1.luau": `print("lune/task1")`,
        ".lune/task2.luau": `print(".lune/task2")`,
      });
      const outputs: string[] = [];
      for (const name of ["a", "a.luau", "./a", "b", "b.lua", "b.luau", "tool", "tool/init.luau", "task1", "task2", join(dir, "a")]) {
        const r = await bune(["run", name], { cwd: dir });
        expect(r.code).toBe(0);
        outputs.push(r.stdout.trim());
      }
      expect(outputs).toEqual(["a", "a", "a", "b", "b", "b", "tool", "tool", "lune/task1", ".lune/task2", "a"]);
    });
  });

  test("scripts in ~/lune and ~/.lune are found after the local folders", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, {
        "home/lune/g1.luau": `print("home lune")`,
        "home/.lune/g2.luau": `print("home .lune")`,
        "work/lune/g1.luau": `print("local wins")`,
      });
      const env = { HOME: join(dir, "home") };
      expect((await bune(["run", "g1"], { cwd: join(dir, "work"), env })).stdout).toBe("local wins\n");
      expect((await bune(["run", "g2"], { cwd: join(dir, "work"), env })).stdout).toBe("home .lune\n");
    });
  });

  test("not found, a directory without init, and ambiguous names are errors", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "empty/readme.txt": "", "both.luau": "", "both.lua": "" });
      const env = { HOME: dir };
      const missing = await bune(["run", "missing"], { cwd: dir, env });
      expect(missing).toMatchObject({ stdout: "", stderr: `[ERROR]\nFailed to resolve script at path ${dir}/missing (NotFound)\n`, code: 1 });
      const empty = await bune(["run", "empty"], { cwd: dir, env });
      expect(empty.stderr).toBe(`[ERROR]\nFailed to resolve script at path ${dir}/empty. The path is a directory without an init file\n`);
      const both = await bune(["run", "both"], { cwd: dir, env });
      expect(both.stderr).toBe(`[ERROR]\nFailed to resolve script at path ${dir}/both (Ambiguous)\n`);
      expect(both.code).toBe(1);
    });
  });

  test("`-` reads the script from stdin (chunk `stdin`); args go to process.args", async () => {
    const r = await bune(["run", "-", "x", "--y"], {
      stdin: `print(table.concat(require("@lune/process").args, ","))\nerror("from stdin")`,
    });
    expect(r.stdout).toBe("x,--y\n");
    expect(r.stderr).toStartWith("stdin:2: from stdin\n");
    expect(r.code).toBe(1);
  });
});

describe("run: errors", () => {
  test("a syntax error in the main script", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "bad.luau": "print('ok')\nlocal = 1" });
      const r = await bune(["run", "bad"], { cwd: dir });
      expect(r).toMatchObject({
        stdout: "",
        stderr: `syntax error: ${dir}/bad:2: Expected identifier when parsing variable name, got '='\n`,
        code: 1,
      });
    });
  });

  test("an uncaught error: message, stack block, status 1", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "err.luau": `local function f()\n  error("boom")\nend\nf()` });
      const r = await bune(["run", "err"], { cwd: dir });
      expect(r.stderr).toStartWith(`${dir}/err:2: boom\n[Stack Begin]\n`);
      expect(r.stderr).toContain(`    Script '${dir}/err', Line 2\n`);
      expect(r.stderr).toContain(`    Script '${dir}/err', Line 4\n`);
      expect(r.stderr).toContain("[Stack End]\n");
      expect(r.code).toBe(1);
    });
  });
});

describe("list and setup", () => {
  test("list shows local and home scripts with their descriptions", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, {
        "work/lune/build.luau": "--> Builds the project\n--> in two steps\nprint(1)",
        "work/lune/plain.lua": "print(1)",
        "work/lune/pkg/init.luau": "--> A package\n",
        "home/.lune/global.luau": "--> Everywhere\n",
      });
      const r = await bune(["list"], { cwd: join(dir, "work"), env: { HOME: join(dir, "home") } });
      expect(r.stdout).toBe(
        "Available scripts:\n  build  Builds the project in two steps\n  pkg    A package\n  plain\n" +
          "Available global scripts:\n  global  Everywhere\n",
      );
    });
  });

  test("setup writes type definitions for every library and sets the lune alias", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "work/.luaurc": `{\n  // mine\n  "aliases": { "mine": "./src", },\n  "languageMode": "strict"\n}` });
      const env = { HOME: join(dir, "home") };
      const r = await bune(["setup"], { cwd: join(dir, "work"), env });
      expect(r.code).toBe(0);
      const defs = join(dir, "home", ".lune", ".typedefs", VERSION);
      for (const lib of ["fs", "process", "stdio", "task"]) {
        expect(existsSync(join(defs, `${lib}.luau`))).toBe(true);
        // each definition file is valid Luau
        const check = await bune(["run", join(defs, `${lib}.luau`)], { env });
        expect(check).toMatchObject({ stderr: "", code: 0 });
      }
      const config = JSON.parse(readFileSync(join(dir, "work", ".luaurc"), "utf8"));
      expect(config).toEqual({ aliases: { mine: "./src", lune: `~/.lune/.typedefs/${VERSION}/` }, languageMode: "strict" });
    });
  });
});

describe("repl", () => {
  test("globals persist, expressions print, unfinished input continues", async () => {
    const r = await bune(["repl"], {
      stdin: `x = 20\nx + 1\nlocal function f()\n  return "multi" .. "line"\nend\nprint(x)\n{ a = 1 }\n1 +\n`,
    });
    expect(r.stdout).toBe(`Bune v${VERSION}\n> > 21\n> >> >> > 20\n> {\n    a = 1,\n}\n> >> \n`);
    expect(r.stderr).toBe("syntax error: REPL:2: Expected identifier when parsing expression, got <eof>\n");
    expect(r.code).toBe(0);
  });

  test("errors are reported and the session goes on", async () => {
    const r = await bune([], { stdin: `error("oops")\nprint("next")\n` });
    expect(r.stdout).toBe(`Bune v${VERSION}\n> > next\n> \n`);
    expect(r.stderr).toStartWith("REPL:1: oops\n");
  });
});

describe("repl in a terminal", () => {
  /** The screen ends with an empty prompt (`> `; lines are compared right-trimmed). */
  const atPrompt = (after: string) => (screen: string) => screen.endsWith(after + "\n>");

  test("history is kept in ~/.bune_history and recalled with Up/Down in the next session", async () => {
    await inTemp(async (home) => {
      const env = { HOME: home };
      const first = bunePty(["repl"], { env });
      await first.waitFor(atPrompt(`Bune v${VERSION}`), "the first prompt");
      first.write("x = 40\r");
      await first.waitFor(atPrompt("> x = 40"));
      first.write("print(x + 2)\r");
      await first.waitFor(atPrompt("42"));
      first.write(KEYS.ctrlD);
      expect(await first.exited()).toEqual({ code: 0, signal: null });
      expect(readFileSync(join(home, ".bune_history"), "utf8")).toBe("x = 40\nprint(x + 2)\n");

      const second = bunePty(["repl"], { env });
      await second.waitFor(atPrompt(`Bune v${VERSION}`), "the first prompt");
      second.write(KEYS.up);
      await second.waitFor((s) => s.endsWith("> print(x + 2)"));
      second.write(KEYS.up);
      await second.waitFor((s) => s.endsWith("> x = 40"));
      second.write(KEYS.down);
      await second.waitFor((s) => s.endsWith("> print(x + 2)"));
      second.write(KEYS.down); // back to the (empty) line being typed
      await second.waitFor(atPrompt(`Bune v${VERSION}`));
      second.write(KEYS.up + KEYS.up);
      await second.waitFor((s) => s.endsWith("> x = 40"));
      second.write(KEYS.enter);
      await second.waitFor(atPrompt("> x = 40"));
      // the newest entry comes first, then the ones from the first session
      second.write(KEYS.up + KEYS.up);
      await second.waitFor((s) => s.endsWith("> print(x + 2)"));
      second.write(KEYS.enter);
      await second.waitFor(atPrompt("42"));
      second.write(KEYS.ctrlC);
      await second.waitFor(atPrompt("Interrupt: ^C again to exit"));
      second.write(KEYS.ctrlC);
      expect(await second.exited()).toEqual({ code: 0, signal: null });
      expect(readFileSync(join(home, ".bune_history"), "utf8")).toBe("x = 40\nprint(x + 2)\nx = 40\nprint(x + 2)\n");
    });
  });

  test("Ctrl-C abandons the current input (unfinished lines too); twice in a row exits", async () => {
    await inTemp(async (home) => {
      const repl = bunePty(["repl"], { env: { HOME: home } });
      await repl.waitFor(atPrompt(`Bune v${VERSION}`), "the first prompt");
      repl.write("1 +\r");
      await repl.waitFor((s) => s.endsWith("> 1 +\n>>"));
      repl.write(KEYS.ctrlC);
      await repl.waitFor(atPrompt(">> ^C\nInterrupt: ^C again to exit"));
      repl.write("2\r");
      await repl.waitFor(atPrompt("> 2\n2"));
      repl.write("abc" + KEYS.left + KEYS.ctrlC);
      await repl.waitFor(atPrompt("> abc^C\nInterrupt: ^C again to exit"));
      // a line in between starts the count again
      repl.write("3\r");
      await repl.waitFor(atPrompt("> 3\n3"));
      repl.write(KEYS.ctrlC);
      await repl.waitFor(atPrompt("> 3\n3\n> ^C\nInterrupt: ^C again to exit"));
      repl.write(KEYS.ctrlC);
      expect(await repl.exited()).toEqual({ code: 0, signal: null });
      expect(repl.screen.transcript()).not.toContain("syntax error");
    });
  });
});

describe("bin/bune", () => {
  test("runs scripts under Bun and under Node", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "s.luau": `print("launched", ...)\nprint(#require("@lune/process").args)\nrequire("@lune/process").exit(5)` });
      const launcher = join(ROOT, "bin", "bune");
      const runners = [[BUN, launcher]];
      if (Bun.which("node") !== null) runners.push([Bun.which("node")!, launcher]);
      for (const runner of runners) {
        const child = Bun.spawn([...runner, "run", "s", "a", "b"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
        const stdout = await new Response(child.stdout).text();
        expect(await child.exited).toBe(5);
        expect(stdout).toBe("launched\n2\n");
      }
      expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).bin.bune).toBe("./bin/bune");
    });
  });
});

describe("examples", () => {
  const example = (name: string) => join(ROOT, "examples", `${name}.luau`);

  test("hello", async () => {
    const r = await bune(["run", example("hello"), "bune"]);
    expect(r.stdout).toStartWith("Hello, bune!\n{\n    features = {\n");
    expect(r.stdout).toEndWith("1. spawned\n2. deferred\n3. delayed\nwaited\ttrue\n");
    expect(r.code).toBe(0);
  });

  test("file-walker", async () => {
    await inTemp(async (dir) => {
      writeFiles(dir, { "b.txt": "12345", "a/one.txt": "1", "a/deep/two.txt": "22", ".hidden/x": "x" });
      const r = await bune(["run", example("file-walker"), dir]);
      expect(r).toMatchObject({
        stdout: "       2  a/deep/two.txt\n       1  a/one.txt\n       5  b.txt\n3 files, 8 bytes\n",
        code: 0,
      });
    });
  });

  test("pipeline", async () => {
    const r = await bune(["run", example("pipeline"), "b a c b a b"]);
    expect(r).toMatchObject({ stdout: "b\t3\na\t2\nc\t1\n", stderr: "", code: 0 });
  });

  test("worker-pool", async () => {
    const r = await bune(["run", example("worker-pool"), "4", "25"]);
    expect(r).toMatchObject({ stdout: "4 workers finished 25 jobs\nsum of squares 1..25 = 5525\n", code: 0 });
  });
});
