// net.socket(url): a WebSocket client on Bun's WebSocket. Yields until the handshake completes;
// a refused connection, a TLS failure or a server that does not upgrade raises an error.
import { rtError } from "../../../../runtime/errors";
import { checkString } from "../../../args";
import { awaitPromise } from "../../async";
import { errorText, netError } from "../shared/errors";
import { textToUtf8 } from "../url/utf8";
import { LuneWebSocket } from "./socket";
import { wrapWebSocket } from "./userdata";

function transportOf(ws: WebSocket) {
  return {
    // Bun's client reports no backpressure event: sends never wait
    sendText: (text: string) => (ws.send(text), false),
    sendBinary: (bytes: Uint8Array) => (ws.send(bytes), false),
    close: (code: number) => {
      // Bun's client refuses the codes RFC 6455 reserves (1004-1006, 1015-2999); Lune sends them
      try {
        ws.close(code);
      } catch {
        ws.close();
      }
    },
    pause: () => void ws.pause(),
    resume: () => void ws.resume(),
  };
}

export function* socket(url: unknown): Generator<unknown, unknown, unknown> {
  const text = checkString(url, 1, "socket", arguments.length);
  if (!/^wss?:\/\//i.test(text)) throw rtError(`Invalid WebSocket URL '${text}' - expected a ws:// or wss:// URL`);
  let ws: WebSocket;
  try {
    ws = new WebSocket(text);
  } catch (e) {
    throw rtError(`Invalid WebSocket URL '${text}': ${e instanceof Error ? e.message : String(e)}`);
  }
  ws.binaryType = "nodebuffer";
  const sock = new LuneWebSocket(transportOf(ws));
  // listeners go on before the handshake finishes, so no early message is missed
  const opened = new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = (ev) => reject((ev as ErrorEvent).error ?? new Error((ev as ErrorEvent).message));
    ws.onclose = (ev) => {
      sock.ended(ev.code);
      reject(new Error(`WebSocket closed during the handshake (code ${ev.code})`));
    };
  });
  ws.onmessage = (ev) => {
    const data = ev.data as string | Buffer;
    sock.received(typeof data === "string" ? textToUtf8(data) : data.toString("latin1"));
  };
  yield* awaitPromise(opened, (e) => netError(`Failed to connect to WebSocket at '${text}': ${errorText(e)}`));
  ws.onerror = null;
  return wrapWebSocket(sock);
}
