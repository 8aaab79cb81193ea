// HTTP server benchmark: a net.serve hello world in bune against the same server in plain Bun.serve,
// in the same run, under the same load generator: wrk (keep-alive, one thread) when it is on the
// PATH, else N concurrent keep-alive fetch loops in this process.
// Reported: requests/s, and the server process's user and system CPU time per request (from
// /proc/PID/stat over the measured window). On a small shared machine the load generator, the server
// and whatever else runs compete for the CPU, so throughput moves a lot between runs; two ratios are
// given against plain Bun: "rate" (requests/s) and "CPU" (plain Bun's CPU per request over bune's,
// what the rate ratio would be for a server that has the CPU to itself, which is less noisy).
//
// Each scenario runs `rounds` rounds, each measuring plain Bun then bune back to back; each ratio is
// the median of the per-round ratios, the other figures are medians.
//
//   bun bench/http.ts [durationSeconds=5] [rounds=3] [filter]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, processCpuUs } from "./measure";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;

const durationMs = Number(process.argv[2] ?? 5) * 1000;
const rounds = Number(process.argv[3] ?? 3);
const filter = process.argv[4] ?? "";
const WARMUP_MS = 1000;
const WRK = Bun.which("wrk");

const BUNE_SERVER = `
local net = require("@lune/net")
local handle = net.serve(0, function(request)
	return "Hello, World!"
end)
print(handle.port)
`;

// what bune sends for a string: 200, Content-Type: text/plain, the body
const BUN_SERVER = `
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  idleTimeout: 0,
  development: false,
  fetch: () => new Response("Hello, World!", { headers: { "content-type": "text/plain" } }),
});
console.log(server.port);
`;

interface Scenario {
  name: string;
  conns: number;
}

const scenarios: Scenario[] = [
  { name: "1 connection", conns: 1 },
  { name: "64 connections", conns: 64 },
];

interface Server {
  name: string;
  command: (dir: string) => string[];
}

const servers: Server[] = [
  {
    name: "plain Bun",
    command: (dir) => {
      writeFileSync(join(dir, "server.ts"), BUN_SERVER);
      return [BUN, join(dir, "server.ts")];
    },
  },
  {
    name: "bune",
    command: (dir) => {
      writeFileSync(join(dir, "server.luau"), BUNE_SERVER);
      return [BUN, join(ROOT, "cli.ts"), "run", join(dir, "server.luau")];
    },
  },
];

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += decoder.decode(chunk, { stream: true });
    const i = buf.indexOf("\n");
    if (i >= 0) return buf.slice(0, i);
  }
  throw new Error("server exited before printing its port");
}

/** Requests completed against `url` in `ms` by `conns` keep-alive connections. */
async function load(url: string, conns: number, ms: number): Promise<{ requests: number; seconds: number }> {
  if (WRK !== null) {
    const seconds = Math.max(1, Math.round(ms / 1000));
    const wrk = Bun.spawn([WRK, "-t1", `-c${conns}`, `-d${seconds}s`, url], { stdout: "pipe", stderr: "inherit" });
    const out = await new Response(wrk.stdout).text();
    await wrk.exited;
    const m = /(\d+) requests in ([\d.]+)(m?s)/.exec(out);
    if (m === null) throw new Error(`unexpected wrk output:\n${out}`);
    return { requests: Number(m[1]), seconds: Number(m[2]) / (m[3] === "ms" ? 1000 : 1) };
  }
  const start = performance.now();
  const end = start + ms;
  let requests = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const res = await fetch(url);
      await res.arrayBuffer();
      requests++;
    }
  };
  await Promise.all(Array.from({ length: conns }, loop));
  return { requests, seconds: (performance.now() - start) / 1000 };
}

interface Result {
  rate: number;
  userUs: number;
  systemUs: number;
}

async function measure(s: Scenario, command: string[]): Promise<Result> {
  const server = Bun.spawn(command, { stdout: "pipe", stderr: "inherit", cwd: ROOT });
  try {
    const url = `http://127.0.0.1:${Number(await firstLine(server.stdout))}/`;
    await load(url, s.conns, WARMUP_MS);
    const before = processCpuUs(server.pid);
    const { requests, seconds } = await load(url, s.conns, durationMs);
    const after = processCpuUs(server.pid);
    if (requests === 0) throw new Error(`${s.name}: no requests`);
    return {
      rate: requests / seconds,
      userUs: (after.user - before.user) / requests,
      systemUs: (after.system - before.system) / requests,
    };
  } finally {
    server.kill();
    await server.exited;
  }
}

const dir = mkdtempSync(join(tmpdir(), "bune-bench-http-"));
try {
  const generator = WRK !== null ? "wrk -t1 (keep-alive)" : "Bun fetch loops (keep-alive)";
  console.log(`load: ${generator}; median of ${rounds} runs of ${durationMs / 1000} s (after ${WARMUP_MS / 1000} s warm-up); CPU = server process, µs per request`);
  console.log("| scenario | server | requests/s | user CPU µs | system CPU µs | rate vs plain Bun | CPU vs plain Bun |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const s of scenarios) {
    if (!s.name.includes(filter)) continue;
    const results = new Map<string, Result[]>(servers.map((server) => [server.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const server of servers) results.get(server.name)!.push(await measure(s, server.command(dir)));
    }
    const base = results.get("plain Bun")!;
    const cpu = (r: Result) => r.userUs + r.systemUs;
    for (const server of servers) {
      const rs = results.get(server.name)!;
      const rateRatio = median(rs.map((r, i) => r.rate / base[i].rate));
      const cpuRatio = median(rs.map((r, i) => cpu(base[i]) / cpu(r)));
      console.log(
        `| ${s.name} | ${server.name} | ${Math.round(median(rs.map((r) => r.rate))).toLocaleString("en-US")} | ${median(rs.map((r) => r.userUs)).toFixed(2)} | ${median(rs.map((r) => r.systemUs)).toFixed(2)} | ${(100 * rateRatio).toFixed(0)}% | ${(100 * cpuRatio).toFixed(0)}% |`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
