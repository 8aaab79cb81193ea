// @eryx/_socket end to end: real Luau scripts run by `bun cli.ts run` as child processes, talking
// over real loopback sockets (TCP and UDP, IPv4 and IPv6), with stdout and the exit status checked.
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// each test starts a Bun process: allow for a busy machine
setDefaultTimeout(30_000);

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;
const PRELUDE = `local S = require("@eryx/_socket")\n`;

interface Run {
  out: string;
  err: string;
  code: number;
}

/**
 * Runs `source` as main.luau after the PRELUDE line (so its first line is line 2 in error
 * messages); a script that hangs is killed after `limitMs`.
 */
async function run(source: string, limitMs = 15_000): Promise<Run> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "eryx-test-")));
  try {
    writeFileSync(join(dir, "main.luau"), PRELUDE + source.replace(/^\n/, ""));
    const child = Bun.spawn([BUN, join(ROOT, "cli.ts"), "run", "main.luau"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const killer = setTimeout(() => child.kill(), limitMs);
    const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    clearTimeout(killer);
    // chunk names are absolute paths: keep error positions as `main:LINE:`
    const local = (text: string) => text.replaceAll(dir + "/", "");
    return { out: local(out), err: local(err), code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a script that must succeed; returns its stdout lines. */
async function lines(source: string): Promise<string[]> {
  const r = await run(source);
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  return r.out.trimEnd().split("\n");
}


describe("module", () => {
  test("constants have the Linux values and byte order helpers swap", async () => {
    expect(
      await lines(`
print(S.AF_UNSPEC, S.AF_INET, S.AF_INET6, S.SOCK_STREAM, S.SOCK_DGRAM)
print(S.SOL_SOCKET, S.SO_REUSEADDR, S.SO_KEEPALIVE, S.IPPROTO_TCP, S.TCP_NODELAY)
print(S.SHUT_RD, S.SHUT_WR, S.SHUT_RDWR)
print(S.AI_PASSIVE, S.AI_CANONNAME, S.AI_NUMERICHOST, S.AI_V4MAPPED, S.AI_ALL, S.AI_ADDRCONFIG, S.AI_NUMERICSERV)
print(S.NI_NUMERICHOST, S.NI_NUMERICSERV, S.NI_NOFQDN, S.NI_NAMEREQD, S.NI_DGRAM)
print(S.htons(0x1234) == 0x3412, S.ntohs(0x3412) == 0x1234, S.htons(0x12345) == 0x4523)
print(S.htonl(0x12345678) == 0x78563412, S.ntohl(0x78563412) == 0x12345678, S.htonl(0xff) == 0xff000000)
print(pcall(S.htons, "x"))
`),
    ).toEqual([
      "0\t2\t10\t1\t2",
      "1\t2\t9\t6\t1",
      "0\t1\t2",
      "1\t2\t4\t8\t16\t32\t1024",
      "1\t2\t4\t8\t16",
      "true\ttrue\ttrue",
      "true\ttrue\ttrue",
      "false\tinvalid argument #1 to 'htons' (number expected, got string)",
    ]);
  });

  test("the seed's example (top-level blocking calls, no poll)", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, true)
srv:bind("127.0.0.1", 0)
srv:listen()
local _, port = srv:getsockname()
print(port > 0)
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:connect("127.0.0.1", port)
local peer, host, pport = srv:accept()
print(host, pport == select(2, c:getsockname()), select(2, c:getpeername()) == port)
c:sendAll(buffer.fromstring("ping"))
print(buffer.tostring(peer:recv(16)))
c:shutdown(S.SHUT_WR)
print(buffer.len(peer:recv(16)))
print(typeof(c:fileno()), c:fileno() ~= srv:fileno())
peer:close(); c:close(); srv:close(); srv:close()
`),
    ).toEqual(["true", "127.0.0.1\ttrue\ttrue", "ping", "0", "number\ttrue"]);
  });
});

describe("TCP", () => {
  test("echo server and clients in one script, blocking calls in coroutines", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
local _, port = srv:getsockname()
local served = 0
coroutine.wrap(function()
  for i = 1, 3 do
    local c = srv:accept()
    coroutine.wrap(function()
      while true do
        local d = c:recv(4096)
        if buffer.len(d) == 0 then break end
        assert(c:sendall(d) == true)
      end
      c:close()
      served += 1
    end)()
  end
  srv:close()
end)()
local done = 0
for k = 1, 3 do
  task.spawn(function()
    local c = S.socket(S.AF_INET, S.SOCK_STREAM)
    c:connect("127.0.0.1", port)
    for i = 1, 50 do
      local msg = string.rep("client" .. k .. " msg" .. i .. ";", i)
      c:sendall(buffer.fromstring(msg))
      local got = ""
      while #got < #msg do got ..= buffer.tostring(c:recv(4096)) end
      assert(got == msg)
    end
    c:shutdown(S.SHUT_WR)
    assert(buffer.len(c:recv(10)) == 0)
    c:close()
    done += 1
  end)
end
local polls = 0
while done < 3 or served < 3 do polls += S.poll(-1) end
print("echoed", done, served, polls > 0)
`.replace("task.spawn", `require("@lune/task").spawn`)),
    ).toEqual(["echoed\t3\t3\ttrue"]);
  });

  test("non-blocking echo driven by a poll loop: nil where a call would block", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
srv:setblocking(false)
print("accept", srv:accept())
local _, port = srv:getsockname()
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:setblocking(false)
print("connect", c:connect("127.0.0.1", port))
print("send while connecting", c:send(buffer.fromstring("x")), c:sendall(buffer.fromstring("x")))
local conns = {}
local sent, received, turns = false, "", 0
while received ~= "hello world" do
  turns += 1
  assert(turns < 100000, "no progress")
  S.poll()
  local p, host = srv:accept()
  if p then p:setblocking(false); table.insert(conns, p) end
  for _, p in conns do
    local d = p:recv(100)
    if d and buffer.len(d) > 0 then assert(p:sendall(d)) end
  end
  if not sent then
    local n = c:send(buffer.fromstring("hello world"))
    if n then sent = true; print("sent", n) end
  else
    local d = c:recv(100)
    if d then received ..= buffer.tostring(d) end
  end
end
print("received", received)
print("nothing more", c:recv(10))
c:close()
local p = conns[1]
while true do
  S.poll(0.5)
  local d = p:recv(10)
  if d then print("server sees EOF", buffer.len(d)); break end
end
p:close(); srv:close()
`),
    ).toEqual([
      "accept\tnil",
      "connect",
      "send while connecting\tnil\tfalse",
      "sent\t11",
      "received\thello world",
      "nothing more\tnil",
      "server sees EOF\t0",
    ]);
  });

  test("large transfers: sendall waits for drain, non-blocking sendall queues the rest", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:connect("127.0.0.1", select(2, srv:getsockname()))
local p = srv:accept()
local big = buffer.create(4 * 1024 * 1024)
for i = 0, buffer.len(big) - 4, 4 do buffer.writeu32(big, i, i) end
local pieces, total = {}, 0
coroutine.wrap(function()
  while true do
    local d = p:recv(65536)
    if buffer.len(d) == 0 then break end
    table.insert(pieces, buffer.tostring(d))
    total += buffer.len(d)
  end
end)()
print(c:sendall(big))
c:setblocking(false)
local r = c:sendall(big)
print(r)
while not r do S.poll(0.1); r = c:sendall(big) end
-- the queued rest of the second copy goes out before anything sent later
c:setblocking(true)
c:shutdown(S.SHUT_WR)
while total < 2 * buffer.len(big) do S.poll(-1) end
print(total, table.concat(pieces) == buffer.tostring(big):rep(2))
`),
    ).toEqual(["true", "true", String(8 * 1024 * 1024) + "\ttrue"]);
  });

  test("IPv6 loopback", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET6, S.SOCK_STREAM)
srv:bind("::1", 0)
srv:listen()
local host, port = srv:getsockname()
local c = S.socket(S.AF_INET6, S.SOCK_STREAM)
c:connect("::1", port)
local p, phost = srv:accept()
c:sendall(buffer.fromstring("v6"))
print(host, phost, buffer.tostring(p:recv(10)))
`),
    ).toEqual(["::1\t::1\tv6"]);
  });

  test("shutdown: SHUT_WR gives the peer EOF while the other direction still works", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
print(pcall(function() c:shutdown(S.SHUT_WR) end))
c:connect("127.0.0.1", select(2, srv:getsockname()))
local p = srv:accept()
c:sendall(buffer.fromstring("request"))
c:shutdown(S.SHUT_WR)
print(pcall(function() c:send(buffer.fromstring("more")) end))
local req = ""
while true do
  local d = p:recv(3)
  if buffer.len(d) == 0 then break end
  req ..= buffer.tostring(d)
end
print("server got", req)
p:sendall(buffer.fromstring("response"))
p:close()
print("client got", buffer.tostring(c:recv(100)), buffer.len(c:recv(100)))
-- SHUT_RD: reads return EOF at once, even with data pending
local c2 = S.socket(S.AF_INET, S.SOCK_STREAM)
c2:connect("127.0.0.1", select(2, srv:getsockname()))
local p2 = srv:accept()
p2:sendall(buffer.fromstring("ignored"))
c2:shutdown(S.SHUT_RD)
print("after SHUT_RD", buffer.len(c2:recv(10)))
c2:sendall(buffer.fromstring("still writable"))
print(buffer.tostring(p2:recv(100)))
c2:shutdown(S.SHUT_RDWR)
print(buffer.len(p2:recv(100)))
`),
    ).toEqual([
      "false\tmain:6: shutdown: Transport endpoint is not connected (ENOTCONN)",
      "false\tmain:11: send: Broken pipe (EPIPE)",
      "server got\trequest",
      "client got\tresponse\t0",
      "after SHUT_RD\t0",
      "still writable",
      "0",
    ]);
  });

  test("timeouts raise 'timed out'; settimeout(0) and nil wait indefinitely", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
srv:settimeout(0.05)
local t = os.clock()
print(pcall(function() return srv:accept() end))
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:connect("127.0.0.1", select(2, srv:getsockname()))
local p = srv:accept()
p:settimeout(0.05)
print(pcall(function() return p:recv(10) end))
p:settimeout(0)
coroutine.wrap(function() S.poll(0.1); c:sendall(buffer.fromstring("late")) end)()
print(buffer.tostring(p:recv(10)))
`),
    ).toEqual([
      "false\tmain:7: accept: timed out (ETIMEDOUT)",
      "false\tmain:12: recv: timed out (ETIMEDOUT)",
      "late",
    ]);
  });

  test("closing a socket wakes the threads blocked on it with an error", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:connect("127.0.0.1", select(2, srv:getsockname()))
local idle = S.socket(S.AF_INET, S.SOCK_STREAM)
idle:bind("127.0.0.1", 0)
idle:listen()
local results = {}
coroutine.wrap(function() table.insert(results, table.pack(pcall(function() return c:recv(10) end))) end)()
coroutine.wrap(function() table.insert(results, table.pack(pcall(function() return idle:accept() end))) end)()
print(#results)
c:close()
idle:close()
S.poll()
for _, r in results do print(r[1], r[2]) end
`),
    ).toEqual([
      "0",
      "false\tmain:11: recv: socket is closed (EBADF)",
      "false\tmain:12: accept: socket is closed (EBADF)",
    ]);
  });

  test("options round-trip through getsockopt", async () => {
    expect(
      await lines(`
local s = S.socket(S.AF_INET, S.SOCK_STREAM)
print(s:getsockopt(S.SOL_SOCKET, S.SO_REUSEADDR), s:getsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE), s:getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY))
s:setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, true)
s:setsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE, 1)
s:setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, false)
print(s:getsockopt(S.SOL_SOCKET, S.SO_REUSEADDR), s:getsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE), s:getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY))
s:bind("127.0.0.1", 0)
s:listen()
-- accepted sockets inherit the listener's options; options apply to live connections too
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:connect("127.0.0.1", select(2, s:getsockname()))
local p = s:accept()
print(p:getsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE), p:getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY))
c:setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, false)
c:setsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE, true)
print(c:getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY), c:getsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE))
print(c:getsockopt(S.SOL_SOCKET, S.SO_TYPE), c:getsockopt(S.SOL_SOCKET, S.SO_ERROR))
local u = S.socket(S.AF_INET, S.SOCK_DGRAM)
u:setsockopt(S.SOL_SOCKET, S.SO_BROADCAST, true)
print(u:getsockopt(S.SOL_SOCKET, S.SO_BROADCAST), u:getsockopt(S.SOL_SOCKET, S.SO_TYPE))
print(pcall(function() u:setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, true) end))
print(pcall(function() s:setsockopt(S.SOL_SOCKET, 8, 65536) end))
print(pcall(function() s:setsockopt(S.SOL_SOCKET, S.SO_TYPE, 1) end))
print(pcall(function() s:getsockopt(99, 1) end))
-- a failed non-blocking connect is reported once through SO_ERROR
local r = S.socket(S.AF_INET, S.SOCK_STREAM)
r:setblocking(false)
r:connect("127.0.0.1", 1)
S.poll() -- forget earlier resumptions, so that the next poll waits for I/O
S.poll(0.5)
print(r:getsockopt(S.SOL_SOCKET, S.SO_ERROR), r:getsockopt(S.SOL_SOCKET, S.SO_ERROR))
`),
    ).toEqual([
      "false\tfalse\ttrue",
      "true\ttrue\tfalse",
      "true\tfalse",
      "false\ttrue",
      "1\t0",
      "true\t2",
      "false\tmain:22: setsockopt: TCP_NODELAY is not supported on UDP sockets (ENOPROTOOPT)",
      "false\tmain:23: setsockopt: SO_RCVBUF is not supported by bune (ENOPROTOOPT)",
      "false\tmain:24: setsockopt: SO_TYPE is read-only (ENOPROTOOPT)",
      "false\tmain:25: getsockopt: option 1 of level 99 is not supported by bune (ENOPROTOOPT)",
      "111\t0",
    ]);
  });
});

describe("UDP", () => {
  test("sendto/recvfrom, truncation, connected send/recv, non-blocking nil", async () => {
    expect(
      await lines(`
local a = S.socket(S.AF_INET, S.SOCK_DGRAM)
a:bind("127.0.0.1", 0)
local ahost, aport = a:getsockname()
print(ahost, aport > 0)
local b = S.socket(S.AF_INET, S.SOCK_DGRAM)
print(b:sendto(buffer.fromstring("hello udp"), "127.0.0.1", aport))
local _, bport = b:getsockname()
local d, host, port = a:recvfrom(100)
print(buffer.tostring(d), host, port == bport)
print(a:sendto(buffer.fromstring("0123456789"), host, port))
local r, rhost, rport = b:recvfrom(4)
print(buffer.tostring(r), rhost, rport == aport)
b:connect("127.0.0.1", aport)
print(select(2, b:getpeername()) == aport)
print(b:send(buffer.fromstring("connected")), b:sendall("as string"))
print(buffer.tostring(a:recv(100)), buffer.tostring(a:recv(100)))
a:setblocking(false)
print(a:recvfrom(10), a:recv(10))
-- a connected socket only hears from its peer
local other = S.socket(S.AF_INET, S.SOCK_DGRAM)
other:sendto(buffer.fromstring("stranger"), "127.0.0.1", bport)
a:sendto(buffer.fromstring("peer"), "127.0.0.1", bport)
print(buffer.tostring(b:recv(100)))
a:close(); b:close(); other:close()
`),
    ).toEqual([
      "127.0.0.1\ttrue",
      "9",
      "hello udp\t127.0.0.1\ttrue",
      "10",
      "0123\t127.0.0.1\ttrue",
      "true",
      "9\ttrue",
      "connected\tas string",
      "nil\tnil",
      "peer",
    ]);
  });

  test("recvfrom with a timeout, and in a coroutine while the main thread polls", async () => {
    expect(
      await lines(`
local a = S.socket(S.AF_INET6, S.SOCK_DGRAM)
a:bind("::1", 0)
a:settimeout(0.05)
print(pcall(function() return a:recvfrom(10) end))
a:settimeout(nil)
S.poll() -- count from here
local got
coroutine.wrap(function() local d, h = a:recvfrom(10); got = buffer.tostring(d) .. " from " .. h end)()
local b = S.socket(S.AF_INET6, S.SOCK_DGRAM)
b:sendto(buffer.fromstring("ping6"), "::1", select(2, a:getsockname()))
local resumed = 0
while not got do resumed += S.poll(-1) end
print(got, resumed)
`),
    ).toEqual(["false\tmain:5: recvfrom: timed out (ETIMEDOUT)", "ping6 from ::1\t1"]);
  });
  test("a connected UDP socket hears of unreachable ports; an unconnected one does not", async () => {
    expect(
      await lines(`
local gone = S.socket(S.AF_INET, S.SOCK_DGRAM)
gone:bind("127.0.0.1", 0)
local _, port = gone:getsockname()
gone:close()
local u = S.socket(S.AF_INET, S.SOCK_DGRAM)
print(u:sendto("x", "127.0.0.1", port))
S.poll(0.1)
u:connect("127.0.0.1", port)
u:send("x")
u:settimeout(2)
print(pcall(function() return u:recv(10) end))
print(u:send("y"))
`),
    ).toEqual(["1", "false\tmain:12: recv: Connection refused (ECONNREFUSED)", "1"]);
  });
});

describe("name resolution", () => {
  test("getaddrinfo: names, numeric addresses, services, wildcard, failures", async () => {
    expect(
      await lines(`
for _, info in S.getaddrinfo("localhost", 80, S.AF_INET, S.SOCK_STREAM) do
  print(info.family, info.socktype, info.protocol, info.addr, info.port)
end
for _, info in S.getaddrinfo("::1", "http") do print(info.family, info.socktype, info.protocol, info.addr, info.port) end
for _, info in S.getaddrinfo("127.0.0.1", "53", S.AF_INET, S.SOCK_DGRAM) do print(info.addr, info.port, info.protocol) end
for _, info in S.getaddrinfo(nil, 8080, S.AF_UNSPEC, S.SOCK_STREAM, nil, S.AI_PASSIVE) do print(info.addr, info.port) end
for _, info in S.getaddrinfo(nil, 8080, S.AF_INET, S.SOCK_STREAM, nil, 0) do print(info.addr) end
print(S.getaddrinfo("localhost", nil, S.AF_INET, S.SOCK_STREAM, nil, S.AI_CANONNAME)[1].canonname)
print(pcall(S.getaddrinfo, "name.invalid", 80))
print(pcall(S.getaddrinfo, "localhost", 80, S.AF_INET, nil, nil, S.AI_NUMERICHOST))
print(pcall(S.getaddrinfo, "::1", 80, S.AF_INET))
print(pcall(S.getaddrinfo, "localhost", "no-such-service"))
print(pcall(S.getaddrinfo, "localhost", 80, 99))
`),
    ).toEqual([
      "2\t1\t6\t127.0.0.1\t80",
      "10\t1\t6\t::1\t80",
      "10\t2\t17\t::1\t80",
      "127.0.0.1\t53\t17",
      "0.0.0.0\t8080",
      "::\t8080",
      "127.0.0.1",
      "localhost",
      "false\tgetaddrinfo: Name or service not known (EAI_NONAME)",
      "false\tgetaddrinfo: Name or service not known (EAI_NONAME)",
      "false\tgetaddrinfo: Address family for hostname not supported (EAI_ADDRFAMILY)",
      "false\tgetaddrinfo: Servname not supported for ai_socktype (EAI_SERVICE)",
      "false\tinvalid argument #3 to 'getaddrinfo' (unsupported address family 99)",
    ]);
  });

  test("getnameinfo and host names in socket calls", async () => {
    expect(
      await lines(`
print(S.getnameinfo("127.0.0.1", 22))
print(S.getnameinfo("127.0.0.1", 53, S.NI_NUMERICHOST + S.NI_DGRAM))
print(S.getnameinfo("127.0.0.1", 80, S.NI_NUMERICSERV))
print(pcall(S.getnameinfo, "192.0.2.1", 80, S.NI_NAMEREQD))
print(pcall(S.getnameinfo, "localhost", 80))
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("localhost", 0)
srv:listen()
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:connect("localhost", select(2, srv:getsockname()))
print(srv:getsockname() == "127.0.0.1", (select(2, srv:accept())))
`),
    ).toEqual([
      "localhost\tssh",
      "127.0.0.1\tdomain",
      "localhost\t80",
      "false\tgetnameinfo: Name or service not known (EAI_NONAME)",
      "false\tinvalid argument #1 to 'getnameinfo' (numeric address expected)",
      "true\t127.0.0.1",
    ]);
  });
});

describe("errors", () => {
  test("bad arguments", async () => {
    expect(
      await lines(`
local function try(f) print(select(2, pcall(f))) end
try(function() S.socket(99, S.SOCK_STREAM) end)
try(function() S.socket(S.AF_INET, 5) end)
try(function() S.socket("x", 1) end)
try(function() S.socket() end)
try(function() S.socket(S.AF_INET, S.SOCK_STREAM, 17) end)
local s = S.socket(S.AF_INET, S.SOCK_STREAM)
try(function() s:bind("::1", 0) end)
try(function() s:connect("::1", 80) end)
try(function() s:bind("127.0.0.1", 70000) end)
try(function() s:bind(nil, 1) end)
try(function() s:send(12) end)
try(function() s:recv(-1) end)
try(function() s:recv() end)
try(function() s:shutdown(5) end)
try(function() s:setsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE, "yes") end)
try(function() s:settimeout(-1) end)
try(function() s:setblocking("no") end)
try(function() s.recv(nil, 10) end)
local u = S.socket(S.AF_INET6, S.SOCK_DGRAM)
try(function() u:sendto("x", "127.0.0.1", 9) end)
`),
    ).toEqual([
      "main:3: invalid argument #1 to 'socket' (unsupported address family 99)",
      "main:4: invalid argument #2 to 'socket' (unsupported socket type 5)",
      "main:5: invalid argument #1 to 'socket' (number expected, got string)",
      "main:6: missing argument #1 to 'socket' (number expected)",
      "main:7: invalid argument #3 to 'socket' (protocol 17 does not match the socket type)",
      "main:9: invalid argument #2 to 'bind' (IPv6 address '::1' for an AF_INET socket)",
      "main:10: invalid argument #2 to 'connect' (IPv6 address '::1' for an AF_INET socket)",
      "main:11: invalid argument #3 to 'bind' (port out of range)",
      "main:12: invalid argument #2 to 'bind' (string expected, got nil)",
      "main:13: invalid argument #2 to 'send' (buffer expected, got number)",
      "main:14: invalid argument #2 to 'recv' (size must not be negative)",
      "main:15: missing argument #2 to 'recv' (number expected)",
      "main:16: invalid argument #2 to 'shutdown' (SHUT_RD, SHUT_WR or SHUT_RDWR expected)",
      "main:17: invalid argument #3 to 'setsockopt' (number or boolean expected, got string)",
      "main:18: invalid argument #2 to 'settimeout' (timeout must not be negative)",
      "main:19: invalid argument #2 to 'setblocking' (boolean expected, got string)",
      "main:20: invalid argument #1 to 'recv' (Socket expected, got nil)",
      "main:22: invalid argument #3 to 'sendto' (IPv4 address '127.0.0.1' for an AF_INET6 socket)",
    ]);
  });

  test("socket errors: unbound listen, closed socket, refused, address in use, wrong state", async () => {
    expect(
      await lines(`
local function try(f) print(select(2, pcall(f))) end
local s = S.socket(S.AF_INET, S.SOCK_STREAM)
try(function() s:listen() end)
try(function() s:recv(10) end)
try(function() s:send("x") end)
try(function() s:accept() end)
try(function() s:getpeername() end)
print(s:getsockname())
try(function() s:connect("127.0.0.1", 1) end)
s:close()
print(pcall(s.close, s))
try(function() s:recv(10) end)
try(function() s:bind("127.0.0.1", 0) end)
try(function() s:fileno() end)
local a = S.socket(S.AF_INET, S.SOCK_STREAM)
a:bind("127.0.0.1", 0)
a:listen()
try(function() a:bind("127.0.0.1", 0) end)
local b = S.socket(S.AF_INET, S.SOCK_STREAM)
b:bind("127.0.0.1", select(2, a:getsockname()))
try(function() b:listen() end)
local u = S.socket(S.AF_INET, S.SOCK_DGRAM)
try(function() u:listen() end)
try(function() u:recvfrom(10) end)
try(function() u:send("x") end)
try(function() u:shutdown(S.SHUT_RDWR) end)
`),
    ).toEqual([
      "main:4: listen: socket is not bound (call bind first) (EINVAL)",
      "main:5: recv: Transport endpoint is not connected (ENOTCONN)",
      "main:6: send: Transport endpoint is not connected (ENOTCONN)",
      "main:7: accept: socket is not listening (EINVAL)",
      "main:8: getpeername: Transport endpoint is not connected (ENOTCONN)",
      "0.0.0.0\t0",
      "main:10: connect: Connection refused (ECONNREFUSED)",
      "true",
      "main:13: recv: socket is closed (EBADF)",
      "main:14: bind: socket is closed (EBADF)",
      "main:15: fileno: socket is closed (EBADF)",
      "main:19: bind: socket is already bound (EINVAL)",
      "main:22: listen: Address already in use (EADDRINUSE)",
      "main:24: listen: Operation not supported (EOPNOTSUPP)",
      "main:25: recvfrom: socket is not bound (EINVAL)",
      "main:26: send: Destination address required (EDESTADDRREQ)",
      "main:27: shutdown: shutdown is only supported on stream sockets (EOPNOTSUPP)",
    ]);
  });

  test("an uncaught socket error ends the script with status 1", async () => {
    const r = await run(`local s = S.socket(S.AF_INET, S.SOCK_STREAM)\ns:connect("127.0.0.1", 1)\nprint("unreachable")\n`);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("main:3: connect: Connection refused (ECONNREFUSED)");
  });
});

describe("scheduling", () => {
  test("open sockets alone do not keep the process alive", async () => {
    const t0 = performance.now();
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:connect("127.0.0.1", select(2, srv:getsockname()))
local u = S.socket(S.AF_INET, S.SOCK_DGRAM)
u:bind("127.0.0.1", 0)
print("done")
`),
    ).toEqual(["done"]);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  test("a thread closed while blocked on a socket lets go of it (the script can end)", async () => {
    expect(
      await lines(`
local task = require("@lune/task")
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
srv:settimeout(30)
local co = coroutine.create(function() return srv:accept() end)
print(coroutine.resume(co))
print(coroutine.status(co), coroutine.close(co), coroutine.status(co))
local t = task.spawn(function() return srv:accept() end)
task.cancel(t)
print("done")
`),
    ).toEqual(["true", "suspended\ttrue\tdead", "done"]);
  });

  test("poll yields to the event loop and counts the coroutines it let resume", async () => {
    expect(
      await lines(`
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
local accepted
coroutine.wrap(function() accepted = srv:accept() end)()
print(S.poll(), accepted == nil)
local c = S.socket(S.AF_INET, S.SOCK_STREAM)
c:setblocking(false)
c:connect("127.0.0.1", select(2, srv:getsockname()))
local n = 0
while not accepted do n += S.poll(-1) end
print(n, accepted ~= nil)
local t = os.clock()
print(S.poll(0.05), S.poll(0))
print(pcall(S.poll, "x"))
`),
    ).toEqual(["0\ttrue", "1\ttrue", "0\t0", "false\tinvalid argument #1 to 'poll' (number expected, got string)"]);
  });

  test("the seed's scheduler loop: while running do _socket.poll() task.step() end", async () => {
    expect(
      await lines(`
local task = require("@lune/task")
local srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv:bind("127.0.0.1", 0)
srv:listen()
local running = true
coroutine.wrap(function()
  local p = srv:accept()
  p:sendall(p:recv(100))
  p:close()
end)()
coroutine.wrap(function()
  local c = S.socket(S.AF_INET, S.SOCK_STREAM)
  c:connect("127.0.0.1", select(2, srv:getsockname()))
  c:sendall(buffer.fromstring("loop"))
  print(buffer.tostring(c:recv(100)))
  running = false
end)()
while running do
  S.poll()
  task.step()
end
print("stopped")
`),
    ).toEqual(["loop", "stopped"]);
  });
});
