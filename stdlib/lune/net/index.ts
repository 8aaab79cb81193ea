// @lune/net. This part: raw sockets — net.tcp (connect, and the custom build's listen) and the
// custom build's net.udp (bind). Each sub-table's functions live in their own folder.
import type { LuauTable } from "../../../runtime/table";
import { library } from "../../args";
import { connect } from "./tcp/connect";
import { listen } from "./tcp/listen";
import { bind } from "./udp/bind";
import { request } from "./http/client/request";
import { serve } from "./http/server/serve";
import { socket } from "./websocket/client";
import { urlDecode } from "./url/decode";
import { urlEncode } from "./url/encode";

export function createNetLibrary(): LuauTable {
  return library({
    request,
    serve,
    socket,
    urlEncode,
    urlDecode,
    http: library({ request, serve }),
    ws: library({ connect: socket }),
    tcp: library({ connect, listen }),
    udp: library({ bind }),
  });
}
