// Strict RFC 3339 and RFC 2822 parsers (what chrono's parse_from_rfc3339/parse_from_rfc2822 accept),
// failing with chrono's wording: "premature end of input", "input contains invalid characters",
// "trailing input", "input is out of range", "no possible date and time matching input".
import { SECONDS_PER_DAY, daysFromCivil, daysInMonth } from "./calendar";

export class DateParseError extends Error {}

const TOO_SHORT = "premature end of input";
const INVALID = "input contains invalid characters";
const TOO_LONG = "trailing input";
const OUT_OF_RANGE = "input is out of range";
const IMPOSSIBLE = "no possible date and time matching input";

export interface ParsedInstant {
  unix: number;
  nanos: number;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  offset: number; // seconds east of UTC
}

function toInstant(f: Fields): ParsedInstant {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.hour > 23 || f.minute > 59 || f.second > 60) {
    throw new DateParseError(OUT_OF_RANGE);
  }
  if (f.day > daysInMonth(f.year, f.month)) throw new DateParseError(OUT_OF_RANGE);
  // a leap second (:60) is the last second of the minute, as chrono's timestamps count it
  const second = Math.min(f.second, 59);
  const unix = daysFromCivil(f.year, f.month, f.day) * SECONDS_PER_DAY + f.hour * 3600 + f.minute * 60 + second - f.offset;
  return { unix, nanos: f.nanos };
}

/** A cursor over the input with the few reads both grammars need. */
class Reader {
  i = 0;
  constructor(readonly s: string) {}

  digits(min: number, max: number): number {
    let j = this.i;
    while (j < this.s.length && j - this.i < max && this.s.charCodeAt(j) >= 0x30 && this.s.charCodeAt(j) <= 0x39) j++;
    if (j - this.i < min) throw new DateParseError(j >= this.s.length ? TOO_SHORT : INVALID);
    const v = Number(this.s.slice(this.i, j));
    this.i = j;
    return v;
  }

  expect(chars: string): string {
    if (this.i >= this.s.length) throw new DateParseError(TOO_SHORT);
    const c = this.s[this.i];
    if (!chars.includes(c)) throw new DateParseError(INVALID);
    this.i++;
    return c;
  }

  peek(): string | undefined {
    return this.s[this.i];
  }

  end(): void {
    if (this.i < this.s.length) throw new DateParseError(TOO_LONG);
  }
}

/** `1996-12-19T16:39:57.123-08:00` (T, t or a space between date and time; Z or z for UTC). */
export function parseRfc3339(s: string): ParsedInstant {
  const r = new Reader(s);
  const year = r.digits(4, 4);
  r.expect("-");
  const month = r.digits(2, 2);
  r.expect("-");
  const day = r.digits(2, 2);
  r.expect("Tt ");
  const hour = r.digits(2, 2);
  r.expect(":");
  const minute = r.digits(2, 2);
  r.expect(":");
  const second = r.digits(2, 2);
  let nanos = 0;
  if (r.peek() === ".") {
    r.i++;
    const start = r.i;
    r.digits(1, Infinity);
    nanos = Number(s.slice(start, r.i).slice(0, 9).padEnd(9, "0"));
  }
  let offset = 0;
  const z = r.expect("Zz+-");
  if (z === "+" || z === "-") {
    const oh = r.digits(2, 2);
    r.expect(":");
    const om = r.digits(2, 2);
    if (oh > 23 || om > 59) throw new DateParseError(OUT_OF_RANGE);
    offset = (z === "-" ? -1 : 1) * (oh * 3600 + om * 60);
  }
  r.end();
  return toInstant({ year, month, day, hour, minute, second, nanos, offset });
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
// obsolete zone names of RFC 2822 section 4.3 (military letters mean "unknown", i.e. -0000)
const ZONES: Record<string, number> = { ut: 0, gmt: 0, est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7, z: 0 };

/** `Tue, 1 Jul 2003 10:52:37 +0200`: optional weekday, 1–2 digit day, month name, 2–4+ digit year,
 * optional seconds, numeric or named zone; comments in parentheses count as white space. */
export function parseRfc2822(input: string): ParsedInstant {
  // comments are white space; nesting is allowed
  let s = input;
  for (let prev = ""; prev !== s; ) {
    prev = s;
    s = s.replace(/\([^()]*\)/g, " ");
  }
  if (/[()]/.test(s)) throw new DateParseError(INVALID);
  const tokens = s
    .replace(/,/g, " , ")
    .replace(/:/g, " : ")
    .trim()
    .split(/[ \t\r\n]+/)
    .filter((t) => t !== "");
  let k = 0;
  const next = (): string => {
    const t = tokens[k++];
    if (t === undefined) throw new DateParseError(TOO_SHORT);
    return t;
  };
  const number = (t: string, min: number, max: number): number => {
    if (!/^[0-9]+$/.test(t)) throw new DateParseError(INVALID);
    if (t.length < min || t.length > max) throw new DateParseError(t.length < min ? INVALID : OUT_OF_RANGE);
    return Number(t);
  };

  let weekday: number | undefined;
  let t = next();
  if (/^[A-Za-z]+$/.test(t)) {
    weekday = WEEKDAYS.indexOf(t.toLowerCase());
    if (weekday < 0 || t.length !== 3) throw new DateParseError(INVALID);
    if (next() !== ",") throw new DateParseError(INVALID);
    t = next();
  }
  const day = number(t, 1, 2);
  const month = MONTHS.indexOf(next().toLowerCase()) + 1;
  if (month === 0) throw new DateParseError(INVALID);
  const yearText = next();
  let year = number(yearText, 2, 9);
  // obsolete 2- and 3-digit years
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText.length === 3) year += 1900;
  const hour = number(next(), 2, 2);
  if (next() !== ":") throw new DateParseError(INVALID);
  const minute = number(next(), 2, 2);
  let second = 0;
  let zone = next();
  if (zone === ":") {
    second = number(next(), 2, 2);
    zone = next();
  }
  let offset: number;
  const numeric = /^([+-])([0-9]{2})([0-9]{2})$/.exec(zone);
  if (numeric !== null) {
    if (Number(numeric[3]) > 59) throw new DateParseError(OUT_OF_RANGE);
    offset = (numeric[1] === "-" ? -1 : 1) * (Number(numeric[2]) * 3600 + Number(numeric[3]) * 60);
  } else if (Object.hasOwn(ZONES, zone.toLowerCase())) {
    offset = ZONES[zone.toLowerCase()] * 3600;
  } else if (/^[A-Za-z]$/.test(zone)) {
    offset = 0;
  } else {
    throw new DateParseError(INVALID);
  }
  if (k < tokens.length) throw new DateParseError(TOO_LONG);
  const instant = toInstant({ year, month, day, hour, minute, second, nanos: 0, offset });
  if (weekday !== undefined) {
    const actual = (((daysFromCivil(year, month, day) + 4) % 7) + 7) % 7;
    if (actual !== weekday) throw new DateParseError(IMPOSSIBLE);
  }
  return instant;
}
