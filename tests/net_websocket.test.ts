// @lune/net WebSockets: net.socket against WebSocket servers in this test process, net.serve's
// handleWebSocket driven by this process's WebSocket client, and both sides in one script.
// Loopback only.
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { connect } from "node:net";
import { runScript } from "./lune_harness";
import { LuauProcess } from "./net_helpers";

const NET = `local net = require("@lune/net")\n`;

/** A WebSocket server in this process: echoes messages; "close <code>" closes, "drop" hangs up. */
function echoServer() {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response("not a websocket", { status: 200 })),
    websocket: {
      open(ws) {
        ws.send("welcome");
      },
      message(ws, m) {
        if (m === "close") ws.close();
        else if (typeof m === "string" && m.startsWith("close ")) ws.close(Number(m.slice(6)), "bye");
        else if (m === "drop") ws.terminate();
        else ws.send(m);
      },
    },
  });
  return { url: `ws://127.0.0.1:${server.port}`, http: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

/** An unmasked server frame. */
function frame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const p = typeof payload === "string" ? Buffer.from(payload) : payload;
  const head =
    p.length < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, p.length])
      : p.length < 0x10000
        ? Buffer.from([(fin ? 0x80 : 0) | opcode, 126, p.length >> 8, p.length & 255])
        : Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, 127]), Buffer.from(new BigUint64Array([BigInt(p.length)]).buffer).reverse()]);
  return Buffer.concat([head, p]);
}

/** The frames a client sent (masked), decoded. */
function clientFrames(data: Buffer): { opcode: number; payload: Buffer }[] {
  const out: { opcode: number; payload: Buffer }[] = [];
  let i = 0;
  while (i + 2 <= data.length) {
    let len = data[i + 1] & 0x7f;
    let at = i + 2;
    if (len === 126) (len = data.readUInt16BE(at)), (at += 2);
    else if (len === 127) (len = Number(data.readBigUInt64BE(at))), (at += 8);
    const mask = data.subarray(at, at + 4);
    const payload = Buffer.from(data.subarray(at + 4, at + 4 + len)).map((b, k) => b ^ mask[k & 3]);
    out.push({ opcode: data[i] & 0x0f, payload: Buffer.from(payload) });
    i = at + 4 + len;
  }
  return out;
}

/** A raw WebSocket server: accepts the handshake, writes `frames`, records what the client sends. */
function rawServer(frames: Buffer) {
  let received = Buffer.alloc(0);
  let upgraded = false;
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(s, chunk) {
        if (upgraded) {
          received = Buffer.concat([received, chunk]);
          return;
        }
        upgraded = true;
        const key = /Sec-WebSocket-Key: *(\S+)/i.exec(chunk.toString("latin1"))?.[1] ?? "";
        const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
        s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
        s.write(frames);
      },
    },
  });
  return { port: server.port, sent: () => clientFrames(received), stop: () => server.stop(true) };
}

describe("net.socket", () => {
  test("text and binary messages round-trip byte for byte; the peer's close code ends next()", async () => {
    const srv = echoServer();
    try {
      const r = await runScript(
        NET +
          `local s = net.socket("${srv.url}")
print(s.closeCode, s:next())
s:send("héllo wörld")
print(s:next())
local bytes = {}
for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
bytes = table.concat(bytes)
s:send(bytes, true)
local back = s:next()
print(#back, back == bytes)
s:send(buffer.fromstring("from a buffer"))
print(s:next())
s:send("close 4001")
print(s:next(), s.closeCode)
print(s:next(), s.closeCode)
print(pcall(s.send, s, "late"))
print(pcall(s.close, s))`,
      );
      expect(r.stderr).toBe("");
      expect(r.stdout.split("\n")).toEqual([
        "nil\twelcome",
        "héllo wörld",
        "256\ttrue",
        "from a buffer",
        "nil\t4001",
        "nil\t4001",
        "false\tSocket has been closed",
        "false\tSocket has already been closed",
        "",
      ]);
      expect(r.code).toBe(0);
    } finally {
      srv.stop();
    }
  });

  test("closeCode is 1005 for a close frame without a code and 1006 for a dropped connection", async () => {
    const srv = echoServer();
    const bare = rawServer(Buffer.concat([frame(1, "hi"), frame(8, "")]));
    try {
      const r = await runScript(
        NET +
          `local a = net.socket("ws://127.0.0.1:${bare.port}")
print(a:next(), a:next(), a.closeCode)
local b = net.socket("${srv.url}")
b:next()
b:send("drop")
print(b:next(), b.closeCode)`,
      );
      expect(r.stdout).toBe("hi\tnil\t1005\nnil\t1006\n");
    } finally {
      srv.stop();
      bare.stop();
    }
  });

  test("fragmented messages are joined, pings answered, 64-bit lengths read; the close code is echoed", async () => {
    const big = Buffer.alloc(70000, 7);
    const raw = rawServer(
      Buffer.concat([frame(1, "hel", false), frame(9, "p1"), frame(0, "lo"), frame(2, big), frame(8, Buffer.from([0x0f, 0xa0]))]),
    );
    try {
      const r = await runScript(
        NET +
          `local s = net.socket("ws://127.0.0.1:${raw.port}")
print(s:next())
local b = s:next()
print(#b, b == string.rep("\\7", 70000))
print(s:next(), s.closeCode)`,
      );
      expect(r.stdout).toBe("hello\n70000\ttrue\nnil\t4000\n");
      const sent = raw.sent();
      expect(sent.map((f) => f.opcode)).toEqual([0xa, 0x8]);
      expect(sent[0].payload.toString()).toBe("p1");
      expect(sent[1].payload.readUInt16BE(0)).toBe(4000);
    } finally {
      raw.stop();
    }
  });

  test("a 4 MiB binary message goes out and comes back intact", async () => {
    const srv = echoServer();
    try {
      const r = await runScript(
        NET +
          `local s = net.socket("${srv.url}")
s:next()
local parts = {}
for i = 1, 4096 do parts[i] = string.rep(string.char(i % 256), 1024) end
local data = table.concat(parts)
s:send(data, true)
local back = s:next()
print(#back, back == data)
s:close()`,
      );
      expect(r.stdout).toBe("4194304\ttrue\n");
    } finally {
      srv.stop();
    }
  });

  test("a socket left open does not keep the script alive; a thread waiting in next() does", async () => {
    const srv = echoServer();
    try {
      const started = performance.now();
      const r = await runScript(
        NET +
          `local task = require("@lune/task")
local idle = net.socket("${srv.url}")
idle:send("never read")
local waiting = net.socket("${srv.url}")
waiting:next()
task.spawn(function()
	print("got", waiting:next())
end)
task.delay(0.2, function() waiting:send("late") end)
print("main done")`,
      );
      expect(r.stdout).toBe("main done\ngot\tlate\n");
      expect(r.code).toBe(0);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      srv.stop();
    }
  });

  test("close() sets closeCode at once (1000 by default); codes outside 1000-4999 are errors", async () => {
    const srv = echoServer();
    try {
      const r = await runScript(
        NET +
          `local s = net.socket("${srv.url}")
print(pcall(s.close, s, 999))
print(pcall(s.close, s, 5000))
s:close()
print(s.closeCode)
-- the welcome message queued before the close can still be taken, then nil
print(s:next(), s:next())
local t = net.socket("${srv.url}")
t:close(4321)
print(t.closeCode)`,
      );
      expect(r.stdout.split("\n")).toEqual([
        "false\tClose code must be between 1000 and 4999, got 999",
        "false\tClose code must be between 1000 and 4999, got 5000",
        "1000",
        "welcome\tnil",
        "4321",
        "",
      ]);
    } finally {
      srv.stop();
    }
  });

  test("text messages must be UTF-8; connection failures and non-WebSocket servers are errors", async () => {
    const srv = echoServer();
    try {
      const r = await runScript(
        NET +
          `local s = net.socket("${srv.url}")
print(pcall(s.send, s, "\\xFF"))
s:close()
print(pcall(net.socket, "ws://127.0.0.1:1"))
print(pcall(net.socket, "${srv.http}"))
local ok, other = pcall(net.socket, "${srv.url}/x?y=1")
print(ok)
other:close()
print(pcall(net.socket, "http://127.0.0.1:1"))`,
      );
      const lines = r.stdout.split("\n");
      expect(lines[0]).toBe("false\tinvalid utf-8 sequence of 1 bytes from index 0");
      expect(lines[1]).toBe("false\tFailed to connect to WebSocket at 'ws://127.0.0.1:1': Connection refused (os error 111)");
      expect(lines[2]).toMatch(/^false\t.*ws:\/\/ or wss:\/\//);
      expect(lines[3]).toBe("true");
      expect(lines[4]).toMatch(/^false\t/);
    } finally {
      srv.stop();
    }
  });

  test("a server that does not upgrade makes net.socket fail", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("plain http") });
    try {
      const r = await runScript(NET + `print(pcall(net.socket, "ws://127.0.0.1:${server.port}/"))`);
      expect(r.stdout).toMatch(/^false\tFailed to connect to WebSocket at 'ws:\/\/127\.0\.0\.1:\d+\/': /);
    } finally {
      server.stop(true);
    }
  });
});

describe("handleWebSocket", () => {
  const SERVER = `
local handle
handle = net.serve(0, {
	handleRequest = function(req)
		if req.path == "/stop" then handle.stop() end
		return "http " .. req.path
	end,
	handleWebSocket = function(ws)
		while true do
			local m = ws:next()
			if m == nil then break end
			if m == "boom" then error("socket handler exploded") end
			if m == "server-close" then ws:close(4005) else ws:send(m, string.byte(m, 1) == 0) end
		end
		print("closed " .. tostring(ws.closeCode))
	end,
})
print(handle.port)`;

  /** A Bun WebSocket client that collects what it receives. */
  async function client(url: string) {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    const inbox: (string | Uint8Array)[] = [];
    let waiter: (() => void) | undefined;
    const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
    ws.addEventListener("message", (e) => {
      inbox.push(typeof e.data === "string" ? e.data : new Uint8Array(e.data as ArrayBuffer));
      waiter?.();
    });
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve);
      ws.addEventListener("error", reject);
    });
    return {
      ws,
      closed,
      async next(): Promise<string | Uint8Array> {
        while (inbox.length === 0) await new Promise<void>((r) => (waiter = r));
        return inbox.shift()!;
      },
    };
  }

  test("echo: text stays text, binary stays binary; the client's close code reaches the handler", async () => {
    const proc = new LuauProcess(NET + SERVER);
    try {
      const port = Number(await proc.line());
      const c = await client(`ws://127.0.0.1:${port}`);
      c.ws.send("hello ✓");
      expect(await c.next()).toBe("hello ✓");
      const bytes = new Uint8Array([0, 1, 2, 255, 254]);
      c.ws.send(bytes);
      expect(await c.next()).toEqual(bytes);
      c.ws.close(4003);
      expect(await c.closed).toBe(4003);
      expect(await proc.line()).toBe("closed 4003");
      // ordinary requests still reach handleRequest
      expect(await (await fetch(`http://127.0.0.1:${port}/plain`)).text()).toBe("http /plain");
    } finally {
      proc.kill();
    }
  });

  test("the handler's close code reaches the client; a failing handler closes with 1011 and is reported", async () => {
    const proc = new LuauProcess(NET + SERVER);
    try {
      const port = Number(await proc.line());
      const a = await client(`ws://127.0.0.1:${port}`);
      a.ws.send("server-close");
      expect(await a.closed).toBe(4005);
      expect(await proc.line()).toBe("closed 4005");
      const b = await client(`ws://127.0.0.1:${port}`);
      b.ws.send("boom");
      expect(await b.closed).toBe(1011);
      await fetch(`http://127.0.0.1:${port}/stop`);
      const done = await proc.finish();
      expect(done.stderr).toContain("socket handler exploded");
      expect(done.code).toBe(1);
    } finally {
      proc.kill();
    }
  });

  test("malformed handshakes get 400 with the reason", async () => {
    const proc = new LuauProcess(NET + SERVER);
    try {
      const port = Number(await proc.line());
      const reply = await new Promise<string>((resolve) => {
        const s = connect(port, "127.0.0.1", () =>
          s.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n"),
        );
        let text = "";
        s.on("data", (d) => {
          text += d.toString("latin1");
          if (text.includes("Sec-WebSocket-Key")) {
            s.destroy();
            resolve(text);
          }
        });
      });
      expect(reply).toStartWith("HTTP/1.1 400");
      expect(reply).toContain('No "Sec-WebSocket-Key" header');
    } finally {
      proc.kill();
    }
  });

  test("both ends in one script: 20 concurrent clients, 10 messages each", async () => {
    const r = await runScript(
      NET +
        `local task = require("@lune/task")
local handle = net.serve(0, {
	handleWebSocket = function(ws)
		for m in ws.next, ws do ws:send("echo " .. m) end
	end,
})
local done, total = 0, 0
for c = 1, 20 do
	task.spawn(function()
		local s = net.socket("ws://127.0.0.1:" .. handle.port)
		for i = 1, 10 do
			s:send(c .. "-" .. i)
			if s:next() == "echo " .. c .. "-" .. i then total += 1 end
		end
		s:close()
		done += 1
	end)
end
while done < 20 do task.wait(0.01) end
print(total)
handle.stop()`,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("200\n");
    expect(r.code).toBe(0);
  });
});
