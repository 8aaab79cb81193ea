// net.tcp.connect(host, port, config?) → TcpStream (yields while connecting, and for TLS until the
// handshake has succeeded, so a certificate that does not verify fails here and not on first use).
import type { Socket } from "bun";
import { argError, checkInteger, checkString } from "../../../args";
import { awaitHeld } from "../../async";
import { formatAddress } from "../shared/address";
import { errorText, netError } from "../shared/errors";
import { TcpConnection } from "./connection";
import { connectionEvents } from "./events";
import { applySocketOptions, parseConnectOptions } from "./options";
import { wrapConnection } from "./userdata";

type ConnSocket = Socket<TcpConnection>;

export function* connect(host: unknown, port: unknown, config: unknown): Generator<unknown, unknown, unknown> {
  const hostname = checkString(host, 1, "connect", arguments.length);
  const p = checkInteger(port, 2, "connect", arguments.length);
  if (!(p >= 0 && p <= 65535)) throw argError(2, "connect", "port must be between 0 and 65535");
  const options = parseConnectOptions(config, 3, "connect");
  // names the resolver cannot look up (Bun.connect would throw a TypeError about its options)
  if (hostname === "" || hostname.includes("\0")) {
    throw netError(`Failed to connect to ${formatAddress(hostname, p)}: ${errorText({ code: "ENOTFOUND" })}`);
  }
  const conn = new TcpConnection("TcpStream");

  let settle!: (failure?: unknown) => void;
  const handshake = new Promise<void>((resolve, reject) => {
    settle = (failure) => (failure === undefined ? resolve() : reject(failure));
  });
  handshake.catch(() => {}); // observed through `ready` below, when it matters
  const tlsEvents = {
    handshake(_s: ConnSocket, ok: boolean, failure: Error | null) {
      settle(ok ? undefined : (failure ?? new Error("TLS handshake failed")));
    },
    close(s: ConnSocket, e?: Error) {
      settle(e ?? new Error("Connection closed during the TLS handshake"));
      connectionEvents.close(s, e);
    },
  };

  const failed = (e: unknown) => netError(`Failed to connect to ${formatAddress(hostname, p)}: ${errorText(e)}`);
  let pending;
  try {
    pending = Bun.connect<TcpConnection>({
      hostname,
      port: p,
      tls: options.tls ? (options.ca !== undefined ? { ca: options.ca, serverName: hostname } : true) : undefined,
      data: conn,
      allowHalfOpen: true,
      socket: {
        ...connectionEvents,
        ...(options.tls ? tlsEvents : {}),
        open: (s: ConnSocket) => conn.attach(s),
        // the rejected promise reports the failure
        connectError: () => {},
      },
    });
  } catch (e) {
    // options Bun refuses before connecting (a `ca` that is not a PEM certificate)
    throw failed(e);
  }
  const ready = options.tls ? pending.then((s) => handshake.then(() => s)) : pending;
  const socket = yield* awaitHeld(ready, failed);
  conn.attach(socket);
  applySocketOptions(conn, options);
  return wrapConnection(conn);
}
