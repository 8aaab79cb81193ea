// require("@eryx/_socket"): BSD sockets for Luau (seed 003, specs/eryx-socket.md) on Bun's socket
// primitives. Data is always a Luau buffer; blocking calls suspend only the calling Luau thread.
import type { LuauTable } from "../../runtime/table";
import { library } from "../args";
import { byteOrderFunctions } from "./byteorder";
import { CONSTANTS } from "./constants";
import { getaddrinfo, getnameinfo } from "./dns";
import { socket } from "./methods";
import { poll } from "./poll";

export function createEryxSocketModule(): LuauTable {
  return library({ socket, getaddrinfo, getnameinfo, poll, ...byteOrderFunctions, ...CONSTANTS });
}
