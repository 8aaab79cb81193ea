// The Socket methods scripts call (`sock:recv(4096)`): argument checks, then the socket's role
// (TcpStream, TcpListener, UdpEndpoint) does the work. Calls that can wait are generator functions;
// in blocking mode (the default) they suspend only the calling Luau thread, in non-blocking mode
// they return nil (sendall: false) where they would wait. Luau counts `self` as argument #1.
import { SUSPEND } from "../../runtime/thread";
import { LuauBuffer, NONE, typeName } from "../../runtime/values";
import { argError, checkBoolean, checkInteger, checkNumber, library, optInteger, typeError } from "../args";
import { checkHost, checkPort, displayHost, resolveHost, wildcard, type Endpoint } from "./address";
import { IPPROTO_TCP, IPPROTO_UDP, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_DGRAM, SOCK_STREAM, AF_INET, AF_INET6 } from "./constants";
import { socketError } from "./errno";
import { getOption, setOption } from "./options";
import { EryxSocket } from "./socket";
import { TcpListener } from "./tcp_listener";
import { TcpStream } from "./tcp_stream";
import { UdpEndpoint, type Datagram } from "./udp";
import { Ticket } from "./wait";

type Gen<T> = Generator<unknown, T, unknown>;

function sock(v: unknown, fname: string): EryxSocket {
  if (v instanceof EryxSocket) return v;
  throw argError(1, fname, `Socket expected, got ${typeName(v)}`);
}

/** A socket that is still open, for method `fname`. */
function open(v: unknown, fname: string): EryxSocket {
  const s = sock(v, fname);
  if (s.closed) throw socketError(fname, "EBADF", "socket is closed");
  return s;
}

/** Data to send: a buffer (its bytes, not copied) or a string (its bytes). */
function checkData(v: unknown, i: number, fname: string, nargs: number): Uint8Array {
  if (v instanceof LuauBuffer) return v.bytes;
  if (typeof v === "string") return Buffer.from(v, "latin1");
  throw typeError(i, fname, "buffer", v, nargs);
}

function checkSize(v: unknown, i: number, fname: string, nargs: number): number {
  const n = checkInteger(v, i, fname, nargs);
  if (n < 0) throw argError(i, fname, "size must not be negative");
  return n;
}

function stream(s: EryxSocket, fname: string): TcpStream {
  if (s.role instanceof TcpStream) return s.role;
  throw socketError(fname, "ENOTCONN");
}

/** The socket's UDP endpoint, bound to the wildcard address on first use (as the kernel does). */
function* endpoint(s: EryxSocket, fname: string): Gen<UdpEndpoint> {
  if (!(s.role instanceof UdpEndpoint)) {
    const ep = yield* UdpEndpoint.open({ host: wildcard(s.family), port: 0 }, s.opts.broadcast, fname);
    // closed while Bun was creating it
    if (s.closed) {
      ep.close();
      throw socketError(fname, "EBADF", "socket is closed");
    }
    s.role = ep;
  }
  return s.role;
}

function result(e: Endpoint, family: number): unknown[] {
  return [displayHost(e.host, family), e.port];
}

function* bind(self: unknown, host: unknown, port: unknown): Gen<unknown> {
  const nargs = arguments.length;
  const s = open(self, "bind");
  const h = checkHost(host, 2, "bind", nargs);
  const p = checkPort(port, 3, "bind", nargs);
  if (s.bound !== undefined || s.role !== undefined) throw socketError("bind", "EINVAL", "socket is already bound");
  const at = { host: yield* resolveHost(h, s.family, true, "bind", 2), port: p };
  s.checkOpen("bind");
  if (s.isStream) {
    s.bound = at;
  } else {
    const ep = yield* UdpEndpoint.open(at, s.opts.broadcast, "bind");
    if (s.closed) {
      ep.close();
      throw socketError("bind", "EBADF", "socket is closed");
    }
    s.role = ep;
    s.bound = ep.localName();
  }
  return NONE;
}

function listen(self: unknown, backlog: unknown) {
  const s = open(self, "listen");
  const n = optInteger(backlog, 2, "listen", 128);
  if (!s.isStream) throw socketError("listen", "EOPNOTSUPP");
  if (s.role instanceof TcpListener) return NONE;
  if (s.role !== undefined) throw socketError("listen", "EINVAL", "socket is connected");
  if (s.bound === undefined) throw socketError("listen", "EINVAL", "socket is not bound (call bind first)");
  s.backlog = n;
  s.role = new TcpListener(s.bound, s.opts);
  return NONE;
}

function* accept(self: unknown): Gen<unknown> {
  const s = open(self, "accept");
  const listener = s.role;
  if (!(listener instanceof TcpListener)) throw socketError("accept", "EINVAL", "socket is not listening");
  let conn: TcpStream | undefined;
  let deadline: number | undefined;
  while ((conn = listener.tryAccept()) === undefined) {
    if (!s.blocking) return undefined;
    const ticket = new Ticket(listener.acceptors, (deadline ??= s.deadline()));
    let r: unknown;
    try {
      r = yield SUSPEND;
    } finally {
      ticket.leave();
    }
    ticket.check(s, r, "accept");
  }
  const client = new EryxSocket(s.family, SOCK_STREAM, s.proto, socketMetatable);
  Object.assign(client.opts, s.opts);
  client.role = conn;
  const peer = conn.peerName() ?? { host: wildcard(s.family), port: 0 };
  return [client, ...result(peer, s.family)];
}

function* connect(self: unknown, host: unknown, port: unknown): Gen<unknown> {
  const nargs = arguments.length;
  const s = open(self, "connect");
  const h = checkHost(host, 2, "connect", nargs);
  const p = checkPort(port, 3, "connect", nargs);
  if (!s.isStream) {
    const to = { host: yield* resolveHost(h, s.family, false, "connect", 2), port: p };
    const ep = yield* endpoint(s, "connect");
    ep.peer = to;
    return NONE;
  }
  let conn = s.role;
  if (conn instanceof TcpListener) throw socketError("connect", "EINVAL", "socket is listening");
  if (conn instanceof TcpStream) {
    if (conn.connected) throw socketError("connect", "EISCONN");
  } else {
    const addr = yield* resolveHost(h, s.family, false, "connect", 2);
    s.checkOpen("connect");
    s.role = conn = TcpStream.connect(addr, p, s.opts);
    // non-blocking: the handshake goes on; send/recv return nil until it completes
    if (!s.blocking) return NONE;
  }
  const deadline = s.deadline();
  while (!conn.connectDone("connect")) {
    if (!s.blocking) return NONE;
    const ticket = new Ticket(conn.writers, deadline);
    let r: unknown;
    try {
      r = yield SUSPEND;
    } finally {
      ticket.leave();
    }
    ticket.check(s, r, "connect");
  }
  return NONE;
}

function close(self: unknown) {
  const s = sock(self, "close");
  if (s.closed) return NONE;
  s.closed = true;
  s.role?.close();
  return NONE;
}

function shutdown(self: unknown, how: unknown) {
  const s = open(self, "shutdown");
  const mode = checkInteger(how, 2, "shutdown", arguments.length);
  if (mode !== SHUT_RD && mode !== SHUT_WR && mode !== SHUT_RDWR) throw argError(2, "shutdown", "SHUT_RD, SHUT_WR or SHUT_RDWR expected");
  if (!s.isStream) throw socketError("shutdown", "EOPNOTSUPP", "shutdown is only supported on stream sockets");
  const conn = stream(s, "shutdown");
  if (!conn.connected) throw socketError("shutdown", "ENOTCONN");
  conn.shutdown(mode !== SHUT_WR, mode !== SHUT_RD);
  return NONE;
}

/** Sends one UDP datagram to `to`: its size, or undefined where a non-blocking send would block. */
function* sendDatagram(s: EryxSocket, ep: UdpEndpoint, bytes: Uint8Array, to: Endpoint, op: string): Gen<number | undefined> {
  let deadline: number | undefined;
  while (!ep.trySendTo(bytes, to, op)) {
    if (!s.blocking) return undefined;
    const ticket = new Ticket(ep.writers, (deadline ??= s.deadline()));
    let r: unknown;
    try {
      r = yield SUSPEND;
    } finally {
      ticket.leave();
    }
    ticket.check(s, r, op);
  }
  return bytes.length;
}

/** Writes to a stream once anything can be written: the count, or undefined (non-blocking). */
function* sendStream(s: EryxSocket, conn: TcpStream, bytes: Uint8Array, op: string): Gen<number | undefined> {
  let n: number | undefined;
  let deadline: number | undefined;
  while ((n = conn.tryWrite(bytes, 0, op)) === undefined) {
    if (!s.blocking) return undefined;
    const ticket = new Ticket(conn.writers, (deadline ??= s.deadline()));
    let r: unknown;
    try {
      r = yield SUSPEND;
    } finally {
      ticket.leave();
    }
    ticket.check(s, r, op);
  }
  return n;
}

function* send(self: unknown, data: unknown): Gen<unknown> {
  const s = open(self, "send");
  const bytes = checkData(data, 2, "send", arguments.length);
  if (s.isStream) return yield* sendStream(s, stream(s, "send"), bytes, "send");
  const ep = s.role instanceof UdpEndpoint ? s.role : undefined;
  if (ep?.peer === undefined) throw socketError("send", "EDESTADDRREQ");
  return yield* sendDatagram(s, ep, bytes, ep.peer, "send");
}

/**
 * Everything, or (non-blocking) false when nothing could be sent. A non-blocking sendall that got
 * some bytes out keeps the rest and sends it on drain, so `false` always means "nothing sent".
 */
function* sendall(self: unknown, data: unknown): Gen<unknown> {
  const s = open(self, "sendall");
  const bytes = checkData(data, 2, "sendall", arguments.length);
  if (!s.isStream) {
    const ep = s.role instanceof UdpEndpoint ? s.role : undefined;
    if (ep?.peer === undefined) throw socketError("sendall", "EDESTADDRREQ");
    return (yield* sendDatagram(s, ep, bytes, ep.peer, "sendall")) !== undefined;
  }
  const conn = stream(s, "sendall");
  let offset = 0;
  let deadline: number | undefined;
  do {
    const n = conn.tryWrite(bytes, offset, "sendall");
    if (n !== undefined) {
      offset += n;
    } else if (!s.blocking) {
      if (offset === 0) return false;
      conn.keep(bytes.slice(offset));
      return true;
    } else {
      const ticket = new Ticket(conn.writers, (deadline ??= s.deadline()));
      let r: unknown;
      try {
        r = yield SUSPEND;
      } finally {
        ticket.leave();
      }
      ticket.check(s, r, "sendall");
    }
  } while (offset < bytes.length);
  return true;
}

function* sendto(self: unknown, data: unknown, host: unknown, port: unknown): Gen<unknown> {
  const nargs = arguments.length;
  const s = open(self, "sendto");
  const bytes = checkData(data, 2, "sendto", nargs);
  const h = checkHost(host, 3, "sendto", nargs);
  const p = checkPort(port, 4, "sendto", nargs);
  // a connected stream ignores the destination, as Linux does
  if (s.isStream) return yield* sendStream(s, stream(s, "sendto"), bytes, "sendto");
  const to = { host: yield* resolveHost(h, s.family, false, "sendto", 3), port: p };
  const ep = yield* endpoint(s, "sendto");
  return yield* sendDatagram(s, ep, bytes, to, "sendto");
}

/** Received stream bytes (empty at EOF), or undefined where a non-blocking recv would block. */
function* recvStream(s: EryxSocket, conn: TcpStream, max: number, op: string): Gen<LuauBuffer | undefined> {
  let bytes: Uint8Array | undefined;
  let deadline: number | undefined;
  while ((bytes = conn.tryRecv(max, op)) === undefined) {
    if (!s.blocking) return undefined;
    const ticket = new Ticket(conn.readers, (deadline ??= s.deadline()));
    let r: unknown;
    try {
      r = yield SUSPEND;
    } finally {
      ticket.leave();
    }
    ticket.check(s, r, op);
  }
  return new LuauBuffer(bytes);
}

/** The next datagram, or undefined where a non-blocking call would block. */
function* recvDatagram(s: EryxSocket, max: number, op: string): Gen<Datagram | undefined> {
  if (!(s.role instanceof UdpEndpoint)) throw socketError(op, "EINVAL", "socket is not bound");
  const ep = s.role;
  let d: Datagram | undefined;
  let deadline: number | undefined;
  while ((d = ep.tryRecvFrom(max)) === undefined) {
    if (!s.blocking) return undefined;
    const ticket = new Ticket(ep.readers, (deadline ??= s.deadline()));
    let r: unknown;
    try {
      r = yield SUSPEND;
    } finally {
      ticket.leave();
    }
    ticket.check(s, r, op);
  }
  return d;
}

function* recv(self: unknown, bufsize: unknown): Gen<unknown> {
  const s = open(self, "recv");
  const n = checkSize(bufsize, 2, "recv", arguments.length);
  if (s.isStream) return yield* recvStream(s, stream(s, "recv"), n, "recv");
  const d = yield* recvDatagram(s, n, "recv");
  return d === undefined ? undefined : new LuauBuffer(d.data);
}

function* recvfrom(self: unknown, bufsize: unknown): Gen<unknown> {
  const s = open(self, "recvfrom");
  const n = checkSize(bufsize, 2, "recvfrom", arguments.length);
  if (s.isStream) {
    const conn = stream(s, "recvfrom");
    const data = yield* recvStream(s, conn, n, "recvfrom");
    const peer = conn.peerName();
    return data === undefined ? undefined : peer === undefined ? data : [data, ...result(peer, s.family)];
  }
  const d = yield* recvDatagram(s, n, "recvfrom");
  return d === undefined ? undefined : [new LuauBuffer(d.data), displayHost(d.host, s.family), d.port];
}

function setsockopt(self: unknown, level: unknown, option: unknown, value: unknown) {
  const nargs = arguments.length;
  const s = open(self, "setsockopt");
  const lv = checkInteger(level, 2, "setsockopt", nargs);
  const opt = checkInteger(option, 3, "setsockopt", nargs);
  setOption(s, lv, opt, value, nargs);
  return NONE;
}

function getsockopt(self: unknown, level: unknown, option: unknown) {
  const nargs = arguments.length;
  const s = open(self, "getsockopt");
  return getOption(s, checkInteger(level, 2, "getsockopt", nargs), checkInteger(option, 3, "getsockopt", nargs));
}

function setblocking(self: unknown, flag: unknown) {
  const s = open(self, "setblocking");
  s.blocking = checkBoolean(flag, 2, "setblocking", arguments.length);
  return NONE;
}

function settimeout(self: unknown, seconds: unknown) {
  const s = open(self, "settimeout");
  if (seconds === undefined) {
    s.timeout = undefined;
    return NONE;
  }
  const t = checkNumber(seconds, 2, "settimeout");
  if (!(t >= 0)) throw argError(2, "settimeout", "timeout must not be negative");
  // the seed: nil or 0 means no timeout
  s.timeout = t === 0 || t === Infinity ? undefined : t;
  return NONE;
}

function getpeername(self: unknown) {
  const s = open(self, "getpeername");
  const role = s.role;
  const peer = role instanceof TcpStream ? (role.connected ? role.peerName() : undefined) : role instanceof UdpEndpoint ? role.peer : undefined;
  if (peer === undefined) throw socketError("getpeername", "ENOTCONN");
  return result(peer, s.family);
}

function getsockname(self: unknown) {
  const s = open(self, "getsockname");
  const role = s.role;
  const local = role instanceof TcpStream ? role.localName() : role !== undefined ? role.localName() : s.bound;
  return result(local ?? { host: wildcard(s.family), port: 0 }, s.family);
}

function fileno(self: unknown) {
  return open(self, "fileno").fd;
}

const methods = library({
  bind, listen, accept, connect, close, shutdown,
  send, sendall, sendAll: sendall, sendto, recv, recvfrom,
  setsockopt, getsockopt, setblocking, settimeout,
  getpeername, getsockname, fileno,
});

const socketMetatable = library({ __index: methods, __metatable: "The metatable is locked" });

/** _socket.socket(family, type, protocol?) */
export function socket(family: unknown, type: unknown, proto: unknown): EryxSocket {
  const nargs = arguments.length;
  const fam = checkInteger(family, 1, "socket", nargs);
  const ty = checkInteger(type, 2, "socket", nargs);
  const pr = optInteger(proto, 3, "socket", 0);
  if (fam !== AF_INET && fam !== AF_INET6) throw argError(1, "socket", `unsupported address family ${fam}`);
  if (ty !== SOCK_STREAM && ty !== SOCK_DGRAM) throw argError(2, "socket", `unsupported socket type ${ty}`);
  const want = ty === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
  if (pr !== 0 && pr !== want) throw argError(3, "socket", `protocol ${pr} does not match the socket type`);
  return new EryxSocket(fam, ty, want, socketMetatable);
}
