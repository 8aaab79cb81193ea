// Broken-down times of instants, and the local time zone's offset, which only the system (JS Date)
// knows. The day arithmetic itself is stdlib/calendar.ts.

export { SECONDS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, isLeapYear } from "../../calendar";
import { SECONDS_PER_DAY, civilFromDays, daysFromCivil } from "../../calendar";

/** Broken-down time of an instant in some zone. */
export interface Tm {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  weekday: number; // 0 = Sunday
  yday: number; // 1–366
  /** Seconds east of UTC. */
  offset: number;
  /** %Z: "UTC" for universal time; the offset (`+02:00`) for local time, as chrono writes it. */
  zone: string;
  /** Seconds since the Unix epoch. */
  unix: number;
}

/** Broken-down time of `unix` seconds shifted by `offset` seconds. */
export function breakDown(unix: number, nanos: number, offset: number, zone: string): Tm {
  const local = unix + offset;
  const days = Math.floor(local / SECONDS_PER_DAY);
  const secs = local - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    nanos,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    zone,
    unix,
  };
}

/** The system time zone's offset (seconds east of UTC) at an instant, to the second. */
export function localOffset(unix: number): number {
  const d = new Date(unix * 1000);
  if (Number.isNaN(d.getTime())) return 0;
  const asUtc =
    (daysFromCivil(d.getFullYear(), d.getMonth() + 1, d.getDate()) * SECONDS_PER_DAY +
      d.getHours() * 3600 +
      d.getMinutes() * 60 +
      d.getSeconds());
  return asUtc - unix;
}

/** `+hh:mm` (or `+hh:mm:ss` when the offset has seconds). */
export function offsetText(offset: number, colon = true): string {
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 3600)).padStart(2, "0");
  const mm = String(Math.floor(a / 60) % 60).padStart(2, "0");
  const ss = a % 60;
  const sep = colon ? ":" : "";
  return sign + hh + sep + mm + (ss !== 0 && colon ? ":" + String(ss).padStart(2, "0") : "");
}

export function universalTm(unix: number, nanos: number): Tm {
  return breakDown(unix, nanos, 0, "UTC");
}

export function localTm(unix: number, nanos: number): Tm {
  const offset = localOffset(unix);
  return breakDown(unix, nanos, offset, offsetText(offset));
}

/**
 * The instants whose local time is the given wall-clock time (as seconds since the epoch read as
 * UTC): one normally, none in a DST gap, two in a DST overlap.
 */
export function instantsOfLocalTime(wall: number): number[] {
  const found = new Set<number>();
  for (const probe of [wall - SECONDS_PER_DAY, wall, wall + SECONDS_PER_DAY]) {
    const offset = localOffset(probe);
    const t = wall - offset;
    if (localOffset(t) === offset) found.add(t);
  }
  return [...found].sort((a, b) => a - b);
}
