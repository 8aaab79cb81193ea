// application/x-www-form-urlencoded, the coding of URL query strings: space is +, bytes other than
// A-Z a-z 0-9 * - . _ are %XX. Decoding is lossy UTF-8 (bad sequences become U+FFFD), as Lune's
// query tables are.
import { percentDecode } from "./decode";
import { isAscii, textToUtf8 } from "./utf8";

const HEX = "0123456789ABCDEF";

function isFormSafe(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2a || c === 0x2d || c === 0x2e || c === 0x5f;
}

/** Form-encodes the bytes of a Luau string. */
export function formEncode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isFormSafe(c)) out += s[i];
    else if (c === 0x20) out += "+";
    else out += "%" + HEX[c >> 4] + HEX[c & 15];
  }
  return out;
}

/** One form-encoded component (a JS string from a URL) as a Luau string of UTF-8 bytes. */
export function formDecode(s: string): string {
  const bytes = textToUtf8(s);
  if (bytes.indexOf("%") < 0 && bytes.indexOf("+") < 0) return bytes;
  const decoded = percentDecode(bytes.replaceAll("+", " "));
  // read as UTF-8 with replacement characters, then back to bytes
  return isAscii(decoded) ? decoded : textToUtf8(Buffer.from(decoded, "latin1").toString("utf8"));
}

/** The key/value pairs of a query string (without the `?`), in order; `a` alone is ("a", ""). */
export function parseForm(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    pairs.push(eq < 0 ? [formDecode(part), ""] : [formDecode(part.slice(0, eq)), formDecode(part.slice(eq + 1))]);
  }
  return pairs;
}
