// One TCP connection (the state behind a tcp{client}): Bun's socket events land here and become
// state changes plus one Signal that waiting Luau threads re-check. Holds the receive buffer that
// receive patterns, dirty() and select() read from.
import type { Socket, SocketHandler } from "bun";
import { familyOfBun, type Address, type Family } from "./address";
import { describeError } from "./oserror";
import { Signal } from "./wait";
import { bytesToString } from "../../runtime/bytes";

type State = "connecting" | "open" | "failed" | "closed";

/** Unread bytes above which Bun stops reading from the socket (TCP flow control pushes back on the peer). */
const PAUSE_AT = 4 * 1024 * 1024;
const RESUME_AT = 1024 * 1024;

export interface Endpoint {
  ip: string;
  port: number;
  family: Family;
}

export interface SocketSettings {
  noDelay?: boolean;
  keepAlive?: boolean;
  keepIdleSeconds?: number;
}

export class TcpConnection {
  state: State;
  /** Why the connect failed or the connection broke. */
  error: string | undefined = undefined;
  /** No more data will arrive: the peer sent FIN, the connection broke, or we shut down reading. */
  eof = false;
  /** A write was cut short; the next one waits for Bun's drain event. */
  blocked = false;
  readonly signal = new Signal();
  received = 0;
  sent = 0;
  local: Endpoint | undefined = undefined;
  peer: Endpoint | undefined = undefined;
  /** The setoption values Bun can apply; kept until the socket exists. */
  settings: SocketSettings = {};
  private socket: Socket<TcpConnection> | undefined = undefined;
  /** Received bytes (latin1 text) not consumed yet, from `pos`. */
  private buf = "";
  private pos = 0;
  private paused = false;

  private constructor(state: State) {
    this.state = state;
  }

  /** The socket events of every connection; each socket's `data` is its TcpConnection. */
  static readonly events: SocketHandler<TcpConnection> = {
    open: (s) => s.data.attach(s),
    data: (s, d) => s.data.onData(d),
    end: (s) => s.data.onEnd(),
    close: (s, err) => s.data.onClose(err),
    drain: (s) => s.data.onDrain(),
    error: (s, err) => s.data.onError(err),
  };

  /** A connection accepted by a listener. */
  static accepted(socket: Socket<TcpConnection>): TcpConnection {
    const c = new TcpConnection("open");
    socket.data = c;
    c.attach(socket);
    return c;
  }

  /** Starts connecting to each address in turn until one accepts, from `from` if given. */
  static connect(addrs: Address[], port: number, from?: { ip: string; port: number }): TcpConnection {
    const c = new TcpConnection("connecting");
    c.tryAddress(addrs, 0, port, from);
    return c;
  }

  private tryAddress(addrs: Address[], i: number, port: number, from: { ip: string; port: number } | undefined): void {
    // localAddress/localPort are supported by Bun.connect (node:net relies on them) but not typed
    const local = from === undefined ? {} : { localAddress: from.ip, localPort: from.port };
    Bun.connect<TcpConnection>({ hostname: addrs[i].ip, port, allowHalfOpen: true, data: this, socket: TcpConnection.events, ...local }).then(
      (s) => this.attach(s),
      (e) => {
        if (this.state !== "connecting") return;
        if (i + 1 < addrs.length) return this.tryAddress(addrs, i + 1, port, from);
        this.state = "failed";
        this.error = describeError(e);
        this.signal.notify();
      },
    );
  }

  private attach(s: Socket<TcpConnection>): void {
    if (this.socket === s) return;
    if (this.state === "closed") {
      s.end();
      return;
    }
    this.socket = s;
    this.state = "open";
    this.error = undefined; // left by an address tried before
    s.unref(); // waiting threads keep the process alive, idle sockets do not (see wait.ts)
    this.local = { ip: s.localAddress, port: s.localPort, family: familyOfBun(s.localFamily, s.localAddress) };
    this.peer = { ip: s.remoteAddress, port: s.remotePort, family: familyOfBun(s.remoteFamily, s.remoteAddress) };
    this.applySettings();
    this.signal.notify();
  }

  applySettings(): void {
    const s = this.socket;
    if (s === undefined) return;
    const { noDelay, keepAlive, keepIdleSeconds } = this.settings;
    if (noDelay !== undefined) s.setNoDelay(noDelay);
    if (keepAlive !== undefined) s.setKeepAlive(keepAlive, (keepIdleSeconds ?? 0) * 1000);
  }

  private onData(d: Buffer): void {
    if (this.state === "closed") return;
    this.received += d.length;
    if (this.eof) return; // reading was shut down: the data is dropped, as the kernel would
    this.buf += bytesToString(d);
    if (!this.paused && this.buffered > PAUSE_AT) {
      this.paused = true;
      this.socket?.pause();
    }
    this.signal.notify();
  }

  private onEnd(): void {
    this.eof = true;
    this.signal.notify();
  }

  private onClose(err: Error | undefined): void {
    this.eof = true;
    this.socket = undefined;
    if (err !== undefined && this.error === undefined) this.error = describeError(err);
    this.signal.notify();
  }

  private onDrain(): void {
    this.blocked = false;
    this.signal.notify();
  }

  private onError(err: Error): void {
    this.error = describeError(err);
    this.signal.notify();
  }

  // ---- reading

  get buffered(): number {
    return this.buf.length - this.pos;
  }

  /** The next line without its LF (and without any CR), or undefined when no full line is buffered. */
  takeLine(): string | undefined {
    const lf = this.buf.indexOf("\n", this.pos);
    if (lf < 0) return undefined;
    const line = this.buf.slice(this.pos, lf);
    this.consume(lf + 1 - this.pos);
    return line.replaceAll("\r", "");
  }

  /** Up to `n` buffered bytes (all of them by default). */
  take(n = Infinity): string {
    const count = Math.min(n, this.buffered);
    const s = this.buf.slice(this.pos, this.pos + count);
    this.consume(count);
    return s;
  }

  private consume(n: number): void {
    this.pos += n;
    if (this.pos === this.buf.length) {
      this.buf = "";
      this.pos = 0;
    } else if (this.pos > 65536 && this.pos * 2 > this.buf.length) {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    if (this.paused && this.buffered < RESUME_AT) {
      this.paused = false;
      this.socket?.resume();
    }
  }

  /** Nothing more will arrive than what is buffered. */
  get ended(): boolean {
    return this.eof || this.state === "failed" || this.state === "closed";
  }

  // ---- writing

  /** Whether a write now would do something (succeed at least partly, or fail). */
  get writable(): boolean {
    return this.state !== "connecting" && !this.blocked;
  }

  /**
   * Writes as much of `bytes` from `offset` as the socket takes now; returns the count, or an error
   * string when the connection cannot carry data.
   */
  write(bytes: Uint8Array, offset: number): number | string {
    if (this.state === "closed") return "closed";
    if (this.state === "failed") return this.error ?? "closed";
    const s = this.socket;
    if (s === undefined) return this.error ?? "closed";
    const n = s.write(bytes, offset, bytes.length - offset);
    if (n < 0) return "closed";
    this.sent += n;
    if (n < bytes.length - offset) this.blocked = true;
    return n;
  }

  // ---- closing

  /** shutdown(2) of one or both directions. */
  shutdown(send: boolean, receive: boolean): void {
    const s = this.socket;
    if (send) s?.shutdown();
    if (receive) {
      s?.shutdown(true);
      this.eof = true;
    }
    this.signal.notify();
  }

  close(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.buf = "";
    this.pos = 0;
    // end() flushes and closes the descriptor (Bun releases it at once)
    this.socket?.end();
    this.socket = undefined;
    this.signal.notify();
  }
}
