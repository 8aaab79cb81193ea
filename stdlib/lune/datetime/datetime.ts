// The DateTime value of @lune/datetime: an instant in UTC with nanosecond precision (whole seconds
// since the Unix epoch + nanoseconds), as chrono's DateTime<Utc> is in Lune. fs.metadata also makes
// these (dateTimeFromMillis).
import { rtError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import type { Userdata } from "../../../runtime/values";
import { checkString, library } from "../../args";
import { defineUserdata } from "../userdata";
import { civilFromDays, localTm, offsetText, SECONDS_PER_DAY, universalTm, type Tm } from "./calendar";
import { findLocale, LOCALES } from "./locales";
import { FormatError, strftime } from "./strftime";

export class Instant {
  constructor(
    /** Whole seconds since 1970-01-01T00:00:00Z. */
    readonly unix: number,
    /** 0–999,999,999. */
    readonly nanos: number,
  ) {}

  compare(other: Instant): number {
    return this.unix !== other.unix ? this.unix - other.unix : this.nanos - other.nanos;
  }
}

// chrono's supported years
const MIN_YEAR = -262143;
const MAX_YEAR = 262142;

/** An instant, or the "outside allowed range" error chrono gives beyond its years. */
export function makeInstant(unix: number, nanos: number): Instant {
  if (!Number.isFinite(unix)) throw rtError("date or time is outside allowed range");
  const { year } = civilFromDays(Math.floor(unix / SECONDS_PER_DAY));
  if (year < MIN_YEAR || year > MAX_YEAR) throw rtError("date or time is outside allowed range");
  return new Instant(unix, nanos);
}

const DEFAULT_FORMAT = "%Y-%m-%d %H:%M:%S";

function format(tm: Tm, fmt: unknown, locale: unknown, fname: string): string {
  const f = fmt === undefined ? DEFAULT_FORMAT : checkString(fmt, 2, fname);
  const name = locale === undefined ? "en" : checkString(locale, 3, fname);
  const loc = findLocale(name);
  if (loc === undefined) {
    throw rtError(`invalid argument #3 to '${fname}' (unsupported locale '${name}', expected one of ${Object.keys(LOCALES).join(", ")})`);
  }
  try {
    return strftime(f, tm, loc);
  } catch (e) {
    if (e instanceof FormatError) throw rtError(`invalid format string '${f}': ${e.message}`);
    throw e;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function yearText(y: number): string {
  return y >= 0 && y <= 9999 ? pad(y, 4) : (y < 0 ? "-" : "+") + pad(Math.abs(y), 4);
}

/** `2023-08-26T16:56:28.892+00:00`: fraction only when non-zero, in 3, 6 or 9 digits. */
export function toRfc3339(t: Instant): string {
  const tm = universalTm(t.unix, t.nanos);
  let frac = "";
  if (t.nanos !== 0) {
    const digits = t.nanos % 1_000_000 === 0 ? 3 : t.nanos % 1000 === 0 ? 6 : 9;
    frac = "." + pad(t.nanos, 9).slice(0, digits);
  }
  const date = `${yearText(tm.year)}-${pad(tm.month, 2)}-${pad(tm.day, 2)}`;
  return `${date}T${pad(tm.hour, 2)}:${pad(tm.minute, 2)}:${pad(tm.second, 2)}${frac}${offsetText(0)}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Sat, 26 Aug 2023 16:56:28 +0000`. */
export function toRfc2822(t: Instant): string {
  const tm = universalTm(t.unix, t.nanos);
  const time = `${pad(tm.hour, 2)}:${pad(tm.minute, 2)}:${pad(tm.second, 2)}`;
  return `${DAYS[tm.weekday]}, ${tm.day} ${MONTHS[tm.month - 1]} ${yearText(tm.year)} ${time} +0000`;
}

/** The read-only `{year, month, day, hour, minute, second, millisecond}` of toUniversalTime/toLocalTime. */
function valuesTable(tm: Tm): LuauTable {
  return library({
    year: tm.year,
    month: tm.month,
    day: tm.day,
    hour: tm.hour,
    minute: tm.minute,
    second: tm.second,
    millisecond: Math.floor(tm.nanos / 1_000_000),
  });
}

export const DateTime = defineUserdata(
  "DateTime",
  Instant,
  {
    toIsoDate(self: unknown) {
      return toRfc3339(DateTime.unwrap(self, "toIsoDate"));
    },
    toRfc3339(self: unknown) {
      return toRfc3339(DateTime.unwrap(self, "toRfc3339"));
    },
    toRfc2822(self: unknown) {
      return toRfc2822(DateTime.unwrap(self, "toRfc2822"));
    },
    formatUniversalTime(self: unknown, fmt: unknown, locale: unknown) {
      const t = DateTime.unwrap(self, "formatUniversalTime");
      return format(universalTm(t.unix, t.nanos), fmt, locale, "formatUniversalTime");
    },
    formatLocalTime(self: unknown, fmt: unknown, locale: unknown) {
      const t = DateTime.unwrap(self, "formatLocalTime");
      return format(localTm(t.unix, t.nanos), fmt, locale, "formatLocalTime");
    },
    toUniversalTime(self: unknown) {
      const t = DateTime.unwrap(self, "toUniversalTime");
      return valuesTable(universalTm(t.unix, t.nanos));
    },
    toLocalTime(self: unknown) {
      const t = DateTime.unwrap(self, "toLocalTime");
      return valuesTable(localTm(t.unix, t.nanos));
    },
  },
  (t, key) => {
    if (key === "unixTimestamp") return t.unix;
    if (key === "unixTimestampMillis") return t.unix * 1000 + Math.floor(t.nanos / 1_000_000);
    return undefined;
  },
  {
    __eq: (a: unknown, b: unknown) => DateTime.unwrap(a, "__eq").compare(DateTime.unwrap(b, "__eq", 2)) === 0,
    __lt: (a: unknown, b: unknown) => DateTime.unwrap(a, "__lt").compare(DateTime.unwrap(b, "__lt", 2)) < 0,
    __le: (a: unknown, b: unknown) => DateTime.unwrap(a, "__le").compare(DateTime.unwrap(b, "__le", 2)) <= 0,
  },
);

/** A DateTime for a millisecond timestamp (fractions of a millisecond are kept). */
export function dateTimeFromMillis(ms: number): Userdata {
  const unix = Math.floor(ms / 1000);
  return DateTime.wrap(new Instant(unix, Math.min(Math.round((ms - unix * 1000) * 1e6), 999_999_999)));
}
