// Socket methods that move data: send, sendall/sendAll, sendto, recv, recvfrom. Each tries the
// operation first and waits (blocking mode) or returns nil (non-blocking) only when it would block.
// Data goes out as the Luau buffer's own bytes and comes in as the bytes Bun received, uncopied.
import { SUSPEND } from "../../runtime/thread";
import { LuauBuffer } from "../../runtime/values";
import { checkHost, checkPort, displayHost, resolveHost, type Endpoint } from "./address";
import { checkData, checkSize, endpoint, open, result, stream, type Gen } from "./checks";
import { socketError } from "./errno";
import type { EryxSocket } from "./socket";
import { UdpEndpoint, type Datagram } from "./udp";
import { Ticket } from "./wait";
import { copyBytes } from "../../runtime/bytes";

/** Sends one UDP datagram to `to`: its size, or undefined where a non-blocking send would block. */
function* sendDatagram(s: EryxSocket, ep: UdpEndpoint, bytes: Uint8Array, to: Endpoint, op: string): Gen<number | undefined> {
  const failure = ep.takeError();
  if (failure !== undefined) throw socketError(op, failure);
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

/** Names a method made by a factory (error traces show it). */
function named<F extends Function>(name: string, f: F): F {
  Object.defineProperty(f, "name", { value: name });
  return f;
}

/**
 * send(data) and sendto(data, host, port): what the socket takes now (stream sockets may take
 * less than all), or nil where a non-blocking call would block. One generator per call, also when
 * it waits (the wait loops are written out in the methods for that reason).
 */
function sender(op: "send" | "sendto") {
  return named(op, function* (self: unknown, data: unknown, host?: unknown, port?: unknown): Gen<unknown> {
    const nargs = arguments.length;
    const s = open(self, op);
    const bytes = checkData(data, 2, op, nargs);
    const h = op === "sendto" ? checkHost(host, 3, op, nargs) : undefined;
    const p = op === "sendto" ? checkPort(port, 4, op, nargs) : 0;
    if (!s.isStream) {
      if (h === undefined) {
        const ep = s.role instanceof UdpEndpoint ? s.role : undefined;
        if (ep?.peer === undefined) throw socketError(op, "EDESTADDRREQ");
        return yield* sendDatagram(s, ep, bytes, ep.peer, op);
      }
      const to = { host: yield* resolveHost(h, s.family, false, op, 3), port: p };
      return yield* sendDatagram(s, yield* endpoint(s, op), bytes, to, op);
    }
    // a connected stream ignores sendto's destination, as Linux does
    const conn = stream(s, op);
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
  });
}

export const send = sender("send");
export const sendto = sender("sendto");

/**
 * Everything, or (non-blocking) false when nothing could be sent. A non-blocking sendall that got
 * some bytes out keeps the rest and sends it on drain, so `false` always means "nothing sent".
 */
export function* sendall(self: unknown, data: unknown): Gen<unknown> {
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
      conn.keep(copyBytes(bytes, offset));
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

/** The next datagram, or undefined where a non-blocking call would block. */
function* recvDatagram(s: EryxSocket, max: number, op: string): Gen<Datagram | undefined> {
  if (!(s.role instanceof UdpEndpoint)) throw socketError(op, "EINVAL", "socket is not bound");
  const ep = s.role;
  let d: Datagram | undefined;
  let deadline: number | undefined;
  while ((d = ep.tryRecvFrom(max)) === undefined) {
    const failure = ep.takeError();
    if (failure !== undefined) throw socketError(op, failure);
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

/**
 * recv(bufsize) and recvfrom(bufsize): up to `bufsize` bytes (a stream's empty buffer is EOF), with
 * the sender for recvfrom, or nil where a non-blocking call would block.
 */
function receiver(op: "recv" | "recvfrom") {
  const withAddress = op === "recvfrom";
  return named(op, function* (self: unknown, bufsize: unknown): Gen<unknown> {
    const s = open(self, op);
    const n = checkSize(bufsize, 2, op, arguments.length);
    if (!s.isStream) {
      const d = yield* recvDatagram(s, n, op);
      if (d === undefined) return undefined;
      return withAddress ? [new LuauBuffer(d.data), displayHost(d.host, s.family), d.port] : new LuauBuffer(d.data);
    }
    const conn = stream(s, op);
    let bytes: Uint8Array | undefined;
    let deadline: number | undefined;
    while ((bytes = conn.tryRecv(n, op)) === undefined) {
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
    const data = new LuauBuffer(bytes);
    const peer = withAddress ? conn.peerName() : undefined;
    return peer === undefined ? data : [data, ...result(peer, s.family)];
  });
}

export const recv = receiver("recv");
export const recvfrom = receiver("recvfrom");
