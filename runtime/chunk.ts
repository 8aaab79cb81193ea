// Compiling and loading chunks: Luau source → JS source (codegen) → one indirect eval → the chunk's
// main generator function, bound to the runtime helpers and a global environment table.
import { LuauError, registerCallSiteMarks, registerChunk } from "./errors";
import type { generate, RUNTIME_NAMES } from "./luau/codegen";
import type { LuauSyntaxError } from "./luau/lexer";
import type { parse } from "./luau/parser";
import * as ops from "./ops";
import { LuauTable } from "./table";
import { all, first, NONE, stringToNumber, typeName } from "./values";
import { rtError } from "./errors";

export type ChunkFunction = (...args: unknown[]) => Generator<unknown, unknown, unknown>;

/** Luau's chunk-name convention: "=name" → name, "@path" → path, anything else → [string "..."]. */
export function displayChunkName(chunkname: string): string {
  if (chunkname.startsWith("=") || chunkname.startsWith("@")) return chunkname.slice(1);
  const firstLine = chunkname.split(/[\r\n]/)[0];
  const more = firstLine.length < chunkname.length;
  return `[string "${firstLine}${more ? "..." : ""}"]`;
}

function get(o: unknown, k: unknown): unknown {
  if (o instanceof LuauTable) {
    const v = o.get(k);
    if (v !== undefined || o.mt === undefined) return v;
  }
  return ops.index(o, k);
}

function set(o: unknown, k: unknown, v: unknown): void {
  if (o instanceof LuauTable && !o.frozen && (o.mt === undefined || o.get(k) !== undefined)) o.set(k, v);
  else ops.setIndex(o, k, v);
}

function forValue(v: unknown, what: string): number {
  if (typeof v === "number") return v;
  const n = typeof v === "string" ? stringToNumber(v) : undefined;
  if (n !== undefined) return n;
  throw rtError(`invalid 'for' ${what} (number expected, got ${typeName(v)})`);
}

function forNumber(start: unknown, limit: unknown, step: unknown): [number, number, number] {
  return [forValue(start, "initial value"), forValue(limit, "limit"), forValue(step, "step")];
}

/** A table constructor with keyed items; `layout` has one letter per item (see codegen). Items are
 * stored in source order, so a later item wins over an earlier one with the same key. */
function tableBuild(layout: string, vals: unknown[]): LuauTable {
  const t = new LuauTable();
  let j = 0;
  let n = 0;
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    if (c === "p") t.set(++n, vals[j++]);
    else if (c === "m") for (const v of vals[j++] as unknown[]) t.set(++n, v);
    else {
      const k = vals[j];
      if (k === undefined) throw rtError("table index is nil");
      if (k !== k) throw rtError("table index is NaN");
      t.set(k, vals[j + 1]);
      j += 2;
    }
  }
  return t;
}

const runtime: Record<(typeof RUNTIME_NAMES)[number], unknown> = {
  T: LuauTable,
  index: ops.index,
  setIndex: ops.setIndex,
  get,
  set,
  callValue: ops.callValue,
  callMethodValue: ops.callMethodValue,
  first,
  all,
  NONE,
  add: ops.add,
  sub: ops.sub,
  mul: ops.mul,
  div: ops.div,
  modulo: ops.modulo,
  power: ops.power,
  idiv: ops.idiv,
  unm: ops.unm,
  concat: ops.concat,
  len: ops.len,
  equals: ops.equals,
  lessThan: ops.lessThan,
  lessEqual: ops.lessEqual,
  greaterThan: (a: unknown, b: unknown) => ops.lessThan(b, a),
  greaterEqual: (a: unknown, b: unknown) => ops.lessEqual(b, a),
  toStringMeta: ops.toStringMeta,
  forIn: ops.forIn,
  forNumber,
  tableFromArray: LuauTable.fromArray,
  tableBuild,
  pow: ops.pow,
  mod: ops.modulo,
};

export class CompiledChunk {
  constructor(
    readonly js: string,
    readonly id: number,
  ) {}
}

// The compiler (lexer, parser, codegen: ~80 KB of code) is loaded on first use: a run whose chunks
// all come precompiled (a built executable, a compile-cache hit) never needs it.
let compiler: { parse: typeof parse; generate: typeof generate; LuauSyntaxError: typeof LuauSyntaxError } | undefined;

function loadCompiler(): NonNullable<typeof compiler> {
  return (compiler ??= {
    parse: (require("./luau/parser") as typeof import("./luau/parser")).parse,
    generate: (require("./luau/codegen") as typeof import("./luau/codegen")).generate,
    LuauSyntaxError: (require("./luau/lexer") as typeof import("./luau/lexer")).LuauSyntaxError,
  });
}

/** Compiles Luau source; a syntax error becomes a LuauError `name:line: message`. */
export function compileChunk(source: string, name: string): CompiledChunk {
  const { parse, generate, LuauSyntaxError } = loadCompiler();
  const id = registerChunk(name);
  try {
    const js = generate(parse(source).body, id);
    registerCallSiteMarks(id, js);
    return new CompiledChunk(js, id);
  } catch (e) {
    if (e instanceof LuauSyntaxError) throw new LuauError(`${name}:${e.line}: ${e.reason}`);
    // nesting deeper than the compiler's own stack allows
    if (e instanceof RangeError) throw new LuauError(`${name}:1: Exceeded allowed recursion depth; simplify your expression to make the code compile`);
    throw e;
  }
}

const SOURCE_URL_END = /luau#(\d+)\n$/;

/**
 * A chunk from the JS of an earlier compileChunk (embedded by `bune build`, or the compile cache),
 * so nothing is lexed, parsed or generated again. Codegen writes the chunk id into the closing
 * sourceURL and into every function's name (`name$<id>_<line>`, which debug.info reads); both are
 * renumbered for the id registered here. String literals are skipped (codegen writes only
 * double-quoted ones), so a Luau string that looks like a function name stays as it is.
 */
export function chunkFromJs(js: string, name: string): CompiledChunk {
  const old = SOURCE_URL_END.exec(js)?.[1];
  if (old === undefined) throw new Error(`not the JS of a compiled chunk: ${name}`);
  const id = registerChunk(name);
  let renumbered = js.replace(SOURCE_URL_END, `luau#${id}\n`);
  if (old !== String(id)) {
    const pieces = new RegExp(`"(?:[^"\\\\]|\\\\.)*"|\\$${old}_(?=\\d+\\()`, "g");
    renumbered = renumbered.replace(pieces, (m) => (m[0] === '"' ? m : `$${id}_`));
  }
  registerCallSiteMarks(id, renumbered);
  return new CompiledChunk(renumbered, id);
}

interface ChunkEnv {
  env: LuauTable;
  set: (env: LuauTable) => void;
}
/** The global table of each instantiated chunk, by its main function and by chunk id (getfenv). */
const envByMain = new WeakMap<Function, ChunkEnv>();
const envById = new Map<number, ChunkEnv>();

export function chunkEnvironment(key: Function | number): ChunkEnv | undefined {
  return typeof key === "number" ? envById.get(key) : envByMain.get(key);
}

/** Evaluates a compiled chunk into its main function, with `env` as its global table. */
export function instantiate(chunk: CompiledChunk, env: LuauTable): ChunkFunction {
  const factory = (0, eval)(chunk.js) as (r: unknown, env: LuauTable) => [ChunkFunction, (env: LuauTable) => void];
  const [main, setEnv] = factory(runtime, env);
  const record: ChunkEnv = {
    env,
    set(t) {
      record.env = t;
      setEnv(t);
    },
  };
  envByMain.set(main, record);
  envById.set(chunk.id, record);
  return main;
}

export function loadChunk(source: string, name: string, env: LuauTable): ChunkFunction {
  return instantiate(compileChunk(source, name), env);
}
