// A bound TCP address (behind a bound tcp{master} and a tcp{server}): Bun.listen accepts connections
// as they arrive and they wait in a queue, like the kernel's backlog, until accept() takes them.
import type { Socket, TCPSocketListener } from "bun";
import { familyOfBun, type Family } from "./address";
import { describeError } from "./oserror";
import { TcpConnection } from "./tcpconnection";
import { Signal } from "./wait";

export class TcpListener {
  readonly signal = new Signal();
  readonly ip: string;
  readonly port: number;
  readonly family: Family;
  private readonly pending: TcpConnection[] = [];
  private closed = false;

  private constructor(private readonly server: TCPSocketListener<TcpConnection>) {
    this.ip = server.hostname;
    this.port = server.port;
    this.family = familyOfBun(undefined, server.hostname);
    server.unref(); // threads waiting in accept() keep the process alive (wait.ts)
  }

  /** Listens on ip:port, or returns the error string (e.g. "address already in use"). */
  static open(ip: string, port: number): TcpListener | string {
    let listener: TcpListener | undefined;
    try {
      const server = Bun.listen<TcpConnection>({
        hostname: ip,
        port,
        allowHalfOpen: true, // a peer's shutdown("send") must not end our side
        socket: {
          ...TcpConnection.events,
          open: (s) => listener?.onAccept(s),
        },
      });
      listener = new TcpListener(server);
      return listener;
    } catch (e) {
      return describeError(e);
    }
  }

  private onAccept(s: Socket<TcpConnection>): void {
    const c = TcpConnection.accepted(s);
    if (this.closed) return c.close();
    this.pending.push(c);
    this.signal.notify();
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  accept(): TcpConnection | undefined {
    return this.pending.shift();
  }

  /** Stops listening; connections not accepted yet are closed, accepted ones live on. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.stop(false);
    for (const c of this.pending.splice(0)) c.close();
    this.signal.notify();
  }
}
