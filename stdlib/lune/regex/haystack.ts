// Regex matching runs on JS (UTF-16) strings, but Luau strings are UTF-8 bytes and Lune reports byte
// positions. A Haystack is the decoded text plus the byte offset of every UTF-16 index. Bytes that
// are not valid UTF-8 decode to U+FFFD one byte at a time, so they can never be part of a match of
// a literal, and matched text is always sliced from the original bytes.

const ASCII = /^[\x00-\x7f]*$/;

export class Haystack {
  /** The text as UTF-16. */
  readonly text: string;
  /** Byte offset of each UTF-16 index (and of the end); undefined when the text is ASCII. */
  private readonly offsets: Int32Array | undefined;

  constructor(readonly bytes: string) {
    if (ASCII.test(bytes)) {
      this.text = bytes;
      this.offsets = undefined;
      return;
    }
    const units: number[] = [];
    const offsets: number[] = [];
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      const [cp, len] = decodeAt(bytes, i);
      offsets.push(i);
      if (cp > 0xffff) {
        units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        offsets.push(i);
      } else {
        units.push(cp);
      }
      i += len;
    }
    offsets.push(n);
    let text = "";
    for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
    this.text = text;
    this.offsets = Int32Array.from(offsets);
  }

  /** Whether the text is ASCII (UTF-16 indices are byte offsets). */
  get ascii(): boolean {
    return this.offsets === undefined;
  }

  /** The byte offset of a UTF-16 index of `text`. */
  byteOffset(index: number): number {
    return this.offsets === undefined ? index : this.offsets[index];
  }

  /** The original bytes between two UTF-16 indices. */
  slice(start: number, end: number): string {
    return this.bytes.slice(this.byteOffset(start), this.byteOffset(end));
  }
}

/** The code point at byte `i` of a byte string and its length; an invalid sequence is U+FFFD, 1 byte. */
function decodeAt(s: string, i: number): [number, number] {
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  let len: number;
  let cp: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [len, cp, min] = [2, b0 & 0x1f, 0x80];
  else if (b0 >= 0xe0 && b0 <= 0xef) [len, cp, min] = [3, b0 & 0x0f, 0x800];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [len, cp, min] = [4, b0 & 0x07, 0x10000];
  else return [0xfffd, 1];
  if (i + len > s.length) return [0xfffd, 1];
  for (let k = 1; k < len; k++) {
    const b = s.charCodeAt(i + k);
    if ((b & 0xc0) !== 0x80) return [0xfffd, 1];
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [0xfffd, 1];
  return [cp, len];
}

/** A pattern or replacement given as UTF-8 bytes, as text; undefined if it is not valid UTF-8. */
export function decodePattern(bytes: string): string | undefined {
  if (ASCII.test(bytes)) return bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(bytes, "latin1"));
  } catch {
    return undefined;
  }
}
