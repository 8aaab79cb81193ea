// Integer arguments of the string and utf8 libraries, and the positions table.concat, unpack, move
// and find take. Luau reads them as a C `int`: the number is truncated toward zero, and a value
// outside the int range (or NaN) becomes INT_MIN, which is what the reference build (x86-64)
// produces for an out-of-range double → int conversion.
import { checkNumber } from "../args";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export function toCInt(n: number): number {
  const t = Math.trunc(n);
  return t >= INT_MIN && t <= INT_MAX ? t : INT_MIN;
}

export function checkInt(v: unknown, i: number, fname: string, nargs?: number): number {
  return toCInt(checkNumber(v, i, fname, nargs));
}

/** An optional integer argument: nil (or absent) gives `def`. */
export function optInt(v: unknown, i: number, fname: string, def: number): number {
  return v === undefined ? def : checkInt(v, i, fname);
}

/**
 * A double as a C `long long` cast gives it on x86-64: truncated; NaN and values outside the int64
 * range become INT64_MIN. Used by string.format's integer conversions and string.pack.
 */
export function toInt64(n: number): bigint {
  if (n > -9223372036854775808 && n < 9223372036854775808) return BigInt(Math.trunc(n));
  return -9223372036854775808n;
}
