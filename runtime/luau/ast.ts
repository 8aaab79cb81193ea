// The Luau syntax tree. Type annotations are parsed and dropped, so no type nodes appear here.

export type Expr =
  | { k: "Nil"; line: number }
  | { k: "True"; line: number }
  | { k: "False"; line: number }
  | { k: "Number"; line: number; value: number }
  | { k: "String"; line: number; value: string }
  | { k: "Vararg"; line: number }
  | { k: "Function"; line: number; fn: FunctionBody }
  | { k: "Table"; line: number; items: TableItem[]; endLine: number }
  | { k: "Binary"; line: number; op: BinaryOp; l: Expr; r: Expr }
  | { k: "Unary"; line: number; op: "-" | "not" | "#"; e: Expr }
  | { k: "Name"; line: number; name: string }
  | { k: "Index"; line: number; obj: Expr; key: Expr }
  | { k: "Call"; line: number; fn: Expr; args: Expr[] }
  | { k: "Method"; line: number; obj: Expr; name: string; args: Expr[] }
  | { k: "Paren"; line: number; e: Expr }
  | { k: "IfElse"; line: number; cond: Expr; then: Expr; else: Expr }
  | { k: "Interp"; line: number; strings: string[]; exprs: Expr[] };

export type BinaryOp =
  | "+" | "-" | "*" | "/" | "//" | "%" | "^" | ".."
  | "==" | "~=" | "<" | "<=" | ">" | ">="
  | "and" | "or";

export type TableItem =
  | { k: "Item"; value: Expr }
  | { k: "Keyed"; key: Expr; value: Expr };

export interface FunctionBody {
  name: string;
  params: string[];
  vararg: boolean;
  /** `self` is an implicit first parameter (method definitions). */
  body: Block;
  line: number;
  endLine: number;
}

export type Block = Stat[];

export type Stat =
  | { k: "Local"; line: number; names: string[]; values: Expr[] }
  | { k: "Assign"; line: number; targets: Expr[]; values: Expr[] }
  | { k: "Compound"; line: number; op: BinaryOp; target: Expr; value: Expr }
  | { k: "CallStat"; line: number; call: Expr }
  | { k: "Do"; line: number; body: Block }
  | { k: "While"; line: number; cond: Expr; body: Block }
  | { k: "Repeat"; line: number; body: Block; cond: Expr }
  | { k: "If"; line: number; conds: Expr[]; blocks: Block[]; orelse: Block | undefined }
  | { k: "NumFor"; line: number; name: string; start: Expr; limit: Expr; step: Expr | undefined; body: Block }
  | { k: "GenFor"; line: number; names: string[]; exprs: Expr[]; body: Block }
  | { k: "FunctionStat"; line: number; target: Expr; fn: FunctionBody }
  | { k: "LocalFunction"; line: number; name: string; fn: FunctionBody }
  | { k: "Return"; line: number; values: Expr[] }
  | { k: "Break"; line: number }
  | { k: "Continue"; line: number };
