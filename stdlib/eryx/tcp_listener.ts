// A listening TCP socket on Bun.listen. BSD separates bind() from listen(); Bun binds and listens in
// one call, so the listener starts at listen(). Bun accepts connections as they arrive; they wait
// here, already readable, until the script accept()s them.
import type { Socket, TCPSocketListener, TCPSocketListenOptions } from "bun";
import type { Endpoint } from "./address";
import { hostError } from "./errno";
import { ioActivity } from "./poll";
import type { SocketOptions } from "./socket";
import { TcpStream, streamHandlers } from "./tcp_stream";
import { WaitQueue } from "./wait";

export class TcpListener {
  private readonly server: TCPSocketListener<TcpStream>;
  private pending: TcpStream[] = [];
  private head = 0;
  private stopped = false;
  readonly acceptors = new WaitQueue();

  /** Binds and listens; raises `listen: Address already in use (EADDRINUSE)` and the like. */
  constructor(at: Endpoint, private readonly opts: SocketOptions) {
    // Bun.listen takes ipv6Only and reusePort too (its types list them for connect only)
    const options: TCPSocketListenOptions<TcpStream> & { ipv6Only: boolean; reusePort: boolean } = {
      hostname: at.host,
      port: at.port,
      allowHalfOpen: true,
      ipv6Only: opts.v6Only,
      reusePort: opts.reusePort,
      socket: { ...streamHandlers, open: (s) => this.incoming(s) },
    };
    try {
      this.server = Bun.listen<TcpStream>(options);
    } catch (e) {
      throw hostError("listen", e);
    }
    // threads waiting in accept keep the process alive, not the listener (keepalive.ts)
    this.server.unref();
  }

  private incoming(s: Socket<TcpStream>): void {
    // accepted sockets inherit the listener's options, as on Linux
    this.pending.push(TcpStream.accepted(s, { ...this.opts }));
    this.acceptors.wakeAll();
    ioActivity();
  }

  /** The next connection Bun accepted, or undefined when there is none yet. */
  tryAccept(): TcpStream | undefined {
    if (this.head === this.pending.length) return undefined;
    const stream = this.pending[this.head++];
    if (this.head === this.pending.length) {
      this.pending.length = 0;
      this.head = 0;
    }
    return stream;
  }

  /** Where the listener is bound (the real port when listen() was given port 0). */
  localName(): Endpoint {
    return { host: this.server.hostname, port: this.server.port };
  }

  /** Stops listening; connections nobody accepted are reset, accepted ones live on. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.server.stop(false);
    for (let i = this.head; i < this.pending.length; i++) this.pending[i].abort();
    this.pending.length = 0;
    this.acceptors.wakeAll();
  }
}
