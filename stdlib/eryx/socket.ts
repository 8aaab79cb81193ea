// The Socket userdata: one BSD socket as the script sees it. Its role object does the I/O once
// the socket becomes something on Bun: a TcpListener after listen(), a TcpStream after connect() or
// accept(), a UdpEndpoint after bind()/connect()/sendto() on a datagram socket.
import type { LuauTable } from "../../runtime/table";
import { Userdata } from "../../runtime/values";
import { SOCK_STREAM } from "./constants";
import type { Endpoint } from "./address";
import { socketError } from "./errno";
import type { TcpListener } from "./tcp_listener";
import type { TcpStream } from "./tcp_stream";
import type { UdpEndpoint } from "./udp";

/** Options a socket carries before (and after) it exists on Bun; see options.ts. */
export interface SocketOptions {
  reuseAddr: boolean;
  reusePort: boolean;
  keepAlive: boolean;
  /** Bun turns Nagle off on every TCP connection, so this starts true. */
  noDelay: boolean;
  broadcast: boolean;
  v6Only: boolean;
}

let lastFd = 2;

export class EryxSocket extends Userdata {
  /** fileno(): bune has no OS descriptor to expose, so each socket gets a unique small integer. */
  readonly fd = ++lastFd;
  blocking = true;
  /** settimeout() in seconds; undefined = wait indefinitely. */
  timeout: number | undefined = undefined;
  closed = false;
  /** The address given to bind() (a TCP socket is only bound on Bun by listen()). */
  bound: Endpoint | undefined = undefined;
  backlog = 128;
  role: TcpStream | TcpListener | UdpEndpoint | undefined = undefined;
  readonly opts: SocketOptions = { reuseAddr: false, reusePort: false, keepAlive: false, noDelay: true, broadcast: false, v6Only: false };

  /** The Socket methods (methods.ts). */
  static metatable: LuauTable;

  constructor(
    readonly family: number,
    readonly type: number,
    readonly proto: number,
  ) {
    super();
    this.mt = EryxSocket.metatable;
  }

  get isStream(): boolean {
    return this.type === SOCK_STREAM;
  }

  /** When a blocking call started now must give up (performance.now() ms), if it must. */
  deadline(): number | undefined {
    return this.timeout === undefined ? undefined : performance.now() + this.timeout * 1000;
  }

  /** Raises EBADF for any use after close(). */
  checkOpen(op: string): void {
    if (this.closed) throw socketError(op, "EBADF", "socket is closed");
  }
}
