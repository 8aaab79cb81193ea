// A UDP socket on Bun.udpSocket. Bun creates the socket bound (asynchronously), so it exists from
// bind(), or from the first connect()/sendto() of an unbound socket, which binds it to the wildcard
// address and an ephemeral port as the kernel would. Received datagrams queue here until recvfrom.
// connect() is kept here (default destination, and a filter on received datagrams), so an endpoint
// can be connected after it is bound, which Bun's own connected mode cannot do.
import type { udp } from "bun";
import type { Endpoint } from "./address";
import { errorCode, hostError, socketError } from "./errno";
import { ioActivity } from "./poll";
import { WaitQueue, awaitHost } from "./wait";

export interface Datagram {
  data: Uint8Array;
  host: string;
  port: number;
}

/** Datagrams kept for a script that does not read them; beyond this, new ones are dropped (as a
 * full kernel receive buffer would). */
const MAX_QUEUED = 4096;

export class UdpEndpoint {
  private queue: Datagram[] = [];
  private head = 0;
  private closed = false;
  private pendingError: string | undefined = undefined;
  peer: Endpoint | undefined = undefined;
  readonly readers = new WaitQueue();
  readonly writers = new WaitQueue();

  private constructor(private readonly sock: udp.Socket<"buffer">) {}

  /** Binds a new endpoint (the thread waits for Bun); raises `bind: Address already in use` etc. */
  static *open(at: Endpoint, broadcast: boolean, op: string): Generator<unknown, UdpEndpoint, unknown> {
    let ep: UdpEndpoint | undefined;
    const sock = yield* awaitHost(
      Bun.udpSocket({
        hostname: at.host,
        port: at.port,
        binaryType: "buffer",
        socket: {
          data: (_s, data, port, host) => ep?.received(data, host, port),
          drain: () => ep?.drained(),
          // ICMP errors (port unreachable, ...); Bun passes only the error, whatever its types say
          error: (...args: unknown[]) => ep?.failed(args[args.length - 1]),
        },
      }),
      (e) => hostError(op, e),
    );
    ep = new UdpEndpoint(sock);
    // waiting threads keep the process alive, not the socket (keepalive.ts)
    sock.unref();
    if (broadcast) sock.setBroadcast(true);
    return ep;
  }

  // ---- Bun events

  private received(data: Uint8Array, host: string, port: number): void {
    if (this.closed) return;
    const peer = this.peer;
    if (peer !== undefined && (peer.port !== port || peer.host !== host)) return;
    if (this.queue.length - this.head >= MAX_QUEUED) return;
    this.queue.push({ data, host, port });
    this.readers.wakeAll();
    ioActivity();
  }

  /** As on Linux, only a connected socket hears of errors (the next call raises them once). */
  private failed(err: unknown): void {
    if (this.peer !== undefined) this.pendingError = errorCode(err);
    this.readers.wakeAll();
    ioActivity();
  }

  /** The pending error code, cleared (raised once by the next recv/send). */
  takeError(): string | undefined {
    const code = this.pendingError;
    this.pendingError = undefined;
    return code;
  }

  private drained(): void {
    this.writers.wakeAll();
    ioActivity();
  }

  // ---- operations

  /** The next datagram, truncated to `max` bytes, or undefined when none is queued. */
  tryRecvFrom(max: number): Datagram | undefined {
    if (this.head === this.queue.length) return undefined;
    const d = this.queue[this.head];
    this.queue[this.head++] = undefined as unknown as Datagram;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    if (d.data.length > max) d.data = d.data.subarray(0, max);
    return d;
  }

  /** Sends one datagram: true, or false when Bun's send buffer is full (drain follows). */
  trySendTo(bytes: Uint8Array, to: Endpoint, op: string): boolean {
    // the kernel refuses port 0 as a destination (Bun would throw its own argument error)
    if (to.port === 0) throw socketError(op, "EINVAL");
    try {
      return this.sock.send(bytes, to.port, to.host);
    } catch (e) {
      throw hostError(op, e);
    }
  }

  localName(): Endpoint {
    return { host: this.sock.address.address, port: this.sock.port };
  }

  setBroadcast(on: boolean): void {
    this.sock.setBroadcast(on);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock.close();
    this.queue.length = 0;
    this.head = 0;
    this.readers.wakeAll();
    this.writers.wakeAll();
  }
}
