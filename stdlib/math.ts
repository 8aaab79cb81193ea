// The `math` library. Numbers follow C's libm semantics (signed zeros, NaN, C `pow`/`fmod`/`round`);
// math.noise is Perlin's improved noise in single precision and math.random is PCG32. The bounds of
// math.random, the seed and ldexp's exponent are C ints (NaN and values beyond the int range are
// INT_MIN), as luaL_checkinteger reads them.
import { rtError } from "../runtime/errors";
import { pow } from "../runtime/ops";
import type { LuauTable } from "../runtime/table";
import { NONE } from "../runtime/values";
import { checkInt, checkNumber, argError, library, optNumber } from "./args";

function unary<R>(name: string, fn: (x: number) => R): (x: unknown) => R {
  return function (x: unknown): R {
    return fn(checkNumber(x, 1, name, arguments.length));
  };
}

function binary(name: string, fn: (x: number, y: number) => number): (x: unknown, y: unknown) => number {
  return function (x: unknown, y: unknown): number {
    const nargs = arguments.length;
    return fn(checkNumber(x, 1, name, nargs), checkNumber(y, 2, name, nargs));
  };
}

// ---- rounding and decomposition

/** C round(): halves away from zero. `x - trunc(x)` is exact, so there is no double rounding. */
function round(x: number): number {
  const t = Math.trunc(x);
  const frac = x - t;
  if (frac >= 0.5) return t + 1;
  if (frac <= -0.5) return t - 1;
  return t;
}

/** C modf(): the fraction keeps the sign of x (so modf(-inf) gives -0). */
function modf(x: unknown): [number, number] {
  const n = checkNumber(x, 1, "modf", arguments.length);
  const ip = Math.trunc(n);
  const fp = Number.isFinite(n) ? n - ip : n !== n ? n : 0;
  return [ip, fp === 0 ? (n < 0 || Object.is(n, -0) ? -0 : 0) : fp];
}

const scratch = new DataView(new ArrayBuffer(8));

/** C frexp(): x = m * 2^e with |m| in [0.5, 1); 0, inf and nan come back with e = 0. */
function frexpNumber(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let bias = 0;
  scratch.setFloat64(0, x);
  let biased = (scratch.getUint16(0) >>> 4) & 0x7ff;
  if (biased === 0) {
    // subnormal: scale into the normal range first
    scratch.setFloat64(0, x * 2 ** 64);
    biased = (scratch.getUint16(0) >>> 4) & 0x7ff;
    bias = 64;
  }
  // replace the exponent field with the one of [0.5, 1)
  scratch.setUint16(0, (scratch.getUint16(0) & 0x800f) | (1022 << 4));
  return [scratch.getFloat64(0), biased - 1022 - bias];
}

/** C ldexp(): m * 2^e rounded once, even when the result is subnormal. */
function ldexpNumber(m: number, e: number): number {
  if (m === 0 || !Number.isFinite(m)) return m;
  const [f, k] = frexpNumber(m);
  const exp = k + e; // result = f * 2^exp with |f| in [0.5, 1)
  if (exp > 1024) return f * Infinity;
  if (exp === 1024) return f * 2 * 2 ** 1023;
  if (exp >= -1021) return f * 2 ** exp;
  if (exp < -1080) return f * 0;
  // exact scaling into the normal range, then a single rounding step into the subnormals
  return f * 2 ** (exp + 64) * 2 ** -64;
}

function log(x: unknown, base: unknown): number {
  const n = checkNumber(x, 1, "log", arguments.length);
  if (base === undefined) return Math.log(n);
  const b = checkNumber(base, 2, "log");
  // bases 2 and 10 use the exact functions, as the reference does
  if (b === 2) return Math.log2(n);
  if (b === 10) return Math.log10(n);
  return Math.log(n) / Math.log(b);
}

// ---- min, max, clamp and friends

// `<` keeps the first argument on ties and NaN: math.min(nan, 1) is nan but math.min(1, nan) is 1
function min(...args: unknown[]): number {
  let r = checkNumber(args[0], 1, "min", args.length);
  for (let i = 1; i < args.length; i++) {
    const x = checkNumber(args[i], i + 1, "min");
    if (x < r) r = x;
  }
  return r;
}

function max(...args: unknown[]): number {
  let r = checkNumber(args[0], 1, "max", args.length);
  for (let i = 1; i < args.length; i++) {
    const x = checkNumber(args[i], i + 1, "max");
    if (x > r) r = x;
  }
  return r;
}

function clamp(x: unknown, lo: unknown, hi: unknown): number {
  const nargs = arguments.length;
  const v = checkNumber(x, 1, "clamp", nargs);
  const a = checkNumber(lo, 2, "clamp", nargs);
  const b = checkNumber(hi, 3, "clamp", nargs);
  if (a > b) throw argError(3, "clamp", "max must be greater than or equal to min");
  const r = v < a ? a : v;
  return r > b ? b : r;
}

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

function map(x: unknown, inMin: unknown, inMax: unknown, outMin: unknown, outMax: unknown): number {
  const nargs = arguments.length;
  const v = checkNumber(x, 1, "map", nargs);
  const a = checkNumber(inMin, 2, "map", nargs);
  const b = checkNumber(inMax, 3, "map", nargs);
  const c = checkNumber(outMin, 4, "map", nargs);
  const d = checkNumber(outMax, 5, "map", nargs);
  return c + ((v - a) * (d - c)) / (b - a);
}

/** a + (b - a) * t, returning b exactly at t = 1 so that t in [0, 1] stays within [a, b]. */
function lerp(a: unknown, b: unknown, t: unknown): number {
  const nargs = arguments.length;
  const x = checkNumber(a, 1, "lerp", nargs);
  const y = checkNumber(b, 2, "lerp", nargs);
  const s = checkNumber(t, 3, "lerp", nargs);
  return s === 1 ? y : x + (y - x) * s;
}

// ---- Perlin noise (Ken Perlin's improved noise, in float32 like the reference)

// Perlin's reference permutation of 0..255
const PERMUTATION = [
  151, 160, 137, 91, 90, 15, 131, 13, 201, 95, 96, 53, 194, 233, 7, 225, 140, 36, 103, 30, 69, 142, 8, 99, 37, 240, 21, 10, 23,
  190, 6, 148, 247, 120, 234, 75, 0, 26, 197, 62, 94, 252, 219, 203, 117, 35, 11, 32, 57, 177, 33, 88, 237, 149, 56, 87, 174,
  20, 125, 136, 171, 168, 68, 175, 74, 165, 71, 134, 139, 48, 27, 166, 77, 146, 158, 231, 83, 111, 229, 122, 60, 211, 133, 230,
  220, 105, 92, 41, 55, 46, 245, 40, 244, 102, 143, 54, 65, 25, 63, 161, 1, 216, 80, 73, 209, 76, 132, 187, 208, 89, 18, 169,
  200, 196, 135, 130, 116, 188, 159, 86, 164, 100, 109, 198, 173, 186, 3, 64, 52, 217, 226, 250, 124, 123, 5, 202, 38, 147, 118,
  126, 255, 82, 85, 212, 207, 206, 59, 227, 47, 16, 58, 17, 182, 189, 28, 42, 223, 183, 170, 213, 119, 248, 152, 2, 44, 154,
  163, 70, 221, 153, 101, 155, 167, 43, 172, 9, 129, 22, 39, 253, 19, 98, 108, 110, 79, 113, 224, 232, 178, 185, 112, 104, 218,
  246, 97, 228, 251, 34, 242, 193, 238, 210, 144, 12, 191, 179, 162, 241, 81, 51, 145, 235, 249, 14, 239, 107, 49, 192, 214, 31,
  181, 199, 106, 157, 184, 84, 204, 176, 115, 121, 50, 45, 127, 4, 150, 254, 138, 236, 205, 93, 222, 114, 67, 29, 24, 72, 243,
  141, 128, 195, 78, 66, 215, 61, 156, 180,
];
const perm = new Uint8Array(512);
for (let i = 0; i < 512; i++) perm[i] = PERMUTATION[i & 255];

const f32 = Math.fround;

function fade(t: number): number {
  return f32(f32(f32(t * t) * t) * f32(f32(t * f32(f32(t * 6) - 15)) + 10));
}

function mix(t: number, a: number, b: number): number {
  return f32(a + f32(t * f32(b - a)));
}

/** Dot product of (x, y, z) with one of 12 edge gradients picked by the hash. */
function grad(hash: number, x: number, y: number, z: number): number {
  const h = hash & 15;
  const u = h < 8 ? x : y;
  const v = h < 4 ? y : h === 12 || h === 14 ? x : z;
  return f32(((h & 1) === 0 ? u : -u) + ((h & 2) === 0 ? v : -v));
}

function perlin(px: number, py: number, pz: number): number {
  const fx = Math.floor(px);
  const fy = Math.floor(py);
  const fz = Math.floor(pz);
  const X = fx & 255;
  const Y = fy & 255;
  const Z = fz & 255;
  const x = f32(px - fx);
  const y = f32(py - fy);
  const z = f32(pz - fz);
  const x1 = f32(x - 1);
  const y1 = f32(y - 1);
  const z1 = f32(z - 1);
  const u = fade(x);
  const v = fade(y);
  const w = fade(z);
  const A = perm[X] + Y;
  const AA = perm[A] + Z;
  const AB = perm[A + 1] + Z;
  const B = perm[X + 1] + Y;
  const BA = perm[B] + Z;
  const BB = perm[B + 1] + Z;
  const near = mix(v, mix(u, grad(perm[AA], x, y, z), grad(perm[BA], x1, y, z)), mix(u, grad(perm[AB], x, y1, z), grad(perm[BB], x1, y1, z)));
  const far = mix(
    v,
    mix(u, grad(perm[AA + 1], x, y, z1), grad(perm[BA + 1], x1, y, z1)),
    mix(u, grad(perm[AB + 1], x, y1, z1), grad(perm[BB + 1], x1, y1, z1)),
  );
  return mix(w, near, far);
}

function noise(x: unknown, y: unknown, z: unknown): number {
  const px = f32(checkNumber(x, 1, "noise", arguments.length));
  const py = f32(optNumber(y, 2, "noise", 0));
  const pz = f32(optNumber(z, 3, "noise", 0));
  return perlin(px, py, pz);
}

// ---- random numbers: PCG32 (64-bit state kept as two uint32 halves)

const MUL_HI = 0x5851f42d;
const MUL_LO = 0x4c957f2d;
const INC_LO = 105;

let stateHi = 0;
let stateLo = 0;

/** High 32 bits of the 64-bit product of two uint32 values, with 16-bit limbs to stay exact. */
function mulHigh(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const t = a1 * b0 + ((a0 * b0) >>> 16);
  const w = (t & 0xffff) + a0 * b1;
  return (a1 * b1 + (t >>> 16) + (w >>> 16)) >>> 0;
}

/** state = state * MUL + INC (mod 2^64). */
function step(): void {
  const hi = (mulHigh(stateLo, MUL_LO) + Math.imul(stateHi, MUL_LO) + Math.imul(stateLo, MUL_HI)) >>> 0;
  const lo = Math.imul(stateLo, MUL_LO) >>> 0;
  const sum = lo + INC_LO;
  stateLo = sum >>> 0;
  stateHi = (hi + (sum > 0xffffffff ? 1 : 0)) >>> 0;
}

/** The next 32-bit output: xorshift-high, then a random rotation. */
function next32(): number {
  const hi = stateHi;
  const lo = stateLo;
  step();
  // ((state >> 18) ^ state) >> 27, truncated to 32 bits
  const xhi = hi ^ (hi >>> 18);
  const xlo = lo ^ ((lo >>> 18) | (hi << 14));
  const xorshifted = ((xlo >>> 27) | (xhi << 5)) >>> 0;
  const rot = hi >>> 27;
  return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
}

function seed(hi: number, lo: number): void {
  stateHi = 0;
  stateLo = 0;
  step();
  const sum = stateLo + lo;
  stateLo = sum >>> 0;
  stateHi = (stateHi + hi + (sum > 0xffffffff ? 1 : 0)) >>> 0;
  step();
}

function random(m: unknown, n: unknown): number {
  const nargs = arguments.length;
  if (nargs === 0) {
    // 53 random bits: uniform in [0, 1)
    const hi = next32();
    const lo = next32();
    return (hi * 2 ** 21 + (lo >>> 11)) / 2 ** 53;
  }
  let lower: number;
  let upper: number;
  if (nargs === 1) {
    lower = 1;
    upper = checkInt(m, 1, "random", nargs);
    if (upper < lower) throw argError(1, "random", "interval is empty");
  } else if (nargs === 2) {
    lower = checkInt(m, 1, "random", nargs);
    upper = checkInt(n, 2, "random", nargs);
    if (upper < lower) throw argError(2, "random", "interval is empty");
  } else {
    throw rtError("wrong number of arguments");
  }
  // the width must fit in 32 bits
  if (upper - lower >= 0xffffffff) throw argError(2, "random", "interval is too large");
  const width = upper - lower + 1;
  return lower + Math.floor((next32() * width) / 2 ** 32);
}

function randomseed(x: unknown): unknown {
  const n = checkInt(x, 1, "randomseed", arguments.length);
  // the seed is a signed integer widened to 64 bits
  seed(n < 0 ? 0xffffffff : 0, n >>> 0);
  return NONE;
}

seed((Date.now() / 2 ** 32) >>> 0, (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0);

export function createMathLibrary(): LuauTable {
  return library({
    pi: Math.PI,
    huge: Infinity,
    e: Math.E,
    tau: 2 * Math.PI,
    phi: (1 + Math.sqrt(5)) / 2,
    sqrt2: Math.SQRT2,
    nan: NaN,
    abs: unary("abs", Math.abs),
    floor: unary("floor", Math.floor),
    ceil: unary("ceil", Math.ceil),
    round: unary("round", round),
    sign: unary("sign", sign),
    sqrt: unary("sqrt", Math.sqrt),
    exp: unary("exp", Math.exp),
    log10: unary("log10", Math.log10),
    sin: unary("sin", Math.sin),
    cos: unary("cos", Math.cos),
    tan: unary("tan", Math.tan),
    asin: unary("asin", Math.asin),
    acos: unary("acos", Math.acos),
    atan: unary("atan", Math.atan),
    sinh: unary("sinh", Math.sinh),
    cosh: unary("cosh", Math.cosh),
    tanh: unary("tanh", Math.tanh),
    deg: unary("deg", (x) => x * (180 / Math.PI)),
    rad: unary("rad", (x) => x * (Math.PI / 180)),
    isnan: unary("isnan", (x) => x !== x),
    isinf: unary("isinf", (x) => x === Infinity || x === -Infinity),
    isfinite: unary("isfinite", Number.isFinite),
    atan2: binary("atan2", Math.atan2),
    pow: binary("pow", pow),
    // JS `%` on numbers is C fmod
    fmod: binary("fmod", (a, b) => a % b),
    ldexp(m: unknown, e: unknown): number {
      const nargs = arguments.length;
      return ldexpNumber(checkNumber(m, 1, "ldexp", nargs), checkInt(e, 2, "ldexp", nargs));
    },
    frexp(x: unknown): [number, number] {
      return frexpNumber(checkNumber(x, 1, "frexp", arguments.length));
    },
    modf,
    log,
    min,
    max,
    clamp,
    map,
    lerp,
    noise,
    random,
    randomseed,
  });
}
