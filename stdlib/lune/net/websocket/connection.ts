// The client end of a WebSocket connection, on a plain Bun TCP (or TLS) socket: handshake, frames,
// ping/pong and the closing handshake (RFC 6455). A socket of our own rather than Bun's WebSocket
// class, because that one holds the process open for as long as the connection lives: like a Lune
// script, a script that leaves a socket open must still end when nothing waits on it. So the socket
// keeps the process alive only while connecting, while a thread waits on it, or while data it was
// given is still unsent.
import type { Socket } from "bun";
import { LuneWebSocket, type Transport } from "./socket";
import { FrameError, FrameReader, Opcode, closePayload, encodeFrame, type Frame } from "./frames";
import { handshakeError } from "./handshake";

/** tungstenite's limits, which Lune uses. */
const MAX_FRAME = 16 << 20;
const MAX_MESSAGE = 64 << 20;
const MAX_HEAD = 64 << 10;

export class ClientConnection implements Transport {
  readonly ws: LuneWebSocket;
  /** Settles when the server has accepted the upgrade (or the attempt failed). */
  readonly opened: Promise<void>;

  private socket: Socket<ClientConnection> | undefined = undefined;
  private handshake: { key: string; head: string; resolve: () => void; reject: (e: unknown) => void } | undefined;
  private readonly reader = new FrameReader(MAX_FRAME);
  private fragments: Buffer[] = [];
  private fragmentOpcode: Opcode | undefined = undefined;
  private fragmentSize = 0;
  private outbox: Buffer[] = [];
  private closeSent = false;
  private endWhenFlushed = false;
  private ended = false;
  /** Bun closed the socket. */
  private gone = false;
  private waiting = false;
  private reffed = true;

  constructor(
    private readonly request: string,
    key: string,
  ) {
    this.ws = new LuneWebSocket(this);
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.opened = promise;
    this.handshake = { key, head: "", resolve, reject };
  }

  // ---- Bun's socket events

  onOpen(socket: Socket<ClientConnection>): void {
    this.socket = socket;
    this.write(Buffer.from(this.request, "latin1"));
  }

  onData(chunk: Buffer): void {
    if (this.handshake !== undefined) {
      chunk = this.readHandshake(chunk);
      if (chunk.length === 0) return;
    }
    this.reader.push(chunk);
    try {
      for (let f = this.reader.next(); f !== undefined && !this.ended; f = this.reader.next()) this.onFrame(f);
    } catch (e) {
      if (!(e instanceof FrameError)) throw e;
      this.fail(e.code);
    }
  }

  onDrain(): void {
    while (this.outbox.length > 0 && this.socket !== undefined) {
      const buf = this.outbox[0];
      const n = this.socket.write(buf);
      if (n < buf.length) {
        this.outbox[0] = buf.subarray(Math.max(n, 0));
        return;
      }
      this.outbox.shift();
    }
    if (this.endWhenFlushed) this.socket?.end();
    this.ws.drained();
    this.updateRef();
  }

  /** The connection is gone; without a close frame first, that is 1006 (abnormal closure). */
  onClose(error?: unknown): void {
    this.gone = true;
    this.outbox = [];
    this.failHandshake(error ?? new Error("Connection closed during the WebSocket handshake"));
    this.finish(1006);
  }

  /** Connecting failed before any socket opened. */
  failHandshake(error: unknown): void {
    const h = this.handshake;
    if (h === undefined) return;
    this.handshake = undefined;
    h.reject(error);
  }

  // ---- Transport: what the LuneWebSocket asks for

  sendText(text: string): boolean {
    return this.sendFrame(Opcode.Text, Buffer.from(text, "latin1"));
  }

  sendBinary(bytes: string): boolean {
    return this.sendFrame(Opcode.Binary, Buffer.from(bytes, "latin1"));
  }

  close(code: number): void {
    if (this.closeSent || this.ended) return;
    this.closeSent = true;
    this.write(encodeFrame(Opcode.Close, closePayload(code)));
  }

  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  setWaiting(waiting: boolean): void {
    this.waiting = waiting;
    this.updateRef();
  }

  // ---- internals

  /** Takes the response head; returns the bytes after it (the first frames). */
  private readHandshake(chunk: Buffer): Buffer {
    const h = this.handshake!;
    h.head += chunk.toString("latin1");
    const end = h.head.indexOf("\r\n\r\n");
    if (end < 0) {
      if (h.head.length > MAX_HEAD) this.abort(new Error("Handshake failed: response head too large"));
      return Buffer.alloc(0);
    }
    const rest = Buffer.from(h.head.slice(end + 4), "latin1");
    const problem = handshakeError(h.head.slice(0, end), h.key);
    if (problem !== undefined) {
      this.abort(new Error(problem));
      return Buffer.alloc(0);
    }
    this.handshake = undefined;
    h.resolve();
    this.updateRef();
    return rest;
  }

  private abort(error: Error): void {
    this.failHandshake(error);
    this.ended = true;
    this.socket?.terminate();
  }

  private onFrame(f: Frame): void {
    switch (f.opcode) {
      case Opcode.Text:
      case Opcode.Binary:
        if (this.fragmentOpcode !== undefined) throw new FrameError(1002, "new message inside a fragmented one");
        if (f.fin) this.ws.received(f.payload.toString("latin1"));
        else this.startFragments(f);
        return;
      case Opcode.Continuation:
        if (this.fragmentOpcode === undefined) throw new FrameError(1002, "continuation without a message");
        this.addFragment(f);
        return;
      case Opcode.Ping:
        if (!this.closeSent) this.write(encodeFrame(Opcode.Pong, f.payload));
        return;
      case Opcode.Pong:
        return;
      case Opcode.Close: {
        const code = f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005;
        // answer with the same code, then hang up once it is sent
        if (!this.closeSent) {
          this.closeSent = true;
          this.write(encodeFrame(Opcode.Close, f.payload.subarray(0, 2)));
        }
        this.finish(code);
        this.endWhenFlushed = true;
        if (this.outbox.length === 0) this.socket?.end();
        return;
      }
      default:
        throw new FrameError(1002, "unknown opcode");
    }
  }

  private startFragments(f: Frame): void {
    this.fragmentOpcode = f.opcode;
    this.fragments = [f.payload];
    this.fragmentSize = f.payload.length;
  }

  private addFragment(f: Frame): void {
    this.fragments.push(f.payload);
    this.fragmentSize += f.payload.length;
    if (this.fragmentSize > MAX_MESSAGE) throw new FrameError(1009, "message too large");
    if (!f.fin) return;
    const message = Buffer.concat(this.fragments).toString("latin1");
    this.fragments = [];
    this.fragmentOpcode = undefined;
    this.ws.received(message);
  }

  /** A protocol violation by the server: close with `code` and stop reading. */
  private fail(code: number): void {
    this.close(code);
    this.finish(code);
    this.endWhenFlushed = true;
    if (this.outbox.length === 0) this.socket?.end();
  }

  private finish(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.ws.ended(code);
    this.updateRef();
  }

  private sendFrame(opcode: Opcode, payload: Buffer): boolean {
    this.write(encodeFrame(opcode, payload));
    return this.outbox.length > 0;
  }

  /** Writes what the kernel takes now and queues the rest for `drain`, in order. */
  private write(buf: Buffer): void {
    const s = this.socket;
    if (s === undefined || this.gone) return;
    if (this.outbox.length === 0) {
      const n = s.write(buf);
      if (n >= buf.length) return;
      buf = buf.subarray(Math.max(n, 0));
    }
    this.outbox.push(buf);
    this.updateRef();
  }

  private updateRef(): void {
    const s = this.socket;
    if (s === undefined || this.gone) return;
    const want = this.handshake !== undefined || this.outbox.length > 0 || (this.waiting && !this.ended);
    if (want === this.reffed) return;
    this.reffed = want;
    if (want) s.ref();
    else s.unref();
  }
}
