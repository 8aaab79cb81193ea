// @lune/net UDP (net.udp.bind) over real loopback sockets, from Luau scripts run by bune.
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { LuauProcess, portOf, runLuau } from "./net_helpers";

setDefaultTimeout(60_000);

describe("net.udp.bind", () => {
  test("datagram boundaries, binary data, truncation to maxSize", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local a = net.udp.bind("127.0.0.1:0")
local b = net.udp.bind("127.0.0.1:0")
print(typeof(a), string.match(a.address, "^127%.0%.0%.1:%d+$") ~= nil, a.port > 0)
b:sendTo("one", a.address)
b:sendTo("two22", a.address)
b:sendTo(string.rep("z", 100), a.address)
b:sendTo("\\0\\255\\1", a.address)
b:sendTo(buffer.fromstring("buf"), a.address)
b:sendTo("", a.address)
b:sendTo("after", a.address)
local first = a:recvFrom()
print(first.data, first.address == b.address)
print(a:recv())
print(a:recv(10)) -- the other 90 bytes of that datagram are gone
local bin = a:recv()
print(#bin, string.byte(bin, 1, -1))
print(a:recvFrom(2).data)
print(#a:recv())
print(a:recv())
a:close()
b:close()
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("UdpSocket\ttrue\ttrue\none\ttrue\ntwo22\nzzzzzzzzzz\n3\t0\t255\t1\nbu\n0\nafter\n");
  });

  test("connected sockets send to and hear only their peer", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local a = net.udp.bind("127.0.0.1:0")
local b = net.udp.bind("127.0.0.1:0")
local intruder = net.udp.bind("127.0.0.1:0")
print(pcall(a.send, a, "nobody"))
a:connect(b.address)
intruder:sendTo("intruder", a.address)
b:sendTo("from peer", a.address)
print(a:recv())
a:send("to peer")
local got = b:recvFrom()
print(got.data, got.address == a.address)
-- nothing else arrives: the intruder's datagram was dropped
task.delay(0.2, function() a:close() end)
print(a:recvFrom())
b:close()
intruder:close()
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^false\t.*UdpSocket is not connected\nfrom peer\nto peer\ttrue\nnil\n$/);
  });

  test("sendMany delivers every datagram, in order", async () => {
    // the receiver acknowledges each round so the kernel's receive buffer never overflows
    const r = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local rx = net.udp.bind("127.0.0.1:0")
local tx = net.udp.bind("127.0.0.1:0")
local ROUNDS, PER = 20, 100
local expected, bad = 0, 0
task.spawn(function()
	for i = 1, ROUNDS * PER do
		local d = rx:recvFrom()
		if d.data ~= "seq " .. i then bad += 1 end
		if i % PER == 0 then rx:sendTo("ack", d.address) end
		expected = i
	end
end)
local n = 0
for round = 1, ROUNDS do
	local list = {}
	for i = 1, PER do
		n += 1
		-- plain entries go to the address argument; tables name their own
		list[i] = if i % 2 == 0 then "seq " .. n else { data = buffer.fromstring("seq " .. n), address = rx.address }
	end
	tx:sendMany(list, rx.address)
	assert(tx:recv() == "ack")
end
print("received", expected, "out of order", bad)
-- a connected socket's sendMany goes to its peer
tx:connect(rx.address)
tx:sendMany({ "x", "y", "z" })
print(rx:recv(), rx:recv(), rx:recv())
rx:close()
tx:close()
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("received\t2000\tout of order\t0\nx\ty\tz\n");
  });

  test("datagrams sent in one resumption are batched and all arrive in order", async () => {
    // a Bun receiver in this process counts what arrives from a sender that never yields between sends
    const received: string[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const rx = await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(_s, d) {
          received.push(d.toString());
          if (received.length === 150) done();
        },
      },
    });
    for (const batch of [true, false]) {
      received.length = 0;
      const r = await runLuau(`
local net = require("@lune/net")
local tx = net.udp.bind("127.0.0.1:0", { batch = ${batch} })
for i = 1, 150 do
	tx:sendTo("n" .. i, "127.0.0.1:${rx.port}")
end
print("sent")
`);
      expect(r.stdout).toBe("sent\n");
      await Promise.race([all, Bun.sleep(3000)]);
      expect(received).toEqual(Array.from({ length: 150 }, (_, i) => `n${i + 1}`));
    }
    rx.close();
  });

  test("a UDP echo server serving a Bun client", async () => {
    const server = new LuauProcess(`
local net = require("@lune/net")
local socket = net.udp.bind("127.0.0.1:0")
print(socket.address)
while true do
	local d = socket:recvFrom()
	if d.data == "stop" then break end
	socket:sendTo("echo " .. d.data, d.address)
end
socket:close()
`);
    const port = portOf(await server.line());
    const replies: string[] = [];
    let wake: (() => void) | undefined;
    const client = await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(_s, d) {
          replies.push(d.toString());
          wake?.();
        },
      },
    });
    for (let i = 0; i < 50; i++) {
      client.send(`ping ${i}`, port, "127.0.0.1");
      while (replies.length <= i) await new Promise<void>((r) => (wake = r));
    }
    expect(replies[49]).toBe("echo ping 49");
    client.send("stop", port, "127.0.0.1");
    expect((await server.finish()).code).toBe(0);
    client.close();
  });

  test("IPv6 loopback", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local a = net.udp.bind("[::1]:0")
local b = net.udp.bind("[::1]:0")
print(string.match(a.address, "^%[::1%]:%d+$") ~= nil, a.ip)
b:sendTo("six", a.address)
local d = a:recvFrom()
print(d.data, d.address == b.address)
a:close()
b:close()
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("true\t::1\nsix\ttrue\n");
  });

  test("errors: port in use, bad addresses, closed sockets, oversize datagrams", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local a = net.udp.bind("127.0.0.1:0")
print(pcall(net.udp.bind, a.address))
print(pcall(net.udp.bind, "nope"))
print(pcall(a.sendTo, a, "x", "1.2.3.4"))
print(pcall(a.sendTo, a, string.rep("x", 70000), a.address))
print(pcall(a.sendTo, a, 42, a.address))
print(pcall(a.recv, a, 0))
print(pcall(net.udp.bind, "127.0.0.1:0", { batch = 1 }))
a:close()
a:close()
print(a.closed, a:recv(), a:recvFrom())
print(pcall(a.sendTo, a, "x", "127.0.0.1:9"))
print(pcall(a.connect, a, "127.0.0.1:9"))
`);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^false\tFailed to bind 127\.0\.0\.1:\d+: Address already in use \(os error 98\)$/);
    expect(lines[1]).toBe("false\tInvalid address 'nope' - expected 'host:port'");
    expect(lines[2]).toMatch(/Invalid address '1\.2\.3\.4' - expected 'host:port'$/);
    expect(lines[3]).toBe("false\tMessage too long (os error 90)");
    expect(lines[4]).toMatch(/invalid argument #2 to 'sendTo' \(string or buffer expected, got number\)$/);
    expect(lines[5]).toMatch(/invalid argument #2 to 'recv' \(size must be positive\)$/);
    expect(lines[6]).toMatch(/invalid argument #2 to 'bind' \('batch' must be a boolean, got number\)$/);
    expect(lines[7]).toBe("true\tnil\tnil");
    expect(lines[8]).toBe("false\tUdpSocket is closed");
    expect(lines[9]).toBe("false\tUdpSocket is closed");
  });

  test("multicast on the loopback interface, broadcast and TTL settings", async () => {
    const r = await runLuau(`
local net = require("@lune/net")
local rx = net.udp.bind("0.0.0.0:0")
rx:addMembership("239.255.77.1", "127.0.0.1")
local tx = net.udp.bind("0.0.0.0:0")
tx:setMulticastInterface("127.0.0.1")
tx:setMulticastLoopback(true)
tx:setMulticastTTL(1)
tx:setBroadcast(true)
tx:setTTL(32)
tx:sendTo("to the group", "239.255.77.1:" .. rx.port)
print(rx:recv())
rx:dropMembership("239.255.77.1", "127.0.0.1")
print(pcall(rx.dropMembership, rx, "239.255.77.1", "127.0.0.1"))
print(pcall(tx.setMulticastTTL, tx, "many"))
rx:close()
tx:close()
`);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("to the group");
    expect(lines[1]).toBe("false\tCannot assign requested address (os error 99)");
    expect(lines[2]).toMatch(/invalid argument #2 to 'setMulticastTTL' \(number expected, got string\)$/);
  });

  test("a socket keeps the process alive only while a thread waits on it", async () => {
    const idle = await runLuau(`
local net = require("@lune/net")
local s = net.udp.bind("127.0.0.1:0")
s:sendTo("x", "127.0.0.1:9")
print("idle")
`);
    expect(idle.stdout).toBe("idle\n");
    expect(idle.code).toBe(0);
    const waiting = await runLuau(`
local net = require("@lune/net")
local task = require("@lune/task")
local s = net.udp.bind("127.0.0.1:0")
local peer = net.udp.bind("127.0.0.1:0")
task.delay(0.2, function() peer:sendTo("late", s.address) end)
print(s:recv())
`);
    expect(waiting.stdout).toBe("late\n");
  });
});
