// net.socket(url): connects, performs the WebSocket handshake and yields until it completes; a
// refused connection, a TLS failure or a server that does not upgrade raises an error.
import type { Socket } from "bun";
import { rtError } from "../../../../runtime/errors";
import { checkString } from "../../../args";
import { awaitPromise } from "../../async";
import { errorText, netError } from "../shared/errors";
import { ClientConnection } from "./connection";
import { handshakeRequest, parseTarget } from "./handshake";
import { wrapWebSocket } from "./userdata";

type ClientSocket = Socket<ClientConnection>;

const events = {
  open: (s: ClientSocket) => s.data.onOpen(s),
  data: (s: ClientSocket, chunk: Buffer) => s.data.onData(chunk),
  drain: (s: ClientSocket) => s.data.onDrain(),
  close: (s: ClientSocket, e?: Error) => s.data.onClose(e),
  error: (s: ClientSocket, e: Error) => s.data.onClose(e),
  // a TLS certificate that does not verify: Bun closes the socket right after
  handshake: (s: ClientSocket, success: boolean, e: Error | null) => {
    if (!success || e !== null) s.data.failHandshake(e ?? new Error("TLS handshake failed"));
  },
  // the rejected promise reports it
  connectError: () => {},
};

export function* socket(url: unknown): Generator<unknown, unknown, unknown> {
  const text = checkString(url, 1, "socket", arguments.length);
  const target = parseTarget(text);
  if (target === undefined) throw rtError(`Invalid WebSocket URL '${text}' - expected a ws:// or wss:// URL`);
  const { text: request, key } = handshakeRequest(target);
  const conn = new ClientConnection(request, key);
  Bun.connect<ClientConnection>({
    hostname: target.host,
    port: target.port,
    tls: target.secure,
    data: conn,
    socket: events,
  }).catch((e) => conn.failHandshake(e));
  yield* awaitPromise(conn.opened, (e) => netError(`Failed to connect to WebSocket at '${text}': ${errorText(e)}`));
  return wrapWebSocket(conn.ws);
}
