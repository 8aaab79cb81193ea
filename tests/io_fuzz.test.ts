// Argument fuzzing of the I/O libraries: @lune/net (UDP, TCP, HTTP, WebSocket, URL coding),
// @eryx/_socket, LuaSocket (`require("socket")`), @lune/fs and @lune/task, functions and the
// methods of the objects they return. Each target is called a few dozen times with arguments drawn
// from a pool of awkward values and from per-position vocabularies that get past the first checks;
// methods are called on real objects (made fresh for every call: a bound UDP socket, a listening
// server, a connected stream pair, closed ones) and on wrong `self` values. A call passes when it
// returns Luau values, or raises a Luau error in Luau's words (no leaked JS exception text); nothing
// may crash the process, and nothing may hang: a call that may legitimately wait (recv, accept,
// read, task.wait...) is abandoned after a few milliseconds, any other call that still waits after
// SLOW_MS is reported, and a process that stops making progress is killed and the call named.
// Also reported, against the call in progress: an uncaught JS exception (a throw in a Bun callback
// kills a bune process), a thread the call started dying of a leaked JS error, and a timer longer
// than setTimeout takes (it fires at once: a timeout that expires immediately).
//
// Only loopback addresses are used (destinations are 127.0.0.1 / ::1 ports, HTTP and WebSocket
// requests go to a server the driver starts), and @lune/fs works in a fresh temporary directory
// that is the process's working directory, with a fixture rebuilt before every fs call.
//
// The calls are made from Luau, through pcall, by a driver script that a LuneRuntime runs in a
// child process (this same file, with BUNE_IO_FUZZ_JOB set). The argument lists come from a seeded
// PRNG, per target (FUZZ_SEED=<number> picks a seed, FUZZ_SEED=random a fresh one, FUZZ_COMBOS=<n>
// the calls per target): a failure is reported as the Luau call that failed, to replay with its seed
// or to copy into REGRESSIONS. For debugging: FUZZ_ONLY=<regexp> fuzzes only the matching targets,
// FUZZ_VERBOSE=1 prints each target's outcome counts, and FUZZ_TRACE=1 makes a child run by hand
// (BUNE_IO_FUZZ_JOB='{"mode":"fuzz","seed":1,"combos":50,"dir":"/tmp/x"}' bun tests/io_fuzz.test.ts)
// print every call and its outcome on stderr.
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileChunk } from "../runtime/chunk";
import { LuauError } from "../runtime/errors";
import { errorListeners, resumeNow } from "../runtime/scheduler";
import { LuauTable } from "../runtime/table";
import { LuauThread, SUSPEND, beginWait } from "../runtime/thread";
import { library } from "../stdlib/args";
import { LuneRuntime } from "../stdlib/lune/runtime";
import {
  LEAKS, callText, checkError, checkResults, checkValue, describeValue, exitOnUncaught, hashName, leaks, pick, prng, runCases, runJob, seedFromEnv,
  type CaseResult,
  send, show,
  type ChildSpec, type Run, type RunLimits,
} from "./fuzz_args";

const COMBOS_PER_TARGET = Number(process.env.FUZZ_COMBOS ?? 80);
/** How long a call that may legitimately wait (recv, accept, task.wait...) is given before it is
 * abandoned; not a failure. */
const WAIT_MS = 15;
/** How long any other call may take: one still waiting after this is reported (a thread hang). */
const SLOW_MS = 5_000;
/** How long making the arguments (binding, connecting, accepting on loopback) may take. */
const MAKE_MS = 3_000;
const LIMITS: RunLimits = { hangMs: 10_000, runLimitMs: 90_000, maxReported: 40, maxReportedPerTarget: 3 };
const MAX_RESTARTS = 3;
const CHILD: ChildSpec = {
  script: import.meta.path,
  envVar: "BUNE_IO_FUZZ_JOB",
  keepStderr: 4000,
  // names that do not exist are looked up too: a DNS answer that never comes must cost the resolver's
  // retry (1 s) rather than its default 5 s timeout, well within SLOW_MS
  env: { RES_OPTIONS: "timeout:1 attempts:2" },
};

/** Host wording that must not reach a script, besides the JS exception texts of fuzz_args.ts. */
const IO_LEAKS = [
  /\bERR_[A-Z0-9_]{3,}\b/, // Node's error codes
  /\bReceived\b|<Buffer\b|argument (''|\w+ )?must be|must be of type|\bThe "\w+" argument\b/, // Node's argument checks
  /\b(DNS|System)Exception\b|\b(connect|bind|listen|read|write|send|getaddrinfo|getnameinfo|query\w*|lookup\w*|open|unlink|rmdir|mkdir|scandir|rename|copyfile|stat|lstat) E[A-Z]{3,}\b/,
];

// ---- known defects: calls that once leaked a JS error, hung or crashed, with what they must do now

interface Regression {
  /** The target (as the fuzzer names it) and its arguments, as Luau expressions of the driver. */
  call: [target: string, ...args: string[]];
  /** The error message the call raises; without it, the call must return. */
  raises?: string;
  /** What the call returns, as the checker describes it ("returned nil, string \"...\""). */
  returns?: string;
  /** The call waits (for something that does not come): it must not return or raise early. */
  waits?: true;
}

const NO_NAME = "host or service not provided, or not known";

const REGRESSIONS: Record<string, Regression> = {
  "net.serve on a NaN port (was 'Failed to bind to 127.0.0.1:NaN: [object Object]')": {
    call: ["net.serve", "0/0", 'function() return "ok" end'],
    raises: "invalid argument #1 to 'serve' (port must be between 0 and 65535)",
  },
  "net.tcp.connect to a NaN port (was RangeError: SocketOptions.port must be an integer)": {
    call: ["net.tcp.connect", '"127.0.0.1"', "0/0"],
    raises: "invalid argument #2 to 'connect' (port must be between 0 and 65535)",
  },
  "net.tcp.connect to an empty host (was TypeError: Expected either \"hostname\" or \"unix\")": {
    call: ["net.tcp.connect", '""', "1"],
    raises: "Failed to connect to :1: failed to lookup address information: Name or service not known",
  },
  "net.tcp.connect to a host with a NUL byte (was TypeError: \"hostname\" must not contain null bytes)": {
    call: ["net.tcp.connect", '"a\\0b"', "1"],
    raises: "Failed to connect to a\0b:1: failed to lookup address information: Name or service not known",
  },
  "net.tcp.connect with a `ca` that is not a certificate (was 'Error: Invalid CA')": {
    call: ["net.tcp.connect", '"127.0.0.1"', "1", '{tls = true, ca = "garbage"}'],
    raises: "Failed to connect to 127.0.0.1:1: Invalid CA",
  },
  "TcpStream:setKeepAlive with a delay of 2^31 s (was RangeError: The value of \"initialDelay\" is out of range)": {
    call: ["TcpStream:setKeepAlive", "tcpStream()", "true", "2^31"],
    returns: "returned ",
  },
  "TcpStream:setKeepAlive with an infinite delay (was RangeError)": {
    call: ["TcpStream:setKeepAlive", "tcpConn()", "false", "math.huge"],
    returns: "returned ",
  },
  "net.tcp.listen with keepAlive = math.huge, then a connection (setKeepAlive threw in Bun's open callback)": {
    call: ["net.tcp.listen()", "{keepAlive = math.huge}", '"hi"'],
    returns: 'returned string "hi"',
  },
  "WebSocket:close with an infinite code (was 'got Infinity')": {
    call: ["WebSocket:close", "ws()", "math.huge"],
    raises: "Close code must be between 1000 and 4999, got inf",
  },
  "WebSocket:close with a NaN code (was sent as a close frame)": {
    call: ["WebSocket:close", "ws()", "0/0"],
    raises: "Close code must be between 1000 and 4999, got nan",
  },
  "_socket.socket with a NaN type (was 'unsupported socket type NaN')": {
    call: ["_socket.socket", "_socket.AF_INET6", "0/0"],
    raises: "invalid argument #2 to 'socket' (unsupported socket type nan)",
  },
  "_socket.socket with an infinite family (was 'unsupported address family -Infinity')": {
    call: ["_socket.socket", "-math.huge", "_socket.SOCK_STREAM"],
    raises: "invalid argument #1 to 'socket' (unsupported address family -inf)",
  },
  "_socket.getaddrinfo with a NaN family (was 'unsupported address family NaN')": {
    call: ["_socket.getaddrinfo", '"localhost"', "80", "0/0"],
    raises: "invalid argument #3 to 'getaddrinfo' (unsupported address family nan)",
  },
  "Socket:connect to a NaN port (was RangeError: SocketOptions.port must be an integer)": {
    call: ["Socket:connect", "esock()", '"127.0.0.1"', "0/0"],
    raises: "invalid argument #3 to 'connect' (port out of range)",
  },
  "Socket:setsockopt with a NaN level and option (was 'option NaN of level NaN')": {
    call: ["Socket:setsockopt", "esock()", "0/0", "math.huge", "true"],
    raises: "setsockopt: option inf of level nan is not supported by bune (ENOPROTOOPT)",
  },
  "Socket:sendto port 0 (was 'sendto: Expected \"port\" to be an integer between 1 and 65535 (ERR_INVALID_ARG_TYPE)')": {
    call: ["Socket:sendto", "eudp()", '"x"', '"127.0.0.1"', "0.5"],
    raises: "sendto: Invalid argument (EINVAL)",
  },
  "Socket:recv with a timeout past setTimeout's limit (timed out at once)": {
    call: ["Socket:recv", "(function() local s = econn() s:settimeout(2^31) return s end)()", "5"],
    waits: true,
  },
  "_socket.poll for 2^31 s (returned at once)": {
    call: ["_socket.poll", "2^31"],
    waits: true,
  },
  "socket.dns.getnameinfo with a port that is not a number (was RangeError: port should be >= 0 and < 65536)": {
    call: ["socket.dns.getnameinfo", '"127.0.0.1"', '"abc"'],
    returns: `returned nil, string "${NO_NAME}"`,
  },
  "tcp:setoption tcp-keepidle 2^53 (was RangeError: The value of \"initialDelay\" is out of range)": {
    call: ["tcp:setoption", "lclient()", '"tcp-keepidle"', "2^53"],
    returns: 'returned nil, string "Invalid argument"',
  },
  "tcp:setoption tcp-keepidle -1 on a master, then connect (the option was applied in Bun's open callback)": {
    call: ["tcp:connect", '(function() local s = ltcp() s:setoption("tcp-keepidle", -1) return s end)()', '"127.0.0.1"', "TCP_PORT"],
    returns: "returned number 1",
  },
  "tcp:bind of an IPv6 socket to \"0\" (returned 'getaddrinfo EBADFAMILY')": {
    call: ["tcp:bind", "ltcp6()", '"0"', "0"],
    returns: 'returned nil, string "ai_family not supported"',
  },
  "socket.select with an infinite timeout (timed out at once)": {
    call: ["socket.select", "{lclient()}", "nil", "math.huge"],
    waits: true,
  },
  "tcp:receive with an infinite timeout (timed out at once)": {
    call: ["tcp:receive", "(function() local c = lclient() c:settimeout(math.huge) return c end)()"],
    waits: true,
  },
  "fs.readFile of a path with a NUL byte (was Node's 'The argument 'path' must be ... without null bytes')": {
    call: ["fs.readFile", '"file.txt\\0"'],
    raises: "file name contained an unexpected NUL byte",
  },
  "fs.copy to a path with a NUL byte (was Node's message)": {
    call: ["fs.copy", '"file.txt"', '"\\0"'],
    raises: "file name contained an unexpected NUL byte",
  },
  "fs.move from a path with a NUL byte (was Node's message)": {
    call: ["fs.move", '"\\0"', '"x"'],
    raises: "file name contained an unexpected NUL byte",
  },
};

// ---- the value pool: Luau expressions, each evaluated afresh for every call

type Kind = "nil" | "boolean" | "number" | "string" | "table" | "function" | "buffer" | "thread" | "userdata";

const POOL: [Kind, string][] = [
  ["nil", "nil"],
  ["boolean", "true"],
  ["boolean", "false"],
  ...["0", "-1", "0.5", "0/0", "math.huge", "-math.huge", "2^31", "2^53", "65536", "70000"].map((e): [Kind, string] => ["number", e]),
  ...[
    '""', '"abc"', '"127.0.0.1"', '"127.0.0.1:0"', '"127.0.0.1:99999"', '"[::1]:0"', '"localhost:1"', '":80"', '"a:b:c"', '"\\0"', "LONG",
  ].map((e): [Kind, string] => ["string", e]),
  ["table", "{}"],
  ["table", "WRONG_FIELDS"],
  ["function", "function(...) return ... end"],
  ["function", "function() error(BOOM) end"],
  ["buffer", 'buffer.fromstring("buf")'],
  ["userdata", "newproxy(true)"],
  ["thread", "coroutine.create(function() end)"],
];

/** How often each kind is drawn for an argument without a hint. */
const KIND_WEIGHTS: [Kind, number][] = [
  ["number", 26], ["string", 28], ["nil", 10], ["boolean", 5], ["table", 10], ["function", 6], ["buffer", 6], ["thread", 3],
  ["userdata", 6],
];

/** `self` values of the wrong kind, tried on every method. */
const WRONG_SELVES = [
  "nil", "5", '"str"', "{}", "newproxy(true)", "buffer.create(1)", "ALIEN_NET", "ALIEN_SERVER", "ALIEN_ERYX", "ALIEN_LS",
  "ALIEN_LSUDP",
];

/** Values that make sense at some argument positions (named in SIGNATURES by upper-case words). */
const VOCABULARY: Record<string, string[]> = {
  DATA: ['"hello"', '""', 'buffer.fromstring("buf")', "buffer.create(0)", "LONG", '"\\255\\0"'],
  /** "host:port" destinations (all on this machine). */
  ADDR: [
    "SINK.address", '"127.0.0.1:" .. DEAD', '"[::1]:" .. DEAD', '"localhost:" .. DEAD', '"127.0.0.1:0"', '"127.0.0.1:65535"',
    '"1.2.3:4"', '"127.0.0.1:"', '"[::1]"', '"[127.0.0.1]:1"', '"127.0.0.1:+1"', '" 127.0.0.1:1"', '"[::ffff:127.0.0.1]:" .. DEAD',
  ],
  /** "host:port" to bind or listen on. */
  BINDADDR: ['"127.0.0.1:0"', '"[::1]:0"', '"localhost:0"', "SINK.address", '"127.0.0.1:" .. TCP_PORT', '"[::1]:99999"'],
  HOST: ['"127.0.0.1"', '"localhost"', '"::1"', '"[::1]"', '""', '"*"', '"::ffff:127.0.0.1"'],
  PORT: ["TCP_PORT", "DEAD", "0", "65535", "65536", "-1", "0/0", '"80"', '"http"', '"abc"', "2^53", "0.5"],
  UDPPORT: ["SINK.port", "DEAD", '"" .. SINK.port'],
  SIZE: ["1", "5", "1024", "65535", "0", "-1", "0/0", "2^31", "2^53", "math.huge", '"10"'],
  BOOL: ["true", "false"],
  TTL: ["1", "64", "255", "256", "0", "-1", "0/0", "2^31", "math.huge"],
  MCGROUP: ['"224.0.0.1"', '"239.255.0.1"', '"127.0.0.1"', '"::1"', '"300.1.1.1"'],
  IFACE: ['"127.0.0.1"', '"::1"', '"abc"'],
  KEEPALIVE: ["0", "1", "-1", "0/0", "math.huge", "2^31"],
  BINDCONFIG: ["{batch = false}", "{batch = true}", "{batch = 1}"],
  SENDMANY: [
    '{"a", buffer.fromstring("b")}', "{{data = \"c\", address = SINK.address}}", "{{data = 1, address = SINK.address}}",
    "{{address = 5}}", "{5}", '{{data = "x", address = "bad"}}', '{{data = "x", address = "[::1]:" .. DEAD}}',
    'table.create(1500, "x")', "{LONG}", '{{data = "x"}}', '{"a", nil, "b"}',
  ],
  TCPCONFIG: [
    "true", "false", "{tls = true}", "{tls = false, noDelay = true, keepAlive = 5}", "{keepAlive = -1}", "{keepAlive = 0/0}",
    "{keepAlive = math.huge}", '{tls = true, ca = "garbage"}', '{ttl = "x"}', "{noDelay = 1}", "{keepAlive = 2^53}",
  ],
  LISTENCONFIG: [
    '{tls = {cert = "x", key = "y"}}', "{tls = {cert = 1}}", "{tls = 5}", "{noDelay = true, keepAlive = true}",
    "{keepAlive = 0/0}", "{keepAlive = math.huge}", '{tls = {cert = "x", key = "y", passphrase = 5}}', "{}",
  ],
  HANDLER: [
    "function(c) c:close() end", "function(c) c:write(c:read() or \"\") c:close() end", "function() error(BOOM) end",
    "function() coroutine.yield() end",
  ],
  URL: [
    "HTTP_URL", 'HTTP_URL .. "redirect"', 'HTTP_URL .. "gzip"', 'HTTP_URL .. "status"', 'HTTP_URL .. "headers"',
    '"http://127.0.0.1:" .. DEAD .. "/"', '"https://127.0.0.1:" .. HTTP_PORT .. "/"', '"ftp://127.0.0.1/"', '"http://"',
    '"http://127.0.0.1:99999/"', '"http://[::1]:0/"', '"http://user:pw@127.0.0.1:" .. HTTP_PORT .. "/"',
    'HTTP_URL .. "%zz?q=%"', "HTTP_URL .. LONG", '"http://127.0.0.1:" .. TCP_PORT .. "/"',
  ],
  FETCH: [
    '{url = HTTP_URL, method = "POST", body = "x"}', '{url = HTTP_URL, headers = {["x-a"] = {"1", 2}}}',
    '{url = HTTP_URL, headers = {["bad header"] = "v"}}', "{url = HTTP_URL, query = {a = {1, {}}}}",
    '{url = HTTP_URL, method = "GET", body = "x"}', "{url = HTTP_URL, options = {decompress = 1}}",
    '{url = HTTP_URL, method = "\\0"}', '{url = HTTP_URL, headers = {[""] = "x"}}', '{url = HTTP_URL, headers = {a = "\\n"}}',
    "{url = HTTP_URL, method = buffer.create(3)}", '{url = HTTP_URL .. "gzip", options = {decompress = false}}',
    "{url = HTTP_URL, headers = {a = {}}}", '{url = HTTP_URL, query = {[""] = "", ["\\255"] = "\\0"}}',
    '{url = HTTP_URL, method = "PUT", body = buffer.create(0)}', "{url = HTTP_URL, body = 5}", '{url = 5, method = "GET"}',
    '{url = HTTP_URL, headers = {["content-length"] = "99"}, method = "POST", body = "x"}',
  ],
  WSURL: [
    "WS_URL", '"ws://127.0.0.1:" .. DEAD .. "/"', '"wss://127.0.0.1:" .. HTTP_PORT .. "/"', '"ws://"', '"ws://127.0.0.1:99999/"',
    '"ws://[::1]:0/"', "HTTP_URL", '"ws://127.0.0.1:" .. TCP_PORT .. "/"', '"ws://127.0.0.1:" .. PLAIN_PORT .. "/"',
    'WS_URL .. "?a=%zz#f"',
  ],
  SERVEPORT: ["0", "HTTP_PORT", "65536", "-1", "0/0", "0.5", "math.huge", '"0"', "2^53"],
  SERVE: [
    'function() return "ok" end', "function(req) return {status = 200, body = req.body} end",
    "function() return {status = 0/0} end", "function() return {status = 99999} end",
    'function() return {status = 200, headers = {["x-a"] = {}}} end', 'function() return {status = 200, headers = {["bad header"] = "v"}} end',
    'function() return {status = 200, headers = {a = "\\n"}} end', "function() return {status = 200, body = {}} end",
    "function() return 5 end", "function() return nil end", "function() error(BOOM) end", 'function() error("boom") end',
    "function() coroutine.yield() end", "function() return buffer.create(3) end", "function() return {} end",
    'function() return {status = "200"} end', "function() return {status = 204, body = \"x\"} end",
    'function() return {status = 200, headers = {["content-length"] = "99"}, body = "x"} end',
    'function() return "\\255" end',
    'function(req) local t = {} for _, k in {"path", "query", "method", "headers", "body", "ip", "port", "nope", 1} do t[#t + 1] = tostring(req[k]) end return table.concat(t, ",") end',
    "function(req) return {status = 200, headers = req.headers, body = req.method} end",
    '{handleRequest = function() return "ok" end}', '{handleRequest = function() return "ok" end, address = "::1"}',
    '{address = "http://127.0.0.1", handleRequest = function() return "ok" end}', '{address = "999.1.1.1", handleRequest = function() end}',
    "{address = 5, handleRequest = function() end}", "{handleWebSocket = function(ws) ws:close() end}", "{handleRequest = 5}",
    "{handleWebSocket = function(ws) ws:send(\"x\") ws:close(4000) end, handleRequest = function() return \"ok\" end}",
    "{handleWebSocket = function(ws) ws:send(ws:next(), true) ws:close(0/0) end}",
    "{handleWebSocket = function(ws) ws.send(5) end}", "{handleWebSocket = function(ws) ws:send(\"\\255\") end}",
    "{handleWebSocket = function(ws) ws:close(1000) ws:send(\"late\") end}", "{handleWebSocket = function() error(BOOM) end}",
    "{handleWebSocket = function(ws) while ws:next() do end ws:close() end}", "{handleWebSocket = coroutine.yield}",
  ],
  /** I/O that waits, as a function of no arguments: started in a thread that is then cancelled, or
   * objects closed while a thread waits on them. */
  IOCALL: [
    'function() return net.tcp.connect("127.0.0.1", TCP_PORT) end', "function() return net.request(HTTP_URL) end",
    "function() return net.socket(WS_URL) end", 'function() return net.udp.bind("127.0.0.1:0") end',
    'function() return net.tcp.listen("localhost:0") end', 'function() return fs.readFile("file.txt") end',
    'function() return fs.copy("dir", "copy") end', 'function() return socket.connect("127.0.0.1", TCP_PORT) end',
    'function() return socket.dns.toip("localhost") end', 'function() return _socket.getaddrinfo("localhost", 80) end',
    'function() return esock():connect("127.0.0.1", TCP_PORT) end', "function() return tcpStreamData():read() end",
    "function() return udpData():recv() end", "function() return wsData():next() end", "function() return lclientData():receive() end",
    "function() return econnData():recv(5) end", "function() return eudpData():recvfrom(5) end", "function() return task.wait(0.001) end",
    "function() return ludpData():receive() end", "function() return tcpServerPending():accept() end",
    "function() local s = udp() task.spawn(function() s:recv() end) s:close() end",
    "function() local s = tcpStream() task.spawn(function() s:read() end) s:close() end",
    "function() local s = tcpServer() task.spawn(function() s:accept() end) s:close() end",
    "function() local s = elisten() task.spawn(function() s:accept() end) s:close() end",
    "function() local s = econn() task.spawn(function() s:recv(5) end) s:close() end",
    "function() local s = lclient() task.spawn(function() s:receive() end) s:close() end",
    "function() local s = lserver() task.spawn(function() s:accept() end) s:close() end",
    "function() local s = ws() task.spawn(function() s:next() end) s:close() end",
    "function() local s = ludpBound() task.spawn(function() s:receive() end) s:close() end",
  ],
  /** Fields of the objects (and keys that are none). */
  KEY: [
    '"address"', '"ip"', '"port"', '"closed"', '"localIp"', '"localPort"', '"remoteIp"', '"remotePort"', '"closeCode"', '"class"',
    '"nope"', "1", "true", "{}", "0/0", '"__index"', '"close"', '""',
  ],
  WSCODE: ["1000", "999", "4999", "5000", "1005", "0/0", "-1", "2^53", "math.huge", "1000.5"],
  WSMSG: ['"hello"', '"\\255"', 'buffer.fromstring("\\255")', '""', "LONG"],
  PATH: [
    '"file.txt"', '"dir"', '"dir/inner.txt"', '"missing"', '"missing/x"', '"file.txt/x"', '"new.txt"', '"newdir"', '"a/b/c"',
    '"weird"', '"link"', '"loop"', '"dangling"', 'TMP .. "/file.txt"', '"dir/"', '"./dir"', '"dir//inner.txt"', '"dir/sub"',
    '"weird/bad\\255name"',
  ],
  WRITEOPTS: ["true", "false", "{overwrite = true}", "{overwrite = 1}", "{}"],
  SECONDS: ["0", "0.001", "-1", "0/0", "math.huge", "2^31", "1e-9", "nil", '"0.001"', "-math.huge", "2^64"],
  TASKFN: [
    "function() end", "function(...) return ... end", 'function() error("boom") end', "function() error(BOOM) end",
    "function() task.wait(0.001) end", "coroutine.yield", "function() coroutine.yield() end", "task.wait",
  ],
  TASKTHREAD: [
    "coroutine.create(function() end)", "coroutine.create(function() task.wait(0.001) end)", "task.delay(0.001, function() end)",
    "task.spawn(function() task.wait(0.002) end)", "deadThread()", "coroutine.running()", "task.defer(function() end)",
    "yieldedThread()",
  ],
  FAMILY: ["_socket.AF_INET", "_socket.AF_INET6", "_socket.AF_UNSPEC", "17", "-1"],
  STYPE: ["_socket.SOCK_STREAM", "_socket.SOCK_DGRAM", "3", "0"],
  PROTO: ["0", "6", "17", "41", "-1"],
  LEVEL: ["_socket.SOL_SOCKET", "_socket.IPPROTO_TCP", "_socket.IPPROTO_IPV6", "_socket.IPPROTO_IP", "17", "-1"],
  OPTNAME: ["2", "9", "6", "15", "4", "3", "1", "26", "7", "8", "13", "99"],
  OPTVALUE: ["true", "false", "1", "0", "-1", "0/0", "2^31", "65536"],
  HOW: ["0", "1", "2", "3", "-1"],
  SERVICE: ['"http"', '"80"', "80", '"nosuch"', "0", "65536", "-1", "nil", '"65536"'],
  AIFLAGS: ["0", "1", "2", "4", "8", "16", "32", "1024", "0xFFFF", "-1"],
  NIFLAGS: ["0", "1", "2", "4", "8", "16", "31", "-1"],
  POLLTIMEOUT: ["0", "0.001", "-1", "nil", "0/0", "math.huge"],
  BYTES: ["0", "1", "0xFFFF", "0x10000", "0xFFFFFFFF", "2^32", "-1", "0.5", "0/0", "math.huge"],
  PATTERN: ['"*l"', '"*a"', '"l"', '"a"', "5", "0", "-1", '"x"', '"*x"', "0/0", "2^31"],
  TCPOPT: [
    '"keepalive"', '"reuseaddr"', '"reuseport"', '"tcp-nodelay"', '"linger"', '"ipv6-v6only"', '"tcp-keepidle"', '"tcp-keepcnt"',
    '"tcp-keepintvl"', '"bogus"',
  ],
  TCPOPTVAL: ["true", "false", "{on = true, timeout = 5}", '{on = "x"}', "{on = true, timeout = 0/0}", "5", "0", "-1", "0/0"],
  UDPOPT: [
    '"broadcast"', '"dontroute"', '"reuseaddr"', '"reuseport"', '"ip-multicast-ttl"', '"ip-multicast-loop"', '"ip-multicast-if"',
    '"ip-add-membership"', '"ip-drop-membership"', '"ipv6-v6only"', '"ipv6-unicast-hops"', '"ipv6-multicast-hops"',
    '"ipv6-multicast-loop"',
  ],
  UDPOPTVAL: [
    "true", "1", "255", "256", "-1", "0/0", '"127.0.0.1"', '{multiaddr = "224.0.0.1", interface = "127.0.0.1"}',
    '{multiaddr = "x", interface = 5}', '{multiaddr = "239.255.0.9", interface = "127.0.0.1"}',
  ],
  TIMEOUT: ["0", "0.001", "-1", "nil", "0/0", "math.huge", '"1"'],
  MODE: ['"b"', '"t"', '"x"', '"bt"'],
  SHUT: ['"both"', '"send"', '"receive"', '"x"'],
  LSFAMILY: ['"inet"', '"inet6"', '"unspec"', '"x"'],
  SELECTSET: [
    "{lclientData()}", "{lserver()}", "{lclient(), ludpData()}", "{5}", "{{}}", "{ALIEN_LS}", "{n = 1}", "{lclosed()}",
    "{ALIEN_NET}",
  ],
  STATS: ["0", "1", "-1", "0/0", "math.huge", "2^53"],
};

// ---- the targets

interface Target {
  /** The name failures are reported under: `lib.fn`, `Type:method`, or `name()` for a wrapper. */
  name: string;
  /** The function, a Luau expression evaluated once by the driver. */
  fn: string;
  /** The argument positions after `self`: `|`-separated pool kinds (n s t f b o h u a) and
   * VOCABULARY names. */
  sig: string[];
  /** For methods: the real `self` values (maker calls), besides the wrong ones. */
  selves?: string[];
  /** Argument lists (after `self`) that work, for some calls to start from, maybe with one argument
   * changed: they get the calls past the argument checks to the socket, file or timer behind. */
  seeds?: string[][];
  /** The call may legitimately wait for something that never comes (it is then abandoned). */
  waits?: boolean;
  /** Rebuild the fs fixture before each call. */
  fs?: boolean;
}

const UDP_SELVES = ["udp()", "udp()", "udpData()", "udpConnected()", "udpUnbatched()", "udpClosed()", "udp6()"];
const SERVER_SELVES = ["tcpServer()", "tcpServerPending()", "tcpServerPending()", "tcpServerServing()", "tcpServerClosed()"];
const STREAM_SELVES = ["tcpStream()", "tcpStreamData()", "tcpConn()", "tcpStreamPeerGone()", "tcpStreamClosed()"];
const WS_SELVES = ["ws()", "wsData()", "wsClosed()"];
const ERYX_SELVES = [
  "esock()", "eudp()", "eudp6()", "ebound()", "elisten()", "elistenPending()", "econn()", "econnData()", "eaccepted()", "eudpBound()", "eudpData()",
  "eclosed()", "enonblock()", "etimeout()", "esock6()",
];
const LS_TCP_SELVES = ["ltcp()", "ltcp6()", "lbound()", "lserver()", "lserverPending()", "lclient()", "lclientData()", "lclosed()", "lnonblock()"];
const LS_UDP_SELVES = ["ludp()", "ludp6()", "ludpBound()", "ludpConnected()", "ludpData()", "ludpClosed()", "ludpNonblock()"];

/** A method's argument positions, and argument lists that work (see Target.seeds). */
type MethodSpec = string[] | { sig: string[]; seeds: string[][] };

function methods(type: string, proto: string, selves: string[], specs: Record<string, MethodSpec>, waits: string[] = []): Target[] {
  return Object.entries(specs).map(([m, spec]) => ({
    name: `${type}:${m}`,
    fn: `${proto}.${m}`,
    ...(Array.isArray(spec) ? { sig: spec } : spec),
    selves,
    waits: waits.includes(m),
  }));
}

/** Reading the fields of an object type (and keys it does not have). */
function fields(type: string, selves: string[]): Target {
  return { name: `${type}[]`, fn: "function(self, key) return self[key] end", sig: ["KEY"], selves };
}

const TARGETS: Target[] = [
  // @lune/net
  { name: "net.urlEncode", fn: "net.urlEncode", sig: ["s|DATA", "o"], seeds: [['"a b/c?"'], ['"\\255"', "true"]] },
  { name: "net.urlDecode", fn: "net.urlDecode", sig: ["s|DATA", "o"], seeds: [['"%41%zz%"'], ['"%FF"', "true"]] },
  { name: "net.request", fn: "net.request", sig: ["URL|FETCH|t|s"], seeds: [["HTTP_URL"], ['{url = HTTP_URL, method = "POST", body = "x"}']] },
  {
    name: "net.serve",
    fn: "net.serve",
    sig: ["SERVEPORT|n", "SERVE|f|t"],
    seeds: [["0", 'function() return "ok" end'], ["0", '{handleRequest = function() return "ok" end}']],
  },
  {
    name: "net.serve()", // a server made with the config, then asked once; its handler may never answer
    fn: 'function(config, path, body) local h = own(net.serve(0, config)) return net.request({url = "http://127.0.0.1:" .. h.port .. "/" .. tostring(path or ""), method = "POST", body = body}) end',
    sig: ["SERVE", "s", "DATA|s"],
    waits: true,
  },
  {
    name: "net.serve()ws", // a server made with the config, then a WebSocket to it
    fn: 'function(config, message) local h = own(net.serve(0, config)) local ws = own(net.socket("ws://127.0.0.1:" .. h.port .. "/")) ws:send(message) return ws:next() end',
    sig: ["SERVE", "WSMSG|s"],
    waits: true,
  },
  { name: "ServeHandle.stop()", fn: "function(a, b) local h = serveHandle() h.stop(a, b) return h.stop(a) end", sig: ["a", "a"] },
  { name: "net.socket", fn: "net.socket", sig: ["WSURL|s"], seeds: [["WS_URL"]] },
  {
    name: "net.tcp.connect",
    fn: "net.tcp.connect",
    sig: ["HOST|s", "PORT|n", "TCPCONFIG|t|o"],
    seeds: [['"127.0.0.1"', "TCP_PORT"], ['"localhost"', "TCP_PORT", "{noDelay = true, keepAlive = 5}"], ['"127.0.0.1"', "DEAD"]],
  },
  {
    name: "net.tcp.listen",
    fn: "net.tcp.listen",
    sig: ["BINDADDR|s", "LISTENCONFIG|t"],
    seeds: [['"127.0.0.1:0"'], ['"127.0.0.1:0"', "{noDelay = true, keepAlive = 1}"]],
  },
  {
    name: "net.tcp.listen()", // a server made with the config (applied to each connection), connected to
    fn: 'function(config, data) local s = own(net.tcp.listen("127.0.0.1:0", config)) own(net.tcp.connect("127.0.0.1", s.port)):write(data) return own(s:accept()):read() end',
    sig: ["LISTENCONFIG|t", "DATA"],
    waits: true,
  },
  { name: "net.udp.bind", fn: "net.udp.bind", sig: ["BINDADDR|s", "BINDCONFIG|t"], seeds: [['"127.0.0.1:0"'], ['"[::1]:0"', "{batch = false}"]] },
  ...methods(
    "UdpSocket",
    "PROTO_UDP",
    UDP_SELVES,
    {
      sendTo: { sig: ["DATA|s|b", "ADDR|s"], seeds: [['"hello"', "SINK.address"]] },
      send: { sig: ["DATA|s|b"], seeds: [['"hello"']] },
      sendMany: { sig: ["SENDMANY|t", "ADDR"], seeds: [['{"a", "b"}', "SINK.address"], ["{{data = \"c\", address = SINK.address}}"]] },
      recvFrom: { sig: ["SIZE"], seeds: [[], ["5"]] },
      recv: { sig: ["SIZE"], seeds: [[], ["5"]] },
      connect: { sig: ["ADDR|s"], seeds: [["SINK.address"]] },
      close: [],
      setBroadcast: { sig: ["BOOL"], seeds: [["true"]] },
      setTTL: { sig: ["TTL"], seeds: [["64"]] },
      setMulticastTTL: { sig: ["TTL"], seeds: [["1"]] },
      setMulticastLoopback: { sig: ["BOOL"], seeds: [["false"]] },
      setMulticastInterface: { sig: ["IFACE|s"], seeds: [['"127.0.0.1"']] },
      addMembership: { sig: ["MCGROUP|s", "IFACE"], seeds: [['"224.0.0.1"', '"127.0.0.1"']] },
      dropMembership: { sig: ["MCGROUP|s", "IFACE"], seeds: [['"224.0.0.1"', '"127.0.0.1"']] },
    },
    ["recvFrom", "recv"],
  ),
  fields("UdpSocket", UDP_SELVES),
  fields("TcpServer", SERVER_SELVES),
  fields("TcpStream", STREAM_SELVES),
  fields("WebSocket", WS_SELVES),
  fields("Socket", ERYX_SELVES),
  fields("tcp", LS_TCP_SELVES),
  fields("udp", LS_UDP_SELVES),
  ...methods(
    "TcpServer",
    "PROTO_SERVER",
    SERVER_SELVES,
    { accept: [], serve: { sig: ["HANDLER|f"], seeds: [["function(c) c:close() end"]] }, close: { sig: ["BOOL"], seeds: [["true"]] } },
    ["accept"],
  ),
  {
    name: "TcpServer:serve()", // a server serving `handler`, then connected to and read from
    fn: "function(handler, data) local s = tcpServer() s:serve(handler) local c = own(net.tcp.connect(\"127.0.0.1\", s.port)) c:write(data) return c:read() end",
    sig: ["HANDLER|f", "DATA"],
    waits: true,
  },
  ...methods(
    "TcpStream",
    "PROTO_STREAM",
    STREAM_SELVES,
    {
      read: { sig: ["SIZE"], seeds: [[], ["5"]] },
      readBuffer: { sig: ["SIZE"], seeds: [[], ["5"]] },
      write: { sig: ["DATA|s|b"], seeds: [['"hello"']] },
      close: [],
      setNoDelay: { sig: ["BOOL"], seeds: [["true"]] },
      setKeepAlive: { sig: ["BOOL", "KEEPALIVE"], seeds: [["true", "1"]] },
    },
    ["read", "readBuffer"],
  ),
  ...methods(
    "WebSocket",
    "PROTO_WS",
    WS_SELVES,
    { send: { sig: ["WSMSG|s|b", "BOOL"], seeds: [['"hello"'], ['"hello"', "true"]] }, next: [], close: { sig: ["WSCODE|n"], seeds: [["1000"]] } },
    ["next"],
  ),
  // @eryx/_socket
  {
    name: "_socket.socket",
    fn: "_socket.socket",
    sig: ["FAMILY|n", "STYPE|n", "PROTO|n"],
    seeds: [["_socket.AF_INET", "_socket.SOCK_STREAM"], ["_socket.AF_INET6", "_socket.SOCK_DGRAM", "17"]],
  },
  {
    name: "_socket.getaddrinfo",
    fn: "_socket.getaddrinfo",
    sig: ["HOST|s", "SERVICE|s|n", "FAMILY", "STYPE", "PROTO", "AIFLAGS"],
    seeds: [
      ['"localhost"', '"http"'], ['"127.0.0.1"', "80", "_socket.AF_INET", "_socket.SOCK_STREAM"],
      ["nil", "80", "_socket.AF_UNSPEC", "0", "0", "_socket.AI_PASSIVE"],
    ],
  },
  {
    name: "_socket.getnameinfo",
    fn: "_socket.getnameinfo",
    sig: ["HOST|s", "PORT|n", "NIFLAGS"],
    seeds: [['"127.0.0.1"', "80"], ['"::1"', "443", "_socket.NI_NUMERICHOST"]],
  },
  { name: "_socket.poll", fn: "_socket.poll", sig: ["POLLTIMEOUT"], waits: true },
  ...["htons", "ntohs", "htonl", "ntohl"].map((f): Target => ({ name: `_socket.${f}`, fn: `_socket.${f}`, sig: ["BYTES|n"] })),
  ...methods(
    "Socket",
    "PROTO_ERYX",
    ERYX_SELVES,
    {
      bind: { sig: ["HOST|s", "PORT|n"], seeds: [['"127.0.0.1"', "0"], ['"::1"', "0"]] },
      listen: { sig: ["SIZE"], seeds: [[], ["5"]] },
      accept: [],
      connect: { sig: ["HOST|s", "PORT|n"], seeds: [['"127.0.0.1"', "TCP_PORT"], ['"127.0.0.1"', "DEAD"], ['"127.0.0.1"', "SINK.port"]] },
      close: [],
      shutdown: { sig: ["HOW"], seeds: [["_socket.SHUT_WR"]] },
      send: { sig: ["DATA|s|b"], seeds: [['"hello"']] },
      sendall: { sig: ["DATA|s|b"], seeds: [['"hello"']] },
      sendto: { sig: ["DATA|s|b", "HOST|s", "UDPPORT|PORT"], seeds: [['"hello"', '"127.0.0.1"', "SINK.port"]] },
      recv: { sig: ["SIZE"], seeds: [["5"]] },
      recvfrom: { sig: ["SIZE"], seeds: [["5"]] },
      setsockopt: {
        sig: ["LEVEL|n", "OPTNAME|n", "OPTVALUE"],
        seeds: [
          ["_socket.SOL_SOCKET", "_socket.SO_KEEPALIVE", "true"], ["_socket.IPPROTO_TCP", "_socket.TCP_NODELAY", "false"],
          ["_socket.SOL_SOCKET", "_socket.SO_BROADCAST", "true"], ["_socket.SOL_SOCKET", "_socket.SO_REUSEADDR", "1"],
          ["_socket.IPPROTO_IPV6", "_socket.IPV6_V6ONLY", "true"],
        ],
      },
      getsockopt: { sig: ["LEVEL|n", "OPTNAME|n"], seeds: [["_socket.SOL_SOCKET", "_socket.SO_TYPE"], ["_socket.SOL_SOCKET", "_socket.SO_ERROR"]] },
      setblocking: { sig: ["BOOL"], seeds: [["false"]] },
      settimeout: { sig: ["TIMEOUT"], seeds: [["0.01"]] },
      getpeername: [],
      getsockname: [],
      fileno: [],
    },
    ["accept", "recv", "recvfrom"],
  ),
  // LuaSocket
  ...["tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "gettime"].map((f): Target => ({ name: `socket.${f}`, fn: `socket.${f}`, sig: [] })),
  { name: "socket.bind", fn: "socket.bind", sig: ["HOST|s", "PORT|n|s", "SIZE"], seeds: [['"127.0.0.1"', "0"], ['"localhost"', '"0"', "5"]] },
  ...["connect", "connect4", "connect6"].map(
    (f): Target => ({
      name: `socket.${f}`,
      fn: `socket.${f}`,
      sig: ["HOST|s", "PORT|n|s", "HOST", "PORT", "LSFAMILY"],
      seeds: [
        [f === "connect6" ? '"::1"' : '"127.0.0.1"', "TCP_PORT"], ['"localhost"', "TCP_PORT", '"localhost"', "0"], ['"127.0.0.1"', "DEAD"],
      ],
    }),
  ),
  { name: "socket.select", fn: "socket.select", sig: ["SELECTSET|t", "SELECTSET|t", "TIMEOUT"], seeds: [["{lclientData()}", "nil", "0"]], waits: true },
  { name: "socket.sleep", fn: "socket.sleep", sig: ["SECONDS"], seeds: [["0.001"]], waits: true },
  { name: "socket.skip", fn: "socket.skip", sig: ["SIZE", "a", "a"], seeds: [["1", '"a"', '"b"']] },
  { name: "socket.newtry", fn: "socket.newtry", sig: ["f"] },
  // (the finalizer, or the protected function, may wait: task.wait is among them)
  { name: "socket.newtry()", fn: "function(f, a, b) return socket.newtry(f)(a, b) end", sig: ["TASKFN|f", "a", "s"], waits: true },
  { name: "socket.protect", fn: "socket.protect", sig: ["f"] },
  { name: "socket.protect()", fn: "function(f, a, b) return socket.protect(f)(a, b) end", sig: ["TASKFN|f", "a", "a"], waits: true },
  { name: "socket.try", fn: "socket.try", sig: ["a", "s"], seeds: [["1", '"x"'], ["nil", '"err"']] },
  { name: "socket.dns.toip", fn: "socket.dns.toip", sig: ["HOST|s"], seeds: [['"localhost"']] },
  { name: "socket.dns.tohostname", fn: "socket.dns.tohostname", sig: ["HOST|s"], seeds: [['"127.0.0.1"']] },
  { name: "socket.dns.gethostname", fn: "socket.dns.gethostname", sig: [] },
  { name: "socket.dns.getaddrinfo", fn: "socket.dns.getaddrinfo", sig: ["HOST|s"], seeds: [['"localhost"']] },
  { name: "socket.dns.getnameinfo", fn: "socket.dns.getnameinfo", sig: ["HOST|s", "PORT|s"], seeds: [['"127.0.0.1"', '"80"']] },
  ...methods(
    "tcp",
    "PROTO_LSTCP",
    LS_TCP_SELVES,
    {
      bind: { sig: ["HOST|s", "PORT|s|n"], seeds: [['"127.0.0.1"', "0"]] },
      listen: { sig: ["SIZE"], seeds: [["5"]] },
      connect: { sig: ["HOST|s", "PORT|s|n"], seeds: [['"127.0.0.1"', "TCP_PORT"], ['"127.0.0.1"', "DEAD"]] },
      accept: [],
      send: { sig: ["DATA|s", "SIZE", "SIZE"], seeds: [['"hello"'], ['"hello"', "2", "3"]] },
      receive: { sig: ["PATTERN", "s"], seeds: [['"*l"'], ["5", '"pre"'], ['"*a"']] },
      close: [],
      shutdown: { sig: ["SHUT"], seeds: [['"send"']] },
      getsockname: [],
      getpeername: [],
      getstats: [],
      setstats: { sig: ["STATS", "STATS", "STATS"], seeds: [["1", "2", "3"]] },
      dirty: [],
      getfd: [],
      setfd: { sig: ["STATS"], seeds: [["5"]] },
      settimeout: { sig: ["TIMEOUT", "MODE"], seeds: [["0.01"], ["0", '"t"']] },
      gettimeout: [],
      setoption: {
        sig: ["TCPOPT|s", "TCPOPTVAL"],
        seeds: [['"keepalive"', "true"], ['"tcp-keepidle"', "60"], ['"linger"', "{on = true, timeout = 1}"], ['"tcp-nodelay"', "true"]],
      },
      getoption: { sig: ["TCPOPT|s"], seeds: [['"keepalive"'], ['"linger"']] },
      setpeername: { sig: ["HOST|s", "PORT|s|n"], seeds: [['"127.0.0.1"', "TCP_PORT"]] },
      setsockname: { sig: ["HOST|s", "PORT|s|n"], seeds: [['"127.0.0.1"', "0"]] },
    },
    ["accept", "receive"],
  ),
  ...methods(
    "udp",
    "PROTO_LSUDP",
    LS_UDP_SELVES,
    {
      setsockname: { sig: ["HOST|s", "PORT|s|n"], seeds: [['"127.0.0.1"', "0"]] },
      setpeername: { sig: ["HOST|s", "UDPPORT|PORT"], seeds: [['"127.0.0.1"', "SINK.port"], ['"*"']] },
      sendto: { sig: ["DATA|s", "HOST|s", "UDPPORT|PORT"], seeds: [['"hello"', '"127.0.0.1"', "SINK.port"]] },
      send: { sig: ["DATA|s"], seeds: [['"hello"']] },
      receive: { sig: ["SIZE"], seeds: [["5"]] },
      receivefrom: { sig: ["SIZE"], seeds: [["5"]] },
      getsockname: [],
      getpeername: [],
      close: [],
      dirty: [],
      getfd: [],
      setfd: { sig: ["STATS"], seeds: [["5"]] },
      settimeout: { sig: ["TIMEOUT", "MODE"], seeds: [["0"]] },
      gettimeout: [],
      setoption: {
        sig: ["UDPOPT|s", "UDPOPTVAL"],
        seeds: [
          ['"broadcast"', "true"], ['"ip-multicast-ttl"', "2"], ['"ip-add-membership"', '{multiaddr = "224.0.0.1", interface = "127.0.0.1"}'],
          ['"ip-multicast-if"', '"127.0.0.1"'],
        ],
      },
      getoption: { sig: ["UDPOPT|s"], seeds: [['"broadcast"'], ['"ip-multicast-loop"']] },
    },
    ["receive", "receivefrom"],
  ),
  // @lune/fs, in the fixture directory
  { name: "fs.readFile", fn: "fs.readFile", sig: ["PATH|s"], seeds: [['"file.txt"'], ['"dir/inner.txt"']], fs: true },
  { name: "fs.readDir", fn: "fs.readDir", sig: ["PATH|s"], seeds: [['"dir"'], ['"."']], fs: true },
  { name: "fs.writeDir", fn: "fs.writeDir", sig: ["PATH|s"], seeds: [['"newdir/x"']], fs: true },
  { name: "fs.removeFile", fn: "fs.removeFile", sig: ["PATH|s"], seeds: [['"file.txt"']], fs: true },
  { name: "fs.removeDir", fn: "fs.removeDir", sig: ["PATH|s"], seeds: [['"dir"']], fs: true },
  ...["metadata", "isFile", "isDir"].map((f): Target => ({ name: `fs.${f}`, fn: `fs.${f}`, sig: ["PATH|s"], seeds: [['"file.txt"']], fs: true })),
  {
    name: "fs.writeFile",
    fn: "fs.writeFile",
    sig: ["PATH|s", "DATA|s|b|n"],
    seeds: [['"new.txt"', '"data"'], ['"file.txt"', 'buffer.fromstring("b")']],
    fs: true,
  },
  {
    name: "fs.move",
    fn: "fs.move",
    sig: ["PATH|s", "PATH|s", "WRITEOPTS"],
    seeds: [['"file.txt"', '"moved.txt"'], ['"dir"', '"dir2"', "true"], ['"file.txt"', '"dir/inner.txt"', "{overwrite = true}"]],
    fs: true,
  },
  {
    name: "fs.copy",
    fn: "fs.copy",
    sig: ["PATH|s", "PATH|s", "WRITEOPTS"],
    seeds: [['"dir"', '"copy"'], ['"file.txt"', '"copy.txt"'], ['"dir"', '"dir/sub/deeper"'], ['"file.txt"', '"dir/inner.txt"', "true"]],
    fs: true,
  },
  // @lune/task
  { name: "task.spawn", fn: "task.spawn", sig: ["TASKFN|TASKTHREAD", "a", "a"], seeds: [["function() end"], ["coroutine.create(function() end)", "1"]] },
  { name: "task.defer", fn: "task.defer", sig: ["TASKFN|TASKTHREAD", "a", "a"], seeds: [["function() end"]] },
  { name: "task.delay", fn: "task.delay", sig: ["SECONDS|n", "TASKFN|TASKTHREAD", "a"], seeds: [["0", "function() end"]] },
  { name: "task.wait", fn: "task.wait", sig: ["SECONDS|n"], seeds: [["0"], ["0.001"]], waits: true },
  { name: "task.step", fn: "task.step", sig: [] },
  {
    name: "cancelled()", // I/O started in a thread that is cancelled at once, or after a turn of the event loop
    fn: "function(f, later) local th = task.spawn(f) if later then task.wait() end task.cancel(th) return coroutine.status(th) end",
    sig: ["IOCALL", "BOOL"],
  },
  { name: "task.cancel", fn: "task.cancel", sig: ["TASKTHREAD|h"], seeds: [["task.delay(0.001, function() end)"]] },
];

/** Where targets that connect or send take a host that may be given as a number (LuaSocket, and
 * net.tcp.connect through string coercion): argument indices, `self` included. */
const HOST_ARGS: Record<string, number[]> = {
  "net.tcp.connect": [0], "socket.connect": [0], "socket.connect4": [0], "socket.connect6": [0], "tcp:connect": [1],
  "tcp:setpeername": [1], "udp:sendto": [2], "udp:setpeername": [1],
};

/** A number the resolver would take for an IPv4 address off this machine: inet_aton reads a lone
 * number as all 32 bits ("2147483648" is 128.0.0.0). */
function routableNumber(expr: string): boolean {
  const m = /^(\d+)(?:\^(\d+))?$/.exec(expr);
  if (m === null) return false;
  const n = m[2] === undefined ? Number(m[1]) : Number(m[1]) ** Number(m[2]);
  return n >= 2 ** 24 && n < 2 ** 32 && Math.floor(n / 2 ** 24) !== 127;
}

/** Argument lists not worth running: they would reach past this machine (a host given as a number
 * naming a routable address; a multicast group joined on the default interface, which sends IGMP
 * reports to the network). */
function unwanted(target: string, args: string[]): boolean {
  if (HOST_ARGS[target]?.some((i) => routableNumber(args[i] ?? ""))) return true;
  if (target === "UdpSocket:addMembership" || target === "UdpSocket:dropMembership") {
    return /^"2(2[4-9]|3\d)\./.test(args[1] ?? "") && args[2] !== '"127.0.0.1"';
  }
  return false;
}

// ---- deterministic argument lists

const byKind = new Map<Kind, string[]>();
for (const [kind, expr] of POOL) byKind.set(kind, [...(byKind.get(kind) ?? []), expr]);

const KIND_LETTERS: Record<string, Kind[]> = {
  n: ["number"], s: ["string"], t: ["table"], f: ["function"], b: ["buffer"], o: ["boolean"], h: ["thread"], u: ["userdata"],
  a: KIND_WEIGHTS.map(([k]) => k),
};

function pickKind(rand: () => number): Kind {
  let x = rand() * KIND_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (const [kind, w] of KIND_WEIGHTS) if ((x -= w) < 0) return kind;
  return "nil";
}

/** A value for one argument position: one of its alternatives (a pool kind or a vocabulary). */
function valueFor(rand: () => number, spec: string): string {
  const alt = pick(rand, spec.split("|"));
  if (alt in VOCABULARY) return pick(rand, VOCABULARY[alt]);
  const kinds = KIND_LETTERS[alt];
  if (kinds === undefined) throw new Error(`unknown signature letter ${alt}`);
  return pick(rand, byKind.get(pick(rand, kinds))!);
}

const targetsByName = new Map(TARGETS.map((t) => [t.name, t]));

/** The argument lists (Luau expressions, `self` first for methods) a target is called with, for a
 * seed: a function of the seed and the target's name only, so a failure replays whatever else changes. */
function planFor(seed: number, name: string, count: number): string[][] {
  const target = targetsByName.get(name) ?? [...SELFTEST_TARGETS, ...CRASH_TARGETS].find((t) => t.name === name)!;
  const rand = prng(seed ^ hashName(name));
  const anyValue = () => pick(rand, byKind.get(pickKind(rand))!);
  const plans: string[][] = [];
  while (plans.length < count) {
    const args: string[] = [];
    if (target.selves !== undefined) args.push(rand() < 0.75 ? pick(rand, target.selves) : pick(rand, WRONG_SELVES));
    const sig = target.sig;
    if (target.seeds !== undefined && rand() < 0.3) {
      const seeded = [...pick(rand, target.seeds)];
      // one argument changed, half of the time, to a value its position takes or to anything
      if (seeded.length > 0 && rand() < 0.5) {
        const i = Math.floor(rand() * seeded.length);
        seeded[i] = i < sig.length && rand() < 0.7 ? valueFor(rand, sig[i]) : anyValue();
      }
      args.push(...seeded);
      if (!unwanted(name, args)) plans.push(args);
      continue;
    }
    const typed = rand() < 0.75;
    // a typed call has the signature's arity, give or take one; an untyped one 0-3 arguments
    const x = rand();
    const n = typed ? Math.max(0, sig.length + (x < 0.15 ? -1 : x < 0.25 ? 1 : 0)) : Math.floor(x * 4);
    for (let i = 0; i < n; i++) args.push(typed && i < sig.length && rand() < 0.9 ? valueFor(rand, sig[i]) : anyValue());
    if (!unwanted(name, args)) plans.push(args);
  }
  return plans;
}

// ---- the driver: a Luau script that builds the fixtures and makes every call

function driverSource(pool: string[], targets: Target[]): string {
  return `local F = __FUZZ
local net = require("@lune/net")
local fs = require("@lune/fs")
local task = require("@lune/task")
local _socket = require("@eryx/_socket")
local socket = require("socket")
local BOOM = F.BOOM
local TMP = F.TMP
local LONG = string.rep("x", 70000)
local WRONG_FIELDS = {
	url = 5, method = {}, headers = 7, body = true, query = "q", options = 1, address = 1, handleRequest = "x", handleWebSocket = 2,
	tls = 1, ca = 2, noDelay = "yes", keepAlive = "yes", ttl = {}, batch = "yes", data = 5, overwrite = "x", multiaddr = 5,
	interface = {}, on = "x", timeout = "x", status = "x", [1] = function() end,
}

-- the objects made for a call, closed after it
local OWNED = {}
local function own(x) table.insert(OWNED, x) return x end
local function dispose(v)
	if type(v) == "table" then
		if type(rawget(v, "stop")) == "function" then pcall(v.stop) end
	elseif type(v) == "userdata" then
		pcall(function() v:close() end)
	end
end

-- shared fixtures: a datagram sink, a TCP echo server, an HTTP + WebSocket server, a port nobody
-- listens on, and closed objects of every kind (the "other kind of userdata" for wrong selves)
local SINK = net.udp.bind("127.0.0.1:0")
task.spawn(function() while SINK:recv() do end end)
local TCP = net.tcp.listen("127.0.0.1:0")
TCP:serve(function(c)
	-- (peers that go away mid-echo are the fuzzer's doing: not worth an error report)
	pcall(function()
		while true do
			local data = c:read()
			if not data then break end
			c:write(data)
		end
	end)
	c:close()
end)
local TCP_PORT = TCP.port
local DEAD = (function() local l = net.tcp.listen("127.0.0.1:0") local p = l.port l:close() return p end)()
local HTTP = net.serve(0, {
	handleRequest = function(req)
		if req.path == "/redirect" then return {status = 302, headers = {location = "/redirect"}} end
		if req.path == "/gzip" then return {status = 200, headers = {["content-encoding"] = "gzip"}, body = "not gzip"} end
		if req.path == "/status" then return {status = 599, body = "odd"} end
		if req.path == "/headers" then return {status = 200, headers = {["x-many"] = {"a", "b"}, ["set-cookie"] = {"c=1", "d=2"}}} end
		return {status = 200, body = req.body}
	end,
	handleWebSocket = function(ws)
		while true do
			local msg = ws:next()
			if msg == nil then break end
			ws:send(msg)
		end
	end,
})
local HTTP_PORT = HTTP.port
local HTTP_URL = "http://127.0.0.1:" .. HTTP_PORT .. "/"
local WS_URL = "ws://127.0.0.1:" .. HTTP_PORT .. "/"
local PLAIN = net.serve(0, function() return "plain" end)
local PLAIN_PORT = PLAIN.port
local ALIEN_NET = net.udp.bind("127.0.0.1:0") ALIEN_NET:close()
local ALIEN_SERVER = net.tcp.listen("127.0.0.1:0") ALIEN_SERVER:close()
local ALIEN_ERYX = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM) ALIEN_ERYX:close()
local ALIEN_LS = socket.tcp() ALIEN_LS:close()
local ALIEN_LSUDP = socket.udp() ALIEN_LSUDP:close()

-- makers: fresh objects for every call
local function udp() return own(net.udp.bind("127.0.0.1:0")) end
local function udp6() return own(net.udp.bind("[::1]:0")) end
local function udpUnbatched() return own(net.udp.bind("127.0.0.1:0", {batch = false})) end
local function udpClosed() local s = udp() s:close() return s end
local function udpConnected() local s = udp() s:connect(SINK.address) return s end
local function udpData() local s = udp() SINK:sendTo("hello", s.address) SINK:sendTo("world", s.address) return s end
local function tcpServer() return own(net.tcp.listen("127.0.0.1:0")) end
local function tcpServerClosed() local s = tcpServer() s:close() return s end
local function tcpServerPending() local s = tcpServer() own(net.tcp.connect("127.0.0.1", s.port)) return s end
local function tcpServerServing() local s = tcpServer() s:serve(function(c) c:close() end) return s end
local function tcpPair(data)
	local server = net.tcp.listen("127.0.0.1:0")
	local client = own(net.tcp.connect("127.0.0.1", server.port))
	local conn = own(server:accept())
	server:close()
	if data then conn:write(data) end
	return client, conn
end
local function tcpStream() return (tcpPair()) end
local function tcpStreamData() return (tcpPair("hello\\nworld")) end
local function tcpConn() local _, c = tcpPair() return c end
local function tcpStreamPeerGone() local c, s = tcpPair("bye") s:close() return c end
local function tcpStreamClosed() local c = tcpPair() c:close() return c end
local function ws() return own(net.socket(WS_URL)) end
local function wsData() local s = ws() s:send("hello") return s end
local function wsClosed() local s = ws() s:close() return s end
local function serveHandle() return own(net.serve(0, function() return "x" end)) end

local function esock() return own(_socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)) end
local function esock6() return own(_socket.socket(_socket.AF_INET6, _socket.SOCK_STREAM)) end
local function eudp() return own(_socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)) end
local function eudp6() return own(_socket.socket(_socket.AF_INET6, _socket.SOCK_DGRAM)) end
local function eudpBound() local s = eudp() s:bind("127.0.0.1", 0) return s end
local function eudpData() local s = eudpBound() local _, port = s:getsockname() s:sendto("hello", "127.0.0.1", port) return s end
local function ebound() local s = esock() s:bind("127.0.0.1", 0) return s end
local function elisten() local s = ebound() s:listen() return s end
local function epair(data)
	local l = elisten()
	local _, port = l:getsockname()
	local c = esock()
	c:connect("127.0.0.1", port)
	local a = own((l:accept()))
	l:close()
	if data then a:sendall(data) end
	return c, a
end
local function elistenPending()
	local s = elisten()
	local _, port = s:getsockname()
	esock():connect("127.0.0.1", port)
	return s
end
local function econn() return (epair()) end
local function econnData() return (epair("hello")) end
local function eaccepted() local _, a = epair() return a end
local function eclosed() local s = esock() s:close() return s end
local function enonblock() local s = econn() s:setblocking(false) return s end
local function etimeout() local s = econn() s:settimeout(0.005) return s end

local function ltcp() return own(socket.tcp()) end
local function ltcp6() return own(socket.tcp6()) end
local function lbound() local s = ltcp() assert(s:bind("127.0.0.1", 0)) return s end
local function lserver() return own(assert(socket.bind("127.0.0.1", 0))) end
local function lpair(data)
	local srv = assert(socket.bind("127.0.0.1", 0))
	local _, port = srv:getsockname()
	local c = own(assert(socket.connect("127.0.0.1", port)))
	local a = own(assert(srv:accept()))
	srv:close()
	if data then a:send(data) end
	return c, a
end
local function lserverPending()
	local s = lserver()
	local _, port = s:getsockname()
	own(assert(socket.connect("127.0.0.1", port)))
	return s
end
local function lclient() return (lpair()) end
local function lclientData() return (lpair("hello\\nworld\\n")) end
local function lclosed() local s = socket.tcp() s:close() return s end
local function lnonblock() local c = lclient() c:settimeout(0) return c end
local function ludp() return own(socket.udp()) end
local function ludp6() return own(socket.udp6()) end
local function ludpBound() local s = ludp() assert(s:setsockname("127.0.0.1", 0)) return s end
local function ludpConnected() local s = ludp() assert(s:setpeername("127.0.0.1", SINK.port)) return s end
local function ludpData() local s = ludpBound() local ip, port = s:getsockname() SINK:sendTo("hello", ip .. ":" .. port) return s end
local function ludpClosed() local s = socket.udp() s:close() return s end
local function ludpNonblock() local s = ludpBound() s:settimeout(0) return s end

local function deadThread() local c = coroutine.create(function() end) coroutine.resume(c) return c end
local function yieldedThread() local c = coroutine.create(function() coroutine.yield() end) coroutine.resume(c) return c end

-- the prototypes whose methods are fuzzed (every object of a type shares its method functions)
local PROTO_UDP = udp()
local PROTO_SERVER = tcpServer()
local PROTO_STREAM = tcpStream()
local PROTO_WS = ws()
local PROTO_ERYX = esock()
local PROTO_LSTCP = ltcp()
local PROTO_LSUDP = ludp()
OWNED = {}

local POOL = {
${pool.map((e) => `\tfunction() return ${e} end,`).join("\n")}
}

local TARGETS = {}
local function add(name, fn)
	if type(fn) ~= "function" then F.missing(name) else table.insert(TARGETS, {name, fn}) end
end
${targets.map((t) => `add(${JSON.stringify(t.name)}, ${t.fn})`).join("\n")}

local function cleanup()
	local owned = OWNED
	OWNED = {}
	for _, v in owned do dispose(v) end
end

-- each call runs in a coroutine of its own: one that yields (coroutine.yield) is abandoned at once,
-- one that waits for I/O or a timer is given plan.limit ms from the moment the call was made
for _, target in TARGETS do
	local name, fn = target[1], target[2]
	local plan = F.plan(name)
	if plan then
		for i, combo in plan.calls do
			F.progress(name, i)
			if plan.fs then F.resetFs() end
			local state = {}
			local co = coroutine.create(function()
				local args = {}
				for j = 1, combo.n do args[j] = POOL[combo[j]]() end
				state.started = F.now()
				local r = table.pack(pcall(fn, table.unpack(args, 1, combo.n)))
				state.done = true
				F.check(name, i, table.unpack(r, 1, r.n))
				for k = 2, r.n do dispose(r[k]) end
			end)
			local made = F.now()
			local ok, err = coroutine.resume(co)
			if not ok then
				F.escaped(name, i, err)
			end
			while coroutine.status(co) == "suspended" do
				if not F.waiting(co) then
					F.yielded(name, i)
					break
				end
				local now = F.now()
				if state.started == nil then
					if now - made > F.MAKE_MS then
						F.slow(name, i, "making the arguments")
						break
					end
				elseif now - state.started > plan.limit then
					F.waited(name, i, plan.waits)
					break
				end
				task.wait()
			end
			if coroutine.status(co) == "suspended" then coroutine.close(co) end
			cleanup()
		end
	end
end
F.done()
`;
}

// ---- the checker's own test: targets that misbehave in every way it must catch

const SELFTEST_TARGETS: Target[] = [
  { name: "selftest.leak", fn: "F.SELFTEST.leak", sig: ["t"] },
  { name: "selftest.nodeLeak", fn: "F.SELFTEST.nodeLeak", sig: [] },
  { name: "selftest.jsObject", fn: "F.SELFTEST.jsObject", sig: [] },
  { name: "selftest.threadLeak", fn: "F.SELFTEST.threadLeak", sig: [] },
  { name: "selftest.stuck", fn: "F.SELFTEST.stuck", sig: [] },
  { name: "selftest.waits", fn: "F.SELFTEST.stuck", sig: [], waits: true },
  { name: "selftest.clean", fn: "F.SELFTEST.clean", sig: [] },
  { name: "selftest.zzHang", fn: "F.SELFTEST.zzHang", sig: [] },
];
const CRASH_TARGETS: Target[] = [
  { name: "selftest.crash", fn: "F.SELFTEST.crash", sig: [] },
  { name: "selftest.waits", fn: "F.SELFTEST.stuck", sig: [], waits: true },
];

function selftestLibrary(): LuauTable {
  return library({
    leak: (t: any) => t.field.x,
    nodeLeak: () => {
      throw new LuauError('The "path" argument must be of type string or an instance of Buffer (ERR_INVALID_ARG_TYPE)');
    },
    jsObject: () => ({}),
    threadLeak: () => {
      const th = new LuauThread(() => {
        throw new LuauError("TypeError: undefined is not an object");
      });
      resumeNow(th, []);
      return 1;
    },
    *stuck(): Generator<unknown, unknown, unknown> {
      beginWait();
      yield SUSPEND;
      return 1;
    },
    clean: () => 1,
    crash: () => {
      setTimeout(() => {
        throw new Error("crashed in a callback");
      }, 0);
      return 1;
    },
    zzHang: () => {
      for (;;);
    },
  });
}

// ---- child side

/** Returned strings (LuaSocket's `nil, err` messages among them) must not read like leaked JS text. */
const RETURNED_LEAKS = [...LEAKS, ...IO_LEAKS];

/** What is wrong with the values a call returned: checked as fuzz_args.ts does, and looked into
 * (tables a library builds, such as responses and address records, two levels deep). */
function checkReturned(values: unknown[]): string | undefined {
  const top = checkResults(values, RETURNED_LEAKS);
  if (top !== undefined) return top;
  const inside = (t: LuauTable, path: string, depth: number): string | undefined => {
    let k: unknown = undefined;
    for (let n = 0; n < 200; n++) {
      const entry = t.next(k);
      if (entry === undefined) return undefined;
      k = entry[0];
      const v = entry[1];
      const where = `${path}[${typeof k === "string" ? JSON.stringify(k) : describeValue(k)}]`;
      const bad = checkValue(k, RETURNED_LEAKS) ?? checkValue(v, RETURNED_LEAKS);
      if (bad !== undefined) return `${where} ${bad}`;
      if (v instanceof LuauTable && depth > 1) {
        const deeper = inside(v, where, depth - 1);
        if (deeper !== undefined) return deeper;
      }
    }
    return undefined;
  };
  for (const [i, v] of values.entries()) {
    if (!(v instanceof LuauTable)) continue;
    const bad = inside(v, `result #${i + 1}`, 2);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

type Job =
  | {
      mode: "fuzz";
      seed: number;
      combos: number;
      dir: string;
      skip?: string[];
      /** Only the targets whose names match this regular expression (FUZZ_ONLY, for debugging). */
      only?: string;
      selftest?: "checks" | "crash";
      slowMs?: number;
    }
  | { mode: "cases"; dir: string; skip: string[] };

interface Counts {
  targets: string[];
  /** Per target: [returned, raised, abandoned while waiting]. */
  perTarget: Record<string, [number, number, number]>;
  calls: number;
  returned: number;
  raised: number;
  waited: number;
  yielded: number;
}

/** The regression cases of a target, in order, but for those skipped. */
function casesFor(target: string, skip: string[]): [string, Regression][] {
  return Object.entries(REGRESSIONS).filter(([name, r]) => r.call[0] === target && !skip.includes(name));
}

function targetsOf(job: Job): Target[] {
  if (job.mode === "fuzz" && job.selftest === "checks") return SELFTEST_TARGETS;
  if (job.mode === "fuzz" && job.selftest === "crash") return CRASH_TARGETS;
  return TARGETS;
}

/** The argument lists each target is called with, for a job. */
function jobPlans(job: Job): (target: string) => string[][] | undefined {
  const cache = new Map<string, string[][] | undefined>();
  const plans = uncachedPlans(job);
  return (target) => {
    if (!cache.has(target)) cache.set(target, plans(target));
    return cache.get(target);
  };
}

function uncachedPlans(job: Job): (target: string) => string[][] | undefined {
  if (job.mode === "cases") {
    return (target) => {
      const calls = casesFor(target, job.skip);
      return calls.length > 0 ? calls.map(([, r]) => r.call.slice(1)) : undefined;
    };
  }
  const only = job.only === undefined ? undefined : new RegExp(job.only);
  return (target) =>
    job.skip?.includes(target) || (only !== undefined && !only.test(target)) ? undefined : planFor(job.seed, target, job.combos);
}

/** The fixture @lune/fs works on, rebuilt before every fs call. */
function resetFixture(dir: string): void {
  // the directory itself stays: it is the process's working directory
  for (const name of readdirSync(dir, { encoding: "buffer" })) {
    rmSync(Buffer.concat([Buffer.from(`${dir}/`), name]), { recursive: true, force: true });
  }
  mkdirSync(join(dir, "dir", "sub"), { recursive: true });
  mkdirSync(join(dir, "weird"));
  writeFileSync(join(dir, "file.txt"), "hello");
  writeFileSync(join(dir, "dir", "inner.txt"), "inner");
  // a name that is not UTF-8 (readDir must refuse it cleanly)
  writeFileSync(Buffer.from(join(dir, "weird", "bad\xffname"), "latin1"), "x");
  symlinkSync("file.txt", join(dir, "link"));
  symlinkSync("loop", join(dir, "loop"));
  symlinkSync("missing-target", join(dir, "dangling"));
}

async function runFuzzJob(job: Job): Promise<void> {
  const boom = new LuauTable();
  const plans = jobPlans(job);
  const targets = targetsOf(job);
  const waitsOf = new Map(targets.map((t) => [t.name, t.waits === true]));
  const fsTargets = new Set(targets.filter((t) => t.fs).map((t) => t.name));
  // every argument expression gets a slot in the driver's pool
  const pool: string[] = [];
  const slots = new Map<string, number>();
  const slot = (expr: string) => {
    let i = slots.get(expr);
    if (i === undefined) slots.set(expr, (i = pool.push(expr)));
    return i;
  };
  const counts: Counts = { targets: [], perTarget: {}, calls: 0, returned: 0, raised: 0, waited: 0, yielded: 0 };
  const tally = (target: string, i: number) => ((counts.perTarget[target] ??= [0, 0, 0])[i]++);
  const slowMs = (job.mode === "fuzz" ? job.slowMs : undefined) ?? SLOW_MS;
  let current: { target: string; index: number } = { target: "(setup)", index: -1 };
  const report = (target: string, index: number, outcome: string, problem: string | undefined) => {
    if (job.mode === "cases") send<Counts>({ kind: "outcome", target, index: index - 1, outcome, problem: problem ?? null });
    else if (problem !== undefined) send<Counts>({ kind: "failure", target, index: index - 1, problem });
  };
  const checkOptions = {
    extraLeaks: IO_LEAKS,
    // LuaSocket's try raises its own exception object, for protect to catch
    mayRaise: (target: string, v: unknown) => (target === "socket.try" || target === "socket.newtry()") && v instanceof LuauTable,
  };
  // errors of threads the calls started (handlers, spawned functions) are reported by the
  // scheduler: they must be clean too
  errorListeners.push((err) => {
    const v = err.value;
    if (typeof v !== "string") return;
    if (leaks(v, IO_LEAKS) || /[^\x00-\xff]/.test(v)) {
      send<Counts>({ kind: "failure", target: current.target, index: current.index, problem: `a thread it started failed with a leaked JS error: ${show(v)}` });
    }
  });

  exitOnUncaught(() => current);
  // a timer longer than setTimeout takes (2^31-1 ms) fires after 1 ms: a timeout that expires at once
  process.on("warning", (w) => {
    if (w.name === "TimeoutOverflowWarning") {
      send<Counts>({ kind: "failure", target: current.target, index: current.index, problem: `set a timer that fires at once: ${show(w.message)}` });
    }
  });

  const fuzz = library({
    BOOM: boom,
    TMP: job.dir,
    MAKE_MS,
    SELFTEST: job.mode === "fuzz" && job.selftest !== undefined ? selftestLibrary() : undefined,
    plan(target: string) {
      const plan = plans(target);
      if (plan === undefined) return undefined;
      counts.targets.push(target);
      const waits = waitsOf.get(target) === true;
      return library(
        {
          calls: LuauTable.fromArray(
            plan.map((args) => {
              const t = LuauTable.fromArray(args.map(slot));
              t.h.n = args.length;
              return t;
            }),
          ),
          limit: waits ? WAIT_MS : slowMs,
          waits,
          fs: fsTargets.has(target),
        },
        false,
      );
    },
    progress(target: string, index: number) {
      counts.calls++;
      current = { target, index: index - 1 };
      send<Counts>({ kind: "progress", target, index: index - 1 });
    },
    check(target: string, index: number, ok: boolean, ...values: unknown[]) {
      if (ok) counts.returned++;
      else counts.raised++;
      tally(target, ok ? 0 : 1);
      const error = values[0];
      const outcome = ok ? `returned ${values.map(describeValue).join(", ")}` : typeof error === "string" ? error : describeValue(error);
      // FUZZ_TRACE=1: every call and its outcome on stderr (run the child by hand to see it)
      if (process.env.FUZZ_TRACE) console.error(`${callText(target, plans(target)?.[index - 1] ?? [])} -> ${outcome}`);
      report(target, index, outcome, ok ? checkReturned(values) : checkError(target, error, boom, checkOptions));
    },
    escaped(target: string, index: number, err: unknown) {
      report(target, index, "escaped", `making the arguments failed: ${typeof err === "string" ? err : describeValue(err)}`);
    },
    yielded(target: string, index: number) {
      counts.yielded++;
      report(target, index, "yielded", undefined);
    },
    waited(target: string, index: number, allowed: boolean) {
      counts.waited++;
      tally(target, 2);
      report(target, index, "waited", allowed ? undefined : `still waiting after ${slowMs / 1000} s (a hang of the calling thread)`);
    },
    slow(target: string, index: number, what: string) {
      report(target, index, "slow", `${what} took more than ${MAKE_MS / 1000} s`);
    },
    missing(target: string) {
      send<Counts>({ kind: "failure", target, index: -1, problem: "is not a function" });
    },
    now: () => performance.now(),
    waiting: (co: unknown) => co instanceof LuauThread && co.waiting,
    resetFs: () => resetFixture(job.dir),
    done() {
      send<Counts>({ kind: "done", ...counts });
    },
  });
  process.chdir(job.dir);
  resetFixture(job.dir);
  const runtime = new LuneRuntime([]);
  runtime.env.h.__FUZZ = fuzz;
  for (const [, r] of Object.entries(REGRESSIONS)) r.call.slice(1).forEach(slot);
  for (const t of targets) {
    const plan = plans(t.name);
    if (plan !== undefined) for (const args of plan) args.forEach(slot);
  }
  const outcome = await runtime.start(compileChunk(driverSource(pool, targets), "io_fuzz"));
  if (!outcome.ok) {
    send<Counts>({ kind: "failure", target: "(driver)", index: -1, problem: `the driver failed: ${describeValue(outcome.error)}` });
  }
  // servers and sockets the calls left open would keep the process alive
  process.exit(0);
}

const childJob = process.env.BUNE_IO_FUZZ_JOB;
if (childJob !== undefined) await runFuzzJob(JSON.parse(childJob) as Job);

// ---- parent side

function fixtureDir(): string {
  return mkdtempSync(join(tmpdir(), "bune-io-fuzz-"));
}

type JobSpec = Job extends infer J ? (J extends Job ? Omit<J, "dir"> : never) : never;

async function runIn(
  job: JobSpec,
  callOf: (target: string, index: number) => string,
  limits: RunLimits = LIMITS,
): Promise<Run<Counts>> {
  const dir = fixtureDir();
  try {
    return await runJob<Counts>(CHILD, { ...job, dir }, limits, callOf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (childJob === undefined) {
  describe("I/O library argument fuzzing", () => {
    test("I/O functions and methods called with awkward arguments return or raise clean Luau errors", async () => {
      const seed = seedFromEnv(0x10f022);
      const combos = COMBOS_PER_TARGET;
      const only = process.env.FUZZ_ONLY;
      // after a hang or a crash, the fuzzing goes on (a few times) from the targets not reached yet
      const failures: string[] = [];
      const skip: string[] = [];
      const totals: Counts = { targets: [], perTarget: {}, calls: 0, returned: 0, raised: 0, waited: 0, yielded: 0 };
      let ms = 0;
      let finished = false;
      for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
        const r = await runIn({ mode: "fuzz", seed, combos, skip: [...skip], only }, (target, index) =>
          callText(target, planFor(seed, target, combos)[index]),
        );
        failures.push(...r.failures);
        ms += r.ms;
        if (r.done !== undefined) {
          for (const k of ["calls", "returned", "raised", "waited", "yielded"] as const) totals[k] += r.done[k];
          totals.targets.push(...r.done.targets);
          Object.assign(totals.perTarget, r.done.perTarget);
          finished = true;
        }
        if (r.stuck === undefined) break;
        skip.push(...r.reached);
      }
      console.log(
        `io fuzz seed ${seed}: ${new Set(totals.targets).size} targets, ${totals.calls} calls (${totals.returned} returned, ` +
          `${totals.raised} raised, ${totals.waited} abandoned while waiting, ${totals.yielded} yielded) in ${ms} ms`,
      );
      if (process.env.FUZZ_VERBOSE) {
        for (const [t, [ok, err, waited]] of Object.entries(totals.perTarget)) console.log(`  ${t}: ${ok} returned, ${err} raised, ${waited} waited`);
      }
      if (failures.length > 0) {
        throw new Error(`io fuzz seed ${seed} (rerun with FUZZ_SEED=${seed}):\n  ${failures.slice(0, LIMITS.maxReported).join("\n  ")}`);
      }
      // not vacuous: every target was reached, and the calls get past the argument checks
      expect(finished).toBe(true);
      if (only !== undefined) return;
      expect(new Set(totals.targets).size).toBe(TARGETS.length);
      expect(totals.calls).toBe(TARGETS.length * combos);
      expect(totals.returned).toBeGreaterThan(totals.calls / 5);
      expect(totals.raised).toBeGreaterThan(totals.calls / 4);
    }, (MAX_RESTARTS + 1) * LIMITS.runLimitMs + 10_000);

    test("the checker reports leaked JS errors, non-Luau values, stuck calls and hangs", async () => {
      const { failures } = await runIn(
        { mode: "fuzz", seed: 1, combos: 2, selftest: "checks", slowMs: 300 },
        (target, index) => callText(target, planFor(1, target, 2)[index]),
        { ...LIMITS, hangMs: 2_000 },
      );
      const report = failures.join("\n");
      expect(report).toContain('selftest.leak: leaked a JS error: "TypeError: undefined is not an object');
      expect(report).toContain("selftest.nodeLeak: leaked a JS error");
      expect(report).toContain("selftest.jsObject: result #1 is not a Luau value: JS Object");
      expect(report).toContain("selftest.threadLeak: a thread it started failed with a leaked JS error");
      expect(report).toContain("selftest.stuck: still waiting after 0.3 s");
      expect(report).toMatch(/no progress for \d+ s \(a hang\) in: selftest\.zzHang\(/);
      expect(report).not.toContain("selftest.waits");
      expect(report).not.toContain("selftest.clean");
    }, LIMITS.runLimitMs + 10_000);

    test("the checker reports a process that dies, with the call it was in", async () => {
      const { failures } = await runIn({ mode: "fuzz", seed: 1, combos: 2, selftest: "crash" }, (target, index) =>
        callText(target, planFor(1, target, 2)[index]),
      );
      const report = failures.join("\n");
      expect(report).toMatch(/the process died in: selftest\.(crash|waits)\(\)/);
      expect(report).toMatch(/selftest\.(crash|waits): uncaught JS exception: "Error: crashed in a callback"/);
    }, LIMITS.runLimitMs + 10_000);

    // the regression cases run in one child process, started by the first of their tests; after a
    // hang the rest run in another
    let caseResults: Promise<Map<string, CaseResult>> | undefined;
    const startCases = () =>
      runCases(
        (skip) =>
          runIn({ mode: "cases", skip }, (target, index) =>
            callText(target, casesFor(target, skip)[index][1].call.slice(1)),
          ),
        (skip, target, index) => casesFor(target, skip)[index][0],
        LIMITS.hangMs,
      );
    for (const [name, regression] of Object.entries(REGRESSIONS)) {
      test(`regression: ${name}`, async () => {
        const result = (await (caseResults ??= startCases())).get(name);
        if (result === undefined) throw new Error("not run: the checking process ended before this case");
        expect(result.problem).toBeNull();
        if (regression.raises !== undefined) expect(result.outcome).toBe(regression.raises);
        else if (regression.waits) expect(result.outcome).toBe("waited");
        else if (regression.returns !== undefined) expect(result.outcome).toBe(regression.returns);
        else expect(result.outcome).toStartWith("returned");
      }, Object.keys(REGRESSIONS).length * LIMITS.hangMs + LIMITS.runLimitMs);
    }
  });
}
