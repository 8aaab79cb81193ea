// One TCP connection as Luau sees it, whichever side opened it (a TcpServer accepting, or
// net.tcp.connect): the bytes received but not yet read, the threads waiting to read or write, and
// how the connection has ended. Bun's socket events arrive through tcp/events.ts; the Luau methods
// in tcp/userdata.ts call readNow/writeNow (and the waiting variants) and close here.
//
// Backpressure both ways: Bun's socket.write is unbuffered (it returns how much the kernel took),
// so a write that does not fit suspends its thread until `drain` and the writer never holds more
// than the data it was given; and a reader that falls behind pauses the socket once PAUSE_AT bytes
// are unread, so a fast peer cannot grow this process either.
import type { Socket } from "bun";
import { codeText, errorText, netError } from "../shared/errors";
import { WaitQueue } from "../shared/waiters";
import { bytesToString, writeStringBytes } from "../../../../runtime/bytes";

const PAUSE_AT = 1 << 20;
const RESUME_AT = 1 << 16;

const SCRATCH_SIZE = 1 << 16;
/** The longest keep-alive delay Bun's setKeepAlive takes. */
const MAX_KEEPALIVE_MS = 0x7fffffff;
const scratch = new Uint8Array(SCRATCH_SIZE);

export type ConnectionKind = "TcpConnection" | "TcpStream";

/** What readNow/writeNow return when the caller has to wait. */
export const WAIT: unique symbol = Symbol("wait");

export class TcpConnection {
  socket: Socket<TcpConnection> | undefined = undefined;
  localIp = "";
  localPort = 0;
  remoteIp = "";
  remotePort = 0;
  /** The peer's address, "ip:port". */
  address = "";

  // unread data: inbox[head] from `offset` on, then the later chunks
  private inbox: Buffer[] = [];
  private head = 0;
  private offset = 0;
  private unread = 0;
  private paused = false;

  /** The peer sent FIN: what is unread can still be read, then reads return nil. */
  private peerEnded = false;
  /** close() was called: reads return nil, writes fail. */
  private closed = false;
  /** Bun closed the socket. */
  private gone = false;
  /** Why the connection broke (reset, TLS failure), raised by reads and writes. */
  private failure: string | undefined = undefined;

  // The last read when it was one whole received chunk. Echoes and proxies write back exactly what
  // they read: writeNow recognises the string (=== is a pointer check for the same string) and
  // sends the chunk it came from instead of encoding it again. Dropped as soon as the reader waits,
  // so an idle connection holds no data.
  private lastReadString: string | undefined = undefined;
  private lastReadChunk: Buffer | undefined = undefined;

  private writing = false;
  private reffed = true;
  private readonly readers = new WaitQueue(() => this.updateRef());
  private readonly drainWaiters = new WaitQueue(() => this.updateRef());
  private readonly writeTurn = new WaitQueue(() => this.updateRef());

  constructor(readonly kind: ConnectionKind) {}

  /** Binds the open Bun socket; an idle connection does not keep the process alive. */
  attach(socket: Socket<TcpConnection>): void {
    if (this.socket !== undefined) return;
    this.socket = socket;
    socket.data = this;
    this.localIp = socket.localAddress;
    this.localPort = socket.localPort;
    this.remoteIp = socket.remoteAddress;
    this.remotePort = socket.remotePort;
    this.address = this.remoteIp.includes(":") ? `[${this.remoteIp}]:${this.remotePort}` : `${this.remoteIp}:${this.remotePort}`;
    this.updateRef();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- Bun's events (tcp/events.ts)

  onData(chunk: Buffer): void {
    if (this.closed) return;
    this.inbox.push(chunk);
    this.unread += chunk.length;
    if (this.unread >= PAUSE_AT && !this.paused) {
      this.paused = true;
      this.socket!.pause();
    }
    this.readers.wakeOne();
  }

  onEnd(): void {
    this.peerEnded = true;
    this.readers.wakeAll();
  }

  onDrain(): void {
    this.drainWaiters.wakeOne();
  }

  onError(e: unknown): void {
    this.failure ??= errorText(e);
  }

  onClose(e: unknown): void {
    this.gone = true;
    // a socket closed with an error is a reset; unless we closed it ourselves, say so
    if (e !== undefined && e !== null && !this.closed) this.failure ??= errorText(e);
    this.readers.wakeAll();
    this.drainWaiters.wakeAll();
    this.writeTurn.wakeAll();
  }

  // ---- what the Luau methods do

  // The Luau methods try the *Now operation first, which completes without suspending in the common
  // case (data already here, socket not full), and only then fall back to waiting: no generator is
  // created on the fast path, and a waiting reader resumes through as few generator frames as possible.

  /** Up to `max` unread bytes, as a string or (`asBytes`) as bytes; nil at end of stream or after
   * close; WAIT when nothing is here yet. */
  readNow(max: number, asBytes = false): string | Uint8Array | undefined | typeof WAIT {
    if (this.unread > 0) return asBytes ? this.takeBytes(max) : this.take(max);
    this.lastReadString = this.lastReadChunk = undefined;
    if (this.closed) return undefined;
    if (this.failure !== undefined) throw netError(this.failure);
    if (this.peerEnded || this.gone) return undefined;
    return WAIT;
  }

  /** The readers waiting for data, end of stream or a failure (each then tries readNow again). */
  get dataWaiters(): WaitQueue {
    return this.readers;
  }

  /**
   * Writes what the socket takes right now. Returns undefined when all of `data` went out; the
   * rest (a private copy) when the socket filled up, to be finished with finishWrite(); WAIT when
   * another write is in progress or `data` is a long string (use write()).
   */
  writeNow(data: string | Uint8Array): Uint8Array | undefined | typeof WAIT {
    if (this.writing || (typeof data === "string" && data.length > SCRATCH_SIZE)) return WAIT;
    this.checkWritable();
    let bytes: Uint8Array;
    let len: number;
    if (typeof data === "string") {
      if (data === this.lastReadString) {
        bytes = this.lastReadChunk!;
        len = bytes.length;
      } else {
        // strings go through one reused latin1 buffer: no allocation per write
        len = writeStringBytes(scratch, 0, data);
        bytes = scratch;
      }
    } else {
      bytes = data;
      len = data.length;
    }
    const sent = this.sendNow(bytes, 0, len);
    if (sent >= len) return undefined;
    this.writing = true;
    // a copy: the scratch buffer is shared, and a script's buffer may change while the rest waits
    return new Uint8Array(bytes.subarray(sent, len));
  }

  /** Sends the rest writeNow() left, suspending while the socket is backpressured. */
  *finishWrite(rest: Uint8Array): Generator<unknown, void, unknown> {
    try {
      yield* this.send(rest, 0, rest.length);
    } finally {
      this.writing = false;
      this.writeTurn.wakeOne();
    }
  }

  /** Writes all of `data` (bytes the caller no longer changes), suspending while the socket is
   * backpressured. One write at a time. */
  *write(data: string | Uint8Array): Generator<unknown, void, unknown> {
    while (this.writing) {
      this.checkWritable();
      yield* this.writeTurn.wait();
    }
    this.checkWritable();
    this.writing = true;
    try {
      if (typeof data !== "string") return yield* this.send(data, 0, data.length);
      // a long string is encoded a piece at a time, never copied whole
      for (let pos = 0; pos < data.length; pos += SCRATCH_SIZE) {
        const piece = pos === 0 && data.length <= SCRATCH_SIZE ? data : data.slice(pos, pos + SCRATCH_SIZE);
        const n = writeStringBytes(scratch, 0, piece);
        const sent = this.sendNow(scratch, 0, n);
        // the scratch buffer is shared: what the socket did not take waits in a copy of its own
        if (sent < n) yield* this.send(new Uint8Array(scratch.subarray(sent, n)), 0, n - sent);
      }
    } finally {
      this.writing = false;
      this.writeTurn.wakeOne();
    }
  }

  /** Writes bytes[off, off+len) as far as the socket takes them now; returns how many it took. */
  private sendNow(bytes: Uint8Array, off: number, len: number): number {
    const n = this.socket!.write(bytes, off, len);
    if (n < 0) throw netError(this.failure ?? codeText("EPIPE"));
    return n;
  }

  /** Writes bytes[off, off+len), waiting for `drain` whenever the socket is full. */
  private *send(bytes: Uint8Array, off: number, len: number): Generator<unknown, void, unknown> {
    const end = off + len;
    for (;;) {
      off += this.sendNow(bytes, off, end - off);
      if (off >= end) return;
      yield* this.drainWaiters.wait();
      this.checkWritable();
    }
  }

  /** Sends FIN after what was written and stops reading (unread data is dropped). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropInbox();
    this.lastReadString = this.lastReadChunk = undefined;
    if (!this.gone) {
      const s = this.socket!;
      if (this.paused) s.resume(); // keep reading, so the peer's FIN or reset is noticed
      s.end();
    }
    this.readers.wakeAll();
    this.drainWaiters.wakeAll();
    this.writeTurn.wakeAll();
    this.updateRef();
  }

  /** Closes at once, without waiting for the peer (connections nobody will ever use). */
  abort(): void {
    this.close();
    if (!this.gone) this.socket!.terminate();
  }

  setNoDelay(enabled: boolean): boolean {
    return !this.gone && this.socket!.setNoDelay(enabled);
  }

  setKeepAlive(enabled: boolean, delayMs: number): boolean {
    // Bun takes 0 to 2^31-1 ms (the kernel then refuses more than 32767 s, as it would any too-long
    // delay): NaN means the system's default, longer delays the longest Bun takes
    const ms = delayMs >= 0 ? Math.min(delayMs, MAX_KEEPALIVE_MS) : 0;
    return !this.gone && this.socket!.setKeepAlive(enabled, ms);
  }

  // ---- internals

  private checkWritable(): void {
    if (this.closed) throw netError(this.kind === "TcpStream" ? "Stream is closed" : "Connection is closed");
    if (this.gone) throw netError(this.failure ?? codeText("EPIPE"));
  }

  private take(max: number): string {
    const n = Math.min(max, this.unread);
    const first = this.inbox[this.head];
    let out: string;
    if (this.offset === 0 && n === first.length) {
      // the common case, one whole chunk: remembered for writeNow
      out = bytesToString(first, 0, n);
      this.lastReadChunk = first;
      this.lastReadString = out;
    } else {
      this.lastReadString = this.lastReadChunk = undefined;
      out = "";
      this.eachPiece(n, (chunk, start, end) => {
        out += bytesToString(chunk, start, end);
      });
    }
    this.consume(n);
    return out;
  }

  // Bytes for a buffer: the received chunk's own memory when the read stays inside one chunk (Bun
  // hands each `data` callback a fresh Buffer, and the views never overlap what is still unread)
  private takeBytes(max: number): Uint8Array {
    this.lastReadString = this.lastReadChunk = undefined;
    const n = Math.min(max, this.unread);
    const first = this.inbox[this.head];
    let out: Uint8Array;
    if (this.offset === 0 && n === first.length) out = first;
    else if (first.length - this.offset >= n) out = first.subarray(this.offset, this.offset + n);
    else {
      out = new Uint8Array(n);
      let pos = 0;
      this.eachPiece(n, (chunk, start, end) => {
        out.set(chunk.subarray(start, end), pos);
        pos += end - start;
      });
    }
    this.consume(n);
    return out;
  }

  /** Calls f for each piece of the next n unread bytes (n <= unread), without consuming them. */
  private eachPiece(n: number, f: (chunk: Buffer, start: number, end: number) => void): void {
    for (let i = this.head, start = this.offset; n > 0; i++, start = 0) {
      const chunk = this.inbox[i];
      const end = Math.min(chunk.length, start + n);
      f(chunk, start, end);
      n -= end - start;
    }
  }

  /** Moves past the next n unread bytes (n <= unread). */
  private consume(n: number): void {
    this.unread -= n;
    while (n > 0) {
      const left = this.inbox[this.head].length - this.offset;
      if (n < left) {
        this.offset += n;
        break;
      }
      n -= left;
      this.inbox[this.head++] = undefined as unknown as Buffer;
      this.offset = 0;
    }
    if (this.unread === 0) this.dropInbox();
    else if (this.head > 64 && this.head * 2 > this.inbox.length) {
      this.inbox = this.inbox.slice(this.head);
      this.head = 0;
    }
    if (this.paused && this.unread <= RESUME_AT && !this.gone) {
      this.paused = false;
      this.socket!.resume();
    }
    // data left over belongs to the next waiting reader, if any
    if (this.unread > 0) this.readers.wakeOne();
  }

  private dropInbox(): void {
    this.inbox.length = 0;
    this.head = 0;
    this.offset = 0;
    this.unread = 0;
  }

  /** Referenced (keeping the process alive) exactly while some thread waits on this connection. */
  private updateRef(): void {
    const s = this.socket;
    if (s === undefined) return;
    const want = !this.gone && this.readers.size + this.drainWaiters.size + this.writeTurn.size > 0;
    if (want === this.reffed) return;
    this.reffed = want;
    if (want) s.ref();
    else s.unref();
  }
}
