// The WebSocket userdata: `socket:send(message, asBinary?)`, `socket:next()`, `socket:close(code?)`
// and the read-only field `closeCode`.
import { rtError } from "../../../../runtime/errors";
import { LuauBuffer, NONE, numberToString, typeName, type Userdata } from "../../../../runtime/values";
import { argError, checkBoolean, optInteger } from "../../../args";
import { defineUserdata } from "../../userdata";
import { LuneWebSocket } from "./socket";
import { bytesToString } from "../../../../runtime/bytes";

function messageText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof LuauBuffer) return bytesToString(v.bytes);
  throw argError(2, "send", `string or buffer expected, got ${typeName(v)}`);
}

export const WebSocketType = defineUserdata(
  "WebSocket",
  LuneWebSocket,
  {
    *send(self: unknown, message: unknown, asBinary: unknown): Generator<unknown, unknown, unknown> {
      const ws = WebSocketType.unwrap(self, "send");
      const binary = asBinary === undefined ? false : checkBoolean(asBinary, 3, "send");
      yield* ws.send(messageText(message), binary);
      return NONE;
    },
    *next(self: unknown): Generator<unknown, unknown, unknown> {
      return yield* WebSocketType.unwrap(self, "next").next();
    },
    close(self: unknown, code: unknown) {
      const ws = WebSocketType.unwrap(self, "close");
      const c = optInteger(code, 2, "close", 1000);
      if (!(c >= 1000 && c <= 4999)) throw rtError(`Close code must be between 1000 and 4999, got ${numberToString(c)}`);
      ws.close(c);
      return NONE;
    },
  },
  (ws, key) => (key === "closeCode" ? ws.closeCode : undefined),
);

export function wrapWebSocket(ws: LuneWebSocket): Userdata {
  return WebSocketType.wrap(ws);
}
