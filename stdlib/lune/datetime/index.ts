// @lune/datetime: constructors of DateTime values (./datetime.ts). All functions are plain
// (non-yielding) host functions.
import { rtError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import { typeName } from "../../../runtime/values";
import { checkNumber, checkString, checkTable, library } from "../../args";
import { SECONDS_PER_DAY, daysFromCivil, daysInMonth, instantsOfLocalTime } from "./calendar";
import { DateTime, Instant, makeInstant } from "./datetime";
import { DateParseError, parseRfc2822, parseRfc3339, type ParsedInstant } from "./parse";

/** Whole seconds and nanoseconds of a float timestamp: the fraction is round(fract × 1e9). */
function fromUnixTimestamp(seconds: unknown) {
  const x = checkNumber(seconds, 1, "fromUnixTimestamp", arguments.length);
  if (!Number.isFinite(x)) throw rtError("date or time is outside allowed range");
  let unix = Math.floor(x);
  let nanos = Math.round((x - unix) * 1e9);
  if (nanos >= 1e9) {
    unix += 1;
    nanos -= 1e9;
  }
  return DateTime.wrap(makeInstant(unix, nanos));
}

function now() {
  const ms = Date.now();
  const unix = Math.floor(ms / 1000);
  return DateTime.wrap(new Instant(unix, (ms - unix * 1000) * 1_000_000));
}

// range of each field of a DateTimeValues table, checked in this order before the date itself
const FIELDS: [name: string, min: number, max: number][] = [
  ["year", 1400, 9999],
  ["month", 1, 12],
  ["day", 1, 31],
  ["hour", 0, 23],
  ["minute", 0, 59],
  ["second", 0, 60],
  ["millisecond", 0, 999],
];

/** Reads and checks a DateTimeValues table; the result is its wall-clock time as seconds (read as
 * UTC) and milliseconds. */
function wallClock(values: LuauTable): [seconds: number, millis: number] {
  const v: Record<string, number> = {};
  for (const [name, min, max] of FIELDS) {
    const raw = values.get(name);
    if (raw === undefined && name === "millisecond") {
      v[name] = 0;
      continue;
    }
    if (typeof raw !== "number") throw rtError(`expected field '${name}' to be a number, got ${typeName(raw)}`);
    const n = Math.trunc(raw);
    if (!(n >= min && n <= max)) throw rtError(`${name} must be within range ${min} -> ${max}, got ${n}`);
    v[name] = n;
  }
  if (v.day > daysInMonth(v.year, v.month)) throw rtError("invalid date");
  if (v.second > 59) throw rtError("invalid time");
  const days = daysFromCivil(v.year, v.month, v.day);
  return [days * SECONDS_PER_DAY + v.hour * 3600 + v.minute * 60 + v.second, v.millisecond];
}

function fromUniversalTime(values: unknown) {
  const [seconds, millis] = wallClock(checkTable(values, 1, "fromUniversalTime", arguments.length));
  return DateTime.wrap(new Instant(seconds, millis * 1_000_000));
}

function fromLocalTime(values: unknown) {
  const [wall, millis] = wallClock(checkTable(values, 1, "fromLocalTime", arguments.length));
  // a wall-clock time skipped or repeated by a daylight-saving change has no single instant
  const instants = instantsOfLocalTime(wall);
  if (instants.length !== 1) throw rtError("ambiguous date or time");
  return DateTime.wrap(new Instant(instants[0], millis * 1_000_000));
}

function parsed(s: unknown, fname: string, nargs: number, what: string, parse: (s: string) => ParsedInstant) {
  const text = checkString(s, 1, fname, nargs);
  try {
    const { unix, nanos } = parse(text);
    return DateTime.wrap(makeInstant(unix, nanos));
  } catch (e) {
    if (e instanceof DateParseError) throw rtError(`failed to parse ${what} date '${text}': ${e.message}`);
    throw e;
  }
}

function fromRfc3339(s: unknown) {
  return parsed(s, "fromRfc3339", arguments.length, "RFC 3339", parseRfc3339);
}

function fromIsoDate(s: unknown) {
  return parsed(s, "fromIsoDate", arguments.length, "ISO 8601", parseRfc3339);
}

function fromRfc2822(s: unknown) {
  return parsed(s, "fromRfc2822", arguments.length, "RFC 2822", parseRfc2822);
}

export function createDateTimeLibrary() {
  return library({
    now,
    fromUnixTimestamp,
    fromUniversalTime,
    fromLocalTime,
    fromIsoDate,
    fromRfc3339,
    fromRfc2822,
  });
}
