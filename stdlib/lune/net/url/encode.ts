// net.urlEncode(s, binary?): percent-encodes every byte except A-Z a-z 0-9 - _ . ~ (space is %20,
// never +). Without `binary` the input must be valid UTF-8.
import { rtError } from "../../../../runtime/errors";
import { checkBoolean, checkString } from "../../../args";
import { utf8Error } from "./utf8";

const HEX = "0123456789ABCDEF";

function isUnreserved(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e
  );
}

/** Percent-encodes the bytes of a Luau string. */
export function percentEncode(s: string): string {
  let out = "";
  let run = 0; // start of the current run of unreserved bytes, copied in one slice
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isUnreserved(c)) continue;
    out += s.slice(run, i) + "%" + HEX[c >> 4] + HEX[c & 15];
    run = i + 1;
  }
  return run === 0 ? s : out + s.slice(run);
}

export function urlEncode(s: unknown, binary: unknown): string {
  const text = checkString(s, 1, "urlEncode", arguments.length);
  const asBinary = binary === undefined ? false : checkBoolean(binary, 2, "urlEncode");
  if (!asBinary) {
    const bad = utf8Error(text);
    if (bad !== undefined) throw rtError(`error converting Lua string to &str (${bad})`);
  }
  return percentEncode(text);
}
