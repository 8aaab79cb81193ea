// @lune/luau: compile and load. bune has no bytecode: `compile` checks the source (raising its syntax
// error) and returns it behind a tag, and `load` compiles source or such a tagged string with the
// runtime's compiler. Both are plain (non-yielding) host functions.
import { chunkEnvironment, compileChunk, displayChunkName, instantiate } from "../../../runtime/chunk";
import { captureStack, parseStack, rtError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import { numberToString, rawToString, typeName } from "../../../runtime/values";
import { checkString, checkTable, library, typeError } from "../../args";

/** Marks the output of `compile`; an ESC byte cannot start valid Luau source. */
const COMPILED_TAG = "\x1bbune-luau\x01";
const DEFAULT_DEBUG_NAME = "luau.load(...)";
const COMPILE_LEVELS = ["optimizationLevel", "coverageLevel", "debugLevel"];

function compile(source: unknown, options: unknown) {
  const src = checkString(source, 1, "compile", arguments.length);
  if (options !== undefined) {
    const t = checkTable(options, 2, "compile");
    for (const name of COMPILE_LEVELS) {
      const v = t.get(name);
      if (v !== undefined && v !== 0 && v !== 1 && v !== 2) {
        throw rtError(`'${name}' must be one of: 0, 1, or 2 - got ${typeof v === "number" ? numberToString(v) : rawToString(v)}`);
      }
    }
  }
  // errors read like the Luau compiler's (`:1: Expected ...`); the compiled JS itself is not kept
  compileChunk(src, "");
  return COMPILED_TAG + src;
}

/** The global table of the Luau code calling into this library (its chunk's environment). */
function callerGlobals(): LuauTable {
  for (const frame of parseStack(captureStack())) {
    if (frame.kind !== "luau") continue;
    const env = chunkEnvironment(frame.id)?.env;
    if (env !== undefined) return env;
  }
  return new LuauTable();
}

function copyInto(target: LuauTable, source: LuauTable): void {
  for (const [k, v] of source.entries()) target.set(k, v);
}

function optionField<T>(t: LuauTable, name: string, type: string, check: (v: unknown) => v is T): T | undefined {
  const v = t.get(name);
  if (v === undefined || check(v)) return v as T | undefined;
  throw rtError(`invalid argument #2 to 'load' (field '${name}' must be a ${type}, got ${typeName(v)})`);
}

const isString = (v: unknown): v is string => typeof v === "string";
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isTable = (v: unknown): v is LuauTable => v instanceof LuauTable;

function load(source: unknown, options: unknown) {
  let src = checkString(source, 1, "load", arguments.length);
  let debugName = DEFAULT_DEBUG_NAME;
  let environment: LuauTable | undefined;
  let injectGlobals = true;
  if (typeof options === "string") {
    debugName = options;
  } else if (options instanceof LuauTable) {
    debugName = optionField(options, "debugName", "string", isString) ?? debugName;
    environment = optionField(options, "environment", "table", isTable);
    injectGlobals = optionField(options, "injectGlobals", "boolean", isBoolean) ?? true;
    // native code generation only changes speed; bune always runs the same generated JS
    optionField(options, "codegenEnabled", "boolean", isBoolean);
  } else if (options !== undefined) {
    throw typeError(2, "load", "table or string", options);
  }
  if (src.startsWith(COMPILED_TAG)) src = src.slice(COMPILED_TAG.length);
  const chunk = compileChunk(src, displayChunkName(debugName));
  const globals = callerGlobals();
  let env = globals;
  if (environment !== undefined) {
    // a new table, so the chunk's global assignments never write into the caller's tables
    env = new LuauTable();
    if (injectGlobals) {
      copyInto(env, globals);
      env.mt = globals.mt;
    } else {
      env.mt = environment.mt;
    }
    copyInto(env, environment);
  }
  return instantiate(chunk, env);
}

export function createLuauLibrary() {
  return library({ compile, load });
}
