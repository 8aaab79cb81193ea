// net.urlDecode(s, binary?): each %XX (hex in either case) becomes its byte; malformed % sequences
// and + are kept as they are. Without `binary` the input and the result must be valid UTF-8.
import { rtError } from "../../../../runtime/errors";
import { checkBoolean, checkString } from "../../../args";
import { utf8Error } from "./utf8";

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Decodes the %XX escapes of a Luau string into bytes. */
export function percentDecode(s: string): string {
  let i = s.indexOf("%");
  if (i < 0) return s;
  let out = s.slice(0, i);
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode((hi << 4) | lo);
        i += 3;
        continue;
      }
    }
    out += s[i];
    i++;
  }
  return out;
}

export function urlDecode(s: unknown, binary: unknown): string {
  const text = checkString(s, 1, "urlDecode", arguments.length);
  const asBinary = binary === undefined ? false : checkBoolean(binary, 2, "urlDecode");
  if (asBinary) return percentDecode(text);
  const badInput = utf8Error(text);
  if (badInput !== undefined) throw rtError(`error converting Lua string to &str (${badInput})`);
  const decoded = percentDecode(text);
  const bad = utf8Error(decoded);
  if (bad !== undefined) throw rtError(`Encountered invalid encoding - ${bad}`);
  return decoded;
}
