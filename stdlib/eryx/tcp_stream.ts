// A connected TCP socket on a Bun socket (from Bun.connect or accepted by a TcpListener). Bun
// pushes events; this object turns them into state (received chunks, EOF, writability, failures)
// and wakes the Luau threads waiting on it. recv/send are tried first and wait only when they
// would block (transfer.ts and lifecycle.ts do the waiting), so a chatty connection never suspends.
//
// Zero-copy: Bun hands every `data` callback a fresh Buffer; recv returns it (or a subarray) as the
// Luau buffer's bytes, and send writes the Luau buffer's bytes straight to the socket.
import type { Socket, SocketHandler } from "bun";
import type { Endpoint } from "./address";
import { errorCode, socketError } from "./errno";
import { hold, release } from "../../runtime/keepalive";
import { ioActivity } from "./poll";
import type { SocketOptions } from "./socket";
import { WaitQueue } from "./wait";

type BunSocket = Socket<TcpStream>;

/** Above this many unread bytes Bun stops reading the socket (TCP flow control does the rest). */
const HIGH_WATER = 1 << 20;
const LOW_WATER = HIGH_WATER >> 2;

const EMPTY = new Uint8Array(0);

/** The Bun handlers shared by every stream; each event goes to the stream in `socket.data`. */
export const streamHandlers: SocketHandler<TcpStream> = {
  open: (s) => s.data.opened(s),
  data: (s, d) => s.data.received(d),
  drain: (s) => s.data.drained(),
  end: (s) => s.data.ended(),
  close: (s, err) => s.data.closedByBun(err),
  error: (s, err) => s.data.failed(err),
  connectError: (s, err) => s.data.connectFailed(err),
};

export class TcpStream {
  private sock: BunSocket | undefined = undefined;
  state: "connecting" | "open" | "failed" | "gone" = "connecting";
  /** An error to report once (SO_ERROR, or the next recv/send): failed connect, reset. */
  private pendingError: string | undefined = undefined;
  private chunks: Uint8Array[] = [];
  private head = 0;
  private queued = 0;
  private paused = false;
  private eof = false;
  private readShut = false;
  private writeShut = false;
  /** The FIN went out (it waits for bytes still queued by a non-blocking sendall). */
  private finSent = false;
  /** Bytes a non-blocking sendall accepted that Bun could not take yet. */
  private outgoing: Uint8Array[] = [];
  /** The Luau socket was closed: finish gracefully, then forget. */
  private detached = false;
  private peer: Endpoint | undefined = undefined;
  private local: Endpoint | undefined = undefined;
  readonly readers = new WaitQueue();
  readonly writers = new WaitQueue();

  constructor(private readonly opts: SocketOptions) {}

  /** Starts connecting; `opened` or `connectFailed` follows. */
  static connect(host: string, port: number, opts: SocketOptions): TcpStream {
    const stream = new TcpStream(opts);
    // the promise only mirrors the handlers; swallow its rejection (connectFailed has it)
    Bun.connect<TcpStream>({ hostname: host, port, data: stream, allowHalfOpen: true, socket: streamHandlers }).catch(() => {});
    return stream;
  }

  // ---- Bun events

  opened(s: BunSocket): void {
    this.sock = s;
    this.state = "open";
    this.peer = { host: s.remoteAddress, port: s.remotePort };
    this.local = { host: s.localAddress, port: s.localPort };
    // waiting threads keep the process alive, not the connection itself (keepalive.ts)
    s.unref();
    if (!this.opts.noDelay) s.setNoDelay(false);
    if (this.opts.keepAlive) s.setKeepAlive(true);
    if (this.detached) return void s.end();
    this.writers.wakeAll();
    ioActivity();
  }

  received(d: Uint8Array): void {
    if (this.detached) {
      // data for a closed socket: Linux answers with a reset
      this.sock?.terminate();
      return;
    }
    if (this.readShut) return;
    this.chunks.push(d);
    this.queued += d.length;
    if (this.queued > HIGH_WATER && !this.paused) {
      this.paused = true;
      this.sock?.pause();
    }
    this.readers.wakeAll();
    ioActivity();
  }

  drained(): void {
    const s = this.sock;
    if (s === undefined) return;
    while (this.outgoing.length > 0) {
      const chunk = this.outgoing[0];
      const n = s.write(chunk);
      if (n < 0) {
        this.outgoing.length = 0;
        release();
        break;
      }
      if (n < chunk.length) {
        this.outgoing[0] = chunk.subarray(n);
        return;
      }
      this.outgoing.shift();
      if (this.outgoing.length === 0) release();
    }
    if (this.detached) return void s.end();
    if (this.writeShut) this.sendFin();
    this.writers.wakeAll();
    ioActivity();
  }

  ended(): void {
    this.eof = true;
    this.readers.wakeAll();
    ioActivity();
  }

  closedByBun(err?: Error): void {
    if (err !== undefined && this.pendingError === undefined) this.pendingError = errorCode(err);
    this.state = this.state === "connecting" ? "failed" : "gone";
    this.eof = true;
    if (this.outgoing.length > 0) release();
    this.outgoing.length = 0;
    this.readers.wakeAll();
    this.writers.wakeAll();
    ioActivity();
  }

  failed(err: Error): void {
    if (this.pendingError === undefined) this.pendingError = errorCode(err);
  }

  connectFailed(err: Error): void {
    this.state = "failed";
    this.pendingError = errorCode(err);
    this.readers.wakeAll();
    this.writers.wakeAll();
    ioActivity();
  }

  // ---- operations: they never wait; undefined means "would block" (the methods wait and retry)

  /** Up to `max` received bytes, an empty array at EOF, or undefined when none have arrived. */
  tryRecv(max: number, op: string): Uint8Array | undefined {
    if (this.queued > 0) return this.take(max);
    if (this.readShut || this.eof) {
      const code = this.takeError();
      if (code !== undefined) throw socketError(op, code);
      return EMPTY;
    }
    if (this.state === "failed") throw socketError(op, this.takeError() ?? "ENOTCONN");
    return undefined;
  }

  /** Up to `max` queued bytes: the first chunk itself when it fits, else one copy. */
  private take(max: number): Uint8Array {
    const first = this.chunks[this.head];
    let out: Uint8Array;
    if (first.length >= max || this.head === this.chunks.length - 1) {
      out = first.length > max ? first.subarray(0, max) : first;
      if (out === first) this.head++;
      else this.chunks[this.head] = first.subarray(max);
    } else {
      out = new Uint8Array(Math.min(max, this.queued));
      let filled = 0;
      while (filled < out.length) {
        const c = this.chunks[this.head];
        const n = Math.min(c.length, out.length - filled);
        out.set(n === c.length ? c : c.subarray(0, n), filled);
        filled += n;
        if (n === c.length) this.head++;
        else this.chunks[this.head] = c.subarray(n);
      }
    }
    this.queued -= out.length;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    }
    if (this.paused && this.queued < LOW_WATER) {
      this.paused = false;
      this.sock?.resume();
    }
    return out;
  }

  /**
   * Writes `bytes` from `offset` as far as Bun takes them now: the count written, or undefined
   * when nothing could be (still connecting, earlier bytes queued, or the kernel buffer is full).
   * Raises when the connection can no longer send.
   */
  tryWrite(bytes: Uint8Array, offset: number, op: string): number | undefined {
    if (this.state === "connecting") return undefined;
    if (this.state === "failed") throw socketError(op, this.takeError() ?? "ENOTCONN");
    if (this.writeShut) throw socketError(op, "EPIPE");
    if (this.state === "gone") throw socketError(op, this.takeError() ?? "EPIPE");
    if (this.outgoing.length > 0) return undefined;
    const n = this.sock!.write(bytes, offset, bytes.length - offset);
    if (n < 0) throw socketError(op, "EPIPE");
    return n === 0 && bytes.length > offset ? undefined : n;
  }

  /** Keeps bytes a non-blocking sendall could not write; they go out on drain, in order. */
  keep(rest: Uint8Array): void {
    // queued bytes keep the process alive until they are written
    if (this.outgoing.length === 0) hold();
    this.outgoing.push(rest);
  }

  /** The state of a connect in progress: true once established; raises if it failed. */
  connectDone(op: string): boolean {
    if (this.state === "connecting") return false;
    if (this.state === "failed") throw socketError(op, this.takeError() ?? "ECONNREFUSED");
    return true;
  }

  shutdown(read: boolean, write: boolean): void {
    if (read && !this.readShut) {
      this.readShut = true;
      this.chunks.length = 0;
      this.head = 0;
      this.queued = 0;
      this.readers.wakeAll();
    }
    if (write && !this.writeShut) {
      this.writeShut = true;
      this.sendFin();
      this.writers.wakeAll();
    }
  }

  /** The Luau socket is closed: wake its waiters, then end the connection as close(2) would. */
  close(): void {
    this.detached = true;
    this.readers.wakeAll();
    this.writers.wakeAll();
    const s = this.sock;
    if (s === undefined || this.state !== "open") return;
    // unread data makes Linux reset the connection instead of a graceful FIN
    if (this.queued > 0) return s.terminate();
    if (this.outgoing.length === 0) s.end();
  }

  /** Drops the connection with a reset (a listener closed before accepting it). */
  abort(): void {
    this.detached = true;
    if (this.state === "open") this.sock!.terminate();
  }

  private sendFin(): void {
    if (this.finSent || this.state !== "open" || this.outgoing.length > 0) return;
    this.finSent = true;
    this.sock!.shutdown();
  }

  /** The pending error code, cleared (SO_ERROR semantics). */
  takeError(): string | undefined {
    const code = this.pendingError;
    this.pendingError = undefined;
    return code;
  }

  get connected(): boolean {
    return this.state === "open" || this.state === "gone";
  }

  peerName(): Endpoint | undefined {
    return this.peer;
  }

  localName(): Endpoint | undefined {
    return this.local;
  }

  setNoDelay(on: boolean): void {
    if (this.state === "open") this.sock!.setNoDelay(on);
  }

  setKeepAlive(on: boolean): void {
    if (this.state === "open") this.sock!.setKeepAlive(on);
  }

  /** Adopts a socket Bun accepted (TcpListener). */
  static accepted(s: BunSocket, opts: SocketOptions): TcpStream {
    const stream = new TcpStream(opts);
    s.data = stream;
    stream.opened(s);
    return stream;
  }
}
