// require: builtin libraries, path resolution (./, ../, @self, .luaurc aliases), init files, the
// module cache, yielding modules, cycles and error messages.
import { describe, expect, test } from "bun:test";
import { bune, removeDir, runScript, tempDir, writeFiles } from "./lune_harness";

describe("builtin libraries", () => {
  test("@lune/<name> is case-insensitive and returns one frozen table", async () => {
    const r = await runScript(
      `local a, b = require("@lune/task"), require("@LUNE/Task")
print(a == b, type(a.spawn), table.isfrozen(a))
for _, name in { "fs", "process", "stdio", "task" } do assert(type(require("@lune/" .. name)) == "table", name) end
print(pcall(require, "@lune/nope"))
print(pcall(require, "@lune"))`,
    );
    expect(r.stdout).toStartWith("true\tfunction\ttrue\n");
    expect(r.stdout).toContain(`false\terror requiring module "@lune/nope": `);
    expect(r.stdout).toContain(`false\terror requiring module "@lune": `);
    expect(r.code).toBe(0);
  });

  test("a non-string path and a path without a valid prefix are errors", async () => {
    const r = await runScript(`print(pcall(require, 5))\nprint(pcall(require, "mod"))`);
    expect(r.stdout).toBe(
      "false\tbad argument #1 to 'require' (string expected, got number)\n" +
        `false\terror requiring module "mod": require path must start with a valid prefix: ./, ../, or @\n`,
    );
  });
});

describe("paths", () => {
  test("./ and ../ are relative to the requiring file", async () => {
    const r = await runScript(`print(require("./lib/a"))`, {
      "lib/a.luau": `return "a+" .. require("./b") .. "+" .. require("../top")`,
      "lib/b.luau": `return "b"`,
      "top.lua": `return "top"`,
    });
    expect(r).toMatchObject({ stdout: "a+b+top\n", stderr: "", code: 0 });
  });

  test("a directory with init.luau is a module; inside it ./ means its siblings and @self its children", async () => {
    const r = await runScript(`print(require("./pkg"))`, {
      "pkg/init.luau": `return require("@self/inner") .. "," .. require("./sibling")`,
      "pkg/inner.luau": `return "inner"`,
      "sibling.luau": `return "sibling"`,
    });
    expect(r.stdout).toBe("inner,sibling\n");
  });

  test("@self in a plain file means the folder named after it", async () => {
    const r = await runScript(`print(require("./a"))`, {
      "a.luau": `return require("@self/child")`,
      "a/child.luau": `return "a/child"`,
    });
    expect(r.stdout).toBe("a/child\n");
  });

  test("extensions are appended, never replaced", async () => {
    const r = await runScript(`print(require("./multi.ext.file"))`, { "multi.ext.file.luau": `return "ok"` });
    expect(r.stdout).toBe("ok\n");
  });

  test("missing and ambiguous modules name the requested path", async () => {
    const r = await runScript(
      `print(pcall(require, "./missing"))
print(pcall(require, "./both"))
print(pcall(require, "./dir"))`,
      { "both.luau": "return 1", "both.lua": "return 2", "dir/readme.txt": "" },
    );
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`false\terror requiring module "./missing": could not resolve child component "missing"`);
    expect(lines[1]).toBe(`false\terror requiring module "./both": could not resolve child component "both" (ambiguous)`);
    expect(lines[2]).toStartWith(`false\terror requiring module "./dir": no module present at resolved path`);
  });

  test("a shebang line is ignored", async () => {
    const r = await runScript(`print(require("./m"))`, { "m.luau": `#!/usr/bin/env bune\nreturn "shebang ok"` });
    expect(r.stdout).toBe("shebang ok\n");
  });
});

describe(".luaurc aliases", () => {
  test("aliases from the nearest config that defines them, lenient JSON, case-insensitive names", async () => {
    const r = await runScript(
      `print(require("@Lib/x"), require("@shared/y"), require("./sub/user"))`,
      {
        ".luaurc": `{
  // comments and trailing commas are allowed
  "aliases": { "lib": "./libs", "shared": "./shared", },
}`,
        "libs/x.luau": `return "root lib"`,
        "shared/y.luau": `return "shared"`,
        "sub/.luaurc": `{ "aliases": { "lib": "./otherlibs" } }`,
        "sub/otherlibs/x.luau": `return "sub lib"`,
        "sub/user.luau": `return require("@lib/x") .. " + " .. require("@shared/y")`,
      },
    );
    expect(r).toMatchObject({ stdout: "root lib\tshared\tsub lib + shared\n", stderr: "", code: 0 });
  });

  test("aliases can chain, cycles and unknown aliases are errors", async () => {
    const r = await runScript(
      `print(require("@a/m"))
print(pcall(require, "@loop1/m"))
print(pcall(require, "@unknown/m"))`,
      {
        ".luaurc": `{ "aliases": { "a": "@b", "b": "./target", "loop1": "@loop2", "loop2": "@loop1" } }`,
        "target/m.luau": `return "chained"`,
      },
    );
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("chained");
    expect(lines[1]).toBe(`false\terror requiring module "@loop1/m": detected alias cycle (@loop1 -> @loop2 -> @loop1)`);
    expect(lines[2]).toBe(`false\terror requiring module "@unknown/m": @unknown is not a valid alias`);
  });
});

describe("loading", () => {
  test("one cached result per module, whatever the spelling", async () => {
    const r = await runScript(
      `local a = require("./mods/m")
local b = require("@mods/m")
local c = require("./mods/../mods/m")
print(a == b, b == c, a.loads)`,
      {
        ".luaurc": `{ "aliases": { "mods": "./mods" } }`,
        "mods/m.luau": `_G.loads = (_G.loads or 0) + 1\nreturn { loads = _G.loads }`,
      },
    );
    expect(r.stdout).toBe("true\ttrue\t1\n");
  });

  test("a module may yield; concurrent requires wait for the same result", async () => {
    const r = await runScript(
      `local task = require("@lune/task")
local results = {}
for i = 1, 3 do
  task.spawn(function() results[i] = require("./slow") end)
end
print("requested", #results)
local direct = require("./slow")
print(results[1] == direct, results[2] == direct, results[3] == direct, direct.runs)`,
      {
        "slow.luau": `local task = require("@lune/task")
_G.runs = (_G.runs or 0) + 1
task.wait(0.02)
return { runs = _G.runs }`,
      },
    );
    expect(r.stdout).toBe("requested\t0\ntrue\ttrue\ttrue\t1\n");
  });

  test("modules share the script's globals; nil results become true; extra results are dropped", async () => {
    const r = await runScript(`print(require("./setter"), shared, require("./two"))`, {
      "setter.luau": `shared = "from module"`,
      "two.luau": `return 1, 2`,
    });
    expect(r.stdout).toBe("true\tfrom module\t1\n");
  });

  test("cyclic requires are detected", async () => {
    const r = await runScript(`print(require("./a"))`, {
      "a.luau": `local ok, err = pcall(require, "./b")\nprint(ok, err)\nreturn "a done"`,
      "b.luau": `return require("./a")`,
    });
    expect(r.stdout).toBe(`false\t${r.dir}/b:1: error requiring module "./a": cyclic require detected\na done\n`);
  });

  test("a module error is reported, raised in the requirer and not cached", async () => {
    const r = await runScript(
      `print(pcall(require, "./bad"))
print(pcall(require, "./bad"))
print(pcall(require, "./syntax"))`,
      {
        "bad.luau": `_G.tries = (_G.tries or 0) + 1\nerror("bad module " .. _G.tries)`,
        "syntax.luau": `local x = = 1`,
      },
    );
    expect(r.stdout).toBe(
      `false\t${r.dir}/bad:2: bad module 1\nfalse\t${r.dir}/bad:2: bad module 2\n` +
        `false\t${r.dir}/syntax:1: Expected identifier when parsing expression, got '='\n`,
    );
    expect(r.stderr).toContain(`${r.dir}/bad:2: bad module 1\n`);
    expect(r.code).toBe(1);
  });

  test("code read from stdin can require only builtin modules", async () => {
    const dir = tempDir();
    try {
      writeFiles(dir, { "m.luau": "return 1" });
      const r = await bune(["run", "-"], {
        cwd: dir,
        stdin: `print(type(require("@lune/fs")))\nprint(pcall(require, "./m"))`,
      });
      expect(r.stdout).toBe(`table\nfalse\terror requiring module "./m": require is not supported in this context\n`);
    } finally {
      removeDir(dir);
    }
  });

  test("require inside a module's function resolves from that module", async () => {
    const r = await runScript(`local lazy = require("./lib/lazy")\nprint(lazy())`, {
      "lib/lazy.luau": `return function() return require("./near") end`,
      "lib/near.luau": `return "near lib"`,
    });
    expect(r.stdout).toBe("near lib\n");
  });
});
