// The `bit32` library. Every operand becomes an unsigned 32-bit integer the way the reference does
// it (luaL_checkunsigned): truncated to a 64-bit integer, then reduced modulo 2^32. Results are
// always in [0, 2^32). Fields, widths and rotate counts are C ints (luaL_checkinteger: NaN and values
// beyond the int range are INT_MIN). The counts of lshift/rshift/arshift are only truncated: for an
// INT_MIN count the reference negates INT_MIN and shifts by the result, undefined behaviour in C
// whose outcome depends on the compiler, so those are left as they were.
import { rtError } from "../runtime/errors";
import type { LuauTable } from "../runtime/table";
import { argError, checkInt, checkInteger, checkUnsigned, library, optInt } from "./args";

function fold(name: string, init: number, op: (a: number, b: number) => number): (...args: unknown[]) => number {
  return function (...args: unknown[]): number {
    let r = init;
    for (let i = 0; i < args.length; i++) r = op(r, checkUnsigned(args[i], i + 1, name));
    return r >>> 0;
  };
}

const and = (a: number, b: number) => a & b;
const btestAnd = fold("btest", 0xffffffff, and);

function lshiftBy(x: number, n: number): number {
  if (n < 0) return rshiftBy(x, -n);
  return n >= 32 ? 0 : (x << n) >>> 0;
}

function rshiftBy(x: number, n: number): number {
  if (n < 0) return lshiftBy(x, -n);
  return n >= 32 ? 0 : x >>> n;
}

function arshiftBy(x: number, n: number): number {
  if (n < 0) return lshiftBy(x, -n);
  // shifting 32 or more places leaves only copies of the sign bit
  if (n >= 32) return x >= 0x80000000 ? 0xffffffff : 0;
  return (x >> n) >>> 0;
}

function lrotateBy(x: number, n: number): number {
  const k = ((n % 32) + 32) % 32;
  return k === 0 ? x : ((x << k) | (x >>> (32 - k))) >>> 0;
}

function shift(name: string, op: (x: number, n: number) => number): (x: unknown, n: unknown) => number {
  return function (x: unknown, n: unknown): number {
    const nargs = arguments.length;
    return op(checkUnsigned(x, 1, name, nargs), checkInteger(n, 2, name, nargs));
  };
}

/** lrotate/rrotate: the count is a C int, taken modulo 32. */
function rotate(name: string, op: (x: number, n: number) => number): (x: unknown, n: unknown) => number {
  return function (x: unknown, n: unknown): number {
    const nargs = arguments.length;
    return op(checkUnsigned(x, 1, name, nargs), checkInt(n, 2, name, nargs));
  };
}

function unary(name: string, op: (x: number) => number): (x: unknown) => number {
  return function (x: unknown): number {
    return op(checkUnsigned(x, 1, name, arguments.length));
  };
}

/** Checks a bit field and returns its mask (width bits set). */
function fieldMask(fname: string, field: number, width: number, fieldArg: number): number {
  if (field < 0) throw argError(fieldArg, fname, "field cannot be negative");
  if (width <= 0) throw argError(fieldArg + 1, fname, "width must be positive");
  if (field + width > 32) throw rtError("trying to access non-existent bits");
  return width === 32 ? 0xffffffff : (1 << width) - 1;
}

function extract(n: unknown, field: unknown, width: unknown): number {
  const nargs = arguments.length;
  const x = checkUnsigned(n, 1, "extract", nargs);
  const f = checkInt(field, 2, "extract", nargs);
  const w = optInt(width, 3, "extract", 1);
  const mask = fieldMask("extract", f, w, 2);
  return ((x >>> f) & mask) >>> 0;
}

function replace(n: unknown, v: unknown, field: unknown, width: unknown): number {
  const nargs = arguments.length;
  const x = checkUnsigned(n, 1, "replace", nargs);
  const value = checkUnsigned(v, 2, "replace", nargs);
  const f = checkInt(field, 3, "replace", nargs);
  const w = optInt(width, 4, "replace", 1);
  const mask = fieldMask("replace", f, w, 3);
  return ((x & ~(mask << f)) | ((value & mask) << f)) >>> 0;
}

export function createBit32Library(): LuauTable {
  return library({
    band: fold("band", 0xffffffff, and),
    bor: fold("bor", 0, (a, b) => a | b),
    bxor: fold("bxor", 0, (a, b) => a ^ b),
    btest(...args: unknown[]): boolean {
      return btestAnd(...args) !== 0;
    },
    bnot: unary("bnot", (x) => ~x >>> 0),
    lshift: shift("lshift", lshiftBy),
    rshift: shift("rshift", rshiftBy),
    arshift: shift("arshift", arshiftBy),
    lrotate: rotate("lrotate", lrotateBy),
    rrotate: rotate("rrotate", (x, n) => lrotateBy(x, -n)),
    extract,
    replace,
    countlz: unary("countlz", Math.clz32),
    countrz: unary("countrz", (x) => (x === 0 ? 32 : 31 - Math.clz32(x & -x))),
    byteswap: unary("byteswap", (x) => ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0),
  });
}
