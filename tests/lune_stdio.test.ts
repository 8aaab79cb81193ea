// @lune/stdio and Lune's value formatting in print/warn/stdio.format.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { BUN, CLI, removeDir, runScript, tempDir, writeFiles } from "./lune_harness";
import { KeyDecoder } from "../stdlib/lune/stdio/keys";
import { bunePty, KEYS, Pty } from "./pty";

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


test("terminal input decodes into keys: text, control keys, escape sequences, split chunks", () => {
  const decoder = new KeyDecoder();
  const names = (bytes: string) =>
    decoder
      .push(Buffer.from(bytes, "latin1"))
      .map((k) => (k.alt ? "alt-" : "") + (k.ctrl && k.name !== "ctrl" ? "ctrl-" : "") + k.name + (k.ch ? ":" + k.ch : ""));
  expect(names("a\x1b[A\x1bOB\x1b[1;5C\x1b[3~\x1b[H\x1b[4~\x1b[Z\r\n\r\x7f\t\x03")).toEqual([
    "char:a", "up", "down", "ctrl-right", "delete", "home", "end", "backtab", "enter", "enter", "backspace", "tab", "ctrl:c",
  ]);
  // Alt+key, and Escape at the end of a chunk
  expect(names("\x1bb\x1b")).toEqual(["alt-char:b", "escape"]);
  // a UTF-8 character or a sequence cut between chunks waits for its end
  const e = Buffer.from("é", "utf8").toString("latin1");
  expect(names(e[0])).toEqual([]);
  expect(names(e[1] + "\x1b[")).toEqual(["char:é"]);
  expect(names("D")).toEqual(["left"]);
});

describe("prompt in a terminal", () => {
  /** Runs `source` as main.luau on a pseudo-terminal while `drive` types into it. */
  async function inTerminal(source: string, drive: (pty: Pty) => Promise<void>, cmd?: (main: string) => string[]) {
    const dir = tempDir();
    try {
      const main = join(dir, "main.luau");
      writeFiles(dir, { "main.luau": STDIO + source });
      const pty = cmd === undefined ? bunePty(["run", main], { cwd: dir }) : new Pty(cmd(main), { cwd: dir });
      const failure = await drive(pty).then(
        () => undefined,
        (e: unknown) => {
          pty.kill();
          return { e };
        },
      );
      // the child must be gone before its directory is
      const exit = await pty.exited();
      if (failure !== undefined) throw failure.e;
      return { screen: pty.screen.transcript(), raw: pty.raw, ...exit };
    } finally {
      removeDir(dir);
    }
  }

  test("text is edited in place from its initial text; confirm takes y/n, Enter for the default", async () => {
    const r = await inTerminal(
      `local task = require("@lune/task")
task.defer(function() print("other threads run meanwhile") end)
local name = stdio.prompt("text", "name?", "bb")
local sure = stdio.prompt("confirm", "sure?", true)
local really = stdio.prompt("confirm", "really?")
print("RESULT", name, sure, really)`,
      async (pty) => {
        await pty.waitFor("other threads run meanwhile");
        await pty.waitFor("? name? › bb");
        pty.write(KEYS.left + "o");
        await pty.waitFor("? name? › bob");
        pty.write(KEYS.enter);
        await pty.waitFor("? sure? (y/n) › yes");
        pty.write(KEYS.enter);
        await pty.waitFor("? really? (y/n) ›");
        // without a default, Enter alone is no answer
        pty.write(KEYS.enter + "n");
        await pty.waitFor("RESULT");
      },
    );
    expect(r.screen).toEndWith("✔ name? · bob\n✔ sure? · yes\n✔ really? · no\nRESULT  bob     true    false");
    expect(r.code).toBe(0);
  });

  test("select: arrow keys and j/k move, Enter picks, Esc cancels (nil)", async () => {
    const r = await inTerminal(
      `local pick = stdio.prompt("select", "pick one", { "apple", "banana", "cherry" })
local last = stdio.prompt("select", "again", { "x", "y", "z" })
local none = stdio.prompt("select", "cancel", { "x", "y" })
print("RESULT", pick, last, none)`,
      async (pty) => {
        await pty.waitFor("? pick one ›\n  apple\n  banana\n  cherry");
        // nothing is highlighted until the first move, which lands on the first item
        pty.write(KEYS.down);
        await pty.waitFor("❯ apple");
        pty.write(KEYS.down);
        await pty.waitFor("❯ banana");
        pty.write(KEYS.down);
        await pty.waitFor("❯ cherry");
        pty.write(KEYS.down); // wraps around
        await pty.waitFor("❯ apple");
        pty.write("j");
        await pty.waitFor("❯ banana");
        pty.write(KEYS.enter);
        await pty.waitFor("? again ›");
        pty.write("k"); // up from nothing: the last item
        await pty.waitFor("❯ z");
        pty.write(KEYS.up);
        await pty.waitFor("❯ y");
        pty.write(KEYS.enter);
        await pty.waitFor("? cancel ›");
        pty.write(KEYS.esc);
        await pty.waitFor("RESULT");
      },
    );
    // each answered menu collapses to one line; the cancelled one leaves nothing
    expect(r.screen).toEndWith("✔ pick one · banana\n✔ again · y\nRESULT  2       2       nil");
    expect(r.code).toBe(0);
  });

  test("multiselect: Space toggles, a toggles all, Enter gives the indices in order", async () => {
    const r = await inTerminal(
      `local many = stdio.prompt("multiselect", "pick some", { "a", "b", "c", "d" })
local all = stdio.prompt("multiselect", "all", { "x", "y" })
local empty = stdio.prompt("multiselect", "none", { "x" })
print("RESULT", table.concat(many, ","), table.concat(all, ","), #empty)`,
      async (pty) => {
        await pty.waitFor("? pick some ›\n❯ ⬚ a\n  ⬚ b\n  ⬚ c\n  ⬚ d");
        pty.write(KEYS.down + KEYS.down + KEYS.down);
        await pty.waitFor("❯ ⬚ d");
        pty.write(" ");
        await pty.waitFor("❯ ✔ d");
        pty.write(KEYS.up + KEYS.up + KEYS.up);
        await pty.waitFor("❯ ⬚ a");
        pty.write(" ");
        await pty.waitFor("❯ ✔ a");
        pty.write(KEYS.down + " ");
        await pty.waitFor("❯ ✔ b");
        pty.write(" "); // and off again
        await pty.waitFor("❯ ⬚ b");
        pty.write(KEYS.enter);
        await pty.waitFor("? all ›");
        pty.write("a");
        await pty.waitFor("❯ ✔ x\n  ✔ y");
        pty.write(KEYS.enter);
        await pty.waitFor("? none ›");
        pty.write(KEYS.enter);
        await pty.waitFor("RESULT");
      },
    );
    expect(r.screen).toEndWith("✔ pick some · a, d\n✔ all · x, y\n✔ none ·\nRESULT  1,4     1,2     0");
    expect(r.code).toBe(0);
  });

  test("Ctrl-C in a menu restores the terminal and ends the process like SIGINT", async () => {
    // a shell on the terminal shows its settings before and after, and the exit status
    const r = await inTerminal(
      `stdio.prompt("select", "pick one", { "a", "b" })
print("NOT REACHED")`,
      async (pty) => {
        await pty.waitFor("? pick one ›");
        pty.write(KEYS.down);
        await pty.waitFor("❯ a");
        pty.write(KEYS.ctrlC);
        await pty.waitFor("AFTER");
      },
      (main) => ["sh", "-c", `stty -a | grep -o -- ' -*icanon' ; "${BUN}" "${CLI}" run "${main}"; echo "status=$?"; stty -a | grep -o -- ' -*icanon\\| -*echo '; echo AFTER`],
    );
    expect(r.screen).toContain("? pick one ›\n❯ a\n  b\nstatus=130\n icanon\n echo\nAFTER");
    expect(r.screen).not.toContain("NOT REACHED");
    // the cursor, hidden while the menu was up, is shown again
    expect(r.raw.lastIndexOf("\x1b[?25h")).toBeGreaterThan(r.raw.lastIndexOf("\x1b[?25l"));
  });

  test("a prompt whose thread is cancelled leaves the screen and the terminal as they were", async () => {
    const r = await inTerminal(
      `local task = require("@lune/task")
local waiting = task.spawn(function()
  stdio.prompt("select", "never answered", { "a", "b" })
  print("NOT REACHED")
end)
task.wait(0.2)
task.cancel(waiting)
print("cancelled")
print("next", stdio.prompt("confirm", "still works?"))`,
      async (pty) => {
        await pty.waitFor("cancelled");
        await pty.waitFor("? still works? (y/n) ›");
        pty.write("y");
        await pty.waitFor("next");
      },
    );
    expect(r.screen).toEndWith("cancelled\n✔ still works? · yes\nnext    true");
    expect(r.code).toBe(0);
  });
});
