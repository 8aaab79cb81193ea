// The luau-lsp type definitions (`types.d.luau` next to each library, installed by `bune setup`):
// every file parses and compiles with bune's own compiler, and what each module declares matches
// what it exports at run time — every exported function and field is declared and every declared
// one exists, recursively through sub-tables (net.tcp, socket.dns). Userdata methods are types in
// the definitions and are not compared here. `bune setup` installs them all.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileChunk } from "../runtime/chunk";
import type { Block, Expr, TableItem } from "../runtime/luau/ast";
import { parse } from "../runtime/luau/parser";
import { LuauTable } from "../runtime/table";
import { TYPEDEFS } from "../stdlib/lune/cli/setup";
import { LIBRARIES } from "../stdlib/lune/libraries";
import { HOST_MODULES } from "../stdlib/modules";
import { bune, removeDir, ROOT, tempDir } from "./lune_harness";

/** What a definition file says a module member is. */
type Decl = { kind: "function" } | { kind: "value" } | { kind: "table"; fields: Map<string, Decl> };

const FUNCTION: Decl = { kind: "function" };
const VALUE: Decl = { kind: "value" };

/**
 * The module a definition file returns, read from the shapes the files use: `local m = {}` or a
 * table constructor, `function m.a.b()`, `m.a = <expr>`, and `return m`. Types are dropped by the
 * parser, so `m.x = (nil :: any) :: T` is a value.
 */
function declaredModule(body: Block): Decl {
  const locals = new Map<string, Decl>();
  const declOf = (e: Expr): Decl => {
    if (e.k === "Function") return FUNCTION;
    if (e.k === "Table") return tableDecl(e.items);
    if (e.k === "Name" && locals.has(e.name)) return locals.get(e.name)!;
    return VALUE;
  };
  const tableDecl = (items: TableItem[]): Decl => {
    const fields = new Map<string, Decl>();
    for (const item of items) {
      if (item.k === "Keyed" && item.key.k === "String") fields.set(item.key.value, declOf(item.value));
    }
    return { kind: "table", fields };
  };
  /** Sets the member an index chain (`m.a.b`) names. */
  const assign = (target: Expr, decl: Decl): void => {
    if (target.k !== "Index" || target.key.k !== "String") throw new Error(`unexpected assignment target ${target.k}`);
    const owner = target.obj.k === "Name" ? locals.get(target.obj.name) : undefined;
    const parent = owner ?? (target.obj.k === "Index" ? memberOf(target.obj) : undefined);
    if (parent?.kind !== "table") throw new Error(`assignment to a field of something that is not a declared table (line ${target.line})`);
    parent.fields.set(target.key.value, decl);
  };
  const memberOf = (e: Expr): Decl | undefined => {
    if (e.k === "Name") return locals.get(e.name);
    if (e.k === "Index" && e.key.k === "String") {
      const parent = memberOf(e.obj);
      return parent?.kind === "table" ? parent.fields.get(e.key.value) : undefined;
    }
    return undefined;
  };
  for (const stat of body) {
    if (stat.k === "Local") stat.names.forEach((n, i) => locals.set(n, stat.values[i] === undefined ? VALUE : declOf(stat.values[i])));
    else if (stat.k === "LocalFunction") locals.set(stat.name, FUNCTION);
    else if (stat.k === "FunctionStat") assign(stat.target, FUNCTION);
    else if (stat.k === "Assign") stat.targets.forEach((t, i) => assign(t, stat.values[i] === undefined ? VALUE : declOf(stat.values[i])));
    else if (stat.k === "Return") return declOf(stat.values[0]);
  }
  throw new Error("the definition file returns nothing");
}

/** Differences between a declaration and the run-time value at `path`. */
function compare(path: string, decl: Decl, actual: unknown, out: string[]): void {
  if (decl.kind === "function") {
    if (typeof actual !== "function") out.push(`${path} is declared as a function but is ${actual === undefined ? "missing" : typeof actual}`);
    return;
  }
  if (decl.kind === "value") {
    if (actual === undefined) out.push(`${path} is declared but missing`);
    else if (typeof actual === "function") out.push(`${path} is a function but is declared as a value`);
    return;
  }
  if (!(actual instanceof LuauTable)) {
    out.push(`${path} is declared as a table but is ${actual === undefined ? "missing" : typeof actual}`);
    return;
  }
  const seen = new Set<string>();
  for (const [k, v] of actual.entries()) {
    const key = String(k);
    seen.add(key);
    const d = decl.fields.get(key);
    if (d === undefined) out.push(`${path}.${key} (${typeof v === "function" ? "function" : typeof v}) has no definition`);
    else compare(`${path}.${key}`, d, v, out);
  }
  for (const [key, d] of decl.fields) if (!seen.has(key)) compare(`${path}.${key}`, d, undefined, out);
}

function build(module: string): LuauTable {
  const lune = /^@lune\/(.+)$/.exec(module);
  if (lune) return LIBRARIES[lune[1]]({ args: [] });
  return HOST_MODULES[module]();
}

describe("type definitions", () => {
  test("every builtin module has a definition file", () => {
    const builtins = [...Object.keys(LIBRARIES).map((n) => `@lune/${n}`), ...Object.keys(HOST_MODULES)].sort();
    const covered = TYPEDEFS.flatMap((t) => t.modules).sort();
    expect(covered).toEqual(builtins);
  });

  for (const def of TYPEDEFS) {
    describe(def.modules.join(", "), () => {
      const source = readFileSync(def.file, "utf8");

      test("parses and compiles with bune's compiler", () => {
        expect(() => compileChunk(source, def.file)).not.toThrow();
      });

      test("declares exactly what the module exports", () => {
        const declared = declaredModule(parse(source).body);
        for (const module of def.modules) {
          const problems: string[] = [];
          compare(module, declared, build(module), problems);
          expect(problems).toEqual([]);
        }
      });
    });
  }
});

test("bune setup installs every definition file", async () => {
  const dir = tempDir();
  try {
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
    const r = await bune(["setup"], { cwd: dir, env: { HOME: dir } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`"@eryx/": "~/.lune/.typedefs/${version}/eryx/"`);
    for (const t of TYPEDEFS) {
      expect(readFileSync(join(dir, ".lune", ".typedefs", version, t.install), "utf8")).toBe(readFileSync(t.file, "utf8"));
    }
  } finally {
    removeDir(dir);
  }
});
