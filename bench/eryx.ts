// TCP echo benchmark: an @eryx/_socket echo server (Luau, one coroutine per connection, blocking
// recv/sendall) against the same server written in plain Bun, in the same run, driven by the same
// Bun load client: C connections, each with one 64-byte message in flight.
// Reports round trips/s and the server's CPU per round trip (utime/stime from /proc/PID/stat
// around the measured window; loopback runs are client-bound, so CPU per echo is the real cost).
//
// Each configuration runs `repeats` times, alternating servers, and the median is reported (the
// machine is small and shared; single runs are noisy).
//
//   bun bench/eryx.ts [seconds=4] [connections=1,64] [repeats=3]
import { spawn, type Subprocess } from "bun";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, processCpuUs } from "./measure";

const MESSAGE = 64;

const ERYX_SERVER = `
local S = require("@eryx/_socket")
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, true)
srv:bind("127.0.0.1", 0)
srv:listen(1024)
print(select(2, srv:getsockname()))
while true do
  local c = srv:accept()
  coroutine.wrap(function()
    -- a client going away mid-echo resets the connection: end this one quietly
    pcall(function()
      while true do
        local d = c:recv(65536)
        if buffer.len(d) == 0 then break end
        c:sendall(d)
      end
    end)
    c:close()
  end)()
end
`;

/** The plain-Bun server (this file run with `bun-server`). */
function bunServer(): void {
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: { data: (s, d) => void s.write(d) },
  });
  console.log(server.port);
}

interface Server {
  proc: Subprocess<"ignore", "pipe", "inherit">;
  port: number;
}

async function start(cmd: string[]): Promise<Server> {
  const proc = spawn(cmd, { stdout: "pipe", stderr: "inherit", stdin: "ignore" });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server ${cmd.join(" ")} exited`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { proc, port: Number(text.trim()) };
}

/** Runs the load: returns round trips completed during the measured window. */
async function load(port: number, connections: number, warmup: number, seconds: number, pid: number) {
  const payload = new Uint8Array(MESSAGE).fill(120);
  let count = 0;
  let running = true;
  const sockets = await Promise.all(
    Array.from({ length: connections }, () =>
      Bun.connect<{ got: number }>({
        hostname: "127.0.0.1",
        port,
        data: { got: 0 },
        socket: {
          data(s, d) {
            s.data.got += d.length;
            while (s.data.got >= MESSAGE) {
              s.data.got -= MESSAGE;
              count++;
              if (running) s.write(payload);
            }
          },
        },
      }),
    ),
  );
  for (const s of sockets) s.write(payload);
  await Bun.sleep(warmup * 1000);
  const c0 = count;
  const cpu0 = processCpuUs(pid);
  const t0 = performance.now();
  await Bun.sleep(seconds * 1000);
  const c1 = count;
  const cpu1 = processCpuUs(pid);
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  for (const s of sockets) s.end();
  const trips = c1 - c0;
  return { rate: trips / elapsed, userUs: (cpu1.user - cpu0.user) / trips, sysUs: (cpu1.system - cpu0.system) / trips };
}

type Result = { rate: number; userUs: number; sysUs: number };

function medianResult(results: Result[]): Result {
  const mid = (k: keyof Result) => median(results.map((r) => r[k]));
  return { rate: mid("rate"), userUs: mid("userUs"), sysUs: mid("sysUs") };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 4);
  const conns = (process.argv[3] ?? "1,64").split(",").map(Number);
  const repeats = Number(process.argv[4] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), "eryx-bench-"));
  const script = join(dir, "echo.luau");
  writeFileSync(script, ERYX_SERVER);
  const root = join(import.meta.dir, "..");
  const servers: [string, string[]][] = [
    ["plain Bun", [process.execPath, join(root, "bench", "eryx.ts"), "bun-server"]],
    ["@eryx/_socket", [process.execPath, join(root, "cli.ts"), "run", script]],
  ];
  console.log(`TCP echo, ${MESSAGE} B messages, ${seconds} s per run after 1 s warm-up, median of ${repeats}`);
  for (const n of conns) {
    const runs: Record<string, Result[]> = {};
    for (let i = 0; i < repeats; i++) {
      for (const [name, cmd] of servers) {
        const server = await start(cmd);
        const r = await load(server.port, n, 1, seconds, server.proc.pid);
        server.proc.kill();
        await server.proc.exited;
        (runs[name] ??= []).push(r);
      }
    }
    const results: Record<string, Result> = {};
    for (const [name] of servers) {
      const r = (results[name] = medianResult(runs[name]));
      console.log(
        `${String(n).padStart(3)} conn  ${name.padEnd(14)} ${Math.round(r.rate).toString().padStart(8)} rt/s   ` +
          `server user ${r.userUs.toFixed(2)} µs/rt, sys ${r.sysUs.toFixed(2)} µs/rt`,
      );
    }
    const b = results["plain Bun"], e = results["@eryx/_socket"];
    console.log(
      `${String(n).padStart(3)} conn  @eryx/_socket vs plain Bun: throughput ${((e.rate / b.rate) * 100).toFixed(0)}%, ` +
        `server user CPU per rt ${(e.userUs / b.userUs).toFixed(2)}x, total CPU per rt ${((e.userUs + e.sysUs) / (b.userUs + b.sysUs)).toFixed(2)}x`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === "bun-server") bunServer();
else await main();
