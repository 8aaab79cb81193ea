// Data crossing into and out of Bun. Luau strings are JS strings whose char codes are bytes, so
// they go through latin1; buffers hand their bytes to Bun as they are.
import { LuauBuffer, typeName } from "../../../../runtime/values";
import { argError } from "../../../args";
import { copyBytes, stringToBytes } from "../../../../runtime/bytes";

/** A string or buffer argument: the string itself, or the buffer's bytes. */
export function checkData(v: unknown, i: number, fname: string): string | Uint8Array {
  if (typeof v === "string") return v;
  if (v instanceof LuauBuffer) return v.bytes;
  throw argError(i, fname, `string or buffer expected, got ${typeName(v)}`);
}

/** The bytes of a string or buffer argument (a buffer's own memory: copy it if it must outlive the call). */
export function dataBytes(v: unknown, i: number, fname: string): Uint8Array {
  if (typeof v === "string") return stringToBytes(v);
  if (v instanceof LuauBuffer) return v.bytes;
  throw argError(i, fname, `string or buffer expected, got ${typeName(v)}`);
}

/** Like dataBytes, but always a private copy (for data that is queued rather than sent at once). */
export function ownedBytes(v: unknown, i: number, fname: string): Uint8Array {
  if (v instanceof LuauBuffer) return copyBytes(v.bytes);
  return dataBytes(v, i, fname);
}

