// @lune/net. This part: raw sockets — net.tcp (connect, and the custom build's listen) and the
// custom build's net.udp (bind). Each sub-table's functions live in their own folder.
import type { LuauTable } from "../../../runtime/table";
import { library } from "../../args";
import { connect } from "./tcp/connect";
import { listen } from "./tcp/listen";
import { bind } from "./udp/bind";

export function createNetLibrary(): LuauTable {
  return library({
    tcp: library({ connect, listen }),
    udp: library({ bind }),
  });
}
