// net.tcp.connect(host, port, config?) → TcpStream (yields while connecting).
import type { Socket } from "bun";
import { checkInteger, checkString, argError } from "../../../args";
import { awaitHeld } from "../../async";
import { formatAddress } from "../shared/address";
import { errorText, netError } from "../shared/errors";
import { TcpConnection } from "./connection";
import { connectionEvents } from "./events";
import { applySocketOptions, parseConnectOptions } from "./options";
import { wrapConnection } from "./userdata";

export function* connect(host: unknown, port: unknown, config: unknown): Generator<unknown, unknown, unknown> {
  const hostname = checkString(host, 1, "connect", arguments.length);
  const p = checkInteger(port, 2, "connect", arguments.length);
  if (p < 0 || p > 65535) throw argError(2, "connect", "port must be between 0 and 65535");
  const options = parseConnectOptions(config, 3, "connect");
  const conn = new TcpConnection("TcpStream");
  const pending = Bun.connect<TcpConnection>({
    hostname,
    port: p,
    tls: options.tls ? (options.ca !== undefined ? { ca: options.ca, serverName: hostname } : true) : undefined,
    data: conn,
    allowHalfOpen: true,
    socket: {
      ...connectionEvents,
      open: (s: Socket<TcpConnection>) => conn.attach(s),
      // the rejected promise reports the failure
      connectError: () => {},
    },
  });
  yield* awaitHeld(pending, (e) => netError(`Failed to connect to ${formatAddress(hostname, p)}: ${errorText(e)}`));
  applySocketOptions(conn, options);
  return wrapConnection(conn);
}
