// Host modules reached by exact require strings outside `@lune/`: the other socket dialects Luau and
// Lua users know (`@eryx/_socket`, LuaSocket's `socket` and `socket.core`). Each is built once per
// runtime, on first require. Keys are lower-case.
import type { LuauTable } from "../runtime/table";

export type ModuleFactory = () => LuauTable;

// loaded on first require, as the @lune libraries are (see lune/libraries.ts)
const luaSocket: ModuleFactory = () => (require("./luasocket") as typeof import("./luasocket")).createLuaSocketModule();

export const HOST_MODULES: Record<string, ModuleFactory> = {
  "@eryx/_socket": () => (require("./eryx") as typeof import("./eryx")).createEryxSocketModule(),
  socket: luaSocket,
  "socket.core": luaSocket,
};
