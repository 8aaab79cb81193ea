// Socket methods that give a socket its role: bind, listen, accept, connect, and the ends of it,
// shutdown and close. BSD's bind-then-listen is split on Bun: bind() only records the address of a
// TCP socket and listen() starts Bun.listen there; a UDP socket exists on Bun from bind().
import { SUSPEND } from "../../runtime/thread";
import { NONE } from "../../runtime/values";
import { argError, checkInteger, optInteger } from "../args";
import { checkHost, checkPort, resolveHost, wildcard } from "./address";
import { endpoint, open, result, sock, stream, type Gen } from "./checks";
import { SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_STREAM } from "./constants";
import { socketError } from "./errno";
import { EryxSocket } from "./socket";
import { TcpListener } from "./tcp_listener";
import { TcpStream } from "./tcp_stream";
import { UdpEndpoint } from "./udp";
import { Ticket } from "./wait";

export function* bind(self: unknown, host: unknown, port: unknown): Gen<unknown> {
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

export function listen(self: unknown, backlog: unknown) {
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

export function* accept(self: unknown): Gen<unknown> {
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
  const client = new EryxSocket(s.family, SOCK_STREAM, s.proto);
  Object.assign(client.opts, s.opts);
  client.role = conn;
  const peer = conn.peerName() ?? { host: wildcard(s.family), port: 0 };
  return [client, ...result(peer, s.family)];
}

export function* connect(self: unknown, host: unknown, port: unknown): Gen<unknown> {
  const nargs = arguments.length;
  const s = open(self, "connect");
  const h = checkHost(host, 2, "connect", nargs);
  const p = checkPort(port, 3, "connect", nargs);
  if (!s.isStream) {
    const to = { host: yield* resolveHost(h, s.family, false, "connect", 2), port: p };
    s.checkOpen("connect");
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

export function close(self: unknown) {
  const s = sock(self, "close");
  if (s.closed) return NONE;
  s.closed = true;
  s.role?.close();
  return NONE;
}

export function shutdown(self: unknown, how: unknown) {
  const s = open(self, "shutdown");
  const mode = checkInteger(how, 2, "shutdown", arguments.length);
  if (mode !== SHUT_RD && mode !== SHUT_WR && mode !== SHUT_RDWR) throw argError(2, "shutdown", "SHUT_RD, SHUT_WR or SHUT_RDWR expected");
  if (!s.isStream) throw socketError("shutdown", "EOPNOTSUPP", "shutdown is only supported on stream sockets");
  const conn = stream(s, "shutdown");
  if (!conn.connected) throw socketError("shutdown", "ENOTCONN");
  conn.shutdown(mode !== SHUT_WR, mode !== SHUT_RD);
  return NONE;
}
