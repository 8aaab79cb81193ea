// Decoding the bytes a terminal sends in raw mode into key presses: printable text (UTF-8),
// control keys, and the escape sequences of arrows, Home/End, Delete and paging keys (both the
// `ESC [` and the application-mode `ESC O` forms, with xterm modifier parameters).

export type KeyName =
  | "char" // printable text: `ch` is one code point
  | "ctrl" // Ctrl + a letter: `ch` is the lowercase letter
  | "enter"
  | "tab"
  | "backtab"
  | "backspace"
  | "delete"
  | "escape"
  | "up"
  | "down"
  | "left"
  | "right"
  | "home"
  | "end"
  | "pageup"
  | "pagedown"
  | "eof" // the terminal went away (stdin ended)
  | "unknown";

export interface Key {
  name: KeyName;
  ch: string;
  ctrl: boolean;
  alt: boolean;
}

export function key(name: KeyName, ch = "", mods: { ctrl?: boolean; alt?: boolean } = {}): Key {
  return { name, ch, ctrl: mods.ctrl ?? false, alt: mods.alt ?? false };
}

const CSI_FINAL: Record<string, KeyName> = { A: "up", B: "down", C: "right", D: "left", H: "home", F: "end", Z: "backtab" };
const CSI_TILDE: Record<string, KeyName> = { "1": "home", "7": "home", "4": "end", "8": "end", "3": "delete", "5": "pageup", "6": "pagedown" };

/** Length of the UTF-8 sequence a lead byte starts (1 for invalid leads, shown as U+FFFD). */
function utf8Length(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

/**
 * Turns chunks of terminal input into keys. A sequence cut at the end of a chunk waits for the
 * next chunk, except a lone ESC: terminals send a whole sequence at once, so an ESC that ends a
 * chunk is the Escape key.
 */
export class KeyDecoder {
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Key[] {
    const buf = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const keys: Key[] = [];
    let i = 0;
    while (i < buf.length) {
      const used = this.decodeOne(buf, i, keys);
      if (used === 0) break; // incomplete: keep for the next chunk
      i += used;
    }
    this.rest = Buffer.from(buf.subarray(i));
    return keys;
  }

  /** Decodes the key at `i`; returns the bytes it used, 0 if the input stops inside it. */
  private decodeOne(buf: Buffer, i: number, out: Key[]): number {
    const b = buf[i];
    if (b === 0x1b) return this.decodeEscape(buf, i, out);
    if (b === 0x0d) {
      out.push(key("enter"));
      // pasted text may carry CRLF line ends: one Enter
      return buf[i + 1] === 0x0a ? 2 : 1;
    }
    if (b === 0x0a) return out.push(key("enter")), 1;
    if (b === 0x09) return out.push(key("tab")), 1;
    if (b === 0x7f || b === 0x08) return out.push(key("backspace")), 1;
    if (b >= 0x01 && b <= 0x1a) return out.push(key("ctrl", String.fromCharCode(b + 0x60), { ctrl: true })), 1;
    if (b < 0x20) return out.push(key("unknown")), 1;
    return this.decodeText(buf, i, out, false);
  }

  private decodeText(buf: Buffer, i: number, out: Key[], alt: boolean): number {
    const n = utf8Length(buf[i]);
    if (i + n > buf.length) return 0;
    const ch = n === 1 && buf[i] >= 0x80 ? "\ufffd" : buf.toString("utf8", i, i + n);
    out.push(key("char", ch, { alt }));
    return n;
  }

  private decodeEscape(buf: Buffer, i: number, out: Key[]): number {
    if (i + 1 >= buf.length) return out.push(key("escape")), 1;
    const next = buf[i + 1];
    if (next === 0x5b /* [ */) return this.decodeCsi(buf, i, out);
    if (next === 0x4f /* O */) {
      if (i + 2 >= buf.length) return 0;
      const name = CSI_FINAL[String.fromCharCode(buf[i + 2])];
      out.push(key(name ?? "unknown"));
      return 3;
    }
    if (next === 0x1b) return out.push(key("escape")), 1;
    // ESC before a key is Alt (Meta) + that key
    const inner: Key[] = [];
    const used = this.decodeOne(buf, i + 1, inner);
    if (used === 0) return 0;
    for (const k of inner) out.push({ ...k, alt: true });
    return 1 + used;
  }

  /** `ESC [ params final`: arrows and friends, `1;5C` style modifiers, `3~` style keys. */
  private decodeCsi(buf: Buffer, i: number, out: Key[]): number {
    let j = i + 2;
    while (j < buf.length && buf[j] >= 0x20 && buf[j] <= 0x3f) j++;
    if (j >= buf.length) return 0;
    const params = buf.toString("latin1", i + 2, j).split(";");
    const final = String.fromCharCode(buf[j]);
    // xterm modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4)
    const mod = Math.max(0, Number(params[1] ?? 1) - 1);
    const mods = { alt: (mod & 2) !== 0, ctrl: (mod & 4) !== 0 };
    const name = final === "~" ? CSI_TILDE[params[0]] : CSI_FINAL[final];
    // bracketed-paste markers (200~, 201~) and anything unknown are dropped
    if (name !== undefined) out.push(key(name, "", mods));
    else if (!(final === "~" && (params[0] === "200" || params[0] === "201"))) out.push(key("unknown"));
    return j + 1 - i;
  }
}
