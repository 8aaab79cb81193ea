// The `buffer` library: fixed-size byte arrays, little-endian numeric access, strings, bit fields.
// Offsets, sizes and counts are C ints (luaL_checkinteger: NaN and values beyond the int range are
// INT_MIN), integer values to store are C unsigneds, and bit offsets are int64 (a cast of the number).
// As in the reference, every argument is read before any bounds check.
import { rtError } from "../runtime/errors";
import type { LuauTable } from "../runtime/table";
import { LuauBuffer, NONE } from "../runtime/values";
import { argError, checkBuffer, checkInt, checkNumber, checkString, library, optInt, toInt64, toUint32 } from "./args";
import { bytesToString, stringToBytes, writeStringBytes } from "../runtime/bytes";

// the reference's largest buffer (1 GiB)
const MAX_SIZE = 0x40000000;

function outOfBounds(): never {
  throw rtError("buffer access out of bounds");
}

/** Checks that `count` bytes at `offset` lie inside the buffer (NaN and infinities fail too). */
function checkRange(b: LuauBuffer, offset: number, count: number): void {
  if (!(offset >= 0 && count >= 0 && offset + count <= b.bytes.length)) outOfBounds();
}

function create(size: unknown): LuauBuffer {
  const n = checkInt(size, 1, "create", arguments.length);
  if (n < 0 || n > MAX_SIZE) throw argError(1, "create", "size");
  return new LuauBuffer(new Uint8Array(n));
}

function fromstring(s: unknown): LuauBuffer {
  const str = checkString(s, 1, "fromstring", arguments.length);
  return new LuauBuffer(stringToBytes(str));
}

function tostring(b: unknown): string {
  return bytesToString(checkBuffer(b, 1, "tostring", arguments.length).bytes);
}

function len(b: unknown): number {
  return checkBuffer(b, 1, "len", arguments.length).bytes.length;
}

// ---- numbers
// One small function per accessor: each DataView call site then sees one method, which JSC
// compiles inline (a shared closure calling a per-type callback ran 8x slower).

/** Checks an accessor's buffer and offset (`size` bytes must fit); returns the offset. */
function at(b: unknown, offset: unknown, size: number, name: string, nargs: number): number {
  const buf = checkBuffer(b, 1, name, nargs);
  const o = checkInt(offset, 2, name, nargs);
  checkRange(buf, o, size);
  return o;
}

/** A writer's buffer and offset, not yet checked against the buffer's size. */
function offsetArg(b: unknown, offset: unknown, name: string, nargs: number): number {
  checkBuffer(b, 1, name, nargs);
  return checkInt(offset, 2, name, nargs);
}

/** The value to store; integer values wrap modulo 2^width like the reference's int64 conversion. */
function stored(v: unknown, name: string, nargs: number, integer: boolean): number {
  const n = checkNumber(v, 3, name, nargs);
  return integer ? toUint32(n) : n;
}

const view = (b: unknown) => (b as LuauBuffer).view;

function readi8(b: unknown, o: unknown) {
  const off = at(b, o, 1, "readi8", arguments.length);
  return view(b).getInt8(off);
}
function readu8(b: unknown, o: unknown) {
  const off = at(b, o, 1, "readu8", arguments.length);
  return view(b).getUint8(off);
}
function readi16(b: unknown, o: unknown) {
  const off = at(b, o, 2, "readi16", arguments.length);
  return view(b).getInt16(off, true);
}
function readu16(b: unknown, o: unknown) {
  const off = at(b, o, 2, "readu16", arguments.length);
  return view(b).getUint16(off, true);
}
function readi32(b: unknown, o: unknown) {
  const off = at(b, o, 4, "readi32", arguments.length);
  return view(b).getInt32(off, true);
}
function readu32(b: unknown, o: unknown) {
  const off = at(b, o, 4, "readu32", arguments.length);
  return view(b).getUint32(off, true);
}
function readf32(b: unknown, o: unknown) {
  const off = at(b, o, 4, "readf32", arguments.length);
  return view(b).getFloat32(off, true);
}
function readf64(b: unknown, o: unknown) {
  const off = at(b, o, 8, "readf64", arguments.length);
  return view(b).getFloat64(off, true);
}

function writei8(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writei8", n);
  const x = stored(v, "writei8", n, true);
  checkRange(b as LuauBuffer, off, 1);
  view(b).setInt8(off, x);
  return NONE;
}
function writeu8(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writeu8", n);
  const x = stored(v, "writeu8", n, true);
  checkRange(b as LuauBuffer, off, 1);
  view(b).setUint8(off, x);
  return NONE;
}
function writei16(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writei16", n);
  const x = stored(v, "writei16", n, true);
  checkRange(b as LuauBuffer, off, 2);
  view(b).setInt16(off, x, true);
  return NONE;
}
function writeu16(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writeu16", n);
  const x = stored(v, "writeu16", n, true);
  checkRange(b as LuauBuffer, off, 2);
  view(b).setUint16(off, x, true);
  return NONE;
}
function writei32(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writei32", n);
  const x = stored(v, "writei32", n, true);
  checkRange(b as LuauBuffer, off, 4);
  view(b).setInt32(off, x, true);
  return NONE;
}
function writeu32(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writeu32", n);
  const x = stored(v, "writeu32", n, true);
  checkRange(b as LuauBuffer, off, 4);
  view(b).setUint32(off, x, true);
  return NONE;
}
function writef32(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writef32", n);
  const x = stored(v, "writef32", n, false);
  checkRange(b as LuauBuffer, off, 4);
  view(b).setFloat32(off, x, true);
  return NONE;
}
function writef64(b: unknown, o: unknown, v: unknown) {
  const n = arguments.length;
  const off = offsetArg(b, o, "writef64", n);
  const x = stored(v, "writef64", n, false);
  checkRange(b as LuauBuffer, off, 8);
  view(b).setFloat64(off, x, true);
  return NONE;
}

// ---- strings

function readstring(b: unknown, offset: unknown, count: unknown): string {
  const nargs = arguments.length;
  const buf = checkBuffer(b, 1, "readstring", nargs);
  const o = checkInt(offset, 2, "readstring", nargs);
  const n = checkInt(count, 3, "readstring", nargs);
  if (n < 0) throw argError(3, "readstring", "size");
  checkRange(buf, o, n);
  return bytesToString(buf.bytes, o, o + n);
}

function writestring(b: unknown, offset: unknown, s: unknown, count: unknown): unknown {
  const nargs = arguments.length;
  const buf = checkBuffer(b, 1, "writestring", nargs);
  const o = checkInt(offset, 2, "writestring", nargs);
  const str = checkString(s, 3, "writestring", nargs);
  const n = optInt(count, 4, "writestring", str.length);
  if (n < 0) throw argError(4, "writestring", "count");
  if (n > str.length) throw rtError("string length overflow");
  checkRange(buf, o, n);
  writeStringBytes(buf.bytes, o, str, n);
  return NONE;
}

// ---- block operations

function copy(target: unknown, targetOffset: unknown, source: unknown, sourceOffset: unknown, count: unknown): unknown {
  const nargs = arguments.length;
  const dst = checkBuffer(target, 1, "copy", nargs);
  const to = checkInt(targetOffset, 2, "copy", nargs);
  const src = checkBuffer(source, 3, "copy", nargs);
  const from = optInt(sourceOffset, 4, "copy", 0);
  const n = optInt(count, 5, "copy", src.bytes.length - from);
  checkRange(src, from, n);
  checkRange(dst, to, n);
  // TypedArray.set copies as if through a temporary, so overlapping ranges are safe
  dst.bytes.set(src.bytes.subarray(from, from + n), to);
  return NONE;
}

function fill(b: unknown, offset: unknown, value: unknown, count: unknown): unknown {
  const nargs = arguments.length;
  const buf = checkBuffer(b, 1, "fill", nargs);
  const o = checkInt(offset, 2, "fill", nargs);
  const v = toUint32(checkNumber(value, 3, "fill", nargs)) & 0xff;
  const n = optInt(count, 4, "fill", buf.bytes.length - o);
  checkRange(buf, o, n);
  buf.bytes.fill(v, o, o + n);
  return NONE;
}

// ---- bit fields: bit i of the buffer is bit (i % 8) of byte floor(i / 8)

/** The reference's order: a negative offset, then the count, then the range. */
function checkBits(buf: LuauBuffer, bitOffset: number, bitCount: number): void {
  if (!(bitOffset >= 0)) outOfBounds();
  if (!(bitCount >= 0 && bitCount <= 32)) throw rtError("bit count is out of range of [0; 32]");
  if (!(bitOffset + bitCount <= buf.bytes.length * 8)) outOfBounds();
}

/** A bit offset: the number cast to int64 (luaL_checknumber, then a cast): NaN, infinities and values
 *  beyond the int64 range become INT64_MIN, so they fail as negative. */
function bitOffsetArg(v: unknown, fname: string, nargs: number): number {
  return Number(toInt64(checkNumber(v, 2, fname, nargs)));
}

/** The (at most five) bytes covering a bit range, as one exact integer. */
function loadSpan(bytes: Uint8Array, first: number, nbytes: number): number {
  let acc = 0;
  for (let i = nbytes - 1; i >= 0; i--) acc = acc * 256 + bytes[first + i];
  return acc;
}

function readbits(b: unknown, bitOffset: unknown, bitCount: unknown): number {
  const nargs = arguments.length;
  const buf = checkBuffer(b, 1, "readbits", nargs);
  const offset = bitOffsetArg(bitOffset, "readbits", nargs);
  const count = checkInt(bitCount, 3, "readbits", nargs);
  checkBits(buf, offset, count);
  if (count === 0) return 0;
  const shift = offset & 7;
  const span = loadSpan(buf.bytes, Math.floor(offset / 8), (shift + count + 7) >>> 3);
  return Math.floor(span / 2 ** shift) % 2 ** count;
}

function writebits(b: unknown, bitOffset: unknown, bitCount: unknown, value: unknown): unknown {
  const nargs = arguments.length;
  const buf = checkBuffer(b, 1, "writebits", nargs);
  const offset = bitOffsetArg(bitOffset, "writebits", nargs);
  const count = checkInt(bitCount, 3, "writebits", nargs);
  const v = toUint32(checkNumber(value, 4, "writebits", nargs));
  checkBits(buf, offset, count);
  if (count === 0) return NONE;
  const shift = offset & 7;
  const first = Math.floor(offset / 8); // bit offsets reach 2^33: no 32-bit shift
  const nbytes = (shift + count + 7) >>> 3;
  const bytes = buf.bytes;
  let span = loadSpan(bytes, first, nbytes);
  const scale = 2 ** shift;
  const old = Math.floor(span / scale) % 2 ** count;
  span += ((v % 2 ** count) - old) * scale;
  for (let i = 0; i < nbytes; i++) {
    bytes[first + i] = span % 256;
    span = Math.floor(span / 256);
  }
  return NONE;
}

export function createBufferLibrary(): LuauTable {
  return library({
    create,
    fromstring,
    tostring,
    len,
    readi8,
    readu8,
    readi16,
    readu16,
    readi32,
    readu32,
    readf32,
    readf64,
    writei8,
    writeu8,
    writei16,
    writeu16,
    writei32,
    writeu32,
    writef32,
    writef64,
    readstring,
    writestring,
    copy,
    fill,
    readbits,
    writebits,
  });
}
