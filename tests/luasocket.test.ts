// require("socket"): LuaSocket's API on Bun's sockets, exercised by real Luau scripts over real
// loopback sockets (`bun cli.ts run` in a child process). Each script prints what LuaSocket returns;
// the expected output is LuaSocket's behaviour.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { BUN, CLI, ROOT, runScript } from "./lune_harness";

/** Loads the modules and defines pair(): a connected client and the server side of its connection. */
const PRELUDE = `local socket = require("socket")
local task = require("@lune/task")
local function pair()
  local server = assert(socket.bind("127.0.0.1", 0))
  local _, port = server:getsockname()
  local client = assert(socket.connect("127.0.0.1", port))
  local peer = assert(server:accept())
  server:close()
  return client, peer
end
`;

async function run(source: string) {
  const r = await runScript(PRELUDE + source);
  if (r.code !== 0 || r.stderr !== "") throw new Error(`script failed (${r.code}):\n${r.stderr}\n--- stdout:\n${r.stdout}`);
  return r.stdout;
}

/** The lines a script printed. */
async function lines(source: string): Promise<string[]> {
  return (await run(source)).replace(/\n$/, "").split("\n");
}

describe("the module", () => {
  test("has LuaSocket's fields, and socket.core is the same table", async () => {
    expect(
      await lines(`print(socket._VERSION, socket._SETSIZE)
print(require("socket.core") == socket)
for _, name in {"tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "bind", "connect", "connect4", "connect6",
    "select", "sleep", "gettime", "skip", "newtry", "protect", "try"} do
  assert(type(socket[name]) == "function", name)
end
for _, name in {"toip", "tohostname", "gethostname", "getaddrinfo", "getnameinfo"} do
  assert(type(socket.dns[name]) == "function", name)
end
print("ok")`),
    ).toEqual(["LuaSocket 3.0.0\t1024", "true", "ok"]);
  });

  test("gettime is Unix time with sub-second precision", async () => {
    expect(await lines(`local t = socket.gettime()
print(math.abs(t - os.time()) < 2, t ~= math.floor(t) or socket.gettime() ~= t)`)).toEqual(["true\ttrue"]);
  });

  test("sleep suspends only the calling thread; zero and negative durations return at once", async () => {
    expect(
      await lines(`local ticks = 0
task.spawn(function() for _ = 1, 10 do ticks += 1; task.wait(0.01) end end)
local t0 = socket.gettime()
print(select("#", socket.sleep(0.2)))
local slept = socket.gettime() - t0
print(slept >= 0.19 and slept < 1, ticks >= 5)
t0 = socket.gettime()
socket.sleep(0); socket.sleep(-1)
print(socket.gettime() - t0 < 0.01)`),
    ).toEqual(["0", "true\ttrue", "true"]);
  });

  test("skip drops the first n values", async () => {
    expect(
      await lines(`print(socket.skip(1, "a", "b", "c"))
print(socket.skip(0, "a", "b"))
print(select("#", socket.skip(2, "a", "b")), select("#", socket.skip(5, "a")))`),
    ).toEqual(["b\tc", "a\tb", "0\t0"]);
  });
});

describe("try, newtry and protect", () => {
  test("try returns its arguments, or raises { err } when the first is nil or false", async () => {
    expect(
      await lines(`print(socket.try(1, 2, 3))
local ok, e = pcall(socket.try, nil, "boom")
print(ok, type(e), e[1])
ok, e = pcall(socket.try, false, "no")
print(ok, e[1])`),
    ).toEqual(["1\t2\t3", "false\ttable\tboom", "false\tno"]);
  });

  test("protect turns try errors into nil, err; the finalizer runs first; other errors pass through", async () => {
    expect(
      await lines(`local closed = 0
local fetch = socket.protect(function(x)
  local try = socket.newtry(function() closed += 1 end)
  local v = try(x, "no value")
  socket.sleep(0.01) -- protected functions may yield
  return v, "second"
end)
print(fetch(42))
print(fetch(nil))
print(closed)
print(pcall(socket.protect(function() error("plain", 0) end)))
local ok, e = pcall(socket.protect(function() error({ code = 7 }) end))
print(ok, e.code)`),
    ).toEqual(["42\tsecond", "nil\tno value", "1", "false\tplain", "false\t7"]);
  });

  test("the spec's fetchLine example: a refused connection comes back as nil, err", async () => {
    expect(
      await lines(`local probe = assert(socket.bind("127.0.0.1", 0))
local _, port = probe:getsockname()
probe:close()
local fetchLine = socket.protect(function(host, port)
  local c = socket.try(socket.connect(host, port))
  local try = socket.newtry(function() c:close() end)
  try(c:send("PING\\r\\n"))
  local line = try(c:receive())
  c:close()
  return line
end)
print(fetchLine("127.0.0.1", port))
local server = assert(socket.bind("127.0.0.1", 0))
local _, live = server:getsockname()
task.spawn(function()
  local c = server:accept()
  local l = c:receive()
  c:send("PONG after " .. l .. "\\n")
  c:close()
end)
print(fetchLine("127.0.0.1", live))`),
    ).toEqual(["nil\tconnection refused", "PONG after PING"]);
  });
});

describe("TCP objects", () => {
  test("are userdata named by class; master becomes server on listen and client on connect", async () => {
    expect(
      await lines(`local function name(o) return (tostring(o):gsub(": 0x%x+$", "")) end
local m = socket.tcp()
print(type(m), name(m), m.class, tostring(m):match("^tcp{master}: 0x%x+$") ~= nil)
print(m:bind("127.0.0.1", 0))
print(name(m), m:listen(8), name(m))
local _, port = m:getsockname()
local c = socket.tcp()
print(name(c), c:connect("127.0.0.1", port), name(c))
local s = m:accept()
print(name(s), c.class, m.class)
local failed = socket.tcp()
local _, err = failed:connect("127.0.0.1", 1)
print(err, name(failed))`),
    ).toEqual([
      "userdata\ttcp{master}\ttcp{master}\ttrue",
      "1",
      "tcp{master}\t1\ttcp{server}",
      "tcp{master}\t1\ttcp{client}",
      "tcp{client}\ttcp{client}\ttcp{server}",
      "connection refused\ttcp{client}",
    ]);
  });

  test("methods of another class raise LuaSocket's bad argument error", async () => {
    const out = await lines(`local m = socket.tcp()
print(pcall(function() return m:receive() end))
print(pcall(function() return m:accept() end))
local c, s = pair()
print(pcall(function() return c:listen() end))
print(pcall(function() return c:bind("*", 0) end))
print(pcall(m.close, 42))
print(pcall(function() return m:nosuchmethod() end))`);
    expect(out[0]).toEndWith(": bad argument #1 to 'receive' (tcp{client} expected, got tcp{master})");
    expect(out[1]).toEndWith(": bad argument #1 to 'accept' (tcp{server} expected, got tcp{master})");
    expect(out[2]).toEndWith(": bad argument #1 to 'listen' (tcp{master} expected, got tcp{client})");
    expect(out[3]).toEndWith(": bad argument #1 to 'bind' (tcp{master} expected, got tcp{client})");
    expect(out[4]).toBe("false\tbad argument #1 to 'close' (tcp{any} expected, got number)");
    expect(out[5]).toStartWith("false\t");
  });

  test("socket.bind on * and port 0 listens on all interfaces at a port the OS picks", async () => {
    expect(
      await lines(`local server = assert(socket.bind("*", 0))
local ip, port, family = server:getsockname()
print(server.class, ip, port > 0, family)
local c = assert(socket.connect("localhost", port))
print(c:getpeername() == "127.0.0.1", select(2, c:getpeername()) == port)`),
    ).toEqual(["tcp{server}\t0.0.0.0\ttrue\tinet", "true\ttrue"]);
  });

  test("binding a port in use fails with 'address already in use'", async () => {
    expect(
      await lines(`local a = assert(socket.bind("127.0.0.1", 0))
local _, port = a:getsockname()
print(socket.bind("127.0.0.1", port))
local m = socket.tcp()
print(m:bind("127.0.0.1", port))`),
    ).toEqual(["nil\taddress already in use", "nil\taddress already in use"]);
  });

  test("listen without bind picks an ephemeral port", async () => {
    expect(await lines(`local m = socket.tcp()
print(m:listen())
local ip, port = m:getsockname()
print(ip, port > 0)`)).toEqual(["1", "0.0.0.0\ttrue"]);
  });

  test("accept waits for a connection, honours the timeout, and accepted clients start blocking", async () => {
    expect(
      await lines(`local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
server:settimeout(0)
print(server:accept())
server:settimeout(0.1)
local t0 = socket.gettime()
print(server:accept())
print(socket.gettime() - t0 >= 0.09)
server:settimeout(nil)
task.delay(0.05, function() socket.connect("127.0.0.1", port) end)
local c = server:accept()
print(c.class, c:gettimeout())`),
    ).toEqual(["nil\ttimeout", "nil\ttimeout", "true", "tcp{client}\t-1\t-1"]);
  });

  test("a closed server returns closed; close may be called again", async () => {
    expect(
      await lines(`local server = assert(socket.bind("127.0.0.1", 0))
print(server:close(), server:close())
print(server:accept())
print(server:getfd())`),
    ).toEqual(["1\t1", "nil\tclosed", "-1"]);
  });

  test("getsockname and getpeername of both ends agree", async () => {
    expect(
      await lines(`local c, s = pair()
local cip, cport, cfam = c:getsockname()
local pip, pport, pfam = s:getpeername()
print(cip, cfam, cip == pip, cport == pport, pfam)
local sip, sport = s:getsockname()
local rip, rport = c:getpeername()
print(sip == rip, sport == rport)
local m = socket.tcp()
print(m:getsockname())
print(m:getpeername())`),
    ).toEqual(["127.0.0.1\tinet\ttrue\ttrue\tinet", "true\ttrue", "0.0.0.0\t0\tinet", "nil\tTransport endpoint is not connected"]);
  });

  test("getfd gives unique numbers, setfd stores one", async () => {
    expect(
      await lines(`local a, b = socket.tcp(), socket.udp()
print(a:getfd() > 0, b:getfd() > 0, a:getfd() ~= b:getfd())
a:setfd(99)
print(a:getfd())`),
    ).toEqual(["true\ttrue\ttrue", "99"]);
  });

  test("setoption/getoption accept LuaSocket's options; unknown ones raise", async () => {
    const out = await lines(`local c, s = pair()
print(c:setoption("tcp-nodelay", true), c:getoption("tcp-nodelay"))
print(c:setoption("keepalive", true), c:getoption("keepalive"))
print(c:setoption("linger", { on = true, timeout = 5 }))
local l = c:getoption("linger"); print(l.on, l.timeout)
print(c:getoption("reuseaddr"), socket.tcp6():getoption("ipv6-v6only"))
print(pcall(c.setoption, c, "bogus", true))
print(pcall(c.setoption, c, "keepalive", 1))`);
    expect(out.slice(0, 5)).toEqual(["1\ttrue", "1\ttrue", "1", "true\t5", "false\ttrue"]);
    expect(out[5]).toBe("false\tbad argument #2 to 'setoption' (unsupported option `bogus')");
    expect(out[6]).toBe("false\tbad argument #3 to 'setoption' (boolean expected, got number)");
  });

  test("getstats counts bytes and age; setstats sets them", async () => {
    expect(
      await lines(`local c, s = pair()
c:send("hello\\n")
s:receive()
local r, sent, age = c:getstats()
print(r, sent, age >= 0 and age < 5)
local pr, ps = s:getstats()
print(pr, ps)
print(c:setstats(100, 200, 10))
c:send("x")
local r2, s2, age2 = c:getstats()
print(r2, s2, age2 >= 10)`),
    ).toEqual(["0\t6\ttrue", "6\t0", "1", "100\t201\ttrue"]);
  });
});

describe("client:receive", () => {
  test("lines: default pattern, *l and l; CRs are dropped; three results", async () => {
    expect(
      await lines(`local c, s = pair()
s:send("one\\r\\ntw\\ro\\nthree\\nfour\\n")
print(c:receive())
print(c:receive("*l"))
print(c:receive("l"))
print(select("#", c:receive()))`),
    ).toEqual(["one\tnil\tnil", "two\tnil\tnil", "three\tnil\tnil", "3"]);
  });

  test("a timeout returns the partial line, and passing it as prefix resumes", async () => {
    expect(
      await lines(`local c, s = pair()
c:settimeout(0.05)
s:send("hel")
local t0 = socket.gettime()
local line, err, partial = c:receive()
print(line, err, partial, socket.gettime() - t0 >= 0.04)
s:send("lo\\n")
print(c:receive("*l", partial))
s:send("wor")
line, err, partial = c:receive("*l", ">")
print(err, partial)
c:settimeout(0)
print(c:receive())`),
    ).toEqual(["nil\ttimeout\thel\ttrue", "hello\tnil\tnil", "timeout\t>wor", "nil\ttimeout\t"]);
  });

  test("byte counts include the prefix", async () => {
    expect(
      await lines(`local c, s = pair()
s:send("0123456789")
print(c:receive(4))
print(c:receive(5, "ab"))
print(c:receive(2, "xyz"))
print(c:receive("3"))
print(c:receive(0))
print(pcall(c.receive, c, -1))
print(pcall(c.receive, c, "*x"))`),
    ).toEqual([
      "0123\tnil\tnil",
      "ab456\tnil\tnil",
      "xyz\tnil\tnil",
      "789\tnil\tnil",
      "\tnil\tnil",
      "false\tinvalid argument #2 to 'receive' (invalid receive pattern)",
      "false\tinvalid argument #2 to 'receive' (invalid receive pattern)",
    ]);
  });

  test("a byte count cut short by a timeout returns what arrived", async () => {
    expect(
      await lines(`local c, s = pair()
c:settimeout(0.05)
s:send("abc")
print(c:receive(10))
s:send("defghij")
print(c:receive(10, "abc"))`),
    ).toEqual(["nil\ttimeout\tabc", "abcdefghij\tnil\tnil"]);
  });

  test("*a reads until the peer closes; with nothing new it is nil, closed, prefix", async () => {
    expect(
      await lines(`local c, s = pair()
s:send("first ")
task.delay(0.05, function() s:send("second"); s:close() end)
print(c:receive("*a"))
print(c:receive("*a", "pre"))
print(c:receive("a"))`),
    ).toEqual(["first second\tnil\tnil", "nil\tclosed\tpre", "nil\tclosed\t"]);
  });

  test("*a with a timeout returns the partial data", async () => {
    expect(
      await lines(`local c, s = pair()
c:settimeout(0.05)
s:send("some")
print(c:receive("*a", "+"))`),
    ).toEqual(["nil\ttimeout\t+some"]);
  });

  test("a peer that closes mid-line or mid-count gives nil, closed, partial", async () => {
    expect(
      await lines(`local c, s = pair()
s:send("no newline")
s:close()
print(c:receive())
local c2, s2 = pair()
s2:send("abc")
s2:close()
print(c2:receive(10, ">"))
print(c2:receive(1))`),
    ).toEqual(["nil\tclosed\tno newline", "nil\tclosed\t>abc", "nil\tclosed\t"]);
  });

  test("dirty reports buffered data", async () => {
    expect(
      await lines(`local c, s = pair()
print(c:dirty())
s:send("a\\nb\\n")
print(c:receive(), c:dirty())
print(c:receive(), c:dirty())`),
    ).toEqual(["false", "a\ttrue", "b\tfalse"]);
  });

  test("a large transfer arrives whole", async () => {
    expect(
      await lines(`local c, s = pair()
local big = string.rep("0123456789abcdef", 1024 * 256) -- 4 MiB
task.spawn(function() c:send(big); c:close() end)
local data = s:receive("*a")
print(#data, data == big)`),
    ).toEqual(["4194304\ttrue"]);
  });

  test("a blocked receive suspends only its thread", async () => {
    expect(
      await lines(`local c, s = pair()
local order = {}
task.spawn(function() table.insert(order, "got " .. c:receive()) end)
table.insert(order, "main runs")
task.wait(0.05)
s:send("line\\n")
task.wait(0.05)
print(table.concat(order, ", "))`),
    ).toEqual(["main runs, got line"]);
  });

  test("total timeouts ('t') bound the whole call, block timeouts ('b') each wait", async () => {
    expect(
      await lines(`local c, s = pair()
task.spawn(function()
  for i = 1, 8 do task.wait(0.03); s:send("x") end
  s:send("\\n")
end)
c:settimeout(0.1, "t")
local t0 = socket.gettime()
local _, err, partial = c:receive()
local took = socket.gettime() - t0
print(err, #partial < 8, took >= 0.09 and took < 0.2)
c:settimeout(-1, "t")
c:settimeout(0.2, "b")
print(c:receive("*l", partial))`),
    ).toEqual(["timeout\ttrue\ttrue", "xxxxxxxx\tnil\tnil"]);
  });
});

describe("client:send", () => {
  test("returns the index of the last byte sent, honouring i and j like string.sub", async () => {
    expect(
      await lines(`local c, s = pair()
print(c:send("hello"))
print(c:send("hello", 2))
print(c:send("hello", 2, 3))
print(c:send("hello", -2))
print(c:send("hello", 1, -4))
print(c:send("hello", 4, 2))
print(c:send(""))
print(c:send("hello", 0, 99))
print(select("#", c:send("x")))
print(s:receive(21))`),
    ).toEqual([
      "5\tnil\tnil",
      "5\tnil\tnil",
      "3\tnil\tnil",
      "5\tnil\tnil",
      "2\tnil\tnil",
      "3\tnil\tnil",
      "0\tnil\tnil",
      "5\tnil\tnil",
      "3",
      "helloelloellohehellox\tnil\tnil",
    ]);
  });

  test("a send cut short by a timeout returns nil, timeout, last index; sending from there completes it", async () => {
    expect(
      await lines(`local c, s = pair()
local big = string.rep("z", 32 * 1024 * 1024)
c:settimeout(0.1)
local n, err, last = c:send(big)
print(n, err, last > 0 and last < #big)
local got
task.spawn(function() got = s:receive(#big) end)
c:settimeout(nil)
print(c:send(big, last + 1))
while not got do task.wait() end
print(got == big)`),
    ).toEqual(["nil\ttimeout\ttrue", "33554432\tnil\tnil", "true"]);
  });

  test("sending to a peer that closed ends in nil, closed", async () => {
    expect(
      await lines(`local c, s = pair()
s:close()
task.wait(0.05)
local n, err
for i = 1, 50 do
  n, err = c:send("data")
  if not n then break end
  task.wait(0.01)
end
print(n, err)
print(c:receive())`),
    ).toEqual(["nil\tclosed", "nil\tclosed\t"]);
  });

  test("after close every I/O call returns closed", async () => {
    expect(
      await lines(`local c, s = pair()
print(c:close())
print(c:send("x"))
print(c:receive())
print(c:getsockname())
print(c:close())`),
    ).toEqual(["1", "nil\tclosed\t0", "nil\tclosed\t", "nil\tclosed", "1"]);
  });

  test("shutdown('send') ends the peer's reads while this side can still receive", async () => {
    expect(
      await lines(`local c, s = pair()
c:send("last words\\n")
print(c:shutdown("send"))
print(s:receive())
print(s:receive())
s:send("reply\\n")
print(c:receive())
print(c:shutdown())
print(pcall(c.shutdown, c, "sideways"))`),
    ).toEqual([
      "1",
      "last words\tnil\tnil",
      "nil\tclosed\t",
      "reply\tnil\tnil",
      "1",
      "false\tbad argument #2 to 'shutdown' (invalid option 'sideways')",
    ]);
  });
});

describe("connect", () => {
  test("to a closed port gives 'connection refused', to an unknown host 'host not found'", async () => {
    expect(
      await lines(`local probe = assert(socket.bind("127.0.0.1", 0))
local _, port = probe:getsockname()
probe:close()
print(socket.connect("127.0.0.1", port))
print(socket.connect("no-such-host.invalid", 80))`),
    ).toEqual(["nil\tconnection refused", "nil\thost not found"]);
  });

  test("with timeout 0 returns timeout at once; select reports it writable; connecting again is 'already connected'", async () => {
    expect(
      await lines(`local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
local c = socket.tcp()
c:settimeout(0)
print(c:connect("127.0.0.1", port))
print(c.class)
local r, w, err = socket.select(nil, { c }, 2)
print(#r, #w, w[1] == c, w[c], err)
print(c:connect("127.0.0.1", port))
c:settimeout(nil)
local peer = server:accept()
peer:send("hi\\n")
print(c:receive())`),
    ).toEqual(["nil\ttimeout", "tcp{client}", "0\t1\ttrue\ttrue\tnil", "nil\talready connected", "hi\tnil\tnil"]);
  });

  test("connects from a chosen local address: socket.connect's locaddr/locport, or bind before connect", async () => {
    expect(
      await lines(`local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
print(socket.connect("127.0.0.1", port, "127.0.0.1", port))
local probe = socket.tcp(); probe:bind("127.0.0.1", 0)
local _, free = probe:getsockname()
probe:close()
local c = assert(socket.connect("127.0.0.1", port, "127.0.0.1", free))
local peer = server:accept()
print(select(2, c:getsockname()) == free, select(2, peer:getpeername()) == free)
local m = socket.tcp()
print(m:bind("127.0.0.1", 0))
local _, mine = m:getsockname()
print(m:connect("127.0.0.1", port))
print(select(2, m:getsockname()) == mine)`),
    ).toEqual(["nil\taddress already in use", "true\ttrue", "1", "1", "true"]);
  });

  test("IPv6: tcp6/udp6 over ::1, connect6 and the family argument", async () => {
    expect(
      await lines(`local server = socket.tcp6()
print(server:bind("::1", 0), server:listen())
local ip, port, family = server:getsockname()
print(ip, family)
local c = assert(socket.connect("::1", port, nil, nil, "inet6"))
print(c:getpeername())
print(select(3, server:accept():getpeername()))
print(socket.connect4("::1", port))
print(pcall(socket.connect, "::1", port, nil, nil, "inet7"))
local u, v = socket.udp6(), socket.udp6()
u:setsockname("::1", 0)
local _, uport, ufamily = u:getsockname()
print(ufamily, v:sendto("six", "::1", uport))
local data, from = u:receivefrom()
print(data, from)`).then((l) => l.map((x) => x.replace(/\t\d+\t/, "\tPORT\t"))),
    ).toEqual([
      "1\t1",
      "::1\tinet6",
      "::1\tPORT\tinet6",
      "inet6",
      "nil\thost or service not provided, or not known",
      "false\tbad argument #5 to 'connect' (invalid option 'inet7')",
      "inet6\t3",
      "six\t::1",
    ]);
  });
});

describe("socket.select", () => {
  test("returns the ready sockets as an array and as keys, in the order given", async () => {
    expect(
      await lines(`local c1, s1 = pair()
local c2, s2 = pair()
local c3, s3 = pair()
c3:send("3\\n")
c1:send("1\\n")
task.wait(0.05)
local r, w, err = socket.select({ s1, s2, s3 }, nil, 1)
print(#r, r[1] == s1, r[2] == s3, r[s1], r[s3], r[s2], err)
print(select("#", socket.select({ s1 }, nil, 1)))`),
    ).toEqual(["2\ttrue\ttrue\ttrue\ttrue\tnil\tnil", "2"]);
  });

  test("times out with empty tables and 'timeout'", async () => {
    expect(
      await lines(`local c, s = pair()
local t0 = socket.gettime()
local r, w, err = socket.select({ s }, {}, 0.1)
print(#r, #w, next(r), err, socket.gettime() - t0 >= 0.09)
print(socket.select({ s }, nil, 0))
print(socket.select(nil, nil, 0.02))`),
    ).toEqual(["0\t0\tnil\ttimeout\ttrue", "{ }\t{ }\ttimeout", "{ }\t{ }\ttimeout"]);
  });

  test("wakes when data arrives, counts buffered data, a pending connection and a closed peer as readable", async () => {
    expect(
      await lines(`local c, s = pair()
task.delay(0.05, function() c:send("a\\nb\\n") end)
local r = socket.select({ s }, nil)
print(#r, r[1] == s)
print(s:receive())
r = socket.select({ s }, nil, 0)
print(#r, s:dirty())
print(s:receive())
local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
print(#socket.select({ server }, nil, 0))
local other = socket.connect("127.0.0.1", port)
r = socket.select({ server }, nil, 1)
print(r[1] == server)
c:close()
r = socket.select({ s }, nil, 1)
print(#r, s:receive())`),
    ).toEqual(["1\ttrue", "a\tnil\tnil", "1\ttrue", "b\tnil\tnil", "0", "true", "1\tnil\tclosed\t"]);
  });

  test("reports connected clients as writable and ignores closed sockets", async () => {
    expect(
      await lines(`local c, s = pair()
local d, t = pair()
d:close()
local r, w = socket.select({ d }, { c, d }, 1)
print(#r, #w, w[1] == c)`),
    ).toEqual(["0\t1\ttrue"]);
  });

  test("more sockets than _SETSIZE is an error", async () => {
    const out = await lines(`local many = {}
local u = socket.udp()
for i = 1, socket._SETSIZE + 1 do many[i] = socket.tcp() end
print(pcall(socket.select, many, nil, 0))`);
    expect(out[0]).toBe("false\tbad argument #1 to 'select' (too many sockets)");
  });
});

describe("UDP objects", () => {
  test("sendto/receivefrom between two sockets; names udp{unconnected}/udp{connected}", async () => {
    expect(
      await lines(`local a = socket.udp()
print(type(a), a.class, tostring(a):match("^udp{unconnected}: 0x%x+$") ~= nil)
print(a:getsockname())
print(a:setsockname("127.0.0.1", 0))
local ip, aport, family = a:getsockname()
print(ip, aport > 0, family)
local b = socket.udp()
print(b:sendto("hello", "127.0.0.1", aport))
local _, bport = b:getsockname()
local data, fromip, fromport = a:receivefrom()
print(data, fromip, fromport == bport)
b:sendto("", "127.0.0.1", aport)
print(a:receive() == "")`),
    ).toEqual(["userdata\tudp{unconnected}\ttrue", "0.0.0.0\t0\tinet", "1", "127.0.0.1\ttrue\tinet", "5", "hello\t127.0.0.1\ttrue", "true"]);
  });

  test("receive truncates to the size asked; timeouts return nil, timeout", async () => {
    expect(
      await lines(`local a = socket.udp(); a:setsockname("127.0.0.1", 0)
local _, port = a:getsockname()
local b = socket.udp()
b:sendto("0123456789", "127.0.0.1", port)
print(a:receive(4))
a:settimeout(0.05)
print(a:receive())
print(a:receivefrom())
a:settimeout(0)
print(a:receive())`),
    ).toEqual(["0123", "nil\ttimeout", "nil\ttimeout", "nil\ttimeout"]);
  });

  test("sendto takes numeric addresses only", async () => {
    expect(await lines(`local b = socket.udp()
print(b:sendto("x", "localhost", 9))`)).toEqual(["nil\thost or service not provided, or not known"]);
  });

  test("setpeername connects: send/receive/getpeername; other senders are ignored; '*' disconnects", async () => {
    expect(
      await lines(`local a = socket.udp(); a:setsockname("127.0.0.1", 0)
local _, aport = a:getsockname()
local b = socket.udp(); b:setsockname("127.0.0.1", 0)
local _, bport = b:getsockname()
print(a:setpeername("127.0.0.1", bport))
print(a.class, tostring(a):match("^udp{connected}: 0x") ~= nil)
local pip, pport, pfam = a:getpeername()
print(pip, pport == bport, pfam)
print(a:send("to b"))
print(b:receivefrom() == "to b")
local stranger = socket.udp()
stranger:sendto("noise", "127.0.0.1", aport)
b:sendto("from b", "127.0.0.1", aport)
print(a:receive())
print(pcall(a.sendto, a, "x", "127.0.0.1", bport))
print(pcall(a.receivefrom, a))
print(a:setpeername("*"))
print(a.class)
print(pcall(a.send, a, "x"))`),
    ).toEqual([
      "1",
      "udp{connected}\ttrue",
      "127.0.0.1\ttrue\tinet",
      "4",
      "true",
      "from b",
      "false\tbad argument #1 to 'sendto' (udp{unconnected} expected, got udp{connected})",
      "false\tbad argument #1 to 'receivefrom' (udp{unconnected} expected, got udp{connected})",
      "1",
      "udp{unconnected}",
      "false\tbad argument #1 to 'send' (udp{connected} expected, got udp{unconnected})",
    ]);
  });

  test("a connected socket whose peer is gone gets 'refused'", async () => {
    expect(
      await lines(`local gone = socket.udp(); gone:setsockname("127.0.0.1", 0)
local _, port = gone:getsockname()
gone:close()
local u = socket.udp()
u:setpeername("127.0.0.1", port)
print(u:getsockname() == "127.0.0.1")
u:send("ping")
u:settimeout(1)
print(u:receive())`),
    ).toEqual(["true", "nil\trefused"]);
  });

  test("a blocked receive is woken by a datagram sent from another thread; select sees datagrams", async () => {
    expect(
      await lines(`local a = socket.udp(); a:setsockname("127.0.0.1", 0)
local _, port = a:getsockname()
local b = socket.udp()
print(#socket.select({ a }, nil, 0))
task.delay(0.05, function() b:sendto("wake", "127.0.0.1", port) end)
print(a:receivefrom() == "wake")
b:sendto("sel", "127.0.0.1", port)
local r = socket.select({ a, b }, nil, 1)
print(#r, r[1] == a, a:receive())`),
    ).toEqual(["0", "true", "1\ttrue\tsel"]);
  });

  test("binding a port in use fails; close makes calls return closed", async () => {
    expect(
      await lines(`local a = socket.udp(); a:setsockname("127.0.0.1", 0)
local _, port = a:getsockname()
local b = socket.udp()
print(b:setsockname("127.0.0.1", port))
print(a:close(), a:close())
print(a:receive())
print(a:sendto("x", "127.0.0.1", port))
print(a:getsockname())`),
    ).toEqual(["nil\taddress already in use", "1\t1", "nil\tclosed", "nil\tclosed", "nil\tclosed"]);
  });

  test("options: values read back, memberships accepted, unknown names raise", async () => {
    const out = await lines(`local u = socket.udp()
print(u:setoption("broadcast", true), u:getoption("broadcast"))
print(u:getoption("ip-multicast-ttl"), u:getoption("ip-multicast-loop"))
print(u:setsockname("*", 0))
print(u:setoption("ip-add-membership", { multiaddr = "239.255.0.1", interface = "0.0.0.0" }))
print(u:setoption("ip-multicast-ttl", 4), u:getoption("ip-multicast-ttl"))
print(pcall(u.setoption, u, "nope", 1))
print(u:settimeout(0.5), u:gettimeout())
print(u:dirty())`);
    expect(out).toEqual([
      "1\ttrue",
      "1\ttrue",
      "1",
      "1",
      "1\t4",
      "false\tbad argument #2 to 'setoption' (unsupported option `nope')",
      "1\t0.5\t-1",
      "false",
    ]);
  });
});

describe("socket.dns", () => {
  test("toip, tohostname, gethostname, getaddrinfo, getnameinfo", async () => {
    expect(
      await lines(`local ip, resolved = socket.dns.toip("localhost")
print(ip, resolved.name, resolved.ip[1], #resolved.alias)
print((socket.dns.toip("127.0.0.1")))
print(socket.dns.toip("no-such-host.invalid"))
local name, named = socket.dns.tohostname("127.0.0.1")
print(name, named.ip[1])
print(type(socket.dns.gethostname()))
local list = socket.dns.getaddrinfo("localhost")
print(list[1].family, list[1].addr)
print(socket.dns.getaddrinfo("no-such-host.invalid"))
local names, service = socket.dns.getnameinfo("127.0.0.1", 80)
print(names[1], service)`),
    ).toEqual([
      "127.0.0.1\tlocalhost\t127.0.0.1\t0",
      "127.0.0.1",
      "nil\thost not found",
      "localhost\t127.0.0.1",
      "string",
      "inet\t127.0.0.1",
      "nil\thost not found",
      "localhost\thttp",
    ]);
  });
});

describe("process lifetime", () => {
  test("open sockets do not keep a finished script alive", async () => {
    const t0 = performance.now();
    expect(
      await lines(`local server = assert(socket.bind("127.0.0.1", 0))
local c, s = pair()
local u = socket.udp(); u:setsockname("127.0.0.1", 0)
print("done")`),
    ).toEqual(["done"]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe("the echo server of LuaSocket's introduction (seed 002)", () => {
  test("runs unchanged: prints its port, echoes a line per client, survives a client that hangs up", async () => {
    const server = Bun.spawn([BUN, CLI, "run", join(ROOT, "tests/luasocket/echo_server.luau")], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      const reader = server.stdout.getReader();
      let banner = "";
      while (!banner.includes("echoed\n")) {
        const { value, done } = await reader.read();
        if (done) throw new Error("echo server exited: " + (await new Response(server.stderr).text()));
        banner += new TextDecoder().decode(value);
      }
      const port = Number(/on port (\d+)/.exec(banner)![1]);
      expect(banner).toBe(`Please telnet to localhost on port ${port}\nAfter connecting, you have 10s to enter a line to be echoed\n`);

      // a client written for LuaSocket, run by bune too
      const client = await runScript(`local socket = require("socket")
local port = ${port}
-- a client that hangs up before sending a whole line gets nothing back
local rude = assert(socket.connect("localhost", port))
rude:send("no newline")
rude:close()
for i, text in { "hello, echo", "second client" } do
  local c = assert(socket.connect("localhost", port))
  c:settimeout(5)
  assert(c:send(text .. "\\r\\n"))
  print(c:receive())
  print(c:receive("*a"))
  c:close()
end`);
      expect(client.stderr).toBe("");
      expect(client.stdout).toBe("hello, echo\tnil\tnil\nnil\tclosed\t\nsecond client\tnil\tnil\nnil\tclosed\t\n");
    } finally {
      server.kill();
      await server.exited;
    }
  });
});
