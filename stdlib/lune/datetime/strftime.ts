// strftime with chrono's specifiers (https://docs.rs/chrono/latest/chrono/format/strftime): padding
// modifiers `%-d %_d %0e`, fractional seconds `%f %.f %.3f %3f`, offsets `%z %:z %::z %:::z`, and
// localised names and formats (%a %A %b %B %p %c %x %X %r) from ./locales. The format is a Luau byte
// string and so is the result (localised names as UTF-8).
import type { Tm } from "./calendar";
import { daysFromCivil, offsetText } from "./calendar";
import type { Locale } from "./locales";

export class FormatError extends Error {}

type Pad = "0" | " " | "";

function num(n: number, width: number, pad: Pad): string {
  const s = String(Math.abs(n));
  const sign = n < 0 ? "-" : "";
  if (pad === "") return sign + s;
  return sign + s.padStart(width - sign.length, pad);
}

/** Years outside 0–9999 carry a sign, as chrono writes them (`+10000`, `-0001`). */
function year(y: number, pad: Pad): string {
  if (y >= 0 && y <= 9999) return num(y, 4, pad);
  return (y < 0 ? "-" : "+") + num(Math.abs(y), 4, pad);
}

/** ISO 8601 week-numbering year and week. */
function isoWeek(tm: Tm): [number, number] {
  const days = daysFromCivil(tm.year, tm.month, tm.day);
  const mondayBased = (tm.weekday + 6) % 7;
  const thursday = days - mondayBased + 3;
  // the year of that week's Thursday is the ISO year
  let y = tm.year;
  if (thursday < daysFromCivil(y, 1, 1)) y--;
  else if (thursday >= daysFromCivil(y + 1, 1, 1)) y++;
  return [y, Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1];
}

function utf8(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

function fraction(nanos: number, digits: number): string {
  return String(nanos).padStart(9, "0").slice(0, digits);
}

/** `%.f`: nothing for whole seconds, else 3, 6 or 9 digits, whichever is exact. */
function autoFraction(nanos: number): string {
  if (nanos === 0) return "";
  if (nanos % 1_000_000 === 0) return "." + fraction(nanos, 3);
  if (nanos % 1000 === 0) return "." + fraction(nanos, 6);
  return "." + fraction(nanos, 9);
}

export function strftime(format: string, tm: Tm, locale: Locale): string {
  let out = "";
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    let pad: Pad | undefined;
    const m = format[i];
    if (m === "-" || m === "_" || m === "0") {
      pad = m === "-" ? "" : m === "_" ? " " : "0";
      i++;
    }
    // multi-character specifiers: %.f %.3f %3f %:z %::z %:::z %#z
    const rest = format.slice(i, i + 4);
    const multi = /^(?:\.[369]?f|[369]f|:{1,3}z|#z)/.exec(rest);
    if (multi !== null) {
      i += multi[0].length;
      out += multiSpec(multi[0], tm);
      continue;
    }
    const c = format[i++];
    if (c === undefined) throw new FormatError("the format ends with an incomplete specifier '%'");
    const s = spec(c, tm, locale, pad);
    if (s === undefined) throw new FormatError(`unknown specifier '%${c}'`);
    out += s;
  }
  return out;
}

function multiSpec(s: string, tm: Tm): string {
  switch (s) {
    case ".f":
      return autoFraction(tm.nanos);
    case ":z":
      return offsetText(tm.offset).slice(0, 6);
    case "::z":
      return offsetText(tm.offset).slice(0, 6) + ":" + String(Math.abs(tm.offset) % 60).padStart(2, "0");
    case ":::z":
      return offsetText(tm.offset).slice(0, 3);
    case "#z":
      return offsetText(tm.offset, false);
  }
  // %.3f %.6f %.9f %3f %6f %9f
  const digits = Number(s[s.length - 2]);
  return (s[0] === "." ? "." : "") + fraction(tm.nanos, digits);
}

function spec(c: string, tm: Tm, loc: Locale, pad: Pad | undefined): string | undefined {
  const p = (def: Pad): Pad => pad ?? def;
  const hour12 = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
  switch (c) {
    case "Y":
      return year(tm.year, p("0"));
    case "C":
      return num(Math.floor(tm.year / 100), 2, p("0"));
    case "y":
      return num(((tm.year % 100) + 100) % 100, 2, p("0"));
    case "q":
      return String(Math.floor((tm.month - 1) / 3) + 1);
    case "m":
      return num(tm.month, 2, p("0"));
    case "b":
    case "h":
      return utf8(loc.shortMonths[tm.month - 1]);
    case "B":
      return utf8(loc.months[tm.month - 1]);
    case "d":
      return num(tm.day, 2, p("0"));
    case "e":
      return num(tm.day, 2, p(" "));
    case "a":
      return utf8(loc.shortDays[tm.weekday]);
    case "A":
      return utf8(loc.days[tm.weekday]);
    case "w":
      return String(tm.weekday);
    case "u":
      return String(tm.weekday === 0 ? 7 : tm.weekday);
    case "U":
      return num(Math.floor((tm.yday - tm.weekday + 6) / 7), 2, p("0"));
    case "W":
      return num(Math.floor((tm.yday - ((tm.weekday + 6) % 7) + 6) / 7), 2, p("0"));
    case "G":
      return year(isoWeek(tm)[0], p("0"));
    case "g":
      return num(((isoWeek(tm)[0] % 100) + 100) % 100, 2, p("0"));
    case "V":
      return num(isoWeek(tm)[1], 2, p("0"));
    case "j":
      return num(tm.yday, 3, p("0"));
    case "D":
      return strftime("%m/%d/%y", tm, loc);
    case "x":
      return strftime(utf8(loc.date), tm, loc);
    case "F":
      return strftime("%Y-%m-%d", tm, loc);
    case "v":
      return strftime("%e-%b-%Y", tm, loc);
    case "H":
      return num(tm.hour, 2, p("0"));
    case "k":
      return num(tm.hour, 2, p(" "));
    case "I":
      return num(hour12, 2, p("0"));
    case "l":
      return num(hour12, 2, p(" "));
    case "P":
      return utf8(loc.ampm[tm.hour < 12 ? 0 : 1].toLowerCase());
    case "p":
      return utf8(loc.ampm[tm.hour < 12 ? 0 : 1]);
    case "M":
      return num(tm.minute, 2, p("0"));
    case "S":
      return num(tm.second, 2, p("0"));
    case "f":
      return fraction(tm.nanos, 9);
    case "R":
      return strftime("%H:%M", tm, loc);
    case "T":
      return strftime("%H:%M:%S", tm, loc);
    case "X":
      return strftime(utf8(loc.time), tm, loc);
    case "r":
      return strftime(utf8(loc.time12), tm, loc);
    case "Z":
      return tm.zone;
    case "z":
      return offsetText(tm.offset, false);
    case "c":
      return strftime(utf8(loc.dateTime), tm, loc);
    case "+":
      return strftime("%Y-%m-%dT%H:%M:%S%.f%:z", tm, loc);
    case "s":
      return String(tm.unix);
    case "t":
      return "\t";
    case "n":
      return "\n";
    case "%":
      return "%";
  }
  return undefined;
}
