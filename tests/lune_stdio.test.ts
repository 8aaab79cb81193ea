// @lune/stdio and Lune's value formatting in print/warn/stdio.format.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { BUN, CLI, removeDir, runScript, tempDir, writeFiles } from "./lune_harness";

const STDIO = `local stdio = require("@lune/stdio")\n`;

describe("print and warn", () => {
  test("numbers, strings and other values print as Luau's tostring, separated by tabs", async () => {
    const r = await runScript(`print(1, 0.1, 1e-7, 2^53, -0, 1/0, -1/0, "s", nil, true)\nprint()\nprint(type(tostring(print)))`);
    expect(r.stdout).toBe("1\t0.1\t1e-07\t9007199254740992\t-0\tinf\t-inf\ts\tnil\ttrue\n\nstring\n");
    const f = await runScript(`print(print, coroutine.create(print), buffer.create(1))`);
    expect(f.stdout).toMatch(/^function: 0x[0-9a-f]+\tthread: 0x[0-9a-f]+\tbuffer: 0x[0-9a-f]+\n$/);
  });

  test("tables are pretty-printed with sorted keys", async () => {
    const r = await runScript(
      `print({ "Hello", "World", Hello = "World" })
print({ 1, 2, 3 }, {})
print({ b = 1, a = { x = true }, [10] = "ten", [1.5] = "frac", ["with space"] = "q\\"\\t\\n" })`,
    );
    expect(r.stdout).toBe(
      `{
    [1] = "Hello",
    [2] = "World",
    Hello = "World",
}
{
    1,
    2,
    3,
}\t{ }
{
    [10] = "ten",
    a = {
        x = true,
    },
    b = 1,
    ["with space"] = "q\\"\\t\\n",
    [1.5] = "frac",
}
`,
    );
  });

  test("recursion, depth limit, __tostring and __type", async () => {
    const r = await runScript(
      `local t = {} t.self = t t.list = { t }
print(t)
print({ a = { b = { c = { d = { e = 1 } } } } })
print(setmetatable({}, { __tostring = function() return "custom" end }))
print({ inner = setmetatable({}, { __tostring = function() return "custom" end }) })
print(setmetatable({}, { __type = "Thing" }), newproxy())`,
    );
    expect(r.stdout).toBe(
      `{
    list = {
        { recursive },
    },
    self = { recursive },
}
{
    a = {
        b = {
            c = {
                d = { ... },
            },
        },
    },
}
custom
{
    inner = custom,
}
<Thing>\t<userdata>
`,
    );
  });

  test("warn writes a [WARN] label and the values to stdout", async () => {
    const r = await runScript(`warn("careful", 1, { x = 1 })`);
    expect(r).toMatchObject({ stdout: "[WARN]\ncareful\t1\t{\n    x = 1,\n}\n", stderr: "" });
  });
});

describe("stdio", () => {
  test("write and ewrite are raw bytes without newlines", async () => {
    const r = await runScript(STDIO + `stdio.write("a\\0b")\nstdio.write(buffer.fromstring("c"))\nstdio.ewrite("err")\nstdio.write("\\255")`);
    expect([...Buffer.from(r.stdout, "latin1")].slice(0, 4)).toEqual([97, 0, 98, 99]);
    expect(r.stderr).toBe("err");
    expect(r.code).toBe(0);
  });

  test("format uses print's formatting, separated by spaces", async () => {
    const r = await runScript(
      STDIO + `print(stdio.format("Hello", "world", "!"))\nprint(stdio.format({ 1 }, 0.5, nil) == "{\\n    1,\\n} 0.5 nil")`,
    );
    expect(r.stdout).toBe("Hello world !\ntrue\n");
  });

  test("color and style give ANSI sequences; unknown names are errors", async () => {
    const r = await runScript(
      STDIO +
        `print(stdio.color("red") == "\\27[31m", stdio.color(" PURPLE ") == "\\27[35m", stdio.color("reset") == "\\27[0m")
print(stdio.style("bold") == "\\27[1m", stdio.style("dim") == "\\27[2m")
print(pcall(stdio.color, "gray"))
print(pcall(stdio.style, "italic"))`,
    );
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["true\ttrue\ttrue", "true\ttrue"]);
    expect(lines[2]).toStartWith("false\tInvalid color kind 'gray'");
    expect(lines[3]).toStartWith("false\tInvalid style kind 'italic'");
  });

  test("readLine keeps the line break; readToEnd takes the rest", async () => {
    const r = await runScript(
      STDIO +
        `local a = stdio.readLine()
local b = stdio.readLine()
local rest = stdio.readToEnd()
print(#a, #b, #rest, rest)
print(stdio.readLine() == "", stdio.readToEnd() == "")`,
      {},
      { stdin: "first\nsecond\nthird\nfourth" },
    );
    expect(r.stdout).toBe("6\t7\t12\tthird\nfourth\ntrue\ttrue\n");
  });

  test("reading stdin yields: other threads keep running", async () => {
    const r = await runScript(
      STDIO +
        `local task = require("@lune/task")
task.spawn(function() print("got", stdio.readLine()) end)
print("main continues")`,
      {},
      { stdin: "input\n" },
    );
    expect(r.stdout).toBe("main continues\ngot\tinput\n\n");
  });

  test("prompt checks its arguments and needs a terminal", async () => {
    const r = await runScript(
      STDIO +
        `print(pcall(stdio.prompt, "nope"))
print(pcall(stdio.prompt, "confirm"))
print(pcall(stdio.prompt, "select", "pick"))
print(pcall(stdio.prompt, "text", "name?", 5))
print(pcall(stdio.prompt, "text", "name?"))`,
      {},
      { stdin: "" },
    );
    expect(r.stdout).toBe(
      "false\tInvalid prompt kind 'nope' - expected one of: Text, Confirm, Select, MultiSelect\n" +
        "false\tPrompt kind 'confirm' requires a message\n" +
        "false\tPrompt kind 'select' requires a table of options\n" +
        "false\tInvalid prompt option - expected boolean, string or table, got number\n" +
        "false\tstdio.prompt needs an interactive terminal, but stdin is not a TTY\n",
    );
  });
});

test("prompt in a terminal: text, confirm, select and multiselect", async () => {
  const dir = tempDir();
  try {
    writeFiles(dir, {
      "main.luau":
        STDIO +
        `local name = stdio.prompt("text", "name?")
local sure = stdio.prompt("confirm", "sure?", true)
local pick = stdio.prompt("select", "pick one", { "a", "b", "c" })
local many = stdio.prompt("multiselect", "pick some", { "a", "b", "c" })
print("RESULT", name, sure, pick, table.concat(many, ","))`,
    });
    // answers are typed when the question they answer has appeared
    const script: [string, string][] = [
      ["name?", "bob\n"],
      ["sure?", "\n"],
      ["number", "2\n"],
      ["numbers", "3, 1\n"],
    ];
    let output = "";
    const child = Bun.spawn([BUN, CLI, "run", join(dir, "main.luau")], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
      terminal: {
        cols: 120,
        rows: 40,
        data(term, data) {
          output += Buffer.from(data).toString("utf8");
          const next = script[0];
          if (next !== undefined && output.includes(next[0])) {
            script.shift();
            term.write(next[1]);
          }
        },
      },
    });
    const timer = setTimeout(() => child.kill(), 10_000);
    await child.exited;
    clearTimeout(timer);
    child.terminal?.close();
    expect(output).toContain("name? › bob");
    expect(output).toContain("  1) a\r\n  2) b\r\n  3) c");
    expect(output).toContain("RESULT\tbob\ttrue\t2\t1,3");
  } finally {
    removeDir(dir);
  }
});
