// @lune/task and the scheduler: ordering of spawn/defer/delay/wait, cancellation, error reporting
// and when the process exits (with which status).
import { describe, expect, test } from "bun:test";
import { runScript } from "./lune_harness";

const TASK = `local task = require("@lune/task")\n`;

describe("ordering", () => {
  test("Lune's reference example runs 1..6 in order", async () => {
    const r = await runScript(
      TASK +
        `local out = {}
local function ins(x) table.insert(out, x) end
ins(1)
task.defer(function() ins(5) end)
task.spawn(function() ins(2); coroutine.yield() end)
task.spawn(function() ins(3); task.wait(); ins(6) end)
ins(4)
task.wait(0.05)
print(table.concat(out, " "))`,
    );
    expect(r).toMatchObject({ stdout: "1 2 3 4 5 6\n", stderr: "", code: 0 });
  });

  test("spawn runs before it returns; a defer queued earlier still runs after it", async () => {
    const r = await runScript(
      TASK +
        `task.defer(print, "deferred")
local t = task.spawn(print, "spawned")
print("after spawn", type(t), coroutine.status(t))`,
    );
    expect(r.stdout).toBe("spawned\nafter spawn\tthread\tdead\ndeferred\n");
  });

  test("defers run in FIFO order and a defer queued by a deferred thread runs in the next cycle", async () => {
    const r = await runScript(
      TASK +
        `task.defer(function() print("a"); task.defer(print, "c") end)
task.defer(print, "b")
print("main")`,
    );
    expect(r.stdout).toBe("main\na\nb\nc\n");
  });

  test("deferred work runs before any timer, timers in deadline order", async () => {
    const r = await runScript(
      TASK +
        `task.delay(0.03, print, "delay 30ms")
task.delay(0, print, "delay 0")
task.defer(print, "defer")
task.spawn(function() task.wait(0.01); print("wait 10ms") end)
print("main")`,
    );
    expect(r.stdout).toBe("main\ndefer\ndelay 0\nwait 10ms\ndelay 30ms\n");
  });

  test("delay(0, f) does not run before the caller's wait elapses", async () => {
    const r = await runScript(
      TASK +
        `local ran = false
task.delay(0, function() ran = true end)
print(ran)
task.wait(0.05)
print(ran)`,
    );
    expect(r.stdout).toBe("false\ntrue\n");
  });

  test("varargs pass through spawn, defer and delay unchanged", async () => {
    const r = await runScript(
      TASK +
        `local function show(...) print(select("#", ...), ...) end
task.spawn(show, 1, nil, math.huge)
task.defer(show, nil, 0/0, "x")
task.delay(0, show, "a", nil)
local f = function() end
task.spawn(function(g) print(g == f) end, f)`,
    );
    expect(r.stdout).toBe("3\t1\tnil\tinf\ntrue\n3\tnil\tnan\tx\n2\ta\tnil\n");
  });

  test("nested spawn/defer/delay all work", async () => {
    const r = await runScript(
      TASK +
        `task.spawn(function()
  task.defer(function()
    task.delay(0.01, function()
      task.spawn(print, "innermost")
    end)
    print("deferred inside spawn")
  end)
  print("spawned")
end)`,
    );
    expect(r.stdout).toBe("spawned\ndeferred inside spawn\ninnermost\n");
  });
});

describe("spawn and threads", () => {
  test("a thread that calls coroutine.yield stays suspended until spawned again", async () => {
    const r = await runScript(
      TASK +
        `local co = coroutine.create(function(a)
  print("first", a)
  local b = coroutine.yield()
  print("second", b)
end)
task.spawn(co, 1)
print(coroutine.status(co))
task.spawn(co, 2)
print(coroutine.status(co))`,
    );
    expect(r.stdout).toBe("first\t1\nsuspended\nsecond\t2\ndead\n");
  });

  test("dead threads are ignored and returned as they are", async () => {
    const r = await runScript(
      TASK +
        `local co = coroutine.create(function() end)
coroutine.resume(co)
print(task.spawn(co) == co, task.defer(co) == co, coroutine.status(co))`,
    );
    expect(r).toMatchObject({ stdout: "true\ttrue\tdead\n", code: 0 });
  });

  test("coroutine.resume of a coroutine that waits returns true and the scheduler finishes it", async () => {
    const r = await runScript(
      TASK +
        `local co = coroutine.create(function()
  task.wait(0.01)
  print("resumed by the scheduler")
end)
print(coroutine.resume(co))
print(coroutine.status(co))`,
    );
    expect(r.stdout).toBe("true\nsuspended\nresumed by the scheduler\n");
  });

  test("bad arguments are Luau errors", async () => {
    const r = await runScript(
      TASK +
        `print(pcall(task.spawn, 1))
print(pcall(task.delay, "x", print))
print(pcall(task.cancel, {}))
print(pcall(function() task.foo = 1 end))`,
    );
    expect(r.stdout).toContain("function or thread expected, got number");
    expect(r.stdout).toContain("number expected, got string");
    expect(r.stdout).toContain("thread expected, got table");
    expect(r.stdout).toContain("attempt to modify a readonly table");
    expect(r.code).toBe(0);
  });
});

describe("wait", () => {
  test("returns the elapsed time, at least what was asked", async () => {
    const r = await runScript(
      TASK +
        `local t0 = os.clock()
local dt = task.wait(0.05)
print(dt >= 0.05, dt < 1, type(dt))`,
    );
    expect(r.stdout).toBe("true\ttrue\tnumber\n");
  });

  test("always yields, even for 0, nil, negative, NaN and infinite durations", async () => {
    const r = await runScript(
      TASK +
        `for _, d in { 0, -1, 0/0, math.huge, -math.huge, 1e300 } do
  local yielded = false
  task.defer(function() yielded = true end)
  local dt = task.wait(d)
  print(yielded, dt >= 0.001 and dt < 1)
end
local yielded = false
task.defer(function() yielded = true end)
task.wait()
print(yielded)`,
    );
    expect(r.stdout).toBe("true\ttrue\n".repeat(6) + "true\n");
  });

  test("waiting threads run concurrently", async () => {
    const start = performance.now();
    const r = await runScript(
      TASK +
        `local done = 0
for i = 1, 20 do task.spawn(function() task.wait(0.2); done += 1 end) end
task.wait(0.3)
print(done)`,
    );
    expect(r.stdout).toBe("20\n");
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe("cancel", () => {
  test("cancels deferred, delayed and waiting threads", async () => {
    const r = await runScript(
      TASK +
        `local d = task.defer(print, "deferred")
local l = task.delay(0.01, print, "delayed")
local w = task.spawn(function() task.wait(0.01); print("waited") end)
task.cancel(d); task.cancel(l); task.cancel(w)
print(coroutine.status(d), coroutine.status(l), coroutine.status(w))
task.wait(0.05)
print("end")`,
    );
    expect(r).toMatchObject({ stdout: "dead\tdead\tdead\nend\n", stderr: "", code: 0 });
  });

  test("cancelling a long wait lets the process exit at once", async () => {
    const start = performance.now();
    const r = await runScript(
      TASK +
        `local d = task.delay(30, print, "never")
local w = task.spawn(task.wait, 30)
task.wait() -- the delay's wrapper is sleeping now
task.cancel(d)
task.cancel(w)
print("bye")`,
    );
    expect(r).toMatchObject({ stdout: "bye\n", stderr: "", code: 0 });
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  test("cancelling the running thread is an error, a dead one a no-op", async () => {
    const r = await runScript(
      TASK +
        `print(pcall(task.cancel, coroutine.running()))
local co = coroutine.create(function() end)
coroutine.resume(co)
print(pcall(task.cancel, co))`,
    );
    expect(r.stdout).toBe("false\tcannot close running coroutine\ntrue\n");
  });
});

describe("errors and exit status", () => {
  test("an error in a spawned thread is reported, not raised in the caller", async () => {
    const r = await runScript(TASK + `task.spawn(function() error("boom") end)\nprint("still running")`);
    expect(r.stdout).toBe("still running\n");
    expect(r.stderr).toStartWith(`${r.dir}/main:2: boom\n[Stack Begin]\n`);
    expect(r.stderr).toContain(`Script '${r.dir}/main', Line 2`);
    expect(r.code).toBe(1);
  });

  test("the main chunk failing does not stop other threads", async () => {
    const r = await runScript(TASK + `task.delay(0.02, print, "delayed still runs")\nerror("main failed")`);
    expect(r.stdout).toBe("delayed still runs\n");
    expect(r.stderr).toContain(`${r.dir}/main:3: main failed`);
    expect(r.code).toBe(1);
  });

  test("a background error after the main chunk finished makes the status 1", async () => {
    const r = await runScript(TASK + `task.delay(0.01, error, "late", 0)\nprint("main done")`);
    expect(r.stdout).toBe("main done\n");
    expect(r.stderr).toStartWith("late\n");
    expect(r.code).toBe(1);
  });

  test("process.exit stops everything at once with its code", async () => {
    const r = await runScript(
      TASK +
        `local process = require("@lune/process")
task.delay(0.01, print, "never")
task.defer(function() print("deferred ran"); process.exit(3); print("not here") end)
print("main")`,
    );
    expect(r).toMatchObject({ stdout: "main\ndeferred ran\n", stderr: "", code: 3 });
  });

  test("a top-level coroutine.yield abandons the main chunk without an error", async () => {
    const r = await runScript(`print("before")\ncoroutine.yield()\nprint("after")`);
    expect(r).toMatchObject({ stdout: "before\n", stderr: "", code: 0 });
  });
});
