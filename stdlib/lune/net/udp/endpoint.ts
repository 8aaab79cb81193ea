// One UDP socket as Luau sees it: datagrams received but not yet taken, the threads waiting for
// one, the optional connected peer, and the outbox. Bun's callbacks for the socket enter here
// (onData, onDrain), and nowhere else.
//
// Bun's UDP sockets cannot be connected after they are created, so connect() is done here: sends
// default to the peer and datagrams from anyone else are dropped, as the kernel would.
import type { udp } from "bun";
import { rtError } from "../../../../runtime/errors";
import { formatAddress, type Endpoint } from "../shared/address";
import { codeText, errorText, netError } from "../shared/errors";
import { ownedBytes } from "../shared/bytes";
import { WaitQueue } from "../shared/waiters";
import { Outbox } from "./outbox";
import { bytesToString } from "../../../../runtime/bytes";

/** Received datagrams kept while nobody reads (a full kernel buffer drops the rest too). */
const MAX_INBOX = 4096;
/** The largest UDP payload over IPv4 / IPv6. */
const MAX_DATAGRAM_V4 = 65507;
const MAX_DATAGRAM_V6 = 65527;

/** What receiveNow returns when the caller has to wait. */
export const WAIT: unique symbol = Symbol("wait");

export interface Datagram {
  data: Buffer;
  ip: string;
  port: number;
}

export class UdpEndpoint {
  socket: udp.Socket<"buffer"> | undefined = undefined;
  ip = "";
  port = 0;
  /** The bound address, "ip:port". */
  address = "";
  outbox: Outbox | undefined = undefined;

  private inbox: Datagram[] = [];
  private head = 0;
  // The last datagram received whole, as a string and as the bytes it came from: a server that
  // sends back what it received (an echo, a relay) sends those bytes instead of encoding the string
  // again (=== is a pointer check for the same string). Dropped when the receiver waits.
  private lastPayload: string | undefined = undefined;
  private lastPayloadBytes: Buffer | undefined = undefined;
  private peer: Endpoint | undefined = undefined;
  private closed = false;
  private reffed = true;
  private readonly receivers = new WaitQueue(() => this.updateRef());

  constructor(private readonly batch: boolean) {}

  attach(socket: udp.Socket<"buffer">): void {
    this.socket = socket;
    this.ip = socket.address.address;
    this.port = socket.address.port;
    this.address = formatAddress(this.ip, this.port);
    this.outbox = new Outbox(socket, this.batch, () => this.updateRef());
    this.updateRef();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get isConnected(): boolean {
    return this.peer !== undefined;
  }

  // ---- Bun's events

  onData(data: Buffer, port: number, ip: string): void {
    const peer = this.peer;
    if (peer !== undefined && (port !== peer.port || ip !== peer.ip)) return;
    if (this.inbox.length - this.head >= MAX_INBOX) return;
    this.inbox.push({ data, ip, port });
    this.receivers.wakeOne();
  }

  onDrain(): void {
    this.outbox?.onDrain();
  }

  // ---- what the Luau methods do

  /** The next datagram; undefined once the socket is closed; WAIT when none is here yet. */
  receiveNow(): Datagram | undefined | typeof WAIT {
    if (this.head < this.inbox.length) {
      const d = this.inbox[this.head];
      this.inbox[this.head++] = undefined as unknown as Datagram;
      if (this.head === this.inbox.length) {
        this.inbox.length = 0;
        this.head = 0;
      } else {
        if (this.head > 64 && this.head * 2 > this.inbox.length) {
          this.inbox = this.inbox.slice(this.head);
          this.head = 0;
        }
        // more datagrams for whoever else waits
        this.receivers.wakeOne();
      }
      return d;
    }
    this.lastPayload = this.lastPayloadBytes = undefined;
    return this.closed ? undefined : WAIT;
  }

  /** A datagram's data as a Luau string, cut to `max` bytes (the rest of a longer one is lost). */
  payload(d: Datagram, max: number): string {
    if (d.data.length > max) return bytesToString(d.data, 0, max);
    this.lastPayloadBytes = d.data;
    return (this.lastPayload = bytesToString(d.data));
  }

  /** The bytes to send for a string or buffer argument (a private copy, as sends may be queued). */
  outgoing(data: unknown, arg: number, fname: string): Uint8Array {
    return data === this.lastPayload && data !== undefined ? this.lastPayloadBytes! : ownedBytes(data, arg, fname);
  }

  /** Threads waiting for a datagram (each then tries receiveNow again). */
  get receiveWaiters(): WaitQueue {
    return this.receivers;
  }

  /** Sends (or queues) one datagram. True when the sender must wait: see Outbox.push. */
  sendNow(data: Uint8Array, to: Endpoint): boolean {
    this.checkOpen();
    const v6 = to.ip.includes(":");
    // checked here because a batched datagram's kernel error would never reach the script
    if (v6 && !this.ip.includes(":")) throw netError(codeText("EAFNOSUPPORT"));
    if (data.length > (v6 ? MAX_DATAGRAM_V6 : MAX_DATAGRAM_V4)) throw netError(codeText("EMSGSIZE"));
    try {
      return this.outbox!.push(data, to.port, to.ip);
    } catch (e) {
      throw netError(errorText(e));
    }
  }

  /** Suspends the running thread until the outbox has room again. */
  *outboxRoom(): Generator<unknown, void, unknown> {
    const out = this.outbox!;
    while (out.full) yield* out.waitQueue.wait();
  }

  /** The connected peer, or a Luau error. */
  get connectedPeer(): Endpoint {
    if (this.peer === undefined) throw rtError("UdpSocket is not connected");
    return this.peer;
  }

  /** From now on sends default to `peer` and only its datagrams are received. */
  connect(peer: Endpoint): void {
    this.checkOpen();
    this.peer = peer;
    const kept = this.inbox.slice(this.head).filter((d) => d.port === peer.port && d.ip === peer.ip);
    this.inbox = kept;
    this.head = 0;
  }

  /** Sends what is queued, then closes. Idempotent; receivers get nil. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox!.flush();
    this.socket!.close();
    this.outbox!.onClose();
    this.inbox.length = 0;
    this.head = 0;
    this.lastPayload = this.lastPayloadBytes = undefined;
    this.receivers.wakeAll();
    this.updateRef();
  }

  /** Runs a Bun socket option call, turning its failure into a Luau error. */
  option<T>(f: (s: udp.Socket<"buffer">) => T): T {
    this.checkOpen();
    try {
      return f(this.socket!);
    } catch (e) {
      throw netError(errorText(e));
    }
  }

  private checkOpen(): void {
    if (this.closed) throw netError("UdpSocket is closed");
  }

  /** Referenced while a thread waits to receive or send, or datagrams are still queued. */
  private updateRef(): void {
    const s = this.socket;
    if (s === undefined) return;
    const out = this.outbox!;
    const want = !this.closed && this.receivers.size + out.waiting + out.pending > 0;
    if (want === this.reffed) return;
    this.reffed = want;
    if (want) s.ref();
    else s.unref();
  }
}
