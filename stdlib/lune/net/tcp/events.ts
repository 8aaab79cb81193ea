// Bun's socket callbacks → the TcpConnection in `socket.data`. This is the one place where Bun's
// events for a TCP connection enter bune; the connection turns them into wake-ups of Luau threads.
// `data` is unset until the connection is attached (a TLS handshake that fails closes a socket that
// never opened), hence the optional calls.
import type { Socket, SocketHandler } from "bun";
import type { TcpConnection } from "./connection";

type ConnSocket = Socket<TcpConnection>;

export const connectionEvents = {
  data(s: ConnSocket, chunk: Buffer) {
    s.data?.onData(chunk);
  },
  end(s: ConnSocket) {
    s.data?.onEnd();
  },
  drain(s: ConnSocket) {
    s.data?.onDrain();
  },
  error(s: ConnSocket, e: Error) {
    s.data?.onError(e);
  },
  close(s: ConnSocket, e?: Error) {
    s.data?.onClose(e);
  },
} satisfies SocketHandler<TcpConnection>;
