// @lune/process with real child processes: args, env, cwd, exit, exec options and create's streams.
import { describe, expect, test } from "bun:test";
import { runScript } from "./lune_harness";

const PROCESS = `local process = require("@lune/process")\n`;

describe("the current process", () => {
  test("args are everything after the script, verbatim and read-only", async () => {
    const r = await runScript(
      PROCESS +
        `print(#process.args, table.concat(process.args, "|"))
print(pcall(function() process.args[1] = "x" end))`,
      {},
      { args: ["one", "--flag", "-x", "two words", "héllo"] },
    );
    expect(r.stdout).toBe(`5\tone|--flag|-x|two words|héllo\nfalse\t${r.dir}/main:3: attempt to modify a readonly table\n`);
  });

  test("os, arch, endianness and cwd", async () => {
    const r = await runScript(PROCESS + `print(process.os, process.arch, process.endianness, process.cwd)`);
    const os = process.platform === "darwin" ? "macos" : process.platform;
    const arch = process.arch === "x64" ? "x86_64" : "aarch64";
    expect(r.stdout).toBe(`${os}\t${arch}\tlittle\t${r.dir}/\n`);
  });

  test("env reads and writes the real environment (seen by children)", async () => {
    const r = await runScript(
      PROCESS +
        `print(process.env.BUNE_TEST_VAR, process.env.BUNE_UNSET)
process.env.BUNE_NEW = "new value"
process.env.BUNE_TEST_VAR = nil
print(process.env.BUNE_NEW, process.env.BUNE_TEST_VAR)
print(process.exec("sh", { "-c", 'echo "$BUNE_NEW|$BUNE_TEST_VAR"' }).stdout)
local seen = 0
for k, v in process.env do if k == "BUNE_NEW" and v == "new value" then seen += 1 end end
print(seen)
print(pcall(function() process.env.BUNE_X = 5 end))`,
      {},
      { env: { BUNE_TEST_VAR: "from parent" } },
    );
    expect(r.stdout).toStartWith("from parent\tnil\nnew value\tnil\nnew value|\n\n1\nfalse\t");
    expect(r.stdout).toContain("must be strings, got number");
  });

  test("exit codes: explicit, default 0, out of range is an error", async () => {
    expect((await runScript(PROCESS + `process.exit(42)`)).code).toBe(42);
    expect((await runScript(PROCESS + `error("x")\n`)).code).toBe(1);
    const r = await runScript(PROCESS + `print(pcall(process.exit, 256))\nprocess.exit()`);
    expect(r.stdout).toContain("false\t");
    expect(r.code).toBe(0);
  });
});

describe("exec", () => {
  test("captures stdout, stderr and the exit code", async () => {
    const r = await runScript(
      PROCESS +
        `local r = process.exec("sh", { "-c", "printf out; printf err >&2; exit 3" })
print(r.ok, r.code, r.stdout, r.stderr)
r = process.exec("true")
print(r.ok, r.code, r.stdout == "", r.stderr == "")`,
    );
    expect(r.stdout).toBe("false\t3\tout\terr\ntrue\t0\ttrue\ttrue\n");
  });

  test("stdin data, and EOF at once without it", async () => {
    const r = await runScript(
      PROCESS +
        `print(process.exec("cat", nil, { stdio = { stdin = "piped \\0 bytes" } }).stdout == "piped \\0 bytes")
print(process.exec("wc", { "-c" }, { stdio = { stdin = buffer.fromstring("12345") } }).stdout:match("%d+"))
print(process.exec("cat").stdout == "")
print(#process.exec("cat", nil, { stdio = { stdin = string.rep("x", 5e6) } }).stdout)`,
    );
    expect(r.stdout).toBe("true\n5\ntrue\n5000000\n");
  });

  test("cwd (with ~), env and shell options", async () => {
    const r = await runScript(
      PROCESS +
        `print(process.exec("pwd", nil, { cwd = "/" }).stdout)
print(process.exec("pwd", nil, { cwd = "~" }).stdout == (process.env.HOME .. "\\n"))
print(process.exec("sh", { "-c", "echo $EXTRA" }, { env = { EXTRA = "extra env" } }).stdout)
print(process.exec("echo", { "$((1 + 2))", "|", "tr", "3", "x" }, { shell = true }).stdout)
print(process.exec("echo $0", nil, { shell = "/bin/sh" }).stdout)
print(pcall(process.exec, "pwd", nil, { cwd = "/definitely/not/here" }))`,
    );
    expect(r.stdout).toBe(
      "/\n\ntrue\nextra env\n\nx\n\n/bin/sh\n\nfalse\tInvalid value for option 'cwd' - path does not exist\n",
    );
  });

  test("stdio kinds: inherit echoes and captures, forward echoes only, none drops", async () => {
    const r = await runScript(
      PROCESS +
        `local a = process.exec("sh", { "-c", "echo inherited; echo e1 >&2" }, { stdio = "inherit" })
print("captured:", a.stdout, a.stderr)
local b = process.exec("echo", { "forwarded" }, { stdio = "forward" })
print("captured:", b.stdout == "")
local c = process.exec("echo", { "dropped" }, { stdio = { stdout = "NONE" } })
print("captured:", c.stdout == "")
print(pcall(process.exec, "echo", nil, { stdio = "bogus" }))`,
    );
    expect(r.stdout).toBe(
      "inherited\ncaptured:\tinherited\n\te1\n\nforwarded\ncaptured:\ttrue\ncaptured:\ttrue\n" +
        "false\tInvalid value for option 'stdio' - expected one of: 'default', 'inherit', 'forward', 'none', got 'bogus'\n",
    );
    expect(r.stderr).toBe("e1\n");
  });

  test("a program that cannot start is a Luau error", async () => {
    const r = await runScript(PROCESS + `print(pcall(process.exec, "bune-no-such-program"))\nprint("alive")`);
    expect(r.stdout).toBe("false\tFailed to spawn process 'bune-no-such-program': No such file or directory (os error 2)\nalive\n");
    expect(r.code).toBe(0);
  });

  test("several execs in different threads run concurrently", async () => {
    const start = performance.now();
    const r = await runScript(
      PROCESS +
        `local task = require("@lune/task")
local done = 0
for i = 1, 4 do task.spawn(function() process.exec("sleep", { "0.5" }); done += 1 end) end
print("spawned", done)
while done < 4 do task.wait(0.01) end
print("done", done)`,
    );
    expect(r.stdout).toBe("spawned\t0\ndone\t4\n");
    // one after the other they would take 2 s
    expect(performance.now() - start).toBeLessThan(1600);
  });
});

describe("create", () => {
  test("streams stdin to the child and its output back", async () => {
    const r = await runScript(
      PROCESS +
        `local child = process.create("cat")
child.stdin:write("hello ")
child.stdin:write(buffer.fromstring("world"))
child.stdin:close()
print(child.stdout:readToEnd())
local status = child:status()
print(status.ok, status.code)`,
    );
    expect(r.stdout).toBe("hello world\ntrue\t0\n");
  });

  test("read in chunks, nil at the end; stderr separately", async () => {
    const r = await runScript(
      PROCESS +
        `local child = process.create("sh", { "-c", "printf abcdef; printf oops >&2; exit 2" })
print(child.stdout:read(4), child.stdout:read(), child.stdout:read())
print(child.stderr:readToEnd(), child:status().code)`,
    );
    expect(r.stdout).toBe("abcd\tef\tnil\noops\t2\n");
  });

  test("kill ends the child (status code 9) and writing afterwards errors", async () => {
    const r = await runScript(
      PROCESS +
        `local child = process.create("sleep", { "30" })
child:kill()
local s = child:status()
print(s.ok, s.code)
print((pcall(function() child.stdin:write("x") end)))`,
    );
    expect(r.stdout).toBe("false\t9\nfalse\n");
  });

  test("writing to a child that stopped reading is a Luau error, not a crash", async () => {
    const r = await runScript(
      PROCESS +
        `local child = process.create("head", { "-c", "4" })
local ok, err = pcall(function()
  for i = 1, 200 do child.stdin:write(string.rep("y", 65536)) end
end)
print(ok, err)
print(child.stdout:readToEnd(), child:status().code)
local r = process.exec("head", { "-c", "3" }, { stdio = { stdin = string.rep("z", 1e7) } })
print(r.ok, r.stdout)`,
    );
    expect(r).toMatchObject({ stdout: "false\tBroken pipe (os error 32)\nyyyy\t0\ntrue\tzzz\n", code: 0 });
  });

  test("a child nobody waits on does not keep the script alive", async () => {
    const start = performance.now();
    const r = await runScript(PROCESS + `process.create("sleep", { "5" })\nprint("done")`);
    expect(r.stdout).toBe("done\n");
    expect(performance.now() - start).toBeLessThan(4000);
  });
});
