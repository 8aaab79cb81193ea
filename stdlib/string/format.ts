// string.format: C printf conversions as glibc prints them, with Luau's option set and messages.
//
// - Options: c d i u o x X e E f g G q s * and %%. (F, a, A, length modifiers... are rejected.)
// - A spec has at most 5 flag characters from "-+ #0", a width and a precision of at most two digits.
// - Integer conversions take the number as a C `long long` (truncated); u o x X print it as unsigned.
// - %s uses the string (numbers converted as tostring does); with a width or precision it behaves
//   like C and stops at an embedded zero, unless the string has 100+ bytes and there is no precision.
// - %q quotes a string (only `"`, `\`, newline, carriage return and zero are escaped); %* is tostring
//   and takes no flags, width or precision.
// - The argument is checked to exist before its spec is parsed ("missing argument #N").
import { rtError } from "../../runtime/errors";
import { toStringMeta } from "../../runtime/ops";
import { checkNumber, checkString, toCInt, toInt64 } from "../args";

const MAX_FLAGS = 5;

interface Spec {
  left: boolean; // -
  plus: boolean; // +
  space: boolean; // ' '
  alt: boolean; // #
  zero: boolean; // 0
  width: number;
  precision: number; // -1 when absent
  /** The spec had something between '%' and the option letter. */
  hasForm: boolean;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function format(nargs: number, args: ArrayLike<unknown>): string {
  const fmt = checkString(args[0], 1, "format", nargs);
  let out = "";
  let arg = 0;
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    i = pct + 1;
    if (fmt.charCodeAt(i) === 37) {
      out += "%";
      i++;
      continue;
    }
    if (++arg >= nargs) throw rtError(`missing argument #${arg + 1}`);
    const spec: Spec = {
      left: false,
      plus: false,
      space: false,
      alt: false,
      zero: false,
      width: 0,
      precision: -1,
      hasForm: false,
    };
    const start = i;
    // flags by char code: no one-character strings made per spec (past the end is NaN: no flag)
    for (;; i++) {
      const c = fmt.charCodeAt(i);
      if (c === 45) spec.left = true; // -
      else if (c === 43) spec.plus = true; // +
      else if (c === 32) spec.space = true; // ' '
      else if (c === 35) spec.alt = true; // #
      else if (c === 48) spec.zero = true; // 0
      else break;
    }
    if (i - start > MAX_FLAGS) throw rtError("invalid format (repeated flags)");
    if (isDigit(fmt.charCodeAt(i))) {
      spec.width = fmt.charCodeAt(i++) - 48;
      if (isDigit(fmt.charCodeAt(i))) spec.width = spec.width * 10 + fmt.charCodeAt(i++) - 48;
    }
    if (fmt.charCodeAt(i) === 46) {
      i++;
      spec.precision = 0;
      if (isDigit(fmt.charCodeAt(i))) {
        spec.precision = fmt.charCodeAt(i++) - 48;
        if (isDigit(fmt.charCodeAt(i))) spec.precision = spec.precision * 10 + fmt.charCodeAt(i++) - 48;
      }
    }
    if (isDigit(fmt.charCodeAt(i))) throw rtError("invalid format (width or precision too long)");
    spec.hasForm = i > start;
    const option = i < n ? fmt[i] : "";
    i++;
    out += formatItem(option, spec, args[arg], arg + 1);
  }
  return out;
}

function formatItem(option: string, spec: Spec, v: unknown, argn: number): string {
  switch (option) {
    case "c":
      return pad(String.fromCharCode(toCInt(checkNumber(v, argn, "format")) & 0xff), spec, false);
    case "d":
    case "i": {
      const x = checkNumber(v, argn, "format");
      const t = Math.trunc(x);
      // the common plain %d of a safe integer needs no 64-bit arithmetic
      if (!spec.hasForm && Number.isSafeInteger(t)) return String(t);
      return formatInteger(toInt64(x), 10, spec, true);
    }
    case "u":
      return formatInteger(BigInt.asUintN(64, toInt64(checkNumber(v, argn, "format"))), 10, spec, false);
    case "o":
      return formatInteger(BigInt.asUintN(64, toInt64(checkNumber(v, argn, "format"))), 8, spec, false);
    case "x":
      return formatInteger(BigInt.asUintN(64, toInt64(checkNumber(v, argn, "format"))), 16, spec, false);
    case "X":
      return formatInteger(BigInt.asUintN(64, toInt64(checkNumber(v, argn, "format"))), 16, spec, false).toUpperCase();
    case "e":
    case "E":
    case "f":
    case "g":
    case "G":
      return formatFloat(checkNumber(v, argn, "format"), option, spec);
    case "q":
      return quote(checkString(v, argn, "format"));
    case "s": {
      const str = checkString(v, argn, "format");
      return spec.hasForm ? formatString(str, spec) : str;
    }
    case "*":
      if (spec.hasForm) throw rtError("'%*' does not take a form");
      return toStringMeta(v);
    default:
      // the reference builds this message as a C string, so a missing or zero option byte ends it
      if (option === "" || option === "\0") throw rtError("invalid option '%");
      throw rtError(`invalid option '%${option}' to 'format'`);
  }
}

/** Pads to the width with spaces (or zeros after any sign/prefix when `zeroOk`). */
function pad(body: string, spec: Spec, zeroOk: boolean, prefix = ""): string {
  const len = prefix.length + body.length;
  if (len >= spec.width) return prefix + body;
  const fill = spec.width - len;
  if (spec.left) return prefix + body + " ".repeat(fill);
  if (zeroOk && spec.zero) return prefix + "0".repeat(fill) + body;
  return " ".repeat(fill) + prefix + body;
}

function formatInteger(value: bigint, base: number, spec: Spec, signed: boolean): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(base);
  if (spec.precision >= 0) {
    if (spec.precision === 0 && value === 0n) digits = "";
    else if (digits.length < spec.precision) digits = "0".repeat(spec.precision - digits.length) + digits;
  }
  let prefix = "";
  if (signed) {
    if (negative) prefix = "-";
    else if (spec.plus) prefix = "+";
    else if (spec.space) prefix = " ";
  } else if (spec.alt) {
    if (base === 8 && !digits.startsWith("0")) digits = "0" + digits;
    else if (base === 16 && value !== 0n) prefix = "0x";
  }
  // a precision turns the 0 flag off for integers
  return pad(digits, spec, spec.precision < 0, prefix);
}

/** %s with a width or precision. */
function formatString(s: string, spec: Spec): string {
  // long strings without a precision are copied whole (embedded zeros included)
  if (spec.precision < 0 && s.length >= 100) return s;
  const zero = s.indexOf("\0");
  if (zero >= 0) s = s.slice(0, zero);
  if (spec.precision >= 0 && s.length > spec.precision) s = s.slice(0, spec.precision);
  return pad(s, spec, false);
}

function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    switch (c) {
      case '"':
        out += '\\"';
        break;
      case "\\":
        out += "\\\\";
        break;
      case "\n":
        out += "\\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\0":
        out += "\\000";
        break;
      default:
        out += c;
    }
  }
  return out + '"';
}

// ---- floating point conversions, digit-exact (rounding is done on the exact binary value, ties to even)

const f64 = new DataView(new ArrayBuffer(8));

function signBit(x: number): boolean {
  f64.setFloat64(0, x);
  return (f64.getUint8(0) & 0x80) !== 0;
}

/** |x| as mantissa * 2^exponent, exactly (x finite). */
function decompose(x: number): [bigint, number] {
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return [mant, -1074];
  mant |= 1n << 52n;
  return [mant, biased - 1075];
}

const pow10cache: bigint[] = [1n];
function pow10(k: number): bigint {
  for (let i = pow10cache.length; i <= k; i++) pow10cache[i] = pow10cache[i - 1] * 10n;
  return pow10cache[k];
}

/** |x| * 10^k as an exact fraction num / den. */
function scaled(x: number, k: number): [bigint, bigint] {
  const [mant, exp2] = decompose(x);
  let num = mant;
  let den = 1n;
  if (k >= 0) num *= pow10(k);
  else den *= pow10(-k);
  if (exp2 >= 0) num <<= BigInt(exp2);
  else den <<= BigInt(-exp2);
  return [num, den];
}

/** num / den rounded to an integer, ties to even. */
function roundDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function scaleRound(x: number, k: number): bigint {
  const [num, den] = scaled(x, k);
  return roundDiv(num, den);
}

/** |x| in fixed notation with `prec` decimals. */
function fixedDigits(x: number, prec: number, alt: boolean): string {
  const a = Math.abs(x);
  // fast path: toFixed rounds exactly too, except that it breaks ties upwards. A tie needs
  // a * 2^(prec+1) to be an odd integer (a power-of-two scaling is exact).
  const y = a * 2 ** (prec + 1);
  if (a < 1e21 && !(Number.isInteger(y) && y % 2 === 1)) {
    const f = a.toFixed(prec);
    return alt && prec === 0 ? f + "." : f;
  }
  let s = scaleRound(x, prec).toString();
  if (prec === 0) return alt ? s + "." : s;
  if (s.length <= prec) s = "0".repeat(prec - s.length + 1) + s;
  return s.slice(0, s.length - prec) + "." + s.slice(s.length - prec);
}

/**
 * |x| rounded to `prec`+1 significant digits: the digits, the decimal exponent of the first, and
 * whether rounding carried into a new leading digit (99.96 → 100.0).
 */
function significantDigits(x: number, prec: number): [string, number, boolean] {
  if (x === 0) return ["0".repeat(prec + 1), 0, false];
  let e = Math.floor(Math.log10(Math.abs(x)));
  const lo = pow10(prec);
  const hi = pow10(prec + 1);
  // the exponent is chosen on the exact value; rounding may then carry into one more digit
  for (;;) {
    const [num, den] = scaled(x, prec - e);
    const t = num / den;
    if (t >= hi) e++;
    else if (t < lo) e--;
    else {
      const q = roundDiv(num, den);
      return q === hi ? [q.toString().slice(0, prec + 1), e + 1, true] : [q.toString(), e, false];
    }
  }
}

function exponentText(e: number): string {
  const a = Math.abs(e);
  return (e < 0 ? "-" : "+") + (a < 10 ? "0" + a : String(a));
}

/** |x| in exponent notation with `prec` decimals. */
function expDigits(x: number, prec: number, alt: boolean): string {
  const [digits, e] = significantDigits(x, prec);
  const mant = prec === 0 ? digits + (alt ? "." : "") : digits[0] + "." + digits.slice(1);
  return mant + "e" + exponentText(e);
}

/** %g: the shorter style for the precision, trailing zeros removed unless '#'. */
function generalDigits(x: number, prec: number, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  const [, e, carried] = x === 0 ? ["", 0, false] : significantDigits(x, p - 1);
  if (e >= -4 && e < p) {
    const s = fixedDigits(x, p - 1 - e, alt);
    return alt ? s : stripZeros(s);
  }
  // glibc quirk: when rounding carries a fixed-style value into exponent style, '#' keeps no zeros
  if (alt && carried && e === p) return "1.e" + exponentText(e);
  const s = expDigits(x, p - 1, alt);
  if (alt) return s;
  const at = s.indexOf("e");
  return stripZeros(s.slice(0, at)) + s.slice(at);
}

function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function formatFloat(x: number, option: string, spec: Spec): string {
  const negative = signBit(x);
  const upper = option === "E" || option === "G";
  let body: string;
  const finite = Number.isFinite(x);
  if (!finite) {
    body = x !== x ? "nan" : "inf";
  } else {
    const prec = spec.precision < 0 ? 6 : spec.precision;
    switch (option) {
      case "f":
        body = fixedDigits(x, prec, spec.alt);
        break;
      case "e":
      case "E":
        body = expDigits(x, prec, spec.alt);
        break;
      default:
        body = generalDigits(x, prec, spec.alt);
    }
  }
  if (upper) body = body.toUpperCase();
  const sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  return pad(body, spec, finite, sign);
}
