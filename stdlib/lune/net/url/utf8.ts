// UTF-8 validation of Luau strings (JS strings of bytes), reporting the first bad sequence the way
// Rust's Utf8Error prints it, since Lune's messages embed that text.

/** Undefined when `s` is valid UTF-8, else Rust's description of the first error. */
export function utf8Error(s: string): string | undefined {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const b = s.charCodeAt(i);
    if (b < 0x80) {
      i++;
      continue;
    }
    const width = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (width === 0) return invalid(1, i);
    // the second byte's range depends on the first (no overlongs, surrogates or code points > 10FFFF)
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < width; k++) {
      if (i + k >= n) return `incomplete utf-8 byte sequence from index ${i}`;
      const c = s.charCodeAt(i + k);
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return invalid(k, i);
    }
    i += width;
  }
  return undefined;
}

function invalid(len: number, at: number): string {
  return `invalid utf-8 sequence of ${len} bytes from index ${at}`;
}

/** The bytes of a Luau string as the JS (UTF-16) string they spell; the string must be valid UTF-8. */
export function utf8ToText(s: string): string {
  return isAscii(s) ? s : Buffer.from(s, "latin1").toString("utf8");
}

/** A JS (UTF-16) string as a Luau string of its UTF-8 bytes. */
export function textToUtf8(s: string): string {
  return isAscii(s) ? s : Buffer.from(s, "utf8").toString("latin1");
}

const NON_ASCII = /[^\x00-\x7f]/;

export function isAscii(s: string): boolean {
  return !NON_ASCII.test(s);
}
