// In-process measurement of what bune adds per echoed message, sockets left out: the seed's echo
// loops in Luau over a TcpConnection or a UdpEndpoint whose Bun socket is a stand-in that takes
// everything at once. Each iteration delivers one message the way Bun's `data` callback does (the
// waiting thread resumes at once: reads, writes back, and waits again), then lets any queued
// microtasks run.
//
//   bun bench/sockets_overhead.ts [tcp|udp] [messages=200000] [size=64]
import type { Socket, udp } from "bun";
import { compileChunk } from "../runtime/chunk";
import type { Userdata } from "../runtime/values";
import { TcpConnection } from "../stdlib/lune/net/tcp/connection";
import { wrapConnection } from "../stdlib/lune/net/tcp/userdata";
import { UdpEndpoint } from "../stdlib/lune/net/udp/endpoint";
import { UdpSocketType } from "../stdlib/lune/net/udp/userdata";
import { LuneRuntime } from "../stdlib/lune/runtime";

const proto = process.argv[2] ?? "tcp";
const messages = Number(process.argv[3] ?? 200_000);
const size = Number(process.argv[4] ?? 64);

let written = 0;
const fakeSocket = {
  // what TcpConnection.attach and UdpEndpoint.attach read
  localAddress: "127.0.0.1",
  localPort: 1,
  remoteAddress: "127.0.0.1",
  remotePort: 2,
  address: { address: "127.0.0.1", port: 1 },
  closed: false,
  data: undefined as unknown,
  write(_b: Uint8Array, _off: number, len: number) {
    written += len;
    return len;
  },
  send(b: Uint8Array) {
    written += b.length;
    return true;
  },
  ref() {},
  unref() {},
  pause() {},
  resume() {},
  end() {},
};

let script: string;
let socket: Userdata;
let deliver: (chunk: Buffer, i: number) => void;
if (proto === "tcp") {
  const conn = new TcpConnection("TcpConnection");
  conn.attach(fakeSocket as unknown as Socket<TcpConnection>);
  socket = wrapConnection(conn);
  script = `
while true do
	local data = socket:read(65536)
	if not data then break end
	socket:write(data)
end
`;
  deliver = (chunk) => conn.onData(chunk);
} else {
  // batching off: every sendTo is one send(), as in the plain Bun server
  const ep = new UdpEndpoint(false);
  ep.attach(fakeSocket as unknown as udp.Socket<"buffer">);
  socket = UdpSocketType.wrap(ep);
  script = `
while true do
	local d = socket:recvFrom(65535)
	socket:sendTo(d.data, d.address)
end
`;
  // four peers, as in bench/sockets.ts
  deliver = (chunk, i) => ep.onData(chunk, 5000 + (i & 3), "127.0.0.1");
}

const runtime = new LuneRuntime([]);
runtime.env.h.socket = socket;
void runtime.start(compileChunk(script, "echo"));

const chunk = Buffer.alloc(size, 0x61);
const tick = () => new Promise<void>((r) => setImmediate(r));
await tick();
for (let round = 0; round < 3; round++) {
  written = 0;
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  for (let i = 0; i < messages; i++) {
    deliver(Buffer.from(chunk), i);
    await null;
  }
  await tick();
  const us = ((performance.now() - t0) * 1000) / messages;
  const cpu = process.cpuUsage(u0);
  if (written !== messages * size) throw new Error(`echoed ${written} bytes, expected ${messages * size}`);
  console.log(`${proto} ${size} B: ${us.toFixed(3)} µs per message (user ${(cpu.user / messages).toFixed(3)} µs)`);
}
process.exit(0);
