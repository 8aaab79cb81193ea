// TCP objects: tcp{master} (fresh), tcp{server} (after listen), tcp{client} (after connect, or from
// accept). Every method is in every TCP class's __index and checks the class it needs itself.
import { NONE, type Userdata } from "../../runtime/values";
import { checkNumber, optString, typeError } from "../args";
import { NAME_OR_SERVICE_UNKNOWN, hostText, parsePort, resolveHost, wildcardFor, type Address, type FamilyChoice } from "./address";
import { badArgument, checkSelf, defineClass, newFd, newObject, setClass, type SocketHost, type TcpClass } from "./objects";
import { Options, TCP_OPTIONS } from "./options";
import { errorText } from "./oserror";
import { parsePattern, receive } from "./receive";
import { TcpConnection, type SocketSettings } from "./tcpconnection";
import { TcpListener } from "./tcplistener";
import { Timeout } from "./timeout";
import { untilReady } from "./wait";

const NOT_CONNECTED = "Transport endpoint is not connected";

/** The ranges the kernel takes for the keep-alive options (tcp(7)): setsockopt refuses others. */
const KEEPALIVE_MAX: Record<string, number> = { "tcp-keepidle": 32767, "tcp-keepintvl": 32767, "tcp-keepcnt": 127 };

function kernelLimits(name: string, value: unknown): string | undefined {
  const max = KEEPALIVE_MAX[name];
  // LuaSocket passes the value as a C int
  const n = Math.trunc(value as number);
  return max === undefined || (n >= 1 && n <= max) ? undefined : errorText("EINVAL");
}

export class TcpSocket implements SocketHost {
  cls: TcpClass = "tcp{master}";
  fd = newFd();
  readonly timeout = new Timeout();
  readonly options: Options;
  /** Bound (master) or listening (server). */
  listener: TcpListener | undefined = undefined;
  /** The connection of a client. */
  conn: TcpConnection | undefined = undefined;
  closed = false;
  /** getstats/setstats: counts and birth time, relative to the connection's own counters. */
  private statsBase = { received: 0, sent: 0 };
  private born = performance.now();

  constructor(public family: FamilyChoice) {
    this.options = new Options(TCP_OPTIONS, family === "inet6" ? { "ipv6-v6only": true } : {});
  }

  static client(conn: TcpConnection, family: FamilyChoice): TcpSocket {
    const s = new TcpSocket(family);
    s.cls = "tcp{client}";
    s.conn = conn;
    return s;
  }

  release(): void {
    this.closed = true;
    this.fd = -1;
    this.listener?.close();
    this.conn?.close();
  }

  settings(): SocketSettings {
    return {
      noDelay: this.options.get("tcp-nodelay") as boolean,
      keepAlive: this.options.get("keepalive") as boolean,
      keepIdleSeconds: this.options.get("tcp-keepidle") as number,
    };
  }

  stats(): number[] {
    return [
      this.statsBase.received + (this.conn?.received ?? 0),
      this.statsBase.sent + (this.conn?.sent ?? 0),
      (performance.now() - this.born) / 1000,
    ];
  }

  setStats(received: number, sent: number, age: number | undefined): void {
    this.statsBase.received = received - (this.conn?.received ?? 0);
    this.statsBase.sent = sent - (this.conn?.sent ?? 0);
    if (age !== undefined) this.born = performance.now() - age * 1000;
  }
}

/** `1`, or LuaSocket's `nil, err`. */
function result(err: string | undefined): unknown {
  return err === undefined ? 1 : [undefined, err];
}

function checkHost(v: unknown, fname: string, nargs: number): string {
  const h = hostText(v);
  if (h === undefined) throw typeError(2, fname, "string", v, nargs);
  return h;
}

function* addressesFor(s: TcpSocket, host: string, passive: boolean): Generator<unknown, Address[] | string, unknown> {
  if (passive && host === "*") return [{ ip: wildcardFor(s.family), family: s.family === "inet6" ? "inet6" : "inet" }];
  return yield* resolveHost(host, s.family);
}

/** Binds a master to the first address of `host` that accepts; returns an error string or undefined. */
function* bindMaster(s: TcpSocket, host: string, port: number): Generator<unknown, string | undefined, unknown> {
  if (s.closed) return "closed";
  if (s.listener !== undefined) return "Invalid argument";
  const addrs = yield* addressesFor(s, host, true);
  if (typeof addrs === "string") return addrs;
  let err = "host not found";
  for (const a of addrs) {
    const l = TcpListener.open(a.ip, port);
    if (typeof l === "string") {
      err = l;
      continue;
    }
    s.listener = l;
    if (s.family === "unspec") s.family = a.family;
    return undefined;
  }
  return err;
}

/** Waits for a connection being made; `1` once it is up, `nil, err` if it failed or timed out. */
function* awaitConnect(s: TcpSocket, conn: TcpConnection): Generator<unknown, unknown, unknown> {
  s.timeout.markStart();
  const r = yield* untilReady(s.timeout, [conn.signal], () =>
    conn.state === "open" ? "ok" : conn.state === "connecting" ? undefined : (conn.error ?? "closed"),
  );
  if (r === undefined) return [undefined, "timeout"];
  return result(r === "ok" ? undefined : r);
}

/** connect(): `1` or `nil, err`. */
function* connectSocket(self: Userdata, s: TcpSocket, host: string, port: unknown): Generator<unknown, unknown, unknown> {
  if (s.closed) return [undefined, "closed"];
  if (s.cls === "tcp{server}") return [undefined, "already connected"];
  const current = s.conn;
  if (current !== undefined && current.state === "open") return [undefined, "already connected"];
  if (current !== undefined && current.state === "connecting") return yield* awaitConnect(s, current);
  const p = parsePort(port);
  // LuaSocket makes the object a client even when connecting fails (the connect may be in progress)
  setClass(self, "tcp{client}");
  if (p === undefined) return [undefined, NAME_OR_SERVICE_UNKNOWN];
  const addrs = yield* addressesFor(s, host, false);
  if (typeof addrs === "string") return [undefined, addrs];
  // bind() reserved the local address with a listener; the connection takes it over
  const from = s.listener === undefined ? undefined : { ip: s.listener.ip, port: s.listener.port };
  s.listener?.close();
  s.listener = undefined;
  const conn = TcpConnection.connect(addrs, p, from);
  conn.settings = s.settings();
  s.conn = conn;
  return yield* awaitConnect(s, conn);
}

const methods = {
  *bind(self: Userdata, address: unknown, port: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{master}", "bind");
    const host = checkHost(address, "bind", arguments.length);
    const p = parsePort(port ?? 0);
    if (p === undefined) return [undefined, NAME_OR_SERVICE_UNKNOWN];
    return result(yield* bindMaster(s, host, p));
  },

  listen(self: Userdata, backlog: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{master}", "listen");
    if (backlog !== undefined) checkNumber(backlog, 2, "listen");
    if (s.closed) return [undefined, "closed"];
    if (s.listener === undefined) {
      // listen() on an unbound socket binds it to an ephemeral port, as the kernel does
      const l = TcpListener.open(wildcardFor(s.family), 0);
      if (typeof l === "string") return [undefined, l];
      s.listener = l;
    }
    setClass(self, "tcp{server}");
    return 1;
  },

  *connect(self: Userdata, address: unknown, port: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{any}", "connect");
    return yield* connectSocket(self, s, checkHost(address, "connect", arguments.length), port);
  },

  *accept(self: Userdata) {
    const s = checkSelf<TcpSocket>(self, "tcp{server}", "accept");
    const l = s.listener;
    if (s.closed || l === undefined) return [undefined, "closed"];
    s.timeout.markStart();
    const conn = yield* untilReady(s.timeout, [l.signal], () => (s.closed ? "closed" : l.accept()));
    if (conn === undefined) return [undefined, "timeout"];
    if (conn === "closed") return [undefined, "closed"];
    // accepted clients start blocking, whatever the server's timeout
    return newObject(TcpSocket.client(conn, l.family));
  },

  *send(self: Userdata, data: unknown, i: unknown, j: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{client}", "send");
    const text = hostText(data);
    if (text === undefined) throw typeError(2, "send", "string", data, arguments.length);
    const len = text.length;
    let start = i === undefined ? 1 : Math.trunc(checkNumber(i, 3, "send"));
    let end = j === undefined ? -1 : Math.trunc(checkNumber(j, 4, "send"));
    if (start < 0) start = len + start + 1;
    if (end < 0) end = len + end + 1;
    if (start < 1) start = 1;
    if (end > len) end = len;
    if (start > end) return [start - 1, undefined, undefined];
    const conn = s.conn;
    if (conn === undefined || s.closed) return [undefined, "closed", start - 1];
    const bytes = Buffer.from(text.slice(start - 1, end), "latin1");
    let done = 0;
    s.timeout.markStart();
    const r = yield* untilReady(s.timeout, [conn.signal], () => {
      if (!conn.writable) return undefined;
      const n = conn.write(bytes, done);
      if (typeof n === "string") return n;
      done += n;
      return done === bytes.length ? "ok" : undefined;
    });
    const last = start - 1 + done;
    if (r === "ok") return [last, undefined, undefined];
    return [undefined, r ?? "timeout", last];
  },

  *receive(self: Userdata, pattern: unknown, prefix: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{client}", "receive");
    const p = parsePattern(pattern);
    const pre = prefix === undefined ? "" : hostText(prefix);
    if (pre === undefined) throw typeError(3, "receive", "string", prefix);
    return yield* receive(s.closed ? undefined : s.conn, s.timeout, p, pre);
  },

  close(self: Userdata) {
    const s = checkSelf<TcpSocket>(self, "tcp{any}", "close");
    s.release();
    return 1;
  },

  shutdown(self: Userdata, how: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{client}", "shutdown");
    const mode = optString(how, 2, "shutdown", "both");
    if (mode !== "both" && mode !== "send" && mode !== "receive") throw badArgument(2, "shutdown", `invalid option '${mode}'`);
    s.conn?.shutdown(mode !== "receive", mode !== "send");
    return 1;
  },

  getsockname(self: Userdata) {
    const s = checkSelf<TcpSocket>(self, "tcp{any}", "getsockname");
    if (s.closed) return [undefined, "closed"];
    const local = s.conn?.local ?? s.listener;
    if (local !== undefined) return [local.ip, local.port, local.family];
    const family = s.family === "inet6" ? "inet6" : "inet";
    return [wildcardFor(family), 0, family];
  },

  getpeername(self: Userdata) {
    const s = checkSelf<TcpSocket>(self, "tcp{any}", "getpeername");
    if (s.closed) return [undefined, "closed"];
    const peer = s.conn?.state === "open" ? s.conn.peer : undefined;
    if (peer === undefined) return [undefined, NOT_CONNECTED];
    return [peer.ip, peer.port, peer.family];
  },

  getstats(self: Userdata) {
    return checkSelf<TcpSocket>(self, "tcp{any}", "getstats").stats();
  },

  setstats(self: Userdata, received: unknown, sent: unknown, age: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{any}", "setstats");
    const [r0, s0] = s.stats();
    s.setStats(
      received === undefined ? r0 : checkNumber(received, 2, "setstats"),
      sent === undefined ? s0 : checkNumber(sent, 3, "setstats"),
      age === undefined ? undefined : checkNumber(age, 4, "setstats"),
    );
    return 1;
  },

  dirty(self: Userdata) {
    const s = checkSelf<TcpSocket>(self, "tcp{any}", "dirty");
    return !s.closed && (s.conn?.buffered ?? 0) > 0;
  },

  getfd(self: Userdata) {
    return checkSelf<TcpSocket>(self, "tcp{any}", "getfd").fd;
  },

  setfd(self: Userdata, fd: unknown) {
    checkSelf<TcpSocket>(self, "tcp{any}", "setfd").fd = checkNumber(fd, 2, "setfd");
    return NONE;
  },

  settimeout(self: Userdata, value: unknown, mode: unknown) {
    return checkSelf<TcpSocket>(self, "tcp{any}", "settimeout").timeout.set(value, mode);
  },

  gettimeout(self: Userdata) {
    return checkSelf<TcpSocket>(self, "tcp{any}", "gettimeout").timeout.get();
  },

  setoption(self: Userdata, name: unknown, value: unknown) {
    const s = checkSelf<TcpSocket>(self, "tcp{any}", "setoption");
    const r = s.options.set(name, value, kernelLimits);
    if (r === 1 && s.conn !== undefined) {
      s.conn.settings = s.settings();
      s.conn.applySettings();
    }
    return r;
  },

  getoption(self: Userdata, name: unknown) {
    return checkSelf<TcpSocket>(self, "tcp{any}", "getoption").options.read(name);
  },
};

const allMethods = { ...methods, setpeername: methods.connect, setsockname: methods.bind };
for (const cls of ["tcp{master}", "tcp{client}", "tcp{server}"] as const) defineClass(cls, allMethods);

/** socket.tcp(), tcp4(), tcp6(). */
export function newTcp(family: FamilyChoice): Userdata {
  return newObject(new TcpSocket(family));
}

/** socket.bind(host, port, backlog): a server on the first address of `host` that can be bound. */
export function* bindServer(host: string, port: unknown): Generator<unknown, unknown, unknown> {
  const p = parsePort(port);
  if (p === undefined) return [undefined, NAME_OR_SERVICE_UNKNOWN];
  const addrs = yield* resolveHost(host === "*" ? "0.0.0.0" : host, "unspec");
  if (typeof addrs === "string") return [undefined, addrs];
  let err = "host not found";
  for (const a of addrs) {
    const s = new TcpSocket(a.family);
    s.options.set("reuseaddr", true, () => undefined);
    const e = yield* bindMaster(s, a.ip, p);
    if (e !== undefined) {
      err = e;
      continue;
    }
    s.cls = "tcp{server}";
    return newObject(s);
  }
  return [undefined, err];
}

/** socket.connect(host, port, localHost, localPort, family): a connected client or `nil, err`. */
export function* connectClient(host: string, port: unknown, localHost: string | undefined, localPort: unknown, family: FamilyChoice): Generator<unknown, unknown, unknown> {
  const s = new TcpSocket(family);
  const self = newObject(s);
  if (localHost !== undefined) {
    const p = parsePort(localPort ?? 0);
    const err = p === undefined ? NAME_OR_SERVICE_UNKNOWN : yield* bindMaster(s, localHost, p);
    if (err !== undefined) {
      s.release();
      return [undefined, err];
    }
  }
  const r = yield* connectSocket(self, s, host, port);
  if (r !== 1) {
    s.release();
    return r;
  }
  return self;
}
