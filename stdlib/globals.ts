// The global environment a script starts with: Luau's builtins (libraries frozen, as in Luau's
// sandbox) plus what Lune adds or replaces (print, warn, require, _VERSION, a fresh _G).
import { typeMetatables } from "../runtime/call";
import { LuauTable } from "../runtime/table";
import { library } from "./args";
import { createBaseFunctions, type GlobalsHost } from "./base";
import { createBit32Library } from "./bit32";
import { createBufferLibrary } from "./buffer";
import { createCoroutineLibrary } from "./coroutine";
import { createDebugLibrary } from "./debug";
import { createMathLibrary } from "./math";
import { createOsLibrary } from "./os";
import { createStringLibrary } from "./string";
import { createTableLibrary, makeUnpack } from "./table";
import { createUtf8Library } from "./utf8";
import { createVectorLibrary } from "./vector";

export const LUNE_VERSION = "0.10.5";
export const VERSION_STRING = `Lune ${LUNE_VERSION}+709`;

/** Builds a fresh global environment; `extra` holds the runtime's own globals (print, require, ...). */
export function createGlobals(extra: (host: GlobalsHost) => Record<string, unknown>): LuauTable {
  const env = new LuauTable();
  const host: GlobalsHost = { env };
  const table = createTableLibrary();
  const string = createStringLibrary();
  typeMetatables.string = library({ __index: string });
  const globals: Record<string, unknown> = {
    ...createBaseFunctions(host),
    unpack: makeUnpack(),
    coroutine: createCoroutineLibrary(),
    table,
    string,
    utf8: createUtf8Library(),
    vector: createVectorLibrary(),
    math: createMathLibrary(),
    bit32: createBit32Library(),
    buffer: createBufferLibrary(),
    os: createOsLibrary(),
    debug: createDebugLibrary(),
    _VERSION: VERSION_STRING,
    _G: new LuauTable(),
    ...extra(host),
  };
  for (const [k, v] of Object.entries(globals)) env.h[k] = v;
  return env;
}
