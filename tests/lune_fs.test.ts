// @lune/fs on real files: byte-exact contents, directories, metadata, move/copy and Lune's errors.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, runScript, tempDir, bune, writeFiles } from "./lune_harness";

const FS = `local fs = require("@lune/fs")\n`;

describe("files", () => {
  test("contents are bytes both ways (strings and buffers)", async () => {
    const dir = tempDir();
    try {
      writeFiles(dir, {
        "main.luau":
          FS +
          `local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
fs.writeFile("bytes.bin", table.concat(all))
fs.writeFile("buf.bin", buffer.fromstring("\\0\\255buf"))
local back = fs.readFile("bytes.bin")
print(#back, back == table.concat(all), fs.readFile("buf.bin") == "\\0\\255buf")
print(#fs.readFile("utf8.txt"), fs.readFile("utf8.txt"))`,
        "utf8.txt": "héllo ✓",
      });
      const r = await bune(["run", "main.luau"], { cwd: dir });
      expect(r).toMatchObject({ stdout: "256\ttrue\ttrue\n10\théllo ✓\n", stderr: "", code: 0 });
      const bytes = readFileSync(join(dir, "bytes.bin"));
      expect([...bytes]).toEqual([...Array(256).keys()]);
      expect([...readFileSync(join(dir, "buf.bin"))]).toEqual([0, 255, 98, 117, 102]);
    } finally {
      removeDir(dir);
    }
  });

  test("reading what is not a readable file is an OS error", async () => {
    const r = await runScript(
      FS +
        `fs.writeDir("d")
print(pcall(fs.readFile, "missing.txt"))
print(pcall(fs.readFile, "d"))
print(pcall(fs.writeFile, "no/such/dir/f.txt", "x"))
print(pcall(fs.readFile))`,
    );
    expect(r.stdout).toBe(
      "false\tNo such file or directory (os error 2)\n" +
        "false\tIs a directory (os error 21)\n" +
        "false\tNo such file or directory (os error 2)\n" +
        "false\tmissing argument #1 to 'readFile' (string expected)\n",
    );
  });
});

describe("directories", () => {
  test("writeDir creates parents and is idempotent; readDir lists names; removeDir is recursive", async () => {
    const r = await runScript(
      FS +
        `fs.writeDir("a/b/c")
fs.writeDir("a/b/c")
fs.writeFile("a/one.txt", "1")
fs.writeFile("a/b/two.txt", "2")
local names = fs.readDir("a")
table.sort(names)
print(table.concat(names, ","))
print(fs.isDir("a/b/c"), fs.isFile("a/one.txt"), fs.isFile("a"), fs.isDir("a/one.txt"), fs.isFile("nope"))
fs.removeDir("a")
print(fs.isDir("a"))`,
    );
    expect(r).toMatchObject({ stdout: "b,one.txt\ntrue\ttrue\tfalse\tfalse\tfalse\nfalse\n", code: 0 });
  });

  test("errors: a file in the way, removing the wrong kind, reading a file as a directory", async () => {
    const r = await runScript(
      FS +
        `fs.writeFile("f", "")
fs.writeDir("d")
print(pcall(fs.writeDir, "f"))
print(pcall(fs.removeFile, "d"))
print(pcall(fs.removeDir, "f"))
print(pcall(fs.removeDir, "missing"))
print(pcall(fs.readDir, "f"))`,
    );
    expect(r.stdout).toBe(
      "false\tFile exists (os error 17)\n" +
        "false\tIs a directory (os error 21)\n" +
        "false\tNot a directory (os error 20)\n" +
        "false\tNo such file or directory (os error 2)\n" +
        "false\tNot a directory (os error 20)\n",
    );
  });
});

describe("metadata", () => {
  test("existing files and directories, missing paths", async () => {
    const r = await runScript(
      FS +
        `fs.writeFile("f.txt", "hello")
local m = fs.metadata("f.txt")
print(m.exists, m.kind, typeof(m.modifiedAt), typeof(m.createdAt), m.permissions.readOnly)
print(math.abs(m.modifiedAt.unixTimestamp - os.time()) < 60, m.modifiedAt.unixTimestampMillis // 1000 == m.modifiedAt.unixTimestamp)
print(m.modifiedAt:toIsoDate():match("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d") ~= nil)
print(fs.metadata(".").kind)
local missing = fs.metadata("nope")
print(missing.exists, missing.kind, missing.modifiedAt)
print(pcall(function() m.kind = "x" end))`,
    );
    expect(r.stdout).toBe(
      "true\tfile\tDateTime\tDateTime\tfalse\ntrue\ttrue\ntrue\ndir\nfalse\tnil\tnil\n" +
        `false\t${r.dir}/main:10: attempt to modify a readonly table\n`,
    );
  });
});

describe("move and copy", () => {
  test("move renames; an existing target needs overwrite", async () => {
    const r = await runScript(
      FS +
        `fs.writeFile("a.txt", "A")
fs.writeFile("b.txt", "B")
print(pcall(fs.move, "missing", "x"))
print(pcall(fs.move, "a.txt", "b.txt"))
fs.move("a.txt", "b.txt", true)
print(fs.isFile("a.txt"), fs.readFile("b.txt"))
fs.move("b.txt", "c.txt", { overwrite = false })
print(fs.readFile("c.txt"))
print(pcall(fs.move, "c.txt", "d.txt", "yes"))`,
    );
    expect(r.stdout).toBe(
      "false\tNo file or directory exists at the path 'missing'\n" +
        "false\tA file or directory already exists at the path 'b.txt'\n" +
        "false\tA\n" +
        "A\n" +
        "false\tInvalid write options - expected boolean or table, got string\n",
    );
  });

  test("copy copies files and whole trees; existing targets need overwrite", async () => {
    const r = await runScript(
      FS +
        `fs.writeDir("src/deep/er")
fs.writeFile("src/top.txt", "top")
fs.writeFile("src/deep/er/leaf.txt", "leaf")
fs.copy("src", "dst")
print(fs.readFile("dst/top.txt"), fs.readFile("dst/deep/er/leaf.txt"))
print(pcall(fs.copy, "src", "dst"))
print(pcall(fs.copy, "src/top.txt", "dst/top.txt"))
print(pcall(fs.copy, "missing", "x"))
fs.writeFile("dst/extra.txt", "extra")
fs.copy("src", "dst", true)
print(fs.isFile("dst/extra.txt"), fs.isFile("dst/top.txt"))
fs.writeFile("src/top.txt", "new top")
fs.copy("src/top.txt", "dst/top.txt", { overwrite = true })
print(fs.readFile("dst/top.txt"))`,
    );
    expect(r.stdout).toBe(
      "top\tleaf\n" +
        "false\tA directory already exists at the path 'dst'\n" +
        "false\tA file already exists at the path 'dst/top.txt'\n" +
        "false\tNo file or directory exists at the path 'missing'\n" +
        "false\ttrue\n" +
        "new top\n",
    );
  });
});

test("file operations yield: other threads run while they wait", async () => {
  const r = await runScript(
    FS +
      `local task = require("@lune/task")
fs.writeFile("big.txt", string.rep("x", 1e6))
local order = {}
task.spawn(function() local s = fs.readFile("big.txt"); table.insert(order, "read " .. #s) end)
table.insert(order, "main continued")
task.wait(0.1)
print(table.concat(order, ", "))`,
  );
  expect(r.stdout).toBe("main continued, read 1000000\n");
});
