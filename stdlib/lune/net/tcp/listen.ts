// net.tcp.listen(address, config?) → TcpServer.
import type { Socket } from "bun";
import { checkString } from "../../../args";
import { formatAddress, parseAddress, resolveHost } from "../shared/address";
import { errorText, netError } from "../shared/errors";
import type { TcpConnection } from "./connection";
import { connectionEvents } from "./events";
import { parseListenOptions } from "./options";
import { TcpServer } from "./server";
import { TcpServerType, wrapConnection } from "./userdata";

export function* listen(address: unknown, config: unknown): Generator<unknown, unknown, unknown> {
  const text = checkString(address, 1, "listen", arguments.length);
  const options = parseListenOptions(config, 2, "listen");
  const { host, port } = parseAddress(text);
  const ip = yield* resolveHost(host);
  const server = new TcpServer(options, wrapConnection);
  let listener;
  try {
    listener = Bun.listen<TcpConnection>({
      hostname: ip,
      port,
      // half-close: a peer's FIN ends our reads but we may still write, as with any TCP socket
      allowHalfOpen: true,
      tls: options.tls,
      socket: { ...connectionEvents, open: (s: Socket<TcpConnection>) => server.onOpen(s) },
    });
  } catch (e) {
    throw netError(`Failed to listen on ${formatAddress(ip, port)}: ${errorText(e)}`);
  }
  server.bind(listener, ip);
  return TcpServerType.wrap(server);
}
