// Socket benchmark: bune's @lune/net servers against the same echo servers written in plain Bun,
// in the same run, under the same load client (bench/sockets_client.ts, a separate Bun process).
//   TCP echo: 1 and 64 connections × 64 B and 16 KiB messages, one message in flight per connection;
//             bune reading strings (`read`, as Lune) and buffers (`readBuffer`, no copy)
//   UDP echo: 4 client sockets × 16 datagrams in flight, 64 B; both servers batching replies with
//             sendMany, then both sending each reply with its own send()
// Reported per run: round trips/s, and the server's user and system CPU time per round trip (from
// /proc/PID/stat over the measured window; loopback echo is client- and kernel-bound on 2 cores, so
// user CPU per round trip is what tells servers apart).
//
// Each scenario runs `rounds` times, servers interleaved, and the medians are reported (other work
// on the machine moves single runs around a lot).
//
//   bun bench/sockets.ts [durationSeconds=3] [rounds=3] [filter]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, processCpuUs } from "./measure";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;

const durationMs = Number(process.argv[2] ?? 3) * 1000;
const rounds = Number(process.argv[3] ?? 3);
const filter = process.argv[4] ?? "";
const WARMUP_MS = 1000;

const tcpEcho = (read: "read" | "readBuffer") => `
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0", { noDelay = true })
print(server.port)
server:serve(function(conn)
	while true do
		local data = conn:${read}(65536)
		if not data then break end
		conn:write(data)
	end
	conn:close()
end)
`;

const udpEcho = (batch: boolean) => `
local net = require("@lune/net")
local socket = net.udp.bind("127.0.0.1:0", { batch = ${batch} })
print(socket.port)
while true do
	local d = socket:recvFrom(65535)
	socket:sendTo(d.data, d.address)
end
`;

interface Server {
  name: string;
  command: (dir: string) => string[];
}

interface Scenario {
  name: string;
  proto: "tcp" | "udp";
  conns: number;
  size: number;
  inflight: number;
  /** The first one is the baseline. */
  servers: Server[];
}

function luau(dir: string, name: string, source: string): string[] {
  const file = join(dir, name);
  writeFileSync(file, source);
  return [BUN, join(ROOT, "cli.ts"), "run", file];
}

const plainBun = (mode: string): Server => ({
  name: mode === "udp-batch" ? "plain Bun, sendMany" : "plain Bun",
  command: () => [BUN, join(import.meta.dir, "sockets_server_bun.ts"), mode],
});

const tcpServers: Server[] = [
  plainBun("tcp"),
  { name: "bune", command: (dir) => luau(dir, "tcp.luau", tcpEcho("read")) },
  { name: "bune, readBuffer", command: (dir) => luau(dir, "tcp_buffer.luau", tcpEcho("readBuffer")) },
];

const udp = { proto: "udp", conns: 4, size: 64, inflight: 16 } as const;

const scenarios: Scenario[] = [
  { name: "tcp 1 conn 64 B", proto: "tcp", conns: 1, size: 64, inflight: 1, servers: tcpServers },
  { name: "tcp 1 conn 16 KiB", proto: "tcp", conns: 1, size: 16384, inflight: 1, servers: tcpServers },
  { name: "tcp 64 conns 64 B", proto: "tcp", conns: 64, size: 64, inflight: 1, servers: tcpServers },
  { name: "tcp 64 conns 16 KiB", proto: "tcp", conns: 64, size: 16384, inflight: 1, servers: tcpServers },
  // each side batching with sendMany (bune's default), then each side sending one datagram per send()
  {
    name: "udp 64 in flight 64 B, sendMany",
    ...udp,
    servers: [plainBun("udp-batch"), { name: "bune", command: (dir) => luau(dir, "udp.luau", udpEcho(true)) }],
  },
  {
    name: "udp 64 in flight 64 B, send each",
    ...udp,
    servers: [plainBun("udp"), { name: "bune, batch = false", command: (dir) => luau(dir, "udp_each.luau", udpEcho(false)) }],
  },
];

/** Lines of a child's stdout, as they come. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += decoder.decode(chunk, { stream: true });
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, i);
      buf = buf.slice(i + 1);
    }
  }
}

interface Result {
  rate: number;
  userUs: number;
  systemUs: number;
}

async function measure(s: Scenario, command: string[]): Promise<Result> {
  // stderr kept for failures only: the load client exits without closing, and bune reports its resets
  const server = Bun.spawn(command, { stdout: "pipe", stderr: "pipe", cwd: ROOT });
  const serverErr = new Response(server.stderr).text();
  try {
    const serverOut = lines(server.stdout);
    const port = Number((await serverOut.next()).value);
    if (!(port > 0)) throw new Error(`${s.name}: the server did not start:\n${await serverErr}`);
    const client = Bun.spawn(
      [BUN, join(import.meta.dir, "sockets_client.ts"), s.proto, String(port), String(s.conns), String(s.size), String(s.inflight), String(WARMUP_MS), String(durationMs)],
      { stdout: "pipe", stderr: "inherit" },
    );
    let before = { user: 0, system: 0 };
    let after = before;
    let end: { roundTrips: number; seconds: number } | undefined;
    for await (const line of lines(client.stdout)) {
      if (line === "START") before = processCpuUs(server.pid);
      else if (line.startsWith("END ")) {
        after = processCpuUs(server.pid);
        end = JSON.parse(line.slice(4));
      }
    }
    await client.exited;
    if (end === undefined || end.roundTrips === 0) throw new Error(`${s.name}: no round trips`);
    return {
      rate: end.roundTrips / end.seconds,
      userUs: (after.user - before.user) / end.roundTrips,
      systemUs: (after.system - before.system) / end.roundTrips,
    };
  } finally {
    server.kill();
    await server.exited;
  }
}

const dir = mkdtempSync(join(tmpdir(), "bune-bench-"));
try {
  console.log(`median of ${rounds} runs of ${durationMs / 1000} s (after ${WARMUP_MS / 1000} s warm-up); CPU = server process, µs per round trip`);
  console.log("| scenario | server | round trips/s | vs plain Bun | user CPU µs | system CPU µs |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  for (const s of scenarios) {
    if (!s.name.includes(filter)) continue;
    const results = new Map<string, Result[]>(s.servers.map((server) => [server.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const server of s.servers) {
        const r = await measure(s, server.command(dir));
        results.get(server.name)!.push(r);
        if (process.env.BENCH_VERBOSE) console.error(`  ${s.name} / ${server.name}: ${Math.round(r.rate)}/s, user ${r.userUs.toFixed(2)} µs`);
      }
    }
    const baseline = median(results.get(s.servers[0].name)!.map((r) => r.rate));
    for (const server of s.servers) {
      const rs = results.get(server.name)!;
      const rate = median(rs.map((r) => r.rate));
      const user = median(rs.map((r) => r.userUs));
      const system = median(rs.map((r) => r.systemUs));
      console.log(
        `| ${s.name} | ${server.name} | ${Math.round(rate).toLocaleString("en-US")} | ${((100 * rate) / baseline).toFixed(0)}% | ${user.toFixed(2)} | ${system.toFixed(2)} |`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
