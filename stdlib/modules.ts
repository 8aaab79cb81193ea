// Host modules reached by exact require strings outside `@lune/`: the other socket dialects Luau and
// Lua users know (`@eryx/_socket`, LuaSocket's `socket` and `socket.core`). Each is built once per
// runtime, on first require. Keys are lower-case.
import type { LuauTable } from "../runtime/table";
import { createEryxSocketModule } from "./eryx";
import { createLuaSocketModule } from "./luasocket";

export type ModuleFactory = () => LuauTable;

export const HOST_MODULES: Record<string, ModuleFactory> = {
  "@eryx/_socket": createEryxSocketModule,
  socket: createLuaSocketModule,
  "socket.core": createLuaSocketModule,
};
