// One WebSocket connection as scripts see it (net.socket's client, or what handleWebSocket
// receives): messages queue until a thread takes them with next(); closeCode is set by the first of
// our close(), the peer's close frame (its code, or 1005 without one) or a dropped connection
// (1006). Bun's server WebSocket and our own client connection (connection.ts) sit behind the
// Transport interface.
import { rtError } from "../../../../runtime/errors";
import { WaitQueue } from "../shared/waiters";
import { utf8Error } from "../url/utf8";

export interface Transport {
  /** Messages are Luau strings (text: its UTF-8 bytes). Both return true when the message is
   * queued behind backpressure (the sender then waits for drained()). */
  sendText(text: string): boolean;
  sendBinary(bytes: string): boolean;
  close(code: number): void;
  /** Stops or resumes reading from the network (flow control for a script that reads slowly). */
  pause(): void;
  resume(): void;
  /** Whether some thread waits on the socket (a client connection keeps the process alive then). */
  setWaiting(waiting: boolean): void;
}

/** Messages queued beyond this make the socket stop reading until the script catches up. */
const HIGH_WATER = 256;

export class LuneWebSocket {
  closeCode: number | undefined = undefined;
  private inbox: string[] = [];
  private head = 0;
  private finished = false;
  private paused = false;
  private readonly readers: WaitQueue = new WaitQueue(() => this.waitersChanged());
  private readonly writers: WaitQueue = new WaitQueue(() => this.waitersChanged());

  constructor(private readonly transport: Transport) {}

  // ---- events from Bun ----

  /** A message arrived (a Luau string: the text's UTF-8 bytes, or the binary data). */
  received(message: string): void {
    this.inbox.push(message);
    if (!this.paused && this.inbox.length - this.head >= HIGH_WATER) {
      this.paused = true;
      this.transport.pause();
    }
    this.readers.wakeOne();
  }

  /** The connection is gone (close frame exchanged, or dropped). */
  ended(code: number): void {
    this.closeCode ??= code;
    this.finished = true;
    this.readers.wakeAll();
    this.writers.wakeAll();
  }

  /** Backpressure is over. */
  drained(): void {
    this.writers.wakeAll();
  }

  // ---- what scripts call ----

  /** The next message; nil once the connection has ended and every queued message was taken. */
  *next(): Generator<unknown, string | undefined, unknown> {
    for (;;) {
      if (this.head < this.inbox.length) return this.take();
      if (this.finished) return undefined;
      yield* this.readers.wait();
    }
  }

  /** Sends a text (must be UTF-8) or binary message; waits while the connection is congested. */
  *send(message: string, binary: boolean): Generator<unknown, void, unknown> {
    if (this.closeCode !== undefined) throw rtError("Socket has been closed");
    let congested: boolean;
    if (binary) {
      congested = this.transport.sendBinary(message);
    } else {
      const bad = utf8Error(message);
      if (bad !== undefined) throw rtError(bad);
      congested = this.transport.sendText(message);
    }
    if (congested && !this.finished) yield* this.writers.wait();
  }

  close(code: number): void {
    if (this.closeCode !== undefined) throw rtError("Socket has already been closed");
    this.closeCode = code;
    this.transport.close(code);
  }

  private waitersChanged(): void {
    this.transport.setWaiting(this.readers.size + this.writers.size > 0);
  }

  private take(): string {
    const m = this.inbox[this.head];
    this.inbox[this.head++] = "";
    if (this.head === this.inbox.length) {
      this.inbox = [];
      this.head = 0;
    }
    if (this.paused && this.inbox.length - this.head < HIGH_WATER / 2) {
      this.paused = false;
      this.transport.resume();
    }
    return m;
  }
}
