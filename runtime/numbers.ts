// Numbers as Luau writes them; a leaf module so that error messages (errors.ts) and values share it.

/** A number as Luau prints it: shortest round-trip digits, `-0`, `inf`, `nan`, two-digit exponents. */
export function numberToString(n: number): string {
  if (Number.isInteger(n)) {
    if (n === 0 && 1 / n < 0) return "-0";
    if (n < 1e21 && n > -1e21) return String(n);
  } else if (n !== n) {
    return "nan";
  } else if (n === Infinity) {
    return "inf";
  } else if (n === -Infinity) {
    return "-inf";
  }
  const s = String(n);
  const e = s.indexOf("e");
  if (e < 0) return s;
  // JS writes 1e-7 and 1e+21; Luau (printf %.17g style) writes at least two exponent digits
  const sign = s[e + 1];
  const digits = s.slice(e + 2);
  return s.slice(0, e + 1) + sign + (digits.length < 2 ? "0" + digits : digits);
}
