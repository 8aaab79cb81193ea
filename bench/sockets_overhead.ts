// In-process measurement of what bune adds per echoed message, sockets left out: a TcpConnection
// on a fake socket (write() takes everything at once) fed by hand, and the seed's echo loop in Luau.
// Each iteration delivers one chunk the way Bun's `data` callback does (the waiting thread resumes
// at once: reads, writes, and waits again), then lets any queued microtasks run.
//
//   bun bench/sockets_overhead.ts [messages=200000] [size=64]
import { LuneRuntime } from "../stdlib/lune/runtime";
import { TcpConnection } from "../stdlib/lune/net/tcp/connection";
import { wrapConnection } from "../stdlib/lune/net/tcp/userdata";
import { compileChunk } from "../runtime/chunk";
import type { Socket } from "bun";

const messages = Number(process.argv[2] ?? 200_000);
const size = Number(process.argv[3] ?? 64);

let written = 0;
const fakeSocket = {
  localAddress: "127.0.0.1",
  localPort: 1,
  remoteAddress: "127.0.0.1",
  remotePort: 2,
  data: undefined as unknown,
  write(_b: Uint8Array, _off: number, len: number) {
    written += len;
    return len;
  },
  ref() {},
  unref() {},
  pause() {},
  resume() {},
  end() {},
};

const conn = new TcpConnection("TcpConnection");
conn.attach(fakeSocket as unknown as Socket<TcpConnection>);
const runtime = new LuneRuntime([]);
runtime.env.h.conn = wrapConnection(conn);
void runtime.start(
  compileChunk(
    `
while true do
	local data = conn:read(65536)
	if not data then break end
	conn:write(data)
end
`,
    "echo",
  ),
);

const chunk = Buffer.alloc(size, 0x61);
const tick = () => new Promise<void>((r) => setImmediate(r));
await tick();
for (let round = 0; round < 3; round++) {
  written = 0;
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  for (let i = 0; i < messages; i++) {
    conn.onData(Buffer.from(chunk));
    await null;
  }
  const us = ((performance.now() - t0) * 1000) / messages;
  const cpu = process.cpuUsage(u0);
  if (written !== messages * size) throw new Error(`echoed ${written} bytes, expected ${messages * size}`);
  console.log(`${size} B: ${us.toFixed(3)} µs per message (user ${(cpu.user / messages).toFixed(3)} µs)`);
}
conn.onEnd();
