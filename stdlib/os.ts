// The `os` library of the reference: clock, time, date and difftime. os.time(table) reads its
// fields as UTC (Luau's behaviour); os.date uses the local zone unless the format starts with "!".
import { rtError } from "../runtime/errors";
import { index } from "../runtime/ops";
import { LuauTable } from "../runtime/table";
import { toNumber } from "../runtime/values";
import { argError, checkNumber, checkTable, library, optString, toCInt, toInt64 } from "./args";
import { daysFromCivil } from "./calendar";

const DAY = 86400;

/** A date-table field as a C int (NaN and values beyond the int range are INT_MIN), `def` when
 *  absent; a missing required field is an error. */
function field(t: LuauTable, key: string, def: number | undefined): number {
  const n = toNumber(index(t, key));
  if (n !== undefined) return toCInt(n);
  if (def === undefined) throw rtError(`field '${key}' missing in date table`);
  return def;
}

function time(t: unknown): number | undefined {
  if (t === undefined) return Math.floor(Date.now() / 1000);
  const tbl = checkTable(t, 1, "time");
  const sec = field(tbl, "sec", 0);
  const min = field(tbl, "min", 0);
  const hour = field(tbl, "hour", 12);
  const day = field(tbl, "day", undefined);
  const month = field(tbl, "month", undefined) - 1;
  const year = field(tbl, "year", undefined);
  // out-of-range fields carry over arithmetically (month 13 is January of the next year)
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const seconds = daysFromCivil(y, m + 1, 1) * DAY + (day - 1) * DAY + hour * 3600 + min * 60 + sec;
  // times before the epoch cannot be represented
  return seconds < 0 ? undefined : seconds;
}

// ---- os.date

/** Broken-down time, as C's struct tm but with a 1-based month and the zone it is expressed in. */
interface Tm {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  wday: number; // 0 = Sunday
  yday: number; // 0-based
  isdst: boolean;
  offset: number; // minutes east of UTC
  zone: string;
}

function dayOfYear(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day) - daysFromCivil(year, 1, 1);
}

function utcTm(d: Date): Tm {
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    year,
    month,
    day,
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    wday: d.getUTCDay(),
    yday: dayOfYear(year, month, day),
    isdst: false,
    offset: 0,
    zone: "GMT",
  };
}

function localZoneName(d: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName");
  return part?.value ?? "";
}

function localTm(d: Date): Tm {
  const year = d.getFullYear();
  const month = d.getMonth() + 1;
  const day = d.getDate();
  const offset = -d.getTimezoneOffset();
  // daylight saving time is in effect when the offset exceeds the zone's smaller (standard) one
  const jan = -new Date(year, 0, 1).getTimezoneOffset();
  const jul = -new Date(year, 6, 1).getTimezoneOffset();
  return {
    year,
    month,
    day,
    hour: d.getHours(),
    min: d.getMinutes(),
    sec: d.getSeconds(),
    wday: d.getDay(),
    yday: dayOfYear(year, month, day),
    isdst: offset > Math.min(jan, jul),
    offset,
    zone: localZoneName(d),
  };
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function pad(n: number, width: number, fill = "0"): string {
  return String(n).padStart(width, fill);
}

/** One strftime conversion in the C locale, or undefined for a specifier the reference rejects. */
function convert(c: string, tm: Tm): string | undefined {
  switch (c) {
    case "a":
      return DAY_NAMES[tm.wday].slice(0, 3);
    case "A":
      return DAY_NAMES[tm.wday];
    case "b":
      return MONTH_NAMES[tm.month - 1].slice(0, 3);
    case "B":
      return MONTH_NAMES[tm.month - 1];
    case "c":
      return `${convert("a", tm)} ${convert("b", tm)} ${pad(tm.day, 2, " ")} ${convert("X", tm)} ${tm.year}`;
    case "d":
      return pad(tm.day, 2);
    case "H":
      return pad(tm.hour, 2);
    case "I":
      return pad(tm.hour % 12 === 0 ? 12 : tm.hour % 12, 2);
    case "j":
      return pad(tm.yday + 1, 3);
    case "m":
      return pad(tm.month, 2);
    case "M":
      return pad(tm.min, 2);
    case "p":
      return tm.hour < 12 ? "AM" : "PM";
    case "S":
      return pad(tm.sec, 2);
    case "U":
      // weeks starting on Sunday; days before the first Sunday are week 0
      return pad(Math.floor((tm.yday + 7 - tm.wday) / 7), 2);
    case "w":
      return String(tm.wday);
    case "W":
      // weeks starting on Monday
      return pad(Math.floor((tm.yday + 7 - ((tm.wday + 6) % 7)) / 7), 2);
    case "x":
      return `${convert("m", tm)}/${convert("d", tm)}/${convert("y", tm)}`;
    case "X":
      return `${convert("H", tm)}:${convert("M", tm)}:${convert("S", tm)}`;
    case "y":
      return pad(((tm.year % 100) + 100) % 100, 2);
    case "Y":
      return String(tm.year);
    case "z": {
      const a = Math.abs(tm.offset);
      return (tm.offset < 0 ? "-" : "+") + pad(Math.floor(a / 60), 2) + pad(a % 60, 2);
    }
    case "Z":
      return tm.zone;
    case "%":
      return "%";
  }
  return undefined;
}

function strftime(format: string, tm: Tm): string {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    // a '%' ending the format is kept literally
    if (ch !== "%" || i + 1 === format.length) {
      out += ch;
      continue;
    }
    const s = convert(format[++i], tm);
    if (s === undefined) throw argError(1, "date", "invalid conversion specifier");
    out += s;
  }
  return out;
}

function dateTable(tm: Tm): LuauTable {
  const t = new LuauTable();
  t.h.year = tm.year;
  t.h.month = tm.month;
  t.h.day = tm.day;
  t.h.hour = tm.hour;
  t.h.min = tm.min;
  t.h.sec = tm.sec;
  t.h.wday = tm.wday + 1;
  t.h.yday = tm.yday + 1;
  t.h.isdst = tm.isdst;
  return t;
}

function date(fmt: unknown, t: unknown): unknown {
  let format = optString(fmt, 1, "date", "%c");
  const seconds = t === undefined ? Math.floor(Date.now() / 1000) : Math.trunc(checkNumber(t, 2, "date"));
  let utc = false;
  if (format.startsWith("!")) {
    utc = true;
    format = format.slice(1);
  }
  const d = new Date(seconds * 1000);
  // a time outside what the calendar can express has no broken-down form
  if (Number.isNaN(d.getTime())) return undefined;
  const tm = utc ? utcTm(d) : localTm(d);
  if (format.startsWith("*t")) return dateTable(tm);
  return strftime(format, tm);
}

/** A number cast to time_t (int64): truncated; NaN and values beyond the int64 range are INT64_MIN. */
function toTimeT(n: number): number {
  return Number(toInt64(n));
}

function difftime(t2: unknown, t1: unknown): number {
  // both times are converted to whole seconds (time_t) first; the difference of two int64s is exact
  // in glibc's difftime (long double), so rounding it once to a double is the same
  const a = toTimeT(checkNumber(t2, 1, "difftime", arguments.length));
  const b = t1 === undefined ? 0 : toTimeT(checkNumber(t1, 2, "difftime"));
  return a - b;
}

function clock(): number {
  return performance.now() / 1000;
}

export function createOsLibrary(): LuauTable {
  return library({ clock, time, date, difftime });
}
