// Recursive-descent parser for the whole Luau grammar. Type syntax (annotations, aliases, generics,
// casts, type functions) is parsed and dropped. Errors use Luau's wording.
import type { BinaryOp, Block, Expr, FunctionBody, Stat, TableItem } from "./ast";
import { Lexer, LuauSyntaxError, T, type Token } from "./lexer";

const BINARY: Record<string, [number, number]> = {
  // [left priority, right priority]; `..` and `^` are right associative
  or: [1, 1], and: [2, 2],
  "<": [3, 3], ">": [3, 3], "<=": [3, 3], ">=": [3, 3], "~=": [3, 3], "==": [3, 3],
  "..": [5, 4],
  "+": [6, 6], "-": [6, 6],
  "*": [7, 7], "/": [7, 7], "//": [7, 7], "%": [7, 7],
  "^": [10, 9],
};
const UNARY_PRIORITY = 8;
const COMPOUND: Record<string, BinaryOp> = { "+=": "+", "-=": "-", "*=": "*", "/=": "/", "//=": "//", "%=": "%", "^=": "^", "..=": ".." };
const ATTRIBUTES = new Set(["native", "checked", "deprecated"]);

export interface Chunk {
  body: Block;
}

type LocalStat = Extract<Stat, { k: "Local" }> & { consts?: boolean };
export type { LocalStat };

export function parse(source: string): Chunk {
  return new Parser(source).parseChunk();
}

class Parser {
  private lex: Lexer;
  private tok: Token;
  private ahead: Token | undefined;
  private prevLine = 1;
  /** One entry per function being parsed: whether it is vararg, and the loop depth inside it. */
  private fnStack: { vararg: boolean; loops: number }[] = [{ vararg: true, loops: 0 }];
  /** Nesting of expressions and blocks; Luau stops at 1000 instead of overflowing its stack. */
  private depth = 0;
  /** The first block closed by an `end` indented left of its opener: the likely missing `end`. */
  private endSuspect: { what: string; line: number } | undefined;

  constructor(source: string) {
    this.lex = new Lexer(source);
    this.tok = this.lex.next();
  }

  // ---- token helpers

  private advance(): Token {
    const t = this.tok;
    if (t.t === T.Error) throw new LuauSyntaxError(t.v, t.line);
    this.prevLine = t.endLine;
    this.tok = this.ahead ?? this.lex.next();
    this.ahead = undefined;
    return t;
  }

  private peek(): Token {
    if (this.ahead === undefined) this.ahead = this.lex.next();
    return this.ahead;
  }

  private is(v: string): boolean {
    const t = this.tok.t;
    return (t === T.Symbol || t === T.Keyword) && this.tok.v === v;
  }

  private isName(v?: string): boolean {
    return this.tok.t === T.Name && (v === undefined || this.tok.v === v);
  }

  private accept(v: string): boolean {
    if (this.is(v)) {
      this.advance();
      return true;
    }
    return false;
  }

  /** Raises a syntax error; a malformed token reached first is reported instead, as Luau does. */
  private error(msg: string, line = this.tok.line): never {
    if (this.tok.t === T.Error) throw new LuauSyntaxError(this.tok.v, this.tok.line);
    throw new LuauSyntaxError(msg, line);
  }

  private enter(context: "expression" | "block"): void {
    if (++this.depth > 1000) {
      throw new LuauSyntaxError(`Exceeded allowed recursion depth; simplify your ${context} to make the code compile`, this.tok.line);
    }
  }

  private describe(t: Token = this.tok): string {
    switch (t.t) {
      case T.Eof:
        return "<eof>";
      case T.String:
        return `"${t.v}"`;
      case T.InterpSimple:
        return `\`${t.v}\``;
      case T.InterpBegin:
        return `\`${t.v}{`;
      case T.InterpMid:
        return `}${t.v}{`;
      case T.InterpEnd:
        return `}${t.v}\``;
      case T.Described:
        return t.v;
      case T.Attribute:
        return `'@${t.v}'`;
      default:
        return `'${t.v}'`;
    }
  }

  private expect(v: string, context?: string): Token {
    if (this.is(v)) return this.advance();
    if (this.is("!=") && v === "=") this.error("Unexpected '!='; did you mean '~='?");
    this.error(`Expected '${v}'${context ? ` when parsing ${context}` : ""}, got ${this.describe()}`);
  }

  /** Expects the token closing `open` (opened at token `at`), with Luau's "to close" message. */
  private expectMatch(close: string, open: string, at: Token): void {
    if (this.is(close)) {
      const end = this.advance();
      // an `end` left of its opener's indentation probably belongs to an enclosing block
      if (close === "end" && this.endSuspect === undefined && end.line !== at.line && end.col < at.col) {
        this.endSuspect = { what: open, line: at.line };
      }
      return;
    }
    const where = at.line === this.tok.line ? `column ${at.col}` : `line ${at.line}`;
    const hint = close === "end" && this.endSuspect ? `; did you forget to close '${this.endSuspect.what}' at line ${this.endSuspect.line}?` : "";
    this.error(`Expected '${close}' (to close '${open}' at ${where}), got ${this.describe()}${hint}`);
  }

  private name(context?: string): string {
    if (this.tok.t === T.Name) return this.advance().v;
    this.error(`Expected identifier${context ? ` when parsing ${context}` : ""}, got ${this.describe()}`);
  }

  // ---- blocks and statements

  parseChunk(): Chunk {
    const body = this.block();
    if (this.tok.t !== T.Eof) this.error(`Expected <eof>, got ${this.describe()}`);
    return { body };
  }

  private blockEnds(): boolean {
    if (this.tok.t === T.Eof) return true;
    if (this.tok.t !== T.Keyword) return false;
    const v = this.tok.v;
    return v === "end" || v === "else" || v === "elseif" || v === "until";
  }

  private block(): Block {
    this.enter("block");
    const stats: Block = [];
    while (!this.blockEnds()) {
      if (this.is("return")) {
        stats.push(this.returnStat());
        break;
      }
      if (this.is("break")) {
        const line = this.advance().line;
        if (this.fnStack[this.fnStack.length - 1].loops === 0) this.error("break statement must be inside a loop", line);
        stats.push({ k: "Break", line });
        this.accept(";");
        break;
      }
      if (this.isName("continue") && this.continueFollows()) {
        const line = this.advance().line;
        if (this.fnStack[this.fnStack.length - 1].loops === 0) this.error("continue statement must be inside a loop", line);
        stats.push({ k: "Continue", line });
        this.accept(";");
        break;
      }
      const s = this.statement();
      if (s !== undefined) stats.push(s);
      this.accept(";");
    }
    this.depth--;
    return stats;
  }

  /** `continue` is a keyword only where an expression statement could not start with it. */
  private continueFollows(): boolean {
    const n = this.peek();
    if (n.t === T.Symbol && ["(", ".", "[", ":", "=", ",", "{", "+=", "-=", "*=", "/=", "//=", "%=", "^=", "..="].includes(n.v)) return false;
    if (n.t === T.String || n.t === T.InterpSimple || n.t === T.InterpBegin) return false;
    return true;
  }

  private returnStat(): Stat {
    const line = this.advance().line;
    const values = this.blockEnds() || this.is(";") ? [] : this.exprList();
    this.accept(";");
    if (!this.blockEnds()) this.error(`Expected <eof>, got ${this.describe()}`);
    return { k: "Return", line, values };
  }

  private loopBody(): Block {
    const f = this.fnStack[this.fnStack.length - 1];
    f.loops++;
    const b = this.block();
    f.loops--;
    return b;
  }

  private statement(): Stat | undefined {
    const tok = this.tok;
    const line = tok.line;
    if (tok.t === T.Keyword) {
      switch (tok.v) {
        case "if":
          return this.ifStat();
        case "while": {
          this.advance();
          const cond = this.expr();
          const doTok = this.expect("do", "while loop");
          const body = this.loopBody();
          this.expectMatch("end", "do", doTok);
          return { k: "While", line, cond, body };
        }
        case "do": {
          this.advance();
          const body = this.block();
          this.expectMatch("end", "do", tok);
          return { k: "Do", line, body };
        }
        case "for":
          return this.forStat();
        case "repeat": {
          this.advance();
          const body = this.loopBody();
          this.expectMatch("until", "repeat", tok);
          const cond = this.expr();
          return { k: "Repeat", line, body, cond };
        }
        case "function": {
          this.advance();
          let target: Expr = { k: "Name", line: this.tok.line, name: this.name("function name") };
          let fullName = (target as { name: string }).name;
          let method = false;
          while (this.is(".") || this.is(":")) {
            const colon = this.advance().v === ":";
            const keyLine = this.tok.line;
            const key = this.name(colon ? "method name" : "field name");
            fullName += (colon ? ":" : ".") + key;
            target = { k: "Index", line: keyLine, obj: target, key: { k: "String", line: keyLine, value: key } };
            if (colon) {
              method = true;
              break;
            }
          }
          const fn = this.funcBody(tok, fullName, method);
          return { k: "FunctionStat", line, target, fn };
        }
        case "local":
          return this.localStat();
      }
    }
    if (tok.t === T.Attribute) {
      this.attributes();
      if (this.is("function") || (this.is("local") && this.peek().v === "function")) return this.statement();
      this.error(`Expected 'function' after attributes, got ${this.describe()}`);
    }
    if (tok.t === T.Name) {
      if ((tok.v === "type" || tok.v === "export") && this.typeStatementFollows()) {
        this.typeStatement();
        return undefined;
      }
      if (tok.v === "const" && this.peek().t === T.Name) {
        this.advance();
        return this.localBindings(line, true);
      }
    }
    return this.exprStatement();
  }

  private attributes(): void {
    while (this.tok.t === T.Attribute) {
      const a = this.advance();
      if (!ATTRIBUTES.has(a.v)) this.error(`Invalid attribute '@${a.v}'`, a.line);
    }
  }

  /** `type`/`export` start a type statement unless what follows continues an expression. */
  private typeStatementFollows(): boolean {
    const n = this.peek();
    if (this.tok.v === "export") return n.t === T.Name && n.v === "type";
    if (n.t === T.Symbol && ["(", ".", "[", ":", "=", ",", "{", "+=", "-=", "*=", "/=", "//=", "%=", "^=", "..="].includes(n.v)) return false;
    return n.t !== T.String && n.t !== T.InterpSimple && n.t !== T.InterpBegin && n.t !== T.Eof;
  }

  private typeStatement(): void {
    if (this.isName("export")) this.advance();
    this.advance(); // type
    if (this.is("function")) {
      // a type function is compile-time only: parse its body as a function and drop it
      const fnTok = this.advance();
      const name = this.name("type function name");
      this.funcBody(fnTok, name, false);
      return;
    }
    this.name("type name");
    if (this.is("<")) this.genericParams(true);
    this.expect("=", "type alias");
    this.type();
  }

  private ifStat(): Stat {
    const line = this.advance().line;
    const conds: Expr[] = [this.expr()];
    let thenTok = this.expect("then", "if statement");
    const blocks: Block[] = [this.block()];
    let orelse: Block | undefined;
    for (;;) {
      if (this.is("elseif")) {
        const t = this.advance();
        conds.push(this.expr());
        thenTok = this.expect("then", "if statement");
        void t;
        blocks.push(this.block());
      } else if (this.is("else")) {
        const elseTok = this.advance();
        orelse = this.block();
        this.expectMatch("end", "else", elseTok);
        break;
      } else {
        this.expectMatch("end", "then", thenTok);
        break;
      }
    }
    return { k: "If", line, conds, blocks, orelse };
  }

  private forStat(): Stat {
    const forTok = this.advance();
    const line = forTok.line;
    const first = this.name("variable name");
    this.optionalTypeAnnotation();
    if (this.is("=")) {
      this.advance();
      const start = this.expr();
      this.expect(",", "index range");
      const limit = this.expr();
      const step = this.accept(",") ? this.expr() : undefined;
      const doTok = this.expect("do", "for loop");
      const body = this.loopBody();
      this.expectMatch("end", "do", doTok);
      return { k: "NumFor", line, name: first, start, limit, step, body };
    }
    const names = [first];
    while (this.accept(",")) {
      names.push(this.name("variable name"));
      this.optionalTypeAnnotation();
    }
    this.expect("in", "for loop");
    const exprs = this.exprList();
    const doTok = this.expect("do", "for loop");
    const body = this.loopBody();
    this.expectMatch("end", "do", doTok);
    return { k: "GenFor", line, names, exprs, body };
  }

  private localStat(): Stat {
    const localTok = this.advance();
    const line = localTok.line;
    if (this.tok.t === T.Attribute) {
      this.attributes();
      if (!this.is("function")) this.error(`Expected 'function' after attributes, got ${this.describe()}`);
    }
    if (this.is("function")) {
      this.advance();
      const name = this.name("variable name");
      const fn = this.funcBody(localTok, name, false);
      return { k: "LocalFunction", line, name, fn };
    }
    return this.localBindings(line, false);
  }

  private localBindings(line: number, consts: boolean): Stat {
    const names: string[] = [];
    do {
      names.push(this.name("variable name"));
      this.optionalTypeAnnotation();
    } while (this.accept(","));
    const values = this.accept("=") ? this.exprList() : [];
    const s: LocalStat = { k: "Local", line, names, values };
    if (consts) s.consts = true;
    return s;
  }

  private exprStatement(): Stat {
    const line = this.tok.line;
    const e = this.suffixedExpr();
    if (this.is("=") || this.is(",")) {
      const targets = [e];
      while (this.accept(",")) targets.push(this.suffixedExpr());
      for (const t of targets) this.checkAssignable(t);
      this.expect("=", "assignment");
      const values = this.exprList();
      return { k: "Assign", line, targets, values };
    }
    if (this.tok.t === T.Symbol && this.tok.v in COMPOUND) {
      this.checkAssignable(e);
      const op = COMPOUND[this.advance().v];
      const value = this.expr();
      return { k: "Compound", line, op, target: e, value };
    }
    if (e.k === "Call" || e.k === "Method") return { k: "CallStat", line, call: e };
    this.error("Incomplete statement: expected assignment or a function call", line);
  }

  private checkAssignable(e: Expr): void {
    if (e.k === "Name" || e.k === "Index") return;
    if (e.k === "Call" || e.k === "Method") {
      this.error(`Expected identifier when parsing expression, got ${this.describe()}`);
    }
    this.error("Assigned expression must be a variable or a field", e.line);
  }

  // ---- functions

  /** Parameters and body of a function; `opener` (`function` or `local`) is what `end` closes. */
  private funcBody(opener: Token, name: string, method: boolean): FunctionBody {
    const line = opener.line;
    if (this.is("<")) this.genericParams(false);
    const openTok = this.expect("(", "function");
    const params: string[] = method ? ["self"] : [];
    let vararg = false;
    if (!this.is(")")) {
      do {
        if (this.is("...")) {
          this.advance();
          vararg = true;
          if (this.accept(":")) this.typeOrPack();
          break;
        }
        params.push(this.name("variable name"));
        this.optionalTypeAnnotation();
      } while (this.accept(","));
    }
    this.expectMatch(")", "(", openTok);
    if (this.accept(":")) {
      this.returnType();
      if (this.is(",")) this.error("Expected a statement, got ','; did you forget to wrap the list of return types in parentheses?");
    } else if (this.is("->")) {
      this.error("Function return type annotations are written after ':' instead of '->'");
    }
    this.fnStack.push({ vararg, loops: 0 });
    const body = this.block();
    this.fnStack.pop();
    const endLine = this.tok.line;
    this.expectMatch("end", "function", opener);
    return { name, params, vararg, body, line, endLine };
  }

  // ---- expressions

  private exprList(): Expr[] {
    const list = [this.expr()];
    while (this.accept(",")) list.push(this.expr());
    return list;
  }

  expr(limit = 0): Expr {
    const depthBefore = this.depth;
    this.enter("expression");
    let left: Expr;
    const line = this.tok.line;
    if (this.is("!")) this.error("Unexpected '!'; did you mean 'not'?");
    if (this.is("not") || this.is("-") || this.is("#")) {
      const op = this.advance().v as "not" | "-" | "#";
      const e = this.expr(UNARY_PRIORITY);
      left = { k: "Unary", line, op, e };
    } else {
      left = this.simpleExpr();
    }
    for (;;) {
      const t = this.tok;
      if (t.t !== T.Symbol && t.t !== T.Keyword) break;
      if (t.v === "!=") this.error("Unexpected '!='; did you mean '~='?");
      if (t.v === "&&") this.error("Unexpected '&&'; did you mean 'and'?");
      if (t.v === "||") this.error("Unexpected '||'; did you mean 'or'?");
      const p = BINARY[t.v];
      if (p === undefined || p[0] <= limit) break;
      this.advance();
      this.enter("expression");
      const right = this.expr(p[1]);
      left = { k: "Binary", line: t.line, op: t.v as BinaryOp, l: left, r: right };
    }
    this.depth = depthBefore;
    return left;
  }

  private simpleExpr(): Expr {
    const tok = this.tok;
    const line = tok.line;
    let e: Expr;
    switch (tok.t) {
      case T.Number:
        this.advance();
        if (tok.num !== tok.num) this.error("Malformed number", line);
        e = { k: "Number", line, value: tok.num };
        break;
      case T.String:
        this.advance();
        e = { k: "String", line, value: tok.v };
        break;
      case T.InterpSimple:
      case T.InterpBegin:
        e = this.interpolated();
        break;
      case T.Attribute:
        this.attributes();
        if (!this.is("function")) this.error(`Expected 'function' after attributes, got ${this.describe()}`);
        return this.simpleExpr();
      case T.Keyword:
        switch (tok.v) {
          case "nil":
            this.advance();
            e = { k: "Nil", line };
            break;
          case "true":
            this.advance();
            e = { k: "True", line };
            break;
          case "false":
            this.advance();
            e = { k: "False", line };
            break;
          case "function": {
            this.advance();
            e = { k: "Function", line, fn: this.funcBody(tok, "", false) };
            break;
          }
          case "if":
            e = this.ifElseExpr();
            break;
          default:
            e = this.suffixedExpr();
        }
        break;
      case T.Symbol:
        if (tok.v === "...") {
          this.advance();
          if (!this.fnStack[this.fnStack.length - 1].vararg) this.error("Cannot use '...' outside of a vararg function", line);
          e = { k: "Vararg", line };
        } else if (tok.v === "{") {
          e = this.table();
        } else {
          e = this.suffixedExpr();
        }
        break;
      default:
        e = this.suffixedExpr();
    }
    // a type assertion binds tighter than any binary operator
    while (this.is("::")) {
      this.advance();
      this.type();
      e = { k: "Paren", line, e };
    }
    return e;
  }

  private ifElseExpr(): Expr {
    const line = this.advance().line;
    const cond = this.expr();
    this.expect("then", "if then else expression");
    const then = this.expr();
    if (this.is("elseif")) {
      // elseif chains nest as if-else expressions
      return { k: "IfElse", line, cond, then, else: this.ifElseExpr() };
    }
    this.expect("else", "if then else expression");
    const orelse = this.expr();
    return { k: "IfElse", line, cond, then, else: orelse };
  }

  private interpolated(): Expr {
    const line = this.tok.line;
    const first = this.advance();
    const strings = [first.v];
    const exprs: Expr[] = [];
    if (first.t === T.InterpSimple) return { k: "Interp", line, strings, exprs };
    for (;;) {
      exprs.push(this.expr());
      const t = this.tok;
      if (t.t === T.InterpMid) {
        this.advance();
        strings.push(t.v);
      } else if (t.t === T.InterpEnd) {
        this.advance();
        strings.push(t.v);
        return { k: "Interp", line, strings, exprs };
      } else if (t.t === T.Eof || (t.t === T.Error && t.v.startsWith("Malformed string"))) {
        // the source ended, or a backtick after the expression began a new (broken) string
        throw new LuauSyntaxError("Malformed interpolated string; did you forget to add a '}'?", t.line);
      } else {
        this.error(`Malformed interpolated string, got ${this.describe()}`);
      }
    }
  }

  private primaryExpr(): Expr {
    const tok = this.tok;
    if (tok.t === T.Name) {
      this.advance();
      return { k: "Name", line: tok.line, name: tok.v };
    }
    if (this.is("(")) {
      this.advance();
      const e = this.expr();
      if (this.is("=") && e.k === "Name") {
        const where = tok.line === this.tok.line ? `column ${tok.col}` : `line ${tok.line}`;
        this.error(`Expected ')' (to close '(' at ${where}), got '='; did you mean to use '{' when defining a table?`);
      }
      this.expectMatch(")", "(", tok);
      return { k: "Paren", line: tok.line, e };
    }
    this.error(`Expected identifier when parsing expression, got ${this.describe()}`);
  }

  private suffixedExpr(): Expr {
    // as in Luau, each suffix counts towards the recursion limit
    const depthBefore = this.depth;
    let e = this.primaryExpr();
    for (;;) {
      const tok = this.tok;
      if (tok.t === T.Symbol ? [".", "[", ":", "(", "{"].includes(tok.v) : tok.t === T.String || tok.t === T.InterpSimple) this.enter("expression");
      if (tok.t === T.Symbol) {
        if (tok.v === ".") {
          this.advance();
          const keyLine = this.tok.line;
          const key = this.fieldName();
          e = { k: "Index", line: keyLine, obj: e, key: { k: "String", line: keyLine, value: key } };
          continue;
        }
        if (tok.v === "[") {
          this.advance();
          const key = this.expr();
          this.expectMatch("]", "[", tok);
          e = { k: "Index", line: tok.line, obj: e, key };
          continue;
        }
        if (tok.v === ":") {
          this.advance();
          const name = this.fieldName("method name");
          const args = this.callArgs(e);
          e = { k: "Method", line: tok.line, obj: e, name, args };
          continue;
        }
        if (tok.v === "(" || tok.v === "{") {
          const args = this.callArgs(e);
          e = { k: "Call", line: tok.line, fn: e, args };
          continue;
        }
      } else if (tok.t === T.String || tok.t === T.InterpSimple) {
        const args = this.callArgs(e);
        e = { k: "Call", line: tok.line, fn: e, args };
        continue;
      }
      this.depth = depthBefore;
      return e;
    }
  }

  private fieldName(context?: string): string {
    if (this.tok.t === T.Name) return this.advance().v;
    this.error(`Expected identifier${context ? ` when parsing ${context}` : ""}, got ${this.describe()}`);
  }

  private callArgs(fn: Expr): Expr[] {
    const tok = this.tok;
    if (tok.t === T.String) {
      this.advance();
      return [{ k: "String", line: tok.line, value: tok.v }];
    }
    if (tok.t === T.InterpSimple) return [this.interpolated()];
    if (this.is("{")) return [this.table()];
    if (this.is("(")) {
      if (tok.line !== this.prevLine && fn.k !== "Function") {
        this.error("Ambiguous syntax: this looks like an argument list for a function call, but could also be a start of new statement; use ';' to separate statements");
      }
      this.advance();
      const args: Expr[] = [];
      if (!this.is(")")) {
        args.push(this.expr());
        while (this.accept(",")) {
          if (this.is(")")) this.error("Expected expression after ',' but got ')' instead");
          args.push(this.expr());
        }
      }
      this.expectMatch(")", "(", tok);
      return args;
    }
    if (tok.line !== this.prevLine) {
      // `obj:method` at the end of a line: the arguments were forgotten
      throw new LuauSyntaxError("Expected function call arguments after '('", this.prevLine);
    }
    this.error(`Expected '(', '{' or <string> when parsing function call, got ${this.describe()}`);
  }

  private table(): Expr {
    const open = this.advance();
    const items: TableItem[] = [];
    while (!this.is("}")) {
      if (this.is("[")) {
        const bracket = this.advance();
        const key = this.expr();
        this.expectMatch("]", "[", bracket);
        this.expect("=", "table field");
        items.push({ k: "Keyed", key, value: this.expr() });
      } else if (this.tok.t === T.Name && this.peek().t === T.Symbol && this.peek().v === "=") {
        const keyTok = this.advance();
        this.advance();
        items.push({ k: "Keyed", key: { k: "String", line: keyTok.line, value: keyTok.v }, value: this.expr() });
      } else {
        items.push({ k: "Item", value: this.expr() });
      }
      if (!this.accept(",") && !this.accept(";")) {
        if (!this.is("}") && this.tok.line !== this.prevLine && this.tok.t !== T.Eof) this.error("Expected ',' after table constructor element");
        break;
      }
    }
    const endLine = this.tok.line;
    this.expectMatch("}", "{", open);
    return { k: "Table", line: open.line, items, endLine };
  }

  // ---- types (parsed and dropped)
  // `pack` marks positions where a type pack may stand (`T...`, `...T`): type arguments, function
  // type parameters and return types.

  private optionalTypeAnnotation(): void {
    if (this.accept(":")) this.type();
  }

  private genericParams(withDefaults: boolean): void {
    const open = this.advance();
    while (!this.is(">")) {
      this.name();
      if (this.is("...")) this.advance();
      if (withDefaults && this.accept("=")) this.typeOrPack();
      if (!this.accept(",")) break;
    }
    this.expectMatch(">", "<", open);
  }

  /** A function's return type: a type, a pack, or a parenthesised list (`()` returns nothing). */
  private returnType(): void {
    this.returnTypeAfterArrow();
  }

  /** A type or a type pack (`...T`, `T...`). */
  private typeOrPack(): void {
    if (this.is("...")) {
      this.advance();
      this.type();
      return;
    }
    this.type(true);
  }

  type(pack = false): void {
    if (this.is("|") || this.is("&")) this.advance();
    this.simpleType(pack);
    let combinator: string | undefined;
    for (;;) {
      if (this.is("?")) {
        this.advance();
        continue;
      }
      if (this.is("|") || this.is("&")) {
        const op = this.advance().v;
        if (combinator !== undefined && combinator !== op) {
          this.error("Mixing union and intersection types is not allowed; consider wrapping in parentheses.");
        }
        combinator = op;
        this.simpleType(false);
        continue;
      }
      break;
    }
  }

  private simpleType(pack: boolean): void {
    const tok = this.tok;
    if (tok.t === T.Name) {
      this.advance();
      if (tok.v === "typeof" && this.is("(")) {
        const open = this.advance();
        this.expr();
        this.expectMatch(")", "(", open);
        return;
      }
      if (this.is(".")) {
        this.advance();
        this.name();
      }
      if (this.is("...")) {
        if (!pack) this.error("Unexpected '...' after type name; type pack is not allowed in this context");
        this.advance();
        return;
      }
      if (this.is("<")) {
        const open = this.advance();
        while (!this.is(">")) {
          if (this.is("(")) this.parenTypes();
          else this.typeOrPack();
          if (!this.accept(",")) break;
        }
        this.expectMatch(">", "<", open);
      }
      return;
    }
    if (tok.t === T.String) {
      this.advance();
      return;
    }
    if (tok.t === T.InterpSimple || tok.t === T.InterpBegin) this.error("Interpolated string literals cannot be used as types");
    if (tok.t === T.Keyword) {
      if (tok.v === "nil" || tok.v === "true" || tok.v === "false") {
        this.advance();
        return;
      }
      if (tok.v === "function") {
        this.error("Using 'function' as a type annotation is not supported, consider replacing with a function type annotation e.g. '(...any) -> ...any'");
      }
    }
    if (this.is("{")) {
      this.tableType();
      return;
    }
    if (this.is("(") || this.is("<")) {
      if (this.is("<")) this.genericParams(false);
      const count = this.parenTypes();
      if (this.is("->")) {
        this.advance();
        this.returnTypeAfterArrow();
      } else if (this.is(":")) {
        this.error("Return types in function type annotations are written after '->' instead of ':'");
      } else if (count === 0) {
        this.error("Expected '->' after '()' when parsing function type; did you mean 'nil'?");
      }
      return;
    }
    if (this.is("...")) {
      this.advance();
      this.type();
      return;
    }
    this.error(`Expected type, got ${this.describe()}`);
  }

  private returnTypeAfterArrow(): void {
    if (this.is("(")) {
      this.parenTypes();
      if (this.is("->")) {
        this.advance();
        this.returnTypeAfterArrow();
      }
      return;
    }
    this.typeOrPack();
  }

  /** `( [name:] T, ... )`; returns how many types it held. */
  private parenTypes(): number {
    const open = this.advance();
    let count = 0;
    while (!this.is(")")) {
      if (this.tok.t === T.Name && this.peek().t === T.Symbol && this.peek().v === ":") {
        this.advance();
        this.advance();
      }
      this.typeOrPack();
      count++;
      if (!this.accept(",")) break;
    }
    this.expectMatch(")", "(", open);
    return count;
  }

  private tableType(): void {
    const open = this.advance();
    let first = true;
    while (!this.is("}")) {
      if ((this.isName("read") || this.isName("write")) && (this.peek().t === T.Name || (this.peek().t === T.Symbol && this.peek().v === "["))) {
        this.advance();
      }
      if (this.is("[")) {
        const b = this.advance();
        this.type();
        this.expectMatch("]", "[", b);
        this.expect(":", "table field");
        this.type();
      } else if ((this.tok.t === T.Name || this.tok.t === T.Keyword) && this.peek().t === T.Symbol && this.peek().v === ":") {
        this.advance();
        this.advance();
        this.type();
      } else if (first) {
        // `{ T }`: an array type holds exactly one element type
        this.type();
        this.expectMatch("}", "{", open);
        return;
      } else {
        this.name("table field");
        this.expect(":", "table field");
      }
      first = false;
      if (!this.accept(",") && !this.accept(";")) break;
    }
    this.expectMatch("}", "{", open);
  }
}
