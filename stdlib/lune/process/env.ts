// process.env: an empty table whose metamethods read and write the real environment, so changes are
// seen by child processes. Names and values cross as UTF-8 bytes.
import { rtError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import { NONE, typeName } from "../../../runtime/values";

const toBytes = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const fromBytes = (s: string) => Buffer.from(s, "latin1").toString("utf8");

function checkName(k: unknown): string {
  if (typeof k !== "string") throw rtError(`environment variable names must be strings, got ${typeName(k)}`);
  if (k === "" || k.includes("=") || k.includes("\0")) throw rtError(`invalid environment variable name '${k}'`);
  return fromBytes(k);
}

export function createEnvTable(): LuauTable {
  const env = new LuauTable();
  const mt = new LuauTable();
  mt.h.__index = (_t: unknown, k: unknown) => {
    if (typeof k !== "string") return undefined;
    const v = process.env[fromBytes(k)];
    return v === undefined ? undefined : toBytes(v);
  };
  mt.h.__newindex = (_t: unknown, k: unknown, v: unknown) => {
    const name = checkName(k);
    if (v === undefined) delete process.env[name];
    else if (typeof v === "string") {
      if (v.includes("\0")) throw rtError("environment variable values must not contain NUL bytes");
      process.env[name] = fromBytes(v);
    } else throw rtError(`environment variable values must be strings, got ${typeName(v)}`);
    return NONE;
  };
  mt.h.__iter = () => {
    // a snapshot, sorted so iteration order is stable
    const names = Object.keys(process.env).sort();
    let i = 0;
    const step = () => {
      while (i < names.length) {
        const name = names[i++];
        const v = process.env[name];
        if (v !== undefined) return [toBytes(name), toBytes(v)];
      }
      return undefined;
    };
    return step;
  };
  mt.h.__metatable = "The metatable is locked";
  env.mt = mt;
  return env;
}
