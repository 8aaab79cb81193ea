// Checks shared by the Socket methods: `self`, data and sizes (argument errors), and the socket's
// state for an operation (socket errors).
import { LuauBuffer, typeName } from "../../runtime/values";
import { argError, checkInteger, typeError } from "../args";
import { displayHost, wildcard, type Endpoint } from "./address";
import { socketError } from "./errno";
import { EryxSocket } from "./socket";
import { TcpStream } from "./tcp_stream";
import { UdpEndpoint } from "./udp";

export type Gen<T> = Generator<unknown, T, unknown>;

/** `self` of method `fname`. */
export function sock(v: unknown, fname: string): EryxSocket {
  if (v instanceof EryxSocket) return v;
  throw argError(1, fname, `Socket expected, got ${typeName(v)}`);
}

/** A socket that is still open, for method `fname`. */
export function open(v: unknown, fname: string): EryxSocket {
  const s = sock(v, fname);
  if (s.closed) throw socketError(fname, "EBADF", "socket is closed");
  return s;
}

/** Data to send: a buffer (its bytes, not copied) or a string (its bytes). */
export function checkData(v: unknown, i: number, fname: string, nargs: number): Uint8Array {
  if (v instanceof LuauBuffer) return v.bytes;
  if (typeof v === "string") return Buffer.from(v, "latin1");
  throw typeError(i, fname, "buffer", v, nargs);
}

/** A byte count argument. */
export function checkSize(v: unknown, i: number, fname: string, nargs: number): number {
  const n = checkInteger(v, i, fname, nargs);
  if (n < 0) throw argError(i, fname, "size must not be negative");
  return n;
}

/** The connection of a stream socket, or ENOTCONN. */
export function stream(s: EryxSocket, fname: string): TcpStream {
  if (s.role instanceof TcpStream) return s.role;
  throw socketError(fname, "ENOTCONN");
}

/** The socket's UDP endpoint, bound to the wildcard address on first use (as the kernel does). */
export function* endpoint(s: EryxSocket, fname: string): Gen<UdpEndpoint> {
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

/** A host and port as a method returns them. */
export function result(e: Endpoint, family: number): unknown[] {
  return [displayHost(e.host, family), e.port];
}
