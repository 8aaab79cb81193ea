// string.pack / string.unpack / string.packsize: binary serialisation driven by a format string.
//
// Luau's sizes: b/B 1, h/H 2, i/I 4 (or iN/IN, N in 1..16), l/L 8, j/J 4, T 4, f 4, d/n 8,
// sN length-prefixed strings (N defaults to 4), z zero-terminated strings, cN fixed-size strings,
// x one zero byte, Xop alignment to op's size. `<` `>` `=` set the byte order (native is little),
// `![N]` the maximum alignment (default 1, `!` alone 8). Integers travel as 64-bit values: sizes
// under 8 bytes are range-checked when packing, sizes over 8 are sign/zero-extended.
import { LuauError, rtError } from "../../runtime/errors";
import { argError, checkNumber, checkString, optInt, toInt64 } from "../args";
import { checkStack } from "./stack";
import { bytesToString } from "../../runtime/bytes";

const MAX_INT_SIZE = 16;
const NATIVE_ALIGN = 8;
const MAX_SIZE = 0x7fffffff;

const enum Kind {
  Int,
  Uint,
  Float,
  Char, // cN
  String, // sN
  Zstr, // z
  Padding, // x
  PadAlign, // X
  Nop, // spaces and the settings < > = !
}

interface Item {
  kind: Kind;
  size: number;
  /** Padding bytes that align this item. */
  align: number;
}

/** One option of a format, read: what `next` turns into an Item at a given offset. */
interface Op {
  kind: Kind;
  size: number;
  /** The power of two to align to (1: none). */
  alignTo: number;
  /** The byte order in force for this option. */
  little: boolean;
}

function alignment(alignTo: number, total: number): number {
  return (alignTo - (total & (alignTo - 1))) & (alignTo - 1);
}

/** Walks a format string one item at a time. */
class FormatReader {
  pos = 0;
  little = true;
  maxAlign = 1;

  constructor(
    readonly fmt: string,
    readonly fname: string,
  ) {}

  done(): boolean {
    return this.pos >= this.fmt.length;
  }

  private digitAt(): boolean {
    const c = this.fmt.charCodeAt(this.pos);
    return c >= 48 && c <= 57;
  }

  private readNumber(def: number): number {
    if (!this.digitAt()) return def;
    let a = 0;
    do {
      a = a * 10 + this.fmt.charCodeAt(this.pos++) - 48;
    } while (this.digitAt() && a <= (MAX_SIZE - 9) / 10);
    if (this.digitAt()) throw rtError("size specifier is too large");
    return a;
  }

  private readSize(def: number): number {
    const n = this.readNumber(def);
    if (n > MAX_INT_SIZE || n <= 0) throw rtError(`integral size (${n}) out of limits [1,${MAX_INT_SIZE}]`);
    return n;
  }

  /** The next option and its size; settings options are applied here. */
  private readOption(): [Kind, number] {
    const c = this.fmt[this.pos++];
    switch (c) {
      case "b":
        return [Kind.Int, 1];
      case "B":
        return [Kind.Uint, 1];
      case "h":
        return [Kind.Int, 2];
      case "H":
        return [Kind.Uint, 2];
      case "i":
        return [Kind.Int, this.readSize(4)];
      case "I":
        return [Kind.Uint, this.readSize(4)];
      case "l":
        return [Kind.Int, 8];
      case "L":
        return [Kind.Uint, 8];
      case "j":
        return [Kind.Int, 4];
      case "J":
      case "T":
        return [Kind.Uint, 4];
      case "f":
        return [Kind.Float, 4];
      case "d":
      case "n":
        return [Kind.Float, 8];
      case "s":
        return [Kind.String, this.readSize(4)];
      case "c": {
        const size = this.readNumber(-1);
        if (size === -1) throw rtError("missing size for format option 'c'");
        return [Kind.Char, size];
      }
      case "z":
        return [Kind.Zstr, 0];
      case "x":
        return [Kind.Padding, 1];
      case "X":
        return [Kind.PadAlign, 0];
      case " ":
        return [Kind.Nop, 0];
      case "<":
      case "=":
        this.little = true;
        return [Kind.Nop, 0];
      case ">":
        this.little = false;
        return [Kind.Nop, 0];
      case "!":
        this.maxAlign = this.readSize(NATIVE_ALIGN);
        return [Kind.Nop, 0];
      default:
        // the reference builds this message as a C string, so a zero byte ends it
        if (c === "\0") throw rtError("invalid format option '");
        throw rtError(`invalid format option '${c}'`);
    }
  }

  /** The next item, with the padding that aligns it at offset `total`. */
  next(total: number): Item {
    const op = this.nextOp();
    return { kind: op.kind, size: op.size, align: alignment(op.alignTo, total) };
  }

  /** The next option, read (errors in the format are raised here, in order). */
  nextOp(): Op {
    const [kind, size] = this.readOption();
    let alignTo = size;
    if (kind === Kind.PadAlign) {
      // X aligns like the option after it, which is otherwise ignored
      if (this.done()) throw this.badX();
      const [nextKind, nextSize] = this.readOption();
      if (nextKind === Kind.Char || nextSize === 0) throw this.badX();
      alignTo = nextSize;
    }
    if (alignTo > 1 && kind !== Kind.Char) {
      alignTo = Math.min(alignTo, this.maxAlign);
      if ((alignTo & (alignTo - 1)) !== 0) {
        throw argError(1, this.fname, "format asks for alignment not power of 2");
      }
    } else {
      alignTo = 1;
    }
    return { kind, size, alignTo, little: this.little };
  }

  private badX(): LuauError {
    return argError(1, this.fname, "invalid next option for option 'X'");
  }
}

// Formats are read once: most programs use a few, over and over. A format with an error is never
// cached and goes through FormatReader every time, which raises its error where the reference does
// (after the arguments for the options before it have been checked).
const formats = new Map<string, Op[]>();
const MAX_FORMATS = 256;

/** Replays a read format's options with FormatReader's interface. */
class ReadFormat {
  private k = 0;
  little = true;
  private readonly item: Item = { kind: Kind.Nop, size: 0, align: 0 };

  constructor(private readonly ops: Op[]) {}

  done(): boolean {
    return this.k >= this.ops.length;
  }

  /** Like FormatReader.next; the Item is reused, so it is only good until the next call. */
  next(total: number): Item {
    const op = this.ops[this.k++];
    this.little = op.little;
    const item = this.item;
    item.kind = op.kind;
    item.size = op.size;
    item.align = op.alignTo > 1 ? alignment(op.alignTo, total) : 0;
    return item;
  }
}

function formatReader(fmt: string, fname: string): FormatReader | ReadFormat {
  let ops = formats.get(fmt);
  if (ops === undefined) {
    const r = new FormatReader(fmt, fname);
    ops = [];
    try {
      while (!r.done()) ops.push(r.nextOp());
    } catch {
      return new FormatReader(fmt, fname);
    }
    if (formats.size >= MAX_FORMATS) formats.clear();
    formats.set(fmt, ops);
  }
  return new ReadFormat(ops);
}

/** `size` bytes of the 64-bit value `v` (sign-extended beyond 8 bytes). */
function intBytes(v: bigint, size: number, little: boolean): string {
  const bytes = new Array<number>(size);
  let u = BigInt.asUintN(64, v);
  const fill = v < 0n ? 0xff : 0;
  for (let i = 0; i < size; i++) {
    bytes[little ? i : size - 1 - i] = i < 8 ? Number(u & 0xffn) : fill;
    u >>= 8n;
  }
  return String.fromCharCode(...bytes);
}

/**
 * `size` (≤ 6) bytes of an integer, in plain numbers: every such value is exact below 2^53, and
 * BigInt is 20x slower. Out-of-range values (NaN included, which converts to INT64_MIN) overflow.
 */
function smallIntBytes(x: number, size: number, signed: boolean, argn: number, little: boolean): string {
  let t = Math.trunc(x);
  if (t !== t) t = -(2 ** 63);
  const span = 2 ** (size * 8);
  if (signed ? t < -span / 2 || t >= span / 2 : t < 0 || t >= span) {
    throw argError(argn, "pack", signed ? "integer overflow" : "unsigned overflow");
  }
  if (t < 0) t += span;
  let out = "";
  for (let i = 0; i < size; i++) {
    const byte = t % 256;
    out = little ? out + String.fromCharCode(byte) : String.fromCharCode(byte) + out;
    t = (t - byte) / 256;
  }
  return out;
}

// float conversions go through one scratch view (allocating one per call dominated pack/unpack)
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

function floatBytes(x: number, size: number, little: boolean): string {
  if (size === 4) scratch.setFloat32(0, x, little);
  else scratch.setFloat64(0, x, little);
  return bytesToString(scratchBytes, 0, size);
}

export function pack(nargs: number, args: ArrayLike<unknown>): string {
  const fmt = checkString(args[0], 1, "pack", nargs);
  const r = formatReader(fmt, "pack");
  let out = "";
  let total = 0;
  let arg = 0;
  while (!r.done()) {
    const item = r.next(total);
    total += item.align + item.size;
    if (item.align > 0) out += "\0".repeat(item.align);
    arg++;
    const v = args[arg];
    const argn = arg + 1;
    switch (item.kind) {
      case Kind.Int:
      case Kind.Uint: {
        const x = checkNumber(v, argn, "pack");
        if (item.size <= 6) {
          out += smallIntBytes(x, item.size, item.kind === Kind.Int, argn, r.little);
          break;
        }
        const n = toInt64(x);
        if (item.size < 8) {
          const bits = BigInt(item.size * 8);
          if (item.kind === Kind.Int) {
            const lim = 1n << (bits - 1n);
            if (n < -lim || n >= lim) throw argError(argn, "pack", "integer overflow");
          } else if (BigInt.asUintN(64, n) >= 1n << bits) {
            throw argError(argn, "pack", "unsigned overflow");
          }
        }
        out += intBytes(n, item.size, r.little);
        break;
      }
      case Kind.Float:
        out += floatBytes(checkNumber(v, argn, "pack"), item.size, r.little);
        break;
      case Kind.Char: {
        const s = checkString(v, argn, "pack");
        if (s.length > item.size) throw argError(argn, "pack", "string longer than given size");
        out += s + "\0".repeat(item.size - s.length);
        break;
      }
      case Kind.String: {
        const s = checkString(v, argn, "pack");
        if (item.size < 8 && s.length >= 2 ** (item.size * 8)) {
          throw argError(argn, "pack", "string length does not fit in given size");
        }
        out += intBytes(BigInt(s.length), item.size, r.little) + s;
        total += s.length;
        break;
      }
      case Kind.Zstr: {
        const s = checkString(v, argn, "pack");
        if (s.includes("\0")) throw argError(argn, "pack", "string contains zeros");
        out += s + "\0";
        total += s.length + 1;
        break;
      }
      case Kind.Padding:
        out += "\0";
        arg--;
        break;
      default:
        arg--;
    }
  }
  return out;
}

export function packsize(nargs: number, fmtArg: unknown): number {
  const fmt = checkString(fmtArg, 1, "packsize", nargs);
  const r = formatReader(fmt, "packsize");
  let total = 0;
  while (!r.done()) {
    const item = r.next(total);
    if (item.kind === Kind.String || item.kind === Kind.Zstr) throw argError(1, "packsize", "variable-length format");
    const size = item.align + item.size;
    if (total > MAX_SIZE - size) throw argError(1, "packsize", "format result too large");
    total += size;
  }
  return total;
}

/** Reads a `size`-byte integer at `pos`, as a number (values beyond 2^53 are rounded, as in Luau). */
function readInt(data: string, pos: number, size: number, little: boolean, signed: boolean): number {
  if (size <= 6) {
    // exact in plain numbers (see smallIntBytes)
    let n = 0;
    for (let i = size - 1; i >= 0; i--) n = n * 256 + data.charCodeAt(pos + (little ? i : size - 1 - i));
    const span = 2 ** (size * 8);
    return signed && n >= span / 2 ? n - span : n;
  }
  let v = 0n;
  const low = Math.min(size, 8);
  for (let i = low - 1; i >= 0; i--) {
    v = (v << 8n) | BigInt(data.charCodeAt(pos + (little ? i : size - 1 - i)));
  }
  if (size > 8) {
    // the bytes beyond 64 bits must only extend the value
    const fill = signed && v >= 1n << 63n ? 0xff : 0;
    for (let i = 8; i < size; i++) {
      if (data.charCodeAt(pos + (little ? i : size - 1 - i)) !== fill) {
        throw rtError(`${size}-byte integer does not fit into Lua Integer`);
      }
    }
  }
  const bits = low * 8;
  return Number(signed ? BigInt.asIntN(bits, v) : v);
}

export function unpack(nargs: number, fmtArg: unknown, dataArg: unknown, initArg: unknown): unknown[] {
  const fmt = checkString(fmtArg, 1, "unpack", nargs);
  const data = checkString(dataArg, 2, "unpack", nargs);
  const len = data.length;
  let init = optInt(initArg, 3, "unpack", 1);
  if (init < 0) init = -init > len ? 0 : len + init + 1;
  let pos = Math.max(init - 1, 0);
  if (pos > len) throw argError(3, "unpack", "initial position out of string");
  const r = formatReader(fmt, "unpack");
  const out: unknown[] = [];
  while (!r.done()) {
    checkStack(nargs + out.length, 2, "too many results");
    const item = r.next(pos);
    if (item.align + item.size > len - pos) throw argError(2, "unpack", "data string too short");
    pos += item.align;
    switch (item.kind) {
      case Kind.Int:
      case Kind.Uint:
        out.push(readInt(data, pos, item.size, r.little, item.kind === Kind.Int));
        break;
      case Kind.Float: {
        for (let i = 0; i < item.size; i++) scratch.setUint8(i, data.charCodeAt(pos + i));
        out.push(item.size === 4 ? scratch.getFloat32(0, r.little) : scratch.getFloat64(0, r.little));
        break;
      }
      case Kind.Char:
        out.push(data.slice(pos, pos + item.size));
        break;
      case Kind.String: {
        const n = readInt(data, pos, item.size, r.little, false);
        if (n > len - pos - item.size) throw argError(2, "unpack", "data string too short");
        out.push(data.slice(pos + item.size, pos + item.size + n));
        pos += n;
        break;
      }
      case Kind.Zstr: {
        const end = data.indexOf("\0", pos);
        if (end < 0) throw argError(2, "unpack", "unfinished string for format 'z'");
        out.push(data.slice(pos, end));
        pos = end + 1;
        break;
      }
    }
    pos += item.size;
  }
  out.push(pos + 1);
  return out;
}
