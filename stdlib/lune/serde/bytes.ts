// Luau strings are byte strings (a JS string of char codes 0–255); text formats and compressors work
// on UTF-8 text or raw bytes. These are the conversions at that edge.
import { LuauBuffer } from "../../../runtime/values";

const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const ASCII = /^[\x00-\x7f]*$/;

export function bytesOf(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}

/** Bytes as a Luau string. */
export function byteString(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

/** A string or buffer argument's bytes. */
export function dataBytes(v: string | LuauBuffer): Uint8Array {
  return typeof v === "string" ? bytesOf(v) : v.bytes;
}

/** A Luau string as Unicode text, or undefined when it is not valid UTF-8. */
export function decodeUtf8(s: string): string | undefined {
  if (ASCII.test(s)) return s;
  try {
    return utf8Strict.decode(bytesOf(s));
  } catch {
    return undefined;
  }
}

/** Unicode text as a Luau string of its UTF-8 bytes. */
export function encodeUtf8(text: string): string {
  return ASCII.test(text) ? text : Buffer.from(text, "utf8").toString("latin1");
}
