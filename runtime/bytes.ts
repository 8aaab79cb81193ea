// Luau strings are JS strings whose char codes are bytes (0-255), so bytes and strings convert as
// latin1. Buffer's native latin1 copies do it (200× faster than String.fromCharCode over a 1 MiB
// buffer) and take any Uint8Array as their receiver, so no Buffer view is made per call.
const { latin1Slice, latin1Write } = Buffer.prototype as unknown as {
  latin1Slice(this: Uint8Array, start: number, end: number): string;
  latin1Write(this: Uint8Array, s: string, offset: number, length?: number): number;
};

/** bytes[start, end) as a Luau string. */
export function bytesToString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return latin1Slice.call(bytes, start, end);
}

/** A copy of bytes[start, end) in a plain Uint8Array. (A Node Buffer's slice() is a view of the
 * same memory, and socket data wrapped as Luau buffers is Buffers.) */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

/** A Luau string's bytes, in a new array. */
export function stringToBytes(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  latin1Write.call(bytes, s, 0);
  return bytes;
}

/** Writes the first `count` bytes of `s` (all of it by default) into `target` at `offset`; returns
 * how many were written (fewer when `target` ends first). */
export function writeStringBytes(target: Uint8Array, offset: number, s: string, count = s.length): number {
  const n = Math.min(count, target.length - offset);
  return n <= 0 ? 0 : latin1Write.call(target, s, offset, n);
}
