// @lune/net HTTP: net.request against servers in this test process (raw sockets where the exact
// bytes on the wire matter), net.serve scripts driven by this process's fetch, urlEncode/urlDecode,
// and net.tcp.connect over TLS against this process's own TLS server. Loopback only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, deflateSync } from "node:zlib";
import { runScript } from "./lune_harness";
import { LuauProcess } from "./net_helpers";

const NET = `local net = require("@lune/net")\n`;

/** A raw HTTP/1.1 server: records each request's head and body, answers with `reply(path)`. */
function rawServer(reply: (path: string) => string | Buffer) {
  const requests: { head: string; body: Buffer }[] = [];
  const server = Bun.listen<{ buf: Buffer }>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { buf: Buffer.alloc(0) };
      },
      data(s, chunk) {
        s.data.buf = Buffer.concat([s.data.buf, chunk]);
        for (;;) {
          const end = s.data.buf.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = s.data.buf.subarray(0, end).toString("latin1");
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          if (s.data.buf.length < end + 4 + length) return;
          const body = Buffer.from(s.data.buf.subarray(end + 4, end + 4 + length));
          s.data.buf = s.data.buf.subarray(end + 4 + length);
          requests.push({ head, body });
          s.write(reply(head.split(" ")[1]));
        }
      },
    },
  });
  return { port: server.port, requests, stop: () => server.stop(true) };
}

function httpResponse(statusLine: string, headers: string[], body: Buffer | string): Buffer {
  const b = typeof body === "string" ? Buffer.from(body, "latin1") : body;
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${statusLine}\r\n${[...headers, `Content-Length: ${b.length}`].join("\r\n")}\r\n\r\n`, "latin1"), b]);
}

const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** The 256 byte values as a Luau string literal. */
const BINARY_LUAU = `(function() local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end return table.concat(t) end)()`;

describe("net.request", () => {
  test("sends method, multi-value headers and query, a binary body; reports every response field", async () => {
    const srv = rawServer(() =>
      httpResponse("404 Whatever", ["Set-Cookie: a=1", "Set-Cookie: b=2", "X-Single: one", "Content-Type: application/octet-stream"], BINARY),
    );
    try {
      const r = await runScript(
        NET +
          `local res = net.request({
	url = "http://127.0.0.1:${srv.port}/some/path?keep=1",
	method = " post ",
	headers = { ["X-Multi"] = { "1", "2" }, ["X-Bytes"] = "caf\\xE9" },
	query = { q = { "a b", "c&d" }, single = "\\xC3\\xA9" },
	body = ${BINARY_LUAU},
})
print(res.ok, res.statusCode, res.statusMessage)
print(res.headers["set-cookie"][1], res.headers["set-cookie"][2], #res.headers["set-cookie"])
print(res.headers["x-single"], res.headers["content-type"], res.headers["content-length"])
print(res.body == ${BINARY_LUAU}, #res.body)`,
      );
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("false\t404\tNot Found\na=1\tb=2\t2\none\tapplication/octet-stream\t256\ntrue\t256\n");
      const [req] = srv.requests;
      const [requestLine, ...headerLines] = req.head.split("\r\n");
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      expect(requestLine.startsWith("POST /some/path?keep=1&")).toBe(true);
      const query = new URLSearchParams(requestLine.split(" ")[1].split("?")[1]);
      expect(query.getAll("q")).toEqual(["a b", "c&d"]);
      expect(query.get("single")).toBe("é");
      expect(query.get("keep")).toBe("1");
      // Bun's fetch joins repeated request headers into one comma-separated line
      expect(headers["x-multi"]).toBe("1, 2");
      expect(headers["x-bytes"]).toBe("caf\xe9");
      expect(headers["user-agent"]).toBe("lune/0.10.5+709");
      expect(headers["accept"]).toBe("*/*");
      expect(headers["accept-encoding"]).toBe("identity");
      expect(headers["content-length"]).toBe("256");
      expect(req.body.equals(BINARY)).toBe(true);
    } finally {
      srv.stop();
    }
  });

  test("a URL string is a GET; a buffer body is sent as its bytes; user headers win over defaults", async () => {
    const srv = rawServer(() => httpResponse("200 OK", [], ""));
    try {
      const r = await runScript(
        NET +
          `local res = net.request("http://127.0.0.1:${srv.port}/plain")
print(res.ok, res.statusCode, res.statusMessage, res.body == "")
local b = buffer.create(3)
buffer.writeu8(b, 0, 0); buffer.writeu8(b, 1, 255); buffer.writeu8(b, 2, 10)
net.request({ url = "http://127.0.0.1:${srv.port}/buf", method = "PUT", body = b, headers = { ["User-Agent"] = "mine", accept = "text/html" } })`,
      );
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("true\t200\tOK\ttrue\n");
      expect(srv.requests[0].head.startsWith("GET /plain HTTP/1.1")).toBe(true);
      expect(srv.requests[0].body.length).toBe(0);
      expect(srv.requests[1].head).toMatch(/^PUT \/buf HTTP\/1.1/);
      expect(srv.requests[1].head).toMatch(/\r\nUser-Agent: mine\r\n/i);
      expect(srv.requests[1].head).toMatch(/\r\nAccept: text\/html\r\n/i);
      expect([...srv.requests[1].body]).toEqual([0, 255, 10]);
    } finally {
      srv.stop();
    }
  });

  test("HTTP error statuses are responses; network failures are Luau errors", async () => {
    const srv = rawServer((path) => (path === "/close" ? "" : httpResponse("500 Oops", [], "bad")));
    // a server that hangs up without answering
    const rude = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data: (s) => void s.end() } });
    try {
      const r = await runScript(
        NET +
          `local res = net.request("http://127.0.0.1:${srv.port}/")
print(res.ok, res.statusCode, res.statusMessage, res.body)
print(pcall(net.request, "http://127.0.0.1:1/"))
print(pcall(net.request, "http://127.0.0.1:${rude.port}/"))
print(pcall(net.request, "http://nonexistent.invalid/"))`,
      );
      const lines = r.stdout.split("\n");
      expect(lines[0]).toBe("false\t500\tInternal Server Error\tbad");
      expect(lines[1]).toBe("false\tConnection refused (os error 111)");
      expect(lines[2]).toBe("false\tConnection closed before message completed");
      expect(lines[3]).toStartWith("false\tfailed to lookup address information");
      expect(r.code).toBe(0);
    } finally {
      srv.stop();
      rude.stop(true);
    }
  });

  test("compressed bodies are decoded unless options.decompress is false", async () => {
    const json = JSON.stringify({ hello: "world", list: [1, 2, 3] });
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: gzipSync,
      deflate: deflateSync,
      br: brotliCompressSync,
      zstd: (b) => Buffer.from(Bun.zstdCompressSync(b)),
    };
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req) {
        const enc = new URL(req.url).pathname.slice(1);
        return new Response(encoders[enc](Buffer.from(json)), { headers: { "content-encoding": enc, "content-type": "application/json" } });
      },
    });
    try {
      const r = await runScript(
        NET +
          `local serde = require("@lune/serde")
for _, enc in { "gzip", "deflate", "br", "zstd" } do
	local res = net.request("http://127.0.0.1:${server.port}/" .. enc)
	local data = serde.decode("json", res.body)
	print(enc, data.hello, #data.list, res.headers["content-encoding"], res.headers["content-length"], res.headers["content-type"])
end
local raw = net.request({ url = "http://127.0.0.1:${server.port}/gzip", options = { decompress = false } })
print(raw.headers["content-encoding"], pcall(serde.decode, "json", raw.body), string.byte(raw.body, 1, 2))
print(raw.body == serde.compress("gzip", ${JSON.stringify(json)}) or #raw.body > 0)
print(pcall(net.request, { url = "http://127.0.0.1:${server.port}/gzip", options = { decompress = "yes" } }))
print(pcall(net.request, { url = "http://127.0.0.1:${server.port}/gzip", options = 5 }))`,
      );
      expect(r.stderr).toBe("");
      const lines = r.stdout.split("\n");
      for (const [i, enc] of ["gzip", "deflate", "br", "zstd"].entries()) expect(lines[i]).toBe(`${enc}\tworld\t3\tnil\tnil\tapplication/json`);
      expect(lines[4]).toBe("gzip\tfalse\t31\t139");
      expect(lines[6]).toMatch(/Invalid option value for 'decompress' in request config options$/);
      expect(lines[7]).toMatch(/Invalid request config options - expected table or nil, got number$/);
    } finally {
      server.stop(true);
    }
  });

  test("redirects: 301/302/303 become GET without a body, 307/308 keep both, at most 10", async () => {
    const seen: string[] = [];
    const server: Bun.Server<undefined> = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req): Promise<Response> {
        const url = new URL(req.url);
        const body = await req.text();
        seen.push(`${req.method} ${url.pathname} ${body}`);
        const m = /^\/(\d{3})$/.exec(url.pathname);
        if (m) return new Response(null, { status: Number(m[1]), headers: { location: "/final" } });
        if (url.pathname === "/absolute") return new Response(null, { status: 302, headers: { location: `http://127.0.0.1:${server.port}/final?abs=1` } });
        const loop = /^\/loop(\d+)$/.exec(url.pathname);
        if (loop && Number(loop[1]) < 11) return new Response(null, { status: 302, headers: { location: `loop${Number(loop[1]) + 1}` } });
        return new Response(`${req.method} ${url.pathname}${url.search} ${body}`);
      },
    });
    try {
      const r = await runScript(
        NET +
          `local base = "http://127.0.0.1:${server.port}"
for _, code in { "301", "302", "303", "307", "308" } do
	local res = net.request({ url = base .. "/" .. code, method = "POST", body = "data" })
	print(code, res.statusCode, res.body)
end
print(net.request(base .. "/absolute").body)
-- ten redirects are followed, the eleventh is an error
print(net.request(base .. "/loop1").statusCode)
print(pcall(net.request, base .. "/loop0"))`,
      );
      expect(r.stderr).toBe("");
      expect(r.stdout.split("\n")).toEqual([
        "301\t200\tGET /final ",
        "302\t200\tGET /final ",
        "303\t200\tGET /final ",
        "307\t200\tPOST /final data",
        "308\t200\tPOST /final data",
        "GET /final?abs=1 ",
        "200",
        "false\tToo many redirects",
        "",
      ]);
    } finally {
      server.stop(true);
    }
  });

  test("bad request configs are errors", async () => {
    const r = await runScript(
      NET +
        `print(pcall(net.request, {}))
print(pcall(net.request, 42))
print(pcall(net.request, "ftp://example.com/"))
print(pcall(net.request, "not a url"))
print(pcall(net.request, { url = "http://127.0.0.1:1/", method = "BAD METHOD" }))
print(pcall(net.request, { url = "http://127.0.0.1:1/", headers = { x = true } }))
print(pcall(net.request, { url = "http://127.0.0.1:1/", body = {} }))`,
    );
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^false\t.*Missing 'url' in request config$/);
    expect(lines[1]).toMatch(/^false\t.*Invalid request config - expected string or table, got number$/);
    expect(lines[2]).toMatch(/^false\t.*unsupported scheme: ftp$/);
    expect(lines[3]).toMatch(/^false\t.*relative URL without a base$/);
    expect(lines[4]).toMatch(/^false\t.*Invalid request config method 'BAD METHOD'$/);
    expect(lines[5]).toMatch(/^false\t.*Value for 'headers' must be a string or array of strings$/);
    expect(lines[6]).toMatch(/^false\t.*Invalid request config body - expected string or buffer, got table$/);
  });
});

/** A net.serve script in its own process; it prints its port first. */
async function serveScript(source: string): Promise<{ proc: LuauProcess; base: string }> {
  const proc = new LuauProcess(NET + source);
  const port = Number(await proc.line());
  return { proc, base: `http://127.0.0.1:${port}` };
}

describe("net.serve", () => {
  test("request fields: method, path, query (repeated keys are lists), headers, binary body, ip, port", async () => {
    const { proc, base } = await serveScript(`
local serde = require("@lune/serde")
local handle
handle = net.serve(0, function(req)
	if req.path == "/stop" then handle.stop() return "bye" end
	if req.path == "/body" then return { status = 200, body = req.body } end
	local h = req.headers
	return serde.encode("json", {
		method = req.method, path = req.path, query = req.query,
		headers = { custom = h["x-custom"], host = h.host, cookie = h.cookie },
		body = req.body, ip = req.ip, portType = type(req.port),
	})
end)
print(handle.port)`);
    try {
      const info = await (
        await fetch(`${base}/a/b%20c?x=1&x=2&y=hello+world&z=%C3%A9&flag`, { method: "PATCH", headers: { "x-custom": "v" }, body: "text body" })
      ).json();
      expect(info).toEqual({
        method: "PATCH",
        path: "/a/b%20c",
        query: { x: ["1", "2"], y: "hello world", z: "é", flag: "" },
        headers: { custom: "v", host: base.slice(7) },
        body: "text body",
        ip: "127.0.0.1",
        portType: "number",
      });
      const root = (await (await fetch(base)).json()) as { path: string; query: unknown; body: string };
      expect(root.path).toBe("/");
      expect(root.query).toEqual({});
      expect(root.body).toBe("");
      const echoed = Buffer.from(await (await fetch(`${base}/body`, { method: "POST", body: BINARY })).arrayBuffer());
      expect(echoed.equals(BINARY)).toBe(true);
      expect(await (await fetch(`${base}/stop`)).text()).toBe("bye");
      const done = await proc.finish();
      expect(done.stderr).toBe("");
      expect(done.code).toBe(0);
    } finally {
      proc.kill();
    }
  });

  test("responses: a string is 200 text/plain; a table sets status, multi-value headers and a binary body", async () => {
    const { proc, base } = await serveScript(`
local handle
handle = net.serve(0, function(req)
	if req.path == "/string" then return "hello" end
	if req.path == "/nil" then return nil end
	if req.path == "/buffer" then return buffer.fromstring("buf") end
	if req.path == "/binary" then
		return { status = 418, headers = { ["Set-Cookie"] = { "a=1", "b=2" }, ["X-One"] = "1" }, body = ${BINARY_LUAU} }
	end
	if req.path == "/bad" then return { body = "no status" } end
	handle.stop()
	return { status = 204 }
end)
print(handle.port)`);
    try {
      const s = await fetch(`${base}/string`);
      expect([s.status, s.headers.get("content-type"), await s.text()]).toEqual([200, "text/plain", "hello"]);
      const n = await fetch(`${base}/nil`);
      expect([n.status, n.headers.get("content-type"), await n.text()]).toEqual([200, "text/plain", ""]);
      const buf = await fetch(`${base}/buffer`);
      expect([buf.status, await buf.text()]).toEqual([200, "buf"]);
      const b = await fetch(`${base}/binary`);
      expect(b.status).toBe(418);
      expect(b.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
      expect(b.headers.get("x-one")).toBe("1");
      // no Content-Type invented for a table response (Lune sends none)
      expect(b.headers.get("content-type")).toBeNull();
      expect(Buffer.from(await b.arrayBuffer()).equals(BINARY)).toBe(true);
      const bad = await fetch(`${base}/bad`);
      expect([bad.status, await bad.text()]).toEqual([500, "Lune: Internal server error"]);
      expect((await fetch(`${base}/stop`)).status).toBe(204);
      const done = await proc.finish();
      expect(done.stderr).toContain("Missing 'status' in response config");
      expect(done.code).toBe(1);
    } finally {
      proc.kill();
    }
  });

  test("handlers run concurrently in their own threads and may yield", async () => {
    const { proc, base } = await serveScript(`
local task = require("@lune/task")
local active, peak = 0, 0
local handle = net.serve(0, function(req)
	active += 1
	peak = math.max(peak, active)
	if req.path == "/slow" then task.wait(0.5) end
	active -= 1
	return req.path .. " " .. tostring(coroutine.running()) .. " peak " .. peak
end)
print(handle.port)`);
    try {
      const started = performance.now();
      const slow = Array.from({ length: 20 }, () => fetch(`${base}/slow`).then((r) => r.text()));
      await Bun.sleep(100);
      const fast = await (await fetch(`${base}/fast`)).text();
      const fastAt = performance.now() - started;
      const slowBodies = await Promise.all(slow);
      const elapsed = performance.now() - started;
      // the fast request was answered while the slow ones were still waiting
      expect(fast).toStartWith("/fast ");
      expect(fastAt).toBeLessThan(450);
      expect(elapsed).toBeLessThan(2000);
      const threads = new Set(slowBodies.map((b) => b.split(" ")[2]));
      expect(threads.size).toBe(20);
      expect(Math.max(...slowBodies.map((b) => Number(b.split(" peak ")[1])))).toBeGreaterThanOrEqual(20);
    } finally {
      proc.kill();
    }
  });

  test("200 concurrent requests with bodies are all answered correctly", async () => {
    const { proc, base } = await serveScript(`
local handle = net.serve(0, function(req)
	return { status = 200, body = req.query.n .. ":" .. string.reverse(req.body) }
end)
print(handle.port)`);
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => (await fetch(`${base}/?n=${i}`, { method: "POST", body: `body${i}` })).text()),
      );
      results.forEach((text, i) => expect(text).toBe(`${i}:${[...`body${i}`].reverse().join("")}`));
    } finally {
      proc.kill();
    }
  });

  test("a handler error answers 500, is reported, and the server keeps serving; the exit code is 1", async () => {
    const { proc, base } = await serveScript(`
local handle
handle = net.serve(0, function(req)
	if req.path == "/error" then error("handler exploded") end
	if req.path == "/stop" then handle.stop() end
	return "fine"
end)
print(handle.port)`);
    try {
      const e = await fetch(`${base}/error`);
      expect([e.status, await e.text()]).toEqual([500, "Lune: Internal server error"]);
      expect(await (await fetch(`${base}/ok`)).text()).toBe("fine");
      const e2 = await fetch(`${base}/error`);
      expect(e2.status).toBe(500);
      expect(await (await fetch(`${base}/stop`)).text()).toBe("fine");
      const done = await proc.finish();
      expect(done.stderr).toMatch(/main:5: handler exploded\n\[Stack Begin\]/);
      expect(done.stderr.split("handler exploded").length - 1).toBe(2);
      expect(done.code).toBe(1);
    } finally {
      proc.kill();
    }
  });

  test("a gzip-encoded request body reaches the handler decoded", async () => {
    const { proc, base } = await serveScript(`
local handle = net.serve(0, function(req)
	return req.body .. "|" .. tostring(req.headers["content-encoding"])
end)
print(handle.port)`);
    try {
      const res = await fetch(base, { method: "POST", body: gzipSync("compressed text"), headers: { "content-encoding": "gzip" } });
      expect(await res.text()).toBe("compressed text|nil");
    } finally {
      proc.kill();
    }
  });

  test("net.serve returns at once, the server lives until stop(), stop twice is an error", async () => {
    const r = await runScript(
      NET +
        `local task = require("@lune/task")
local handle = net.serve(0, function(req) return "pong " .. req.method end)
print(type(handle.port), handle.ip)
local res = net.request("http://127.0.0.1:" .. handle.port .. "/")
print(res.body)
task.delay(0.1, function()
	handle:stop()
	print(pcall(handle.stop))
	print(pcall(net.request, "http://127.0.0.1:" .. handle.port .. "/"))
end)`,
    );
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["number\t127.0.0.1", "pong GET", "false\tServer already stopped"]);
    expect(lines[3]).toStartWith("false\tConnection refused");
    expect(r.code).toBe(0);
  });

  test("config: address, bind errors, handleWebSocket-only servers answer 426", async () => {
    const r = await runScript(
      NET +
        `local h = net.serve(0, { address = "http://127.0.0.1", handleWebSocket = function() end })
local res = net.request("http://127.0.0.1:" .. h.port .. "/")
print(res.statusCode, res.body, res.headers.upgrade)
print(pcall(net.serve, h.port, function() end))
print(pcall(net.serve, 0, { address = "localhost", handleRequest = function() end }))
print(pcall(net.serve, 0, { address = "0.0.0.0" }))
print(pcall(net.serve, 70000, function() end))
local v6 = net.serve(0, { address = "::1", handleRequest = function(req) return req.ip end })
print(v6.ip, net.request("http://[::1]:" .. v6.port .. "/").body)
h.stop()
v6.stop()`,
    );
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("426\tUpgrade Required\twebsocket");
    expect(lines[1]).toMatch(/^false\t.*Address already in use/);
    expect(lines[2]).toMatch(/IP address format is incorrect - expected an IP in the form 'http:\/\/0.0.0.0' or '0.0.0.0', got 'localhost'$/);
    expect(lines[3]).toMatch(/Invalid serve config - expected table with 'handleRequest' or 'handleWebSocket' function$/);
    expect(lines[4]).toMatch(/port must be between 0 and 65535/);
    expect(lines[5]).toBe("::1\t::1");
    expect(r.code).toBe(0);
  });

  test("the server listens on the IPv4 loopback by default", async () => {
    const { proc, base } = await serveScript(`
local handle = net.serve(0, function() return "ok" end)
print(handle.port)`);
    try {
      expect(await (await fetch(base)).text()).toBe("ok");
      const port = base.split(":").pop();
      const lan = spawnSync("hostname", ["-I"]).stdout?.toString().trim().split(/\s+/)[0];
      if (lan) await expect(fetch(`http://${lan}:${port}/`)).rejects.toThrow();
    } finally {
      proc.kill();
    }
  });
});

describe("net.urlEncode / net.urlDecode", () => {
  test("Lune's examples, the binary flag and invalid UTF-8", async () => {
    const r = await runScript(
      NET +
        `print(net.urlEncode("🚀 This string will be encoded."))
print(net.urlDecode("%F0%9F%9A%80%20This%20string%20will%20be%20encoded."))
print(net.urlEncode("AZaz09-_.~ +/?&="))
print(net.urlDecode("a+b%2Bc%zz%4"), net.urlDecode("%e2%82%ac"))
print(net.urlEncode("\\xFF\\x00", true), net.urlDecode("%FF%00", true) == "\\xFF\\x00")
print(pcall(net.urlEncode, "\\xFF"))
print(pcall(net.urlDecode, "%FF"))
print(pcall(net.urlDecode, "%E2%82"))`,
    );
    expect(r.stdout.split("\n")).toEqual([
      "%F0%9F%9A%80%20This%20string%20will%20be%20encoded.",
      "🚀 This string will be encoded.",
      "AZaz09-_.~%20%2B%2F%3F%26%3D",
      "a+b+c%zz%4\t€",
      "%FF%00\ttrue",
      "false\terror converting Lua string to &str (invalid utf-8 sequence of 1 bytes from index 0)",
      "false\tEncountered invalid encoding - invalid utf-8 sequence of 1 bytes from index 0",
      "false\tEncountered invalid encoding - incomplete utf-8 byte sequence from index 0",
      "",
    ]);
  });
});

describe("TLS against this process's server (self-signed certificate made here)", () => {
  let dir = "";
  let certPem = "";
  let keyPem = "";

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bune-tls-"));
    const made = spawnSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ]);
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    certPem = readFileSync(join(dir, "cert.pem"), "utf8");
    keyPem = readFileSync(join(dir, "key.pem"), "utf8");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("net.tcp.connect with tls: verified with the CA given, or trusted through NODE_EXTRA_CA_CERTS", async () => {
    const server = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      tls: { cert: certPem, key: keyPem },
      socket: { data: (s, d) => void s.write(Buffer.concat([Buffer.from("echo:"), d])) },
    });
    try {
      const script = (config: string) =>
        NET +
        `local fs = require("@lune/fs")
local ok, conn = pcall(net.tcp.connect, "localhost", ${server.port}, ${config})
if not ok then print("error", conn) return end
conn:write("hello tls")
print(conn:read())
conn:close()`;
      const withCa = await runScript(script(`{ tls = true, ca = fs.readFile("${dir}/cert.pem") }`));
      expect(withCa.stdout).toBe("echo:hello tls\n");
      const untrusted = await runScript(script("true"));
      expect(untrusted.stdout).toMatch(/^error\t.*(self.signed|certificate)/i);
      const trustedByEnv = await runScript(script("{ tls = true }"), {}, { env: { NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") } });
      expect(trustedByEnv.stdout).toBe("echo:hello tls\n");
    } finally {
      server.stop(true);
    }
  });

  test("net.request over https with the certificate trusted through NODE_EXTRA_CA_CERTS", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: { cert: certPem, key: keyPem }, fetch: () => new Response("secure") });
    try {
      const script = NET + `print(pcall(function() return net.request("https://localhost:${server.port}/").body end))`;
      const trusted = await runScript(script, {}, { env: { NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") } });
      expect(trusted.stdout).toBe("true\tsecure\n");
      const untrusted = await runScript(script);
      expect(untrusted.stdout).toMatch(/^false\t.*(self.signed|certificate)/i);
    } finally {
      server.stop(true);
    }
  });

  test("net.socket over wss with the certificate trusted through NODE_EXTRA_CA_CERTS", async () => {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      tls: { cert: certPem, key: keyPem },
      fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response("no")),
      websocket: { message: (ws, m) => void ws.send(m) },
    });
    try {
      const script =
        NET +
        `local ok, s = pcall(net.socket, "wss://localhost:${server.port}/")
if not ok then print("error", s) return end
s:send("over tls")
print(s:next())
s:close()`;
      const trusted = await runScript(script, {}, { env: { NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") } });
      expect(trusted.stdout).toBe("over tls\n");
      const untrusted = await runScript(script);
      expect(untrusted.stdout).toMatch(/^error\t.*(self.signed|certificate)/i);
    } finally {
      server.stop(true);
    }
  });
});
