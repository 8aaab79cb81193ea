// A listening TCP socket (net.tcp.listen). Connections that arrive before anyone accepts them wait
// in a backlog, as the kernel's would. In accept mode threads take them one by one; in serve mode
// each runs the handler in a thread of its own, so connections are served concurrently.
//
// The server keeps the process alive while it serves (until close) or while a thread waits in
// accept; a listening socket nobody uses does not.
import type { Socket, TCPSocketListener } from "bun";
import { rtError } from "../../../../runtime/errors";
import { canResumeNow, pushDefer, resumeNow } from "../../../../runtime/scheduler";
import { LuauThread } from "../../../../runtime/thread";
import type { Userdata } from "../../../../runtime/values";
import { WaitQueue } from "../shared/waiters";
import { TcpConnection } from "./connection";
import { applySocketOptions, type SocketOptions } from "./options";

export type Wrap = (conn: TcpConnection) => Userdata;

export class TcpServer {
  listener: TCPSocketListener<TcpConnection> | undefined = undefined;
  ip = "";
  port = 0;
  /** The listening address, "ip:port". */
  address = "";

  private backlog: TcpConnection[] = [];
  private handler: unknown = undefined;
  private closed = false;
  private reffed = true;
  private readonly acceptors = new WaitQueue(() => this.updateRef());

  constructor(
    private readonly options: SocketOptions,
    private readonly wrap: Wrap,
  ) {}

  bind(listener: TCPSocketListener<TcpConnection>, ip: string): void {
    this.listener = listener;
    this.ip = ip;
    this.port = listener.port;
    this.address = ip.includes(":") ? `[${ip}]:${this.port}` : `${ip}:${this.port}`;
    this.updateRef();
  }

  get serving(): boolean {
    return this.handler !== undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bun's `open` for a new connection. */
  onOpen(socket: Socket<TcpConnection>): void {
    const conn = new TcpConnection("TcpConnection");
    conn.attach(socket);
    applySocketOptions(conn, this.options);
    if (this.handler !== undefined) this.spawn(conn);
    else {
      this.backlog.push(conn);
      this.acceptors.wakeOne();
    }
  }

  /** The next connection, waiting for one; nil once the server is closed. */
  *accept(): Generator<unknown, TcpConnection | undefined, unknown> {
    for (;;) {
      if (this.handler !== undefined) throw rtError("cannot accept on a TcpServer that is serving");
      const conn = this.backlog.shift();
      if (conn !== undefined) return conn;
      if (this.closed) return undefined;
      yield* this.acceptors.wait();
    }
  }

  /** Serve mode: `handler(conn)` runs in a new thread for each connection, backlog first. */
  serve(handler: unknown): void {
    this.handler = handler;
    const waiting = this.backlog;
    this.backlog = [];
    for (const conn of waiting) this.spawn(conn);
    this.updateRef();
  }

  /** Stops listening; with `closeConnections`, also closes every open connection. Idempotent. */
  close(closeConnections: boolean): void {
    if (!this.closed) {
      this.closed = true;
      // connections nobody accepted will never be used
      for (const conn of this.backlog) conn.abort();
      this.backlog = [];
      this.acceptors.wakeAll();
    }
    this.listener?.stop(closeConnections);
    this.updateRef();
  }

  private spawn(conn: TcpConnection): void {
    // the handler is the thread's body (no wrapper generator for every resumption to pass
    // through); a failing handler closes its connection, and the error is reported like any thread's
    const thread = new LuauThread(this.handler);
    thread.onExit = (r) => {
      if (r.kind === "error") conn.close();
    };
    // from Bun's `open` callback the thread can start at once (see shared/waiters.ts); from a
    // thread (serve() taking over the backlog) it goes on the defer queue
    if (canResumeNow()) resumeNow(thread, [this.wrap(conn)]);
    else pushDefer(thread, [this.wrap(conn)]);
  }

  private updateRef(): void {
    const l = this.listener;
    if (l === undefined) return;
    const want = !this.closed && (this.handler !== undefined || this.acceptors.size > 0);
    if (want === this.reffed) return;
    this.reffed = want;
    if (want) l.ref();
    else l.unref();
  }
}
