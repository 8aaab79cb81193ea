// Luau syntax tree → JavaScript source. Every Luau function becomes a JS generator function so any
// call can yield; calls to plain (non-generator) host functions are made directly.
//
// The output keeps every statement on its Luau source line (the chunk's first line holds the wrapper),
// so JS stack frames carry Luau line numbers. Runtime helpers are reached through `$`-prefixed names
// bound once per chunk (see RUNTIME_NAMES); Luau locals become `name$N`, never starting with `$`.
import type { BinaryOp, Block, Expr, FunctionBody, Stat } from "./ast";
import { LuauSyntaxError } from "./lexer";
import type { LocalStat } from "./parser";

/** Runtime helpers the emitted code uses; chunk.ts provides an object with exactly these keys. */
export const RUNTIME_NAMES = [
  "T", "index", "setIndex", "get", "set", "callValue", "callMethodValue", "first", "all", "NONE",
  "add", "sub", "mul", "div", "modulo", "power", "idiv", "unm", "concat", "len", "equals", "lessThan",
  "lessEqual", "greaterThan", "greaterEqual", "toStringMeta", "forIn", "forNumber", "tableFromArray", "tableBuild", "pow", "mod",
] as const;

interface LocalVar {
  js: string;
  isConst: boolean;
  /** A `local function` never assigned again: calls to it can skip the protocol checks. */
  knownFunction?: boolean;
  /** ... and it cannot yield, so it was emitted as a plain JS function. */
  plain?: boolean;
}

class Scope {
  vars = new Map<string, LocalVar>();
  constructor(readonly parent: Scope | undefined) {}
  lookup(name: string): LocalVar | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }
}

class FnState {
  temps = 0;
  maxTemps = 0;
  vararg: boolean;
  constructor(vararg: boolean) {
    this.vararg = vararg;
  }
}

/** Arithmetic: the helper for the general case and the JS form for two numbers. */
const ARITH: Partial<Record<BinaryOp, [string, (a: string, b: string) => string]>> = {
  "+": ["add", (a, b) => `${a} + ${b}`],
  "-": ["sub", (a, b) => `${a} - ${b}`],
  "*": ["mul", (a, b) => `${a} * ${b}`],
  "/": ["div", (a, b) => `${a} / ${b}`],
  "%": ["modulo", (a, b) => `${a} - Math.floor(${a} / ${b}) * ${b}`],
  "^": ["power", (a, b) => `$pow(${a}, ${b})`],
  "//": ["idiv", (a, b) => `Math.floor(${a} / ${b})`],
};

function isMulti(e: Expr): boolean {
  return e.k === "Call" || e.k === "Method" || e.k === "Vararg";
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JS_RESERVED = new Set(["__proto__", "constructor"]);

export function generate(body: Block, chunkId: number): string {
  return new CodeGen().chunk(body, chunkId);
}

class CodeGen {
  private out: string[] = [];
  private line = 1;
  private scope = new Scope(undefined);
  private fn = new FnState(true);
  private uid = 0;

  /** Names that are ever assignment targets in the chunk (by name, so conservatively). */
  private assignedNames = new Set<string>();

  private chunkId = 0;

  chunk(body: Block, chunkId: number): string {
    this.chunkId = chunkId;
    collectAssignedNames(body, this.assignedNames);
    const binds = RUNTIME_NAMES.map((n) => `${n}: $${n}`).join(", ");
    // sloppy mode on purpose: strict code gets proper tail calls, which would drop Luau frames
    this.emit(`(function($R, $E) { const { ${binds} } = $R; return [function* main$${chunkId}_0(...$va) { `);
    const declAt = this.out.length;
    this.out.push("");
    this.block(body, false);
    // the second function lets setfenv replace this chunk's global table
    this.emit(` return $NONE; }, (env) => { $E = env; }]; })\n//# sourceURL=luau#${chunkId}\n`);
    this.out[declAt] = this.tempDecl();
    return this.out.join("");
  }

  // ---- output with line tracking

  /** Appends code. Lines are counted where newlines are made (at, pad), never here: code built
   * as a string (a nested function, padded arguments) was counted when it was built. */
  private emit(s: string): void {
    this.out.push(s);
  }

  /** Moves the output to source line `line` (never backwards). */
  private at(line: number): void {
    if (line > this.line) {
      this.out.push("\n".repeat(line - this.line));
      this.line = line;
    }
  }

  /** Line padding inside an expression, used only where a newline cannot change JS's parse. */
  private pad(line: number): string {
    if (line > this.line) {
      const n = line - this.line;
      this.line = line;
      return "\n".repeat(n);
    }
    return "";
  }

  /** Expressions whose JS text can be repeated without re-evaluating anything (literals, locals). */
  private isSimple(e: Expr): boolean {
    return isConstant(e) || (e.k === "Name" && this.scope.lookup(e.name) !== undefined);
  }

  private error(msg: string, line: number): never {
    throw new LuauSyntaxError(msg, line);
  }

  private temp(): string {
    const n = this.fn.temps++;
    if (this.fn.temps > this.fn.maxTemps) this.fn.maxTemps = this.fn.temps;
    return `$${n}`;
  }

  private release(n: number): void {
    this.fn.temps -= n;
  }

  private tempDecl(): string {
    const names = ["$v", "$r"];
    for (let i = 0; i < this.fn.maxTemps; i++) names.push(`$${i}`);
    return `let ${names.join(", ")};`;
  }

  private declare(name: string, isConst = false): string {
    const js = `${name}$${++this.uid}`;
    this.scope.vars.set(name, { js, isConst });
    return js;
  }

  private pushScope(): void {
    this.scope = new Scope(this.scope);
  }

  private popScope(): void {
    this.scope = this.scope.parent!;
  }

  // ---- statements

  private block(body: Block, scoped = true): void {
    if (scoped) this.pushScope();
    for (const s of body) this.stat(s);
    if (scoped) this.popScope();
  }

  private stat(s: Stat): void {
    this.at(s.line);
    switch (s.k) {
      case "Local":
        return this.localStat(s as LocalStat);
      case "Assign":
        return this.assign(s.targets, s.values, s.line);
      case "Compound":
        return this.compound(s.op, s.target, s.value, s.line);
      case "CallStat":
        this.emit(this.callRaw(s.call) + "; ");
        return;
      case "Do":
        this.emit("{ ");
        this.block(s.body);
        this.emit(" } ");
        return;
      case "While":
        this.emit(`while (${this.cond(s.cond)}) { `);
        this.block(s.body);
        this.emit(" } ");
        return;
      case "Repeat":
        return this.repeat(s.body, s.cond);
      case "If":
        for (let i = 0; i < s.conds.length; i++) {
          if (i > 0) this.at(s.conds[i].line);
          this.emit(`${i > 0 ? " else " : ""}if (${this.cond(s.conds[i])}) { `);
          this.block(s.blocks[i]);
          this.emit(" }");
        }
        if (s.orelse) {
          this.emit(" else { ");
          this.block(s.orelse);
          this.emit(" }");
        }
        this.emit(" ");
        return;
      case "NumFor":
        return this.numFor(s);
      case "GenFor":
        return this.genFor(s);
      case "FunctionStat": {
        this.assignTo(s.target, () => this.functionExpr(s.fn), s.line);
        return;
      }
      case "LocalFunction": {
        const js = this.declare(s.name);
        const v = this.scope.vars.get(s.name)!;
        if (!this.assignedNames.has(s.name)) {
          v.knownFunction = true;
          v.plain = this.cannotYield(s.fn, s.name);
        }
        this.emit(`let ${js}; ${js} = ${this.functionExpr(s.fn, v.plain)}; `);
        return;
      }
      case "Return":
        this.emit(`return ${this.returnValues(s.values)}; `);
        return;
      case "Break":
        this.emit("break; ");
        return;
      case "Continue":
        this.emit(this.continueLabel ? `break ${this.continueLabel}; ` : "continue; ");
        return;
    }
  }

  /** Set while compiling the body of a `repeat` that uses `continue` (it must reach the condition). */
  private continueLabel: string | undefined;

  private localStat(s: LocalStat): void {
    const { names, values } = s;
    if (values.length === 0) {
      const js = names.map((n) => this.declare(n, s.consts));
      this.emit(`let ${js.join(", ")}; `);
      return;
    }
    // every value is evaluated before the new locals come into scope
    const parts: string[] = [];
    if (names.length === 1 && values.length === 1) {
      const v = this.expr(values[0]);
      this.emit(`let ${this.declare(names[0], s.consts)} = ${v}; `);
      return;
    }
    const last = values[values.length - 1];
    if (values.length < names.length && isMulti(last)) {
      const fixed: string[] = [];
      for (const v of values.slice(0, -1)) {
        const ti = this.temp();
        fixed.push(ti);
        parts.push(`${ti} = ${this.expr(v)}`);
      }
      const t = this.temp();
      parts.push(`${t} = ${this.multi(last)}`);
      this.emit(parts.join(", ") + "; ");
      const decls = names.map((n, i) => `${this.declare(n, s.consts)} = ${i < fixed.length ? fixed[i] : `${t}[${i - fixed.length}]`}`);
      this.emit(`let ${decls.join(", ")}; `);
      this.release(fixed.length + 1);
      return;
    }
    const temps: string[] = [];
    for (let i = 0; i < values.length; i++) {
      if (i < names.length) {
        const t = this.temp();
        temps.push(t);
        parts.push(`${t} = ${this.expr(values[i])}`);
      } else {
        parts.push(this.exprForEffect(values[i]));
      }
    }
    this.emit(parts.join(", ") + "; ");
    const decls = names.map((n, i) => `${this.declare(n, s.consts)}${i < temps.length ? ` = ${temps[i]}` : ""}`);
    this.emit(`let ${decls.join(", ")}; `);
    this.release(temps.length);
  }

  /** An expression evaluated only for its side effects (extra values in an assignment). */
  private exprForEffect(e: Expr): string {
    return isMulti(e) ? this.callOrVarargRaw(e) : this.expr(e);
  }

  private checkAssignable(target: Expr, line: number): void {
    if (target.k === "Name") {
      const v = this.scope.lookup(target.name);
      if (v?.isConst) this.error(`Variable '${target.name}' is constant and may not be reassigned`, line);
    }
  }

  private assign(targets: Expr[], values: Expr[], line: number): void {
    for (const t of targets) this.checkAssignable(t, line);
    if (targets.length === 1 && values.length === 1) {
      this.assignTo(targets[0], () => this.expr(values[0]), line);
      return;
    }
    // target prefixes and keys, then values, left to right; then the stores, left to right
    const parts: string[] = [];
    let used = 0;
    const prepared: { obj?: string; key?: string; target: Expr }[] = [];
    for (const t of targets) {
      if (t.k === "Index") {
        const o = this.temp();
        const k = this.temp();
        used += 2;
        parts.push(`${o} = ${this.expr(t.obj)}`, `${k} = ${this.expr(t.key)}`);
        prepared.push({ obj: o, key: k, target: t });
      } else prepared.push({ target: t });
    }
    const vals: string[] = [];
    const last = values[values.length - 1];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i === values.length - 1 && isMulti(last) && values.length < targets.length) {
        const m = this.temp();
        used++;
        parts.push(`${m} = ${this.multi(v)}`);
        for (let j = i; j < targets.length; j++) vals.push(`${m}[${j - i}]`);
      } else if (i < targets.length) {
        const t = this.temp();
        used++;
        parts.push(`${t} = ${this.expr(v)}`);
        vals.push(t);
      } else {
        parts.push(this.exprForEffect(v));
      }
    }
    while (vals.length < targets.length) vals.push("undefined");
    this.emit(parts.join(", ") + "; ");
    prepared.forEach((p, i) => {
      if (p.obj !== undefined) this.emit(`$set(${p.obj}, ${p.key}, ${vals[i]}); `);
      else this.assignTo(p.target, () => vals[i], line);
    });
    this.release(used);
  }

  /**
   * Stores a value into a Luau target. The value's code is built by `value()` only after the
   * target's temps are taken, so its own temps cannot overwrite them.
   */
  private assignTo(target: Expr, value: () => string, line: number): void {
    if (target.k === "Name") {
      const v = this.scope.lookup(target.name);
      if (v) {
        this.emit(`${v.js} = ${value()}; `);
        return;
      }
      const w = this.temp();
      this.emit(`${w} = ${value()}; ${this.fieldStore("$E", target.name, w)} `);
      this.release(1);
      return;
    }
    if (target.k !== "Index") this.error("Assigned expression must be a variable or a field", line);
    const o = this.temp();
    const w = this.temp();
    if (target.key.k === "String") {
      const obj = this.expr(target.obj);
      this.emit(`${o} = ${obj}; ${w} = ${value()}; ${this.fieldStore(o, target.key.value, w)} `);
      this.release(2);
      return;
    }
    const k = this.temp();
    const obj = this.expr(target.obj);
    const key = this.expr(target.key);
    this.emit(`${o} = ${obj}; ${k} = ${key}; ${w} = ${value()}; $set(${o}, ${k}, ${w}); `);
    this.release(3);
  }

  /** `obj.name = value` with the plain-table fast path inline (obj and value are simple). */
  private fieldStore(obj: string, name: string, value: string): string {
    if (!IDENT.test(name) || JS_RESERVED.has(name)) return `$setIndex(${obj}, ${JSON.stringify(name)}, ${value});`;
    return `if (${obj} instanceof $T && !${obj}.frozen && (${obj}.mt === undefined || ${obj}.h.${name} !== undefined)) ${obj}.h.${name} = ${value}; else $setIndex(${obj}, "${name}", ${value});`;
  }

  private compound(op: BinaryOp, target: Expr, value: Expr, line: number): void {
    this.checkAssignable(target, line);
    if (target.k === "Name") {
      const v = this.scope.lookup(target.name);
      const cur = v ? v.js : this.globalRead(target.name);
      this.assignTo(target, () => this.binaryOf(op, cur, this.expr(value), v !== undefined, this.isSimple(value)), line);
      return;
    }
    if (target.k !== "Index") this.error("Assigned expression must be a variable or a field", line);
    const key = target.key;
    if (key.k === "String" && IDENT.test(key.value) && !JS_RESERVED.has(key.value)) {
      // `obj.field op= value` (self.n += 1): the inline field read and store fast paths
      const o = this.temp();
      const cur = this.temp();
      const w = this.temp();
      this.emit(`${o} = ${this.expr(target.obj)}; ${cur} = ${this.indexOn(o, true, key)}; `);
      this.emit(`${w} = ${this.binaryOf(op, cur, this.expr(value), true, this.isSimple(value))}; ${this.fieldStore(o, key.value, w)} `);
      this.release(3);
      return;
    }
    const o = this.temp();
    const k = this.temp();
    const cur = `$index(${o}, ${k})`;
    this.emit(`${o} = ${this.expr(target.obj)}; ${k} = ${this.expr(target.key)}; `);
    this.emit(`$setIndex(${o}, ${k}, ${this.binaryOf(op, cur, this.expr(value), false, this.isSimple(value))}); `);
    this.release(2);
  }

  private repeat(body: Block, cond: Expr): void {
    const usesContinue = containsContinue(body);
    this.pushScope();
    if (!usesContinue) {
      this.emit("while (true) { ");
      for (const s of body) this.stat(s);
      this.emit(` if (${this.cond(cond)}) break; } `);
      this.popScope();
      return;
    }
    // `continue` must still evaluate the condition, which can see the body's locals: those are
    // declared before a labelled block that `continue` breaks out of
    const label = `$c${++this.uid}`;
    this.emit("while (true) { ");
    const declIdx = this.out.length;
    this.out.push("");
    this.emit(`${label}: { `);
    const saved = this.continueLabel;
    this.continueLabel = label;
    const before = new Set(this.scope.vars.values());
    for (const s of body) this.stat(s);
    this.continueLabel = saved;
    const hoisted = [...this.scope.vars.values()].filter((v) => !before.has(v)).map((v) => v.js);
    this.emit(` } if (${this.cond(cond)}) break; } `);
    this.popScope();
    if (hoisted.length > 0) {
      this.out[declIdx] = `let ${hoisted.join(", ")}; `;
      // the body's own `let` declarations become assignments to the hoisted bindings
      const decl = new RegExp(`let (${hoisted.map((h) => h.replace(/\$/g, "\\$")).join("|")})(?![\\w$])`, "g");
      for (let i = declIdx + 1; i < this.out.length; i++) this.out[i] = this.out[i].replace(decl, "$1");
    }
  }

  private numFor(s: Extract<Stat, { k: "NumFor" }>): void {
    const start = this.expr(s.start);
    const limit = this.expr(s.limit);
    const step = s.step ? this.expr(s.step) : "1";
    const id = ++this.uid;
    const [i, l, st] = [`$i${id}`, `$l${id}`, `$s${id}`];
    const knownStep = s.step === undefined ? 1 : s.step.k === "Number" ? s.step.value : s.step.k === "Unary" && s.step.op === "-" && s.step.e.k === "Number" ? -s.step.e.value : undefined;
    let test: string;
    if (knownStep === undefined) test = `${st} > 0 ? ${i} <= ${l} : ${st} < 0 && ${i} >= ${l}`;
    else if (knownStep > 0) test = `${i} <= ${l}`;
    else if (knownStep < 0) test = `${i} >= ${l}`;
    else test = "false";
    // control variables live outside the `for` header: JSC makes per-iteration copies of header
    // bindings, which is 20x slower (and the body's own locals are fresh per iteration anyway)
    this.emit(`{ let ${i} = ${start}, ${l} = ${limit}, ${st} = ${step}; `);
    this.emit(`if (typeof ${i} !== "number" || typeof ${l} !== "number" || typeof ${st} !== "number") [${i}, ${l}, ${st}] = $forNumber(${i}, ${l}, ${st}); `);
    this.emit(`for (; ${test}; ${i} += ${st}) { `);
    this.pushScope();
    const v = this.declare(s.name);
    this.emit(`let ${v} = ${i}; `);
    this.block(s.body, false);
    this.popScope();
    this.emit(" } } ");
  }

  private genFor(s: Extract<Stat, { k: "GenFor" }>): void {
    const id = ++this.uid;
    const it = `$it${id}`;
    const r = `$r${id}`;
    const f = `$f${id}`;
    let init: string;
    const exprs = s.exprs;
    if (exprs.length === 1 && isMulti(exprs[0])) init = `$forIn(...${this.multi(exprs[0])})`;
    else if (exprs.length >= 3 || !isMulti(exprs[exprs.length - 1])) {
      const vals = exprs.slice(0, 3).map((e) => this.expr(e));
      const rest = exprs.slice(3).map((e) => this.exprForEffect(e));
      init = rest.length ? `(${[...rest].join(", ")}, $forIn(${vals.join(", ")}))` : `$forIn(${vals.join(", ")})`;
    } else {
      const vals = exprs.slice(0, -1).map((e) => this.expr(e));
      init = `$forIn(${vals.join(", ")}, ...${this.multi(exprs[exprs.length - 1])})`;
    }
    this.emit(`{ const ${it} = ${init}; for (;;) { `);
    this.pushScope();
    const vars = s.names.map((n) => this.declare(n));
    const assignFromR = vars.map((v, i) => `${v} = ${r}[${i}]`).join("; ");
    this.emit(`let ${vars.join(", ")}; `);
    this.emit(`if (${it}.fast) { if (!${it}.step()) break; ${vars[0]} = ${it}.k; ${vars.length > 1 ? `${vars[1]} = ${it}.v; ` : ""}} `);
    this.emit(`else { const ${f} = ${it}.f; const ${r} = ${f}.$g ? yield* ${f}(${it}.s, ${it}.c) : ${f}(${it}.s, ${it}.c); `);
    this.emit(`if (Array.isArray(${r})) { ${assignFromR}; } else ${vars[0]} = ${r}; if (${vars[0]} === undefined) break; ${it}.c = ${vars[0]}; } `);
    this.block(s.body, false);
    this.popScope();
    this.emit(" } } ");
  }

  private returnValues(values: Expr[]): string {
    if (values.length === 0) return "$NONE";
    if (values.length === 1) {
      const v = values[0];
      if (v.k === "Call" || v.k === "Method") return this.callRaw(v);
      if (v.k === "Vararg") return "$va";
      return this.expr(v);
    }
    return this.list(values);
  }

  /** A JS array expression holding the values of an expression list (the last one expanded). */
  private list(values: Expr[]): string {
    if (values.length === 0) return "[]";
    const last = values[values.length - 1];
    const parts = values.slice(0, -1).map((v) => this.expr(v));
    if (isMulti(last)) {
      if (parts.length === 0) return this.multi(last);
      parts.push("..." + this.multi(last));
    } else parts.push(this.expr(last));
    return `[${parts.join(", ")}]`;
  }

  // ---- functions

  /**
   * Whether a function body can never yield: it makes no calls except to known plain local
   * functions (itself included, by `selfName`) and has no generic `for` (iterators are calls).
   * Operators and indexing only reach metamethods synchronously, so they cannot yield.
   */
  private cannotYield(f: FunctionBody, selfName?: string): boolean {
    const declared = new Set<string>(f.params);
    let ok = true;
    const visit = (node: unknown): void => {
      if (!ok || node === null || typeof node !== "object") return;
      if (Array.isArray(node)) {
        for (const n of node) visit(n);
        return;
      }
      const n = node as Record<string, unknown>;
      switch (n.k) {
        case "Function":
          return; // a nested function is compiled on its own
        case "GenFor":
        case "Method":
          ok = false;
          return;
        case "Local":
          for (const name of n.names as string[]) declared.add(name);
          break;
        case "LocalFunction":
        case "NumFor":
          declared.add(n.name as string);
          break;
        case "Call": {
          const fn = n.fn as Expr;
          const known =
            fn.k === "Name" &&
            !declared.has(fn.name) &&
            (fn.name === selfName || this.scope.lookup(fn.name)?.plain === true);
          if (!known) {
            ok = false;
            return;
          }
          break;
        }
      }
      for (const key in n) if (key !== "k") visit(n[key]);
    };
    visit(f.body);
    return ok;
  }

  private functionExpr(f: FunctionBody, plain = this.cannotYield(f)): string {
    const savedFn = this.fn;
    const savedScope = this.scope;
    const savedLabel = this.continueLabel;
    this.continueLabel = undefined;
    this.fn = new FnState(f.vararg);
    this.scope = new Scope(savedScope);
    const params = f.params.map((p) => this.declare(p));
    if (f.vararg) params.push("...$va");
    const name = jsFunctionName(f.name, this.chunkId, f.line);
    const start = this.out.length;
    this.at(f.line);
    const header = `function${plain ? "" : "*"} ${name}(${params.join(", ")}) { `;
    this.out.push(header, "");
    const declIdx = this.out.length - 1;
    this.block(f.body, false);
    const last = f.body[f.body.length - 1];
    this.emit(last?.k === "Return" ? "}" : " return $NONE; }");
    this.out[declIdx] = this.tempDecl();
    const code = this.out.splice(start).join("");
    this.fn = savedFn;
    this.scope = savedScope;
    this.continueLabel = savedLabel;
    return code;
  }

  // ---- expressions

  /** A condition as a JS boolean expression. */
  private cond(e: Expr): string {
    switch (e.k) {
      case "True":
        return "true";
      case "False":
      case "Nil":
        return "false";
      case "Binary":
        if (isComparison(e.op)) return this.expr(e);
        if (e.op === "and") return `(${this.cond(e.l)} && ${this.cond(e.r)})`;
        if (e.op === "or") return `(${this.cond(e.l)} || ${this.cond(e.r)})`;
        break;
      case "Unary":
        if (e.op === "not") return `!${this.cond(e.e)}`;
        break;
      case "Paren":
        return this.cond(e.e);
    }
    if (this.isSimple(e)) {
      const v = this.expr(e);
      return `(${v} !== undefined && ${v} !== false)`;
    }
    const t = this.temp();
    const r = `((${t} = ${this.expr(e)}) !== undefined && ${t} !== false)`;
    this.release(1);
    return r;
  }

  /** A single-value JS expression. */
  expr(e: Expr): string {
    switch (e.k) {
      case "Nil":
        return "undefined";
      case "True":
        return "true";
      case "False":
        return "false";
      case "Number":
        return numberLiteral(e.value);
      case "String":
        return jsString(e.value);
      case "Vararg":
        return "$va[0]";
      case "Function":
        return `(${this.functionExpr(e.fn)})`;
      case "Table":
        return this.table(e);
      case "Name": {
        const v = this.scope.lookup(e.name);
        return v ? v.js : this.globalRead(e.name);
      }
      case "Index":
        return this.index(e.obj, e.key);
      case "Call":
      case "Method":
        return `$first(${this.callRaw(e)})`;
      case "Paren":
        return this.expr(e.e);
      case "IfElse":
        return `(${this.cond(e.cond)} ? ${this.expr(e.then)} : ${this.expr(e.else)})`;
      case "Interp": {
        const parts: string[] = [];
        e.strings.forEach((s, i) => {
          if (s !== "") parts.push(jsString(s));
          if (i < e.exprs.length) parts.push(`$toStringMeta(${this.expr(e.exprs[i])})`);
        });
        return parts.length === 0 ? '""' : `(${parts.join(" + ")})`;
      }
      case "Unary":
        return this.unary(e.op, e.e);
      case "Binary":
        return this.binary(e.op, e.l, e.r);
    }
  }

  /** A JS array of all the values of a multi-value expression (call or `...`). */
  private multi(e: Expr): string {
    if (e.k === "Vararg") return "$va";
    return `$all(${this.callRaw(e)})`;
  }

  private callOrVarargRaw(e: Expr): string {
    return e.k === "Vararg" ? "$va" : this.callRaw(e);
  }

  private globalRead(name: string): string {
    if (!IDENT.test(name) || JS_RESERVED.has(name)) return `$index($E, ${JSON.stringify(name)})`;
    return `(($v = $E.h.${name}) !== undefined ? $v : $index($E, "${name}"))`;
  }

  private index(obj: Expr, key: Expr): string {
    return this.indexOn(this.prefix(obj), this.isSimple(obj), key);
  }

  /** `o[key]` where `o` is the JS of the already-built object (`simple`: repeatable). */
  private indexOn(o: string, simple: boolean, key: Expr): string {
    const p = this.pad(key.line);
    if (key.k === "String" && IDENT.test(key.value) && !JS_RESERVED.has(key.value)) {
      const name = key.value;
      if (simple) return `(${o} instanceof $T && ($v = ${o}.h.${name}) !== undefined ? $v : $index(${o}, ${p}"${name}"))`;
      const t = this.temp();
      const r = `((${t} = ${o}) instanceof $T && ($v = ${t}.h.${name}) !== undefined ? $v : $index(${t}, ${p}"${name}"))`;
      this.release(1);
      return r;
    }
    return `$get(${o}, ${p}${this.expr(key)})`;
  }

  /** The raw result of a call (a value or an array of values). */
  private callRaw(e: Expr): string {
    if (e.k === "Method") return this.methodCall(e, this.prefix(e.obj));
    if (e.k !== "Call") throw new Error("not a call");
    const known = e.fn.k === "Name" ? this.scope.lookup(e.fn.name) : undefined;
    if (known?.knownFunction) {
      // a Luau function for sure: arguments go straight into the call, in order
      const args = e.args.map((a, i) => (i === e.args.length - 1 && isMulti(a) ? `...${this.multi(a)}` : this.pad(a.line) + this.expr(a)));
      return `(${this.callSiteMark(e.line)}${known.plain ? "" : "yield* "}${known.js}(${args.join(", ")}))`;
    }
    return this.callOn(this.prefix(e.fn), e);
  }

  /** A call of the already-built function expression `fn`. */
  private callOn(fn: string, e: Extract<Expr, { k: "Call" }>): string {
    const used: number[] = [];
    const f = this.temp();
    const setup = [`${f} = ${fn}`];
    const args = this.args(e.args, setup, used);
    const r = `(${setup.join(", ")}, ${this.callSiteMark(e.line)}typeof ${f} === "function" ? (${f}.$g ? yield* ${f}(${args}) : ${f}(${args})) : yield* $callValue(${f}, [${args}]))`;
    this.release(1 + used.length);
    return r;
  }

  /** `obj:name(...)` on the already-built object expression `obj`. */
  private methodCall(e: Extract<Expr, { k: "Method" }>, obj: string): string {
    const used: number[] = [];
    const o = this.temp();
    const f = this.temp();
    const name = e.name;
    // methods usually live one __index table up (the class): that step is inline too
    const lookup = IDENT.test(name) && !JS_RESERVED.has(name)
      ? `(${o} instanceof $T && (($v = ${o}.h.${name}) !== undefined || (${o}.mt !== undefined && ($v = ${o}.mt.h.__index) instanceof $T && ($v = $v.h.${name}) !== undefined)) ? $v : $index(${o}, "${name}"))`
      : `$index(${o}, ${jsString(name)})`;
    const setup = [`${o} = ${obj}`, `${f} = ${lookup}`];
    const args = this.args(e.args, setup, used);
    const all = args === "" ? o : `${o}, ${args}`;
    const r = `(${setup.join(", ")}, ${this.callSiteMark(e.line)}typeof ${f} === "function" ? (${f}.$g ? yield* ${f}(${all}) : ${f}(${all})) : yield* $callMethodValue(${o}, ${jsString(name)}, ${f}, [${args}]))`;
    this.release(2 + used.length);
    return r;
  }

  /**
   * The JS of a suffix chain's prefix. Long chains (`a.b.c…`, `f()()…`, `o:m():n()…`) are written
   * as one flat comma sequence through a temp: nested JS, one level per suffix, overflows JSC's
   * parser after a few thousand levels.
   */
  private prefix(e: Expr): string {
    const chain: Expr[] = [];
    for (let cur: Expr = e; isSuffix(cur); cur = suffixPrefix(cur)) chain.push(cur);
    if (chain.length < LONG_CHAIN) return this.expr(e);
    const base = suffixPrefix(chain[chain.length - 1] as Extract<Expr, { k: "Index" | "Call" | "Method" }>);
    const t = this.temp();
    const steps = [`${t} = ${this.expr(base)}`];
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      if (node.k === "Index") steps.push(`${t} = ${this.indexOn(t, true, node.key)}`);
      else if (node.k === "Call") steps.push(`${t} = $first(${this.callOn(t, node)})`);
      else if (node.k === "Method") steps.push(`${t} = $first(${this.methodCall(node, t)})`);
    }
    this.release(1);
    return `(${steps.join(", ")})`;
  }

  /**
   * A call whose arguments span lines is invoked on the line where they end; Luau reports the
   * call's own line. A mark before the invocation (a comment holding the line) lets errors.ts
   * map frames back.
   */
  private callSiteMark(callLine: number): string {
    return this.line > callLine ? `/*@${callLine}*/` : "";
  }

  /** Evaluates call arguments into temps (pushed onto `setup`); returns the JS argument list. */
  private args(args: Expr[], setup: string[], used: number[]): string {
    const out: string[] = [];
    args.forEach((a, i) => {
      // constants are inlined into the invocation, which is written three times: never pad them
      if (isConstant(a)) {
        out.push(this.expr(a));
        return;
      }
      const p = this.pad(a.line);
      const t = this.temp();
      used.push(1);
      if (i === args.length - 1 && isMulti(a)) {
        setup.push(`${p}${t} = ${this.multi(a)}`);
        out.push(`...${t}`);
      } else {
        setup.push(`${p}${t} = ${this.expr(a)}`);
        out.push(t);
      }
    });
    return out.join(", ");
  }

  private table(e: Extract<Expr, { k: "Table" }>): string {
    const items = e.items;
    if (items.length === 0) return "new $T()";
    const positional = items.every((it) => it.k === "Item");
    if (positional) {
      const values = items.map((it) => it.value);
      return `$tableFromArray(${this.list(values)})`;
    }
    // source order: a layout string says which values are positional (p), key/value pairs (k), or a
    // final multi-value expression (m)
    let layout = "";
    const vals: string[] = [];
    items.forEach((it, i) => {
      const p = this.pad(it.value.line);
      if (it.k === "Item") {
        if (i === items.length - 1 && isMulti(it.value)) {
          layout += "m";
          vals.push(p + this.multi(it.value));
        } else {
          layout += "p";
          vals.push(p + this.expr(it.value));
        }
      } else {
        layout += "k";
        vals.push(p + this.expr(it.key), this.expr(it.value));
      }
    });
    return `$tableBuild("${layout}", [${vals.join(", ")}])`;
  }

  private unary(op: "-" | "not" | "#", e: Expr): string {
    if (op === "not") return `!${this.cond(e)}`;
    if (op === "#") return `$len(${this.expr(e)})`;
    if (e.k === "Number") return numberLiteral(-e.value);
    const v = this.expr(e);
    if (this.isSimple(e)) return `(typeof ${v} === "number" ? -${v} : $unm(${v}))`;
    return `$unm(${v})`;
  }

  private binary(op: BinaryOp, l: Expr, r: Expr): string {
    if (op === "and" || op === "or") {
      const t = this.temp();
      const left = this.expr(l);
      const right = this.expr(r);
      this.release(1);
      return op === "and"
        ? `((${t} = ${left}) === undefined || ${t} === false ? ${t} : ${right})`
        : `((${t} = ${left}) !== undefined && ${t} !== false ? ${t} : ${right})`;
    }
    if (op === "..") {
      // flatten right-associative chains: a .. b .. c
      const parts: Expr[] = [l];
      let cur: Expr = r;
      while (cur.k === "Binary" && cur.op === "..") {
        parts.push(cur.l);
        cur = cur.r;
      }
      parts.push(cur);
      const js = parts.map((p) => this.expr(p));
      let acc = js[js.length - 1];
      for (let i = js.length - 2; i >= 0; i--) acc = `$concat(${js[i]}, ${acc})`;
      return acc;
    }
    return this.binaryOf(op, this.expr(l), this.expr(r), this.isSimple(l), this.isSimple(r), l, r);
  }

  /** A binary operator on two JS expressions; `simpleL/R` say whether they may be repeated. */
  private binaryOf(op: BinaryOp, a: string, b: string, simpleL: boolean, simpleR: boolean, l?: Expr, r?: Expr): string {
    const arith = ARITH[op];
    if (arith) {
      const [helper, numeric] = arith;
      if (simpleL && !simpleR) {
        // the right operand goes to a temp so the number fast path can stay inline
        const t = this.temp();
        this.release(1);
        const check = l?.k === "Number" ? "" : `typeof ${a} === "number" && `;
        return `(${t} = ${b}, ${check}typeof ${t} === "number" ? ${numeric(a, t)} : $${helper}(${a}, ${t}))`;
      }
      if (op === "%" && simpleL && r?.k === "Number" && Number.isInteger(r.value) && r.value > 0 && r.value < 2 ** 31) {
        // an integer dividend: JS's % is exact there and much faster than the floor formula
        // (the sign fix gives Luau's floored result; `+ 0` turns -0 into 0 as Luau does)
        // (`$r` only ever holds numbers, so JSC keeps it unboxed; shared temps hold anything)
        return `(typeof ${a} === "number" ? ((${a} | 0) === ${a} ? (($r = ${a} % ${b}) < 0 ? $r + ${b} : $r + 0) : ${numeric(a, b)}) : $${helper}(${a}, ${b}))`;
      }
      if (simpleL && simpleR) {
        const checks = [l?.k === "Number" ? "" : `typeof ${a} === "number"`, r?.k === "Number" ? "" : `typeof ${b} === "number"`].filter(Boolean);
        if (checks.length === 0) return `(${numeric(a, b)})`;
        return `(${checks.join(" && ")} ? ${numeric(a, b)} : $${helper}(${a}, ${b}))`;
      }
      return `$${helper}(${a}, ${b})`;
    }
    switch (op) {
      case "..":
        return `$concat(${a}, ${b})`;
      case "==":
      case "~=": {
        const neg = op === "~=";
        // against a constant that is not a table, identity is equality (no __eq can apply)
        if ((l && isConstant(l)) || (r && isConstant(r))) return `(${a} ${neg ? "!==" : "==="} ${b})`;
        return `${neg ? "!" : ""}$equals(${a}, ${b})`;
      }
      case "<":
      case "<=":
      case ">":
      case ">=": {
        const swap = op === ">" || op === ">=";
        const [x, y] = swap ? [b, a] : [a, b];
        const helper = op === "<" || op === ">" ? "$lessThan" : "$lessEqual";
        const jsOp = op === "<" || op === ">" ? "<" : "<=";
        if (simpleL && simpleR) {
          const nl = l?.k === "Number";
          const nr = r?.k === "Number";
          const checks = [nl ? "" : `typeof ${a} === "number"`, nr ? "" : `typeof ${b} === "number"`].filter(Boolean);
          if (checks.length === 0) return `(${x} ${jsOp} ${y})`;
          return `(${checks.join(" && ")} ? ${x} ${jsOp} ${y} : ${helper}(${x}, ${y}))`;
        }
        // `a > b` evaluates a then b, then compares b < a
        if (swap) return `${op === ">" ? "$greaterThan" : "$greaterEqual"}(${a}, ${b})`;
        return `${helper}(${x}, ${y})`;
      }
    }
    throw new Error(`unknown operator ${op}`);
  }
}

function collectAssignedNames(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectAssignedNames(n, into);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  if (n.k === "Assign") for (const t of n.targets as Expr[]) if (t.k === "Name") into.add(t.name);
  if ((n.k === "Compound" || n.k === "FunctionStat") && (n.target as Expr).k === "Name") into.add((n.target as { name: string }).name);
  for (const key in n) if (key !== "k") collectAssignedNames(n[key], into);
}

/** Chains of at least this many suffixes are compiled flat (see CodeGen.prefix). */
const LONG_CHAIN = 16;

function isSuffix(e: Expr): e is Extract<Expr, { k: "Index" | "Call" | "Method" }> {
  return e.k === "Index" || e.k === "Call" || e.k === "Method";
}

function suffixPrefix(e: Extract<Expr, { k: "Index" | "Call" | "Method" }>): Expr {
  return e.k === "Index" ? e.obj : e.k === "Call" ? e.fn : e.obj;
}

function isComparison(op: BinaryOp): boolean {
  return op === "==" || op === "~=" || op === "<" || op === "<=" || op === ">" || op === ">=";
}

function isConstant(e: Expr): boolean {
  return e.k === "Nil" || e.k === "True" || e.k === "False" || e.k === "Number" || e.k === "String";
}


function containsContinue(body: Block): boolean {
  for (const s of body) {
    if (s.k === "Continue") return true;
    if (s.k === "Do" && containsContinue(s.body)) return true;
    if (s.k === "If" && (s.blocks.some(containsContinue) || (s.orelse !== undefined && containsContinue(s.orelse)))) return true;
  }
  return false;
}

function numberLiteral(n: number): string {
  if (n !== n) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (n === 0 && 1 / n < 0) return "-0";
  return n < 0 ? `(${String(n)})` : String(n);
}

function jsString(s: string): string {
  return JSON.stringify(s);
}

/**
 * A function's JS name: its Luau name, then `$chunk_line` where it is defined (debug.info reads
 * both back: see stdlib/debug.ts). The main chunk is `main$chunk_0`.
 */
function jsFunctionName(name: string, chunkId: number, line: number): string {
  const clean = name.replace(/[.:]/g, "_");
  return `${IDENT.test(clean) ? clean : ""}$${chunkId}_${line}`;
}
