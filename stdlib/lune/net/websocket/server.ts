// The server side of net.serve's handleWebSocket: Bun's websocket callbacks feed a LuneWebSocket,
// and each new connection runs the handler in a new deferred Luau thread.
import type { ServerWebSocket, WebSocketHandler } from "bun";
import { hostCall } from "../../../../runtime/call";
import { pushDefer } from "../../../../runtime/scheduler";
import { LuauThread } from "../../../../runtime/thread";
import { NONE } from "../../../../runtime/values";
import { textToUtf8, utf8ToText } from "../url/utf8";
import { LuneWebSocket, type Transport } from "./socket";
import { wrapWebSocket } from "./userdata";

/** Bun's per-connection data: the handler to run, and the socket once the connection is open. */
export interface UpgradeData {
  handler: unknown;
  socket: LuneWebSocket | undefined;
}

const INTERNAL_ERROR = 1011;

function transportOf(ws: ServerWebSocket<UpgradeData>): Transport {
  return {
    sendText: (text) => ws.sendText(utf8ToText(text)) === -1,
    sendBinary: (bytes) => ws.sendBinary(Buffer.from(bytes, "latin1")) === -1,
    close: (code) => ws.close(code),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    // the server keeps the process alive anyway
    setWaiting: () => {},
  };
}

// a failing handler closes its socket (1011) before the error goes to the scheduler
function* socketHandlerBody(handler: unknown, socket: LuneWebSocket): Generator<unknown, unknown, unknown> {
  try {
    yield* hostCall(handler, [wrapWebSocket(socket)]);
  } catch (e) {
    if (socket.closeCode === undefined) socket.close(INTERNAL_ERROR);
    throw e;
  }
  return NONE;
}

export const webSocketHandlers: WebSocketHandler<UpgradeData> = {
  open(ws) {
    const socket = new LuneWebSocket(transportOf(ws));
    ws.data.socket = socket;
    pushDefer(new LuauThread(socketHandlerBody), [ws.data.handler, socket]);
  },
  message(ws, message) {
    ws.data.socket?.received(typeof message === "string" ? textToUtf8(message) : message.toString("latin1"));
  },
  close(ws, code) {
    ws.data.socket?.ended(code);
  },
  drain(ws) {
    ws.data.socket?.drained();
  },
};
