// @lune/net TCP (net.tcp.listen / net.tcp.connect) over real loopback sockets: Luau scripts run in
// bune child processes; the peers on the other side are Bun sockets in this test process.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LuauProcess, portOf, rssOf, runLuau, watchRss } from "./net_helpers";

setDefaultTimeout(120_000);

const ECHO_SERVER = `
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0")
print(server.address)
server:serve(function(conn)
	while true do
		local data = conn:read(65536)
		if not data then break end
		conn:write(data)
	end
	conn:close()
end)
`;

/** A node:net client that collects what it receives. */
class Client {
  readonly socket: net.Socket;
  private chunks: Buffer[] = [];
  private received = 0;
  private waiter: (() => void) | undefined;
  ended = false;
  error: Error | undefined;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (d: Buffer) => {
      this.chunks.push(d);
      this.received += d.length;
      this.waiter?.();
    });
    socket.on("end", () => {
      this.ended = true;
      this.waiter?.();
    });
    socket.on("error", (e) => {
      this.error = e;
      this.waiter?.();
    });
    socket.on("close", () => this.waiter?.());
  }

  static connect(port: number, host = "127.0.0.1"): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host, allowHalfOpen: true }, () => resolve(new Client(s)));
      s.once("error", reject);
    });
  }

  /** Waits until `n` bytes arrived (or the stream ended) and takes them. */
  async take(n: number): Promise<Buffer> {
    while (this.received < n && !this.ended && this.error === undefined && !this.socket.destroyed) {
      await new Promise<void>((r) => (this.waiter = r));
    }
    const all = Buffer.concat(this.chunks);
    this.chunks = [all.subarray(n)];
    this.received = all.length - Math.min(n, all.length);
    return all.subarray(0, n);
  }

  /** Everything until the peer ends the stream. */
  async rest(): Promise<Buffer> {
    while (!this.ended && this.error === undefined && !this.socket.destroyed) await new Promise<void>((r) => (this.waiter = r));
    return Buffer.concat(this.chunks);
  }
}

async function echoServer(source = ECHO_SERVER): Promise<{ server: LuauProcess; port: number }> {
  const server = new LuauProcess(source);
  const address = await server.line();
  expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  return { server, port: portOf(address) };
}

describe("net.tcp.listen serve", () => {
  test("echo server with 100 concurrent clients", async () => {
    const { server, port } = await echoServer();
    try {
      const clients = await Promise.all(Array.from({ length: 100 }, () => Client.connect(port)));
      await Promise.all(
        clients.map(async (c, i) => {
          for (let j = 0; j < 20; j++) {
            const msg = Buffer.from(`client ${i} message ${j} `.repeat(1 + ((i * j) % 7)));
            c.socket.write(msg);
            expect((await c.take(msg.length)).equals(msg)).toBe(true);
          }
          c.socket.end();
          expect((await c.rest()).length).toBe(0);
        }),
      );
    } finally {
      server.kill();
      await server.finish();
    }
  });

  test.each(["read", "readBuffer"])("64 MiB through one connection with %s, checksum intact", async (method) => {
    const { server, port } = await echoServer(ECHO_SERVER.replace("conn:read(", `conn:${method}(`));
    try {
      const c = await Client.connect(port);
      const total = 64 << 20;
      const block = Buffer.from(crypto.getRandomValues(new Uint8Array(1 << 20)));
      const sent = new Bun.CryptoHasher("sha256");
      const got = new Bun.CryptoHasher("sha256");
      let received = 0;
      const done = new Promise<void>((resolve) => {
        c.socket.removeAllListeners("data");
        c.socket.on("data", (d: Buffer) => {
          got.update(d);
          received += d.length;
          if (received >= total) resolve();
        });
      });
      for (let i = 0; i < 64; i++) {
        block[0] = i; // every MiB differs
        sent.update(block);
        if (!c.socket.write(Buffer.from(block))) await new Promise((r) => c.socket.once("drain", r));
      }
      await done;
      expect(received).toBe(total);
      expect(got.digest("hex")).toBe(sent.digest("hex"));
      c.socket.end();
    } finally {
      server.kill();
      await server.finish();
    }
  });

  test("clients in Luau threads against a server in the same script", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local server = net.tcp.listen("127.0.0.1:0")
server:serve(function(conn)
	while true do
		local data = conn:read()
		if not data then break end
		conn:write(data)
	end
	conn:close()
end)
local done = 0
for i = 1, 100 do
	task.spawn(function()
		local c = net.tcp.connect("127.0.0.1", server.port)
		for j = 1, 10 do
			local msg = string.rep(string.format("%d:%d;", i, j), j)
			c:write(msg)
			local got = ""
			while #got < #msg do got ..= c:read() end
			assert(got == msg, "bad echo")
		end
		c:close()
		done += 1
	end)
end
while done < 100 do task.wait(0.01) end
server:close()
print("done", done)
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("done\t100\n");
    expect(r.code).toBe(0);
  });

  test("a failing handler closes its connection, is reported, and the server keeps serving", async () => {
    const server = new LuauProcess(`
local net = require("@lune/net")
local task = require("@lune/task")
local server = net.tcp.listen("127.0.0.1:0")
print(server.address)
local served = 0
server:serve(function(conn)
	served += 1
	local data = conn:read()
	if data == "boom" then error("handler failed on " .. data) end
	conn:write("ok " .. data)
	conn:close()
end)
while served < 2 do task.wait(0.01) end
task.wait(0.1)
server:close()
`);
    const port = portOf(await server.line());
    const bad = await Client.connect(port);
    bad.socket.write("boom");
    expect((await bad.rest()).length).toBe(0);
    const good = await Client.connect(port);
    good.socket.write("fine");
    expect((await good.rest()).toString()).toBe("ok fine");
    const r = await server.finish();
    expect(r.stderr).toContain("handler failed on boom");
    expect(r.code).toBe(1);
  });
});

describe("backpressure", () => {
  test("a writer facing a slow reader keeps its memory bounded (256 MiB written)", async () => {
    const total = 256 << 20;
    let received = 0;
    let events = 0;
    let finished!: () => void;
    const allIn = new Promise<void>((r) => (finished = r));
    const reader = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(s, d) {
          received += d.length;
          if (received >= total) finished();
          // slow: a short nap every few chunks
          if (++events % 4 === 0) {
            s.pause();
            setTimeout(() => s.resume(), 2);
          }
        },
      },
    });
    const writer = new LuauProcess(`
local net = require("@lune/net")
local c = net.tcp.connect("127.0.0.1", ${reader.port})
local block = string.rep("x", 1024 * 1024)
print("connected")
for i = 1, 256 do
	c:write(block)
end
print("written")
c:close()
`);
    try {
      expect(await writer.line()).toBe("connected");
      const baseline = rssOf(writer.pid);
      const rss = watchRss(writer.pid, 10);
      expect(await writer.line()).toBe("written");
      // the writer could only finish once the reader had taken nearly everything: it was held back
      expect(received).toBeGreaterThan(total - (32 << 20));
      await allIn;
      const peak = rss.stop();
      expect((await writer.finish()).code).toBe(0);
      expect(received).toBe(total);
      // without backpressure the writer would hold most of the 256 MiB
      expect(peak - baseline).toBeLessThan(48 << 20);
      console.log(`writer RSS ${(baseline / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB while writing 256 MiB`);
    } finally {
      reader.stop(true);
    }
  });

  test("a reader that falls behind pauses the socket instead of buffering", async () => {
    const server = new LuauProcess(`
local net = require("@lune/net")
local task = require("@lune/task")
local server = net.tcp.listen("127.0.0.1:0")
print(server.address)
local conn = server:accept()
task.wait(1.5) -- not reading while the peer writes as fast as it can
print("reading")
local total = 0
while true do
	local data = conn:read(65536)
	if not data then break end
	total += #data
end
print("total", total)
conn:close()
server:close()
`);
    const port = portOf(await server.line());
    const c = await Client.connect(port);
    const baseline = rssOf(server.pid);
    const rss = watchRss(server.pid, 10);
    const block = Buffer.alloc(1 << 20, 0x79);
    let sent = 0;
    const writing = (async () => {
      for (let i = 0; i < 128; i++) {
        if (!c.socket.write(block)) await new Promise((r) => c.socket.once("drain", r));
        sent++;
      }
      c.socket.end();
    })();
    expect(await server.line()).toBe("reading");
    const idlePeak = rss.stop();
    // the peer was held back too: most of the 128 MiB could not be written yet
    expect(sent).toBeLessThan(64);
    const readingRss = watchRss(server.pid, 10);
    await writing;
    expect(await server.line()).toBe(`total\t${128 << 20}`);
    const peak = Math.max(idlePeak, readingRss.stop());
    expect((await server.finish()).code).toBe(0);
    // while it did not read, unread data stopped at the pause threshold (1 MiB); the reading phase
    // only makes garbage strings, whose peak depends on the GC
    expect(idlePeak - baseline).toBeLessThan(16 << 20);
    console.log(
      `reader RSS ${(baseline / 2 ** 20).toFixed(0)} MiB before, ${(idlePeak / 2 ** 20).toFixed(0)} MiB not reading, ${(peak / 2 ** 20).toFixed(0)} MiB reading 128 MiB`,
    );
  });
});

describe("connection lifecycle", () => {
  test("half-close: the peer's FIN ends reads, writing back still works", async () => {
    const server = new LuauProcess(`
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0")
print(server.address)
local conn = server:accept()
local got = ""
while true do
	local data = conn:read()
	if data == nil then break end
	got ..= data
end
print("eof after", #got)
print("read again", conn:read())
conn:write("received " .. got)
conn:close()
server:close()
`);
    const c = await Client.connect(portOf(await server.line()));
    c.socket.write("hello ");
    c.socket.end("world");
    expect((await c.rest()).toString()).toBe("received hello world");
    const r = await server.finish();
    expect(r.stdout).toBe("eof after\t11\nread again\tnil\n");
    expect(r.code).toBe(0);
  });

  test("peer reset: buffered data first, then a Luau error", async () => {
    const server = new LuauProcess(`
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0")
print(server.address)
local conn = server:accept()
print("data", conn:read())
print("read", pcall(conn.read, conn))
print("write", pcall(conn.write, conn, "x"))
server:close()
`);
    const c = await Client.connect(portOf(await server.line()));
    c.socket.write("abc");
    await Bun.sleep(200);
    c.socket.resetAndDestroy();
    const r = await server.finish();
    expect(r.stdout).toBe(
      "data\tabc\nread\tfalse\tConnection reset by peer (os error 104)\nwrite\tfalse\tConnection reset by peer (os error 104)\n",
    );
  });

  test("close: reads give nil, writes are errors, close is idempotent", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0")
local client = net.tcp.connect("127.0.0.1", server.port)
local conn = server:accept()
client:write("pending")
client:close()
client:close()
print(client.closed, client:read())
print(pcall(client.write, client, "late"))
print(conn:read())
print(conn:read())
conn:close()
print(pcall(conn.write, conn, buffer.create(4)))
server:close()
`);
    expect(r.stdout).toBe("true\tnil\nfalse\tStream is closed\npending\nnil\nfalse\tConnection is closed\n");
    expect(r.code).toBe(0);
  });

  test("readBuffer: buffers over the received bytes, sized by the read, nil at the end", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0")
local client = net.tcp.connect("127.0.0.1", server.port)
local conn = server:accept()
client:write("hello world")
client:write(buffer.fromstring("!"))
client:close()
local head = conn:readBuffer(4)
print(typeof(head), buffer.len(head), buffer.tostring(head))
buffer.writeu8(head, 0, 72) -- the script's own bytes: later reads are unaffected
local parts = {}
while true do
	local b = conn:readBuffer(3)
	if not b then break end
	assert(buffer.len(b) <= 3)
	table.insert(parts, buffer.tostring(b))
end
print(buffer.tostring(head), table.concat(parts))
print(conn:readBuffer(), conn:read())
print(pcall(conn.readBuffer, conn, 0))
print(pcall(conn.readBuffer, conn, "x"))
conn:close()
server:close()
`);
    expect(r.stdout).toBe(
      "buffer\t4\thell\nHell\to world!\nnil\tnil\n" +
        "false\tinvalid argument #2 to 'readBuffer' (size must be positive)\n" +
        "false\tinvalid argument #2 to 'readBuffer' (number expected, got string)\n",
    );
    expect(r.code).toBe(0);
  });

  test("a buffer waiting for its turn to be written is sent as it was at the call", async () => {
    // the first write fills the socket; the second waits its turn with a copy of the buffer, which
    // the script then changes (a buffer over Bun's received Buffer once shared memory instead)
    const r = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local server = net.tcp.listen("127.0.0.1:0")
local client = net.tcp.connect("127.0.0.1", server.port)
local conn = server:accept()
client:write("abcd")
local b = conn:readBuffer()
local big = string.rep("x", 32 * 1024 * 1024)
task.spawn(function() conn:write(big) end)
task.spawn(function() conn:write(b) end)
buffer.fill(b, 0, 0x5A)
local got, n = {}, 0
while n < #big + 4 do
	local s = client:read(1048576)
	n += #s
	table.insert(got, s)
end
local all = table.concat(got)
print(#all, string.sub(all, -4))
conn:close() client:close() server:close()
`);
    expect(r.stdout).toBe("33554436\tabcd\n");
    expect(r.code).toBe(0);
  });

  test("accept mode, server.close with and without closing connections", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local server = net.tcp.listen("127.0.0.1:0")
local a = net.tcp.connect("127.0.0.1", server.port)
local b = net.tcp.connect("127.0.0.1", server.port)
local ca = server:accept()
local cb = server:accept()
print(ca.remotePort == a.localPort, cb.remotePort == b.localPort, ca.address == "127.0.0.1:" .. a.localPort)
server:close()
print("accept after close", server:accept())
print("listening", pcall(net.tcp.connect, "127.0.0.1", server.port))
-- established connections survive close()
a:write("still here")
print(ca:read())

local s2 = net.tcp.listen("127.0.0.1:0")
local d
task.spawn(function()
	d = s2:accept()
	print("pending accept", typeof(d))
end)
local c = net.tcp.connect("127.0.0.1", s2.port)
task.wait(0.05)
s2:close(true)
print("closed with server", c:read(), d:read())
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^true\ttrue\ttrue\naccept after close\tnil\nlistening\tfalse\tFailed to connect to 127\.0\.0\.1:\d+: Connection refused \(os error 111\)\nstill here\n/);
    expect(r.stdout).toContain("pending accept\tTcpConnection");
    expect(r.stdout).toContain("closed with server\tnil\tnil\n");
    expect(r.code).toBe(0);
  });

  test("a listening socket nobody serves does not keep the process alive; serve does until close", async () => {
    const idle = await runLuau(`
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0")
local c = net.tcp.connect("127.0.0.1", server.port)
print("idle")
`);
    expect(idle.stdout).toBe("idle\n");
    expect(idle.code).toBe(0);
    const served = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local server = net.tcp.listen("127.0.0.1:0")
server:serve(function(conn) conn:close() end)
task.delay(0.2, function()
	print("closing")
	server:close()
end)
`);
    expect(served.stdout).toBe("closing\n");
    expect(served.code).toBe(0);
  });

  test("concurrent writes from two threads are not interleaved", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local server = net.tcp.listen("127.0.0.1:0")
local client = net.tcp.connect("127.0.0.1", server.port)
local conn = server:accept()
local a, b = string.rep("a", 4 * 1024 * 1024), string.rep("b", 4 * 1024 * 1024)
task.spawn(function() client:write(a) end)
task.spawn(function() client:write(b) client:close() end)
local got = {}
while true do
	local data = conn:read(1024 * 1024)
	if not data then break end
	table.insert(got, data)
end
local all = table.concat(got)
print(#all, all == a .. b or all == b .. a)
server:close()
`);
    expect(r.stdout).toBe("8388608\ttrue\n");
  });
});

describe("addresses and errors", () => {
  test("IPv6 loopback and localhost", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local server = net.tcp.listen("[::1]:0")
print(string.match(server.address, "^%[::1%]:%d+$") ~= nil, server.ip)
local c = net.tcp.connect("::1", server.port)
local conn = server:accept()
print(c.remoteIp, c.localIp, conn.address == "[::1]:" .. c.localPort)
c:write("v6")
print(conn:read())
server:close()
local lh = net.tcp.listen("localhost:0")
print(lh.address == "127.0.0.1:" .. lh.port)
local c2 = net.tcp.connect("localhost", lh.port)
print(lh:accept().remoteIp)
lh:close()
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("true\t::1\n::1\t::1\ttrue\nv6\ntrue\n127.0.0.1\n");
  });

  test("bad addresses, ports in use, refused connections", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
for _, a in { "nope", "1.2.3.4", ":80", "[::1]80", "127.0.0.1:99999", "::1:80", "[localhost]:80", "a b:1" } do
	print(pcall(net.tcp.listen, a))
end
local server = net.tcp.listen("127.0.0.1:0")
print(pcall(net.tcp.listen, server.address))
local port = server.port
server:close()
print(pcall(net.tcp.connect, "127.0.0.1", port))
print(pcall(net.tcp.connect, "no-such-host.invalid", 80))
print(pcall(net.tcp.listen, "192.0.2.1:0"))
print(pcall(net.tcp.connect, "127.0.0.1", 70000))
print(pcall(net.tcp.listen, {}))
`);
    const lines = r.stdout.split("\n");
    // pcall calls listen directly: like Luau's C functions, no position
    for (let i = 0; i < 8; i++) expect(lines[i]).toMatch(/^false\tInvalid address '.*' - expected 'host:port'$/);
    expect(lines[8]).toMatch(/^false\tFailed to listen on 127\.0\.0\.1:\d+: Address already in use \(os error 98\)$/);
    expect(lines[9]).toMatch(/^false\tFailed to connect to 127\.0\.0\.1:\d+: Connection refused \(os error 111\)$/);
    expect(lines[10]).toMatch(/^false\tFailed to connect to no-such-host\.invalid:80: failed to lookup address information/);
    expect(lines[11]).toBe("false\tFailed to listen on 192.0.2.1:0: Cannot assign requested address (os error 99)");
    expect(lines[12]).toMatch(/invalid argument #2 to 'connect' \(port must be between 0 and 65535\)$/);
    expect(lines[13]).toMatch(/invalid argument #1 to 'listen' \(string expected, got table\)$/);
  });

  test("method calls check their receiver and arguments", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0")
local c = net.tcp.connect("127.0.0.1", server.port)
print(typeof(server), typeof(c), typeof(server:accept()))
print(pcall(c.read, server))
print(pcall(c.write, c, 42))
print(pcall(c.read, c, 0))
print(pcall(server.serve, server, "x"))
print(pcall(function() c.address = "x" end))
server:close()
`);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("TcpServer\tTcpStream\tTcpConnection");
    expect(lines[1]).toMatch(/invalid argument #1 to 'read' \(TcpStream expected, got userdata\)$/);
    expect(lines[2]).toMatch(/invalid argument #2 to 'write' \(string or buffer expected, got number\)$/);
    expect(lines[3]).toMatch(/invalid argument #2 to 'read' \(size must be positive\)$/);
    expect(lines[4]).toMatch(/invalid argument #2 to 'serve' \(function expected, got string\)$/);
    expect(lines[5]).toMatch(/^false\t/);
  });
});

describe("options and TLS", () => {
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bune-net-tls-"));
    const p = Bun.spawn(
      [
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdout: "ignore", stderr: "ignore" },
    );
    expect(await p.exited).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("TLS server and client", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local fs = require("@lune/fs")
local cert, key = fs.readFile("${dir}/cert.pem"), fs.readFile("${dir}/key.pem")
local server = net.tcp.listen("127.0.0.1:0", { tls = { cert = cert, key = key } })
server:serve(function(conn)
	local data = conn:read()
	conn:write("secure " .. data)
	conn:close()
end)
local c = net.tcp.connect("localhost", server.port, { tls = true, ca = cert })
c:write("hello")
print(c:read())
print(pcall(net.tcp.connect, "localhost", server.port, true))
server:close()
`);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("secure hello");
    expect(lines[1]).toMatch(/^false\tFailed to connect to localhost:\d+: self signed certificate/);
  });

  test("noDelay and keepAlive", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local server = net.tcp.listen("127.0.0.1:0", { noDelay = true, keepAlive = 30 })
local c = net.tcp.connect("127.0.0.1", server.port, { noDelay = false, keepAlive = true, ttl = 64 })
local conn = server:accept()
conn:setNoDelay(false)
conn:setKeepAlive(true, 10)
c:setKeepAlive(false)
c:write("ok")
print(conn:read())
print(pcall(net.tcp.listen, "127.0.0.1:0", { noDelay = 1 }))
print(pcall(net.tcp.listen, "127.0.0.1:0", { tls = { cert = "x" } }))
server:close()
`);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("ok");
    expect(lines[1]).toMatch(/invalid argument #2 to 'listen' \('noDelay' must be a boolean, got number\)$/);
    expect(lines[2]).toMatch(/invalid argument #2 to 'listen' \('tls.key' must be a string, got nil\)$/);
  });
});
