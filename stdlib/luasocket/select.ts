// socket.select(recvt, sendt, timeout): waits until a socket of `recvt` can be read (buffered data,
// end of stream, a pending connection, a datagram) or one of `sendt` can be written, by waiting on
// the Signals of all of them at once.
import { LuauTable } from "../../runtime/table";
import { checkNumber, typeError } from "../args";
import { badArgument, socketHost, type SocketHost } from "./objects";
import { TcpSocket } from "./tcp";
import { Timeout } from "./timeout";
import { UdpSocket } from "./udp";
import { untilReady, type Signal } from "./wait";

/** The most sockets select accepts (FD_SETSIZE). */
export const SETSIZE = 1024;

function readable(h: SocketHost): boolean {
  if (h instanceof TcpSocket) {
    if (h.closed) return false;
    if (h.listener !== undefined && h.cls === "tcp{server}") return h.listener.hasPending;
    const c = h.conn;
    return c !== undefined && (c.buffered > 0 || c.ended || c.error !== undefined);
  }
  if (h instanceof UdpSocket) {
    const ep = h.endpoint;
    return !h.closed && ep !== undefined && (ep.hasData || (h.peer !== undefined && ep.refused));
  }
  return false;
}

function writable(h: SocketHost): boolean {
  if (h instanceof TcpSocket) {
    // a finished connect (even a failed one) makes a socket writable: the next call reports the outcome
    const c = h.conn;
    return !h.closed && c !== undefined && c.writable;
  }
  if (h instanceof UdpSocket) return !h.closed && !(h.endpoint?.blocked ?? false);
  return false;
}

function signalsOf(h: SocketHost): Signal[] {
  if (h instanceof TcpSocket) return [h.conn?.signal, h.listener?.signal].filter((s) => s !== undefined);
  if (h instanceof UdpSocket) return [h.signal, h.endpoint?.signal].filter((s) => s !== undefined);
  return [];
}

/** The socket objects of an argument table, in order (other values are ignored, as LuaSocket does). */
function members(t: unknown, i: number): unknown[] {
  if (t === undefined) return [];
  if (!(t instanceof LuauTable)) throw typeError(i, "select", "table", t);
  const out: unknown[] = [];
  for (let k = 1; ; k++) {
    const v = t.get(k);
    if (v === undefined) break;
    if (socketHost(v) !== undefined && !out.includes(v)) out.push(v);
  }
  return out;
}

/** An array of the ready objects that also maps each of them to true. */
function resultTable(objects: unknown[]): LuauTable {
  const t = new LuauTable();
  objects.forEach((o, i) => {
    t.set(i + 1, o);
    t.set(o, true);
  });
  return t;
}

export function* select(recvt: unknown, sendt: unknown, timeout: unknown): Generator<unknown, unknown, unknown> {
  const recv = members(recvt, 1);
  const send = members(sendt, 2);
  if (recv.length > SETSIZE || send.length > SETSIZE) throw badArgument(recv.length > SETSIZE ? 1 : 2, "select", "too many sockets");
  const t = new Timeout();
  t.total = timeout === undefined ? -1 : checkNumber(timeout, 3, "select");
  const signals = [...recv, ...send].flatMap((o) => signalsOf(socketHost(o)!));
  const poll = () => {
    const r = recv.filter((o) => readable(socketHost(o)!));
    const w = send.filter((o) => writable(socketHost(o)!));
    return r.length > 0 || w.length > 0 ? [r, w] : undefined;
  };
  t.markStart();
  const ready = yield* untilReady(t, signals, poll);
  if (ready === undefined) return [new LuauTable(), new LuauTable(), "timeout"];
  return [resultTable(ready[0]), resultTable(ready[1])];
}
