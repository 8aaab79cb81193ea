// @lune/datetime from Luau: constructors, fields, comparisons, RFC 3339/2822 text, strftime formats
// in every locale, and local time in fixed time zones (TZ is set for the child process).
import { describe, expect, test } from "bun:test";
import { runChecked } from "./lune_harness";

const PRELUDE = `local DateTime = require("@lune/datetime")
`;

const check = (source: string, tz = "UTC") => runChecked(PRELUDE, source, { env: { TZ: tz } });

describe("constructing", () => {
  test("fromUnixTimestamp keeps the fraction as round(fract × 1e9) nanoseconds", async () => {
    await check(`
local dt = DateTime.fromUnixTimestamp(1693068988)
eq(typeof(dt), "DateTime") eq(dt.unixTimestamp, 1693068988) eq(dt.unixTimestampMillis, 1693068988000)
eq(DateTime.fromUnixTimestamp(0.892).unixTimestampMillis, 892)
eq(DateTime.fromUnixTimestamp(1693114921.632).unixTimestampMillis, 1693114921631, "float arithmetic as in Lune")
eq(DateTime.fromUnixTimestamp(-1.5).unixTimestamp, -2, "unixTimestamp is floored")
eq(DateTime.fromUnixTimestamp(-1.5):toIsoDate(), "1969-12-31T23:59:58.500+00:00")
fails("date or time is outside allowed range", DateTime.fromUnixTimestamp, 1e20)
fails("date or time is outside allowed range", DateTime.fromUnixTimestamp, math.huge)
fails("invalid argument #1 to 'fromUnixTimestamp' (number expected, got boolean)", DateTime.fromUnixTimestamp, true)
`);
  });

  test("now is the current time", async () => {
    await check(`
local now = DateTime.now()
assert(math.abs(now.unixTimestamp - os.time()) <= 1)
assert(DateTime.now() >= now)
`);
  });

  test("fromUniversalTime checks each field's range, then the date and time", async () => {
    await check(`
local dt = DateTime.fromUniversalTime({ year = 2023, month = 8, day = 26, hour = 16, minute = 56, second = 28, millisecond = 892 })
eq(dt.unixTimestampMillis, 1693068988892) eq(dt:toIsoDate(), "2023-08-26T16:56:28.892+00:00")
eq(DateTime.fromUniversalTime({ year = 2024, month = 2, day = 29, hour = 0, minute = 0, second = 0 }):toIsoDate(), "2024-02-29T00:00:00+00:00")
local base = { year = 2023, month = 1, day = 1, hour = 0, minute = 0, second = 0 }
local function with(key, value)
	local t = table.clone(base)
	t[key] = value
	return t
end
fails("year must be within range 1400 -> 9999, got 1399", DateTime.fromUniversalTime, with("year", 1399))
fails("month must be within range 1 -> 12, got 13", DateTime.fromUniversalTime, with("month", 13))
fails("day must be within range 1 -> 31, got 0", DateTime.fromUniversalTime, with("day", 0))
fails("hour must be within range 0 -> 23, got 24", DateTime.fromUniversalTime, with("hour", 24))
fails("minute must be within range 0 -> 59, got 60", DateTime.fromUniversalTime, with("minute", 60))
fails("second must be within range 0 -> 60, got 61", DateTime.fromUniversalTime, with("second", 61))
fails("millisecond must be within range 0 -> 999, got 1000", DateTime.fromUniversalTime, with("millisecond", 1000))
fails("invalid date", DateTime.fromUniversalTime, { year = 2023, month = 2, day = 29, hour = 0, minute = 0, second = 0 })
fails("invalid time", DateTime.fromUniversalTime, with("second", 60))
fails("expected field 'hour' to be a number, got nil", DateTime.fromUniversalTime, { year = 2023, month = 1, day = 1 })
fails("missing argument #1 to 'fromUniversalTime' (table expected)", DateTime.fromUniversalTime)
`);
  });

  test("fromLocalTime reads the values in the local time zone; DST gaps and overlaps are errors", async () => {
    await check(
      `
local dt = DateTime.fromLocalTime({ year = 2023, month = 8, day = 26, hour = 12, minute = 0, second = 0, millisecond = 5 })
eq(dt:toIsoDate(), "2023-08-26T16:00:00.005+00:00", "EDT is UTC-4")
local t = os.date("*t", 1693049188)
eq(DateTime.fromLocalTime({ year = t.year, month = t.month, day = t.day, hour = t.hour, minute = t.min, second = t.sec }).unixTimestamp, 1693049188)
fails("ambiguous date or time", DateTime.fromLocalTime, { year = 2023, month = 3, day = 12, hour = 2, minute = 30, second = 0 })
fails("ambiguous date or time", DateTime.fromLocalTime, { year = 2023, month = 11, day = 5, hour = 1, minute = 30, second = 0 })
`,
      "America/New_York",
    );
  });
});

describe("parsing", () => {
  test("fromRfc3339 and fromIsoDate accept RFC 3339 with any offset and fraction", async () => {
    await check(`
eq(DateTime.fromRfc3339("2023-08-26T16:56:28Z").unixTimestamp, 1693068988)
eq(DateTime.fromIsoDate("1929-12-05T23:18:23Z"):toIsoDate(), "1929-12-05T23:18:23+00:00")
eq(DateTime.fromRfc3339("2023-08-27T05:54:19.123456-05:30"):toIsoDate(), "2023-08-27T11:24:19.123456+00:00")
eq(DateTime.fromRfc3339("2023-08-27t05:54:19.1234567891+01:00"):toIsoDate(), "2023-08-27T04:54:19.123456789+00:00")
eq(DateTime.fromRfc3339("2016-12-31T23:59:60Z").unixTimestamp, 1483228799, "leap seconds")
fails("failed to parse RFC 3339 date '2023-02-30T00:00:00Z': input is out of range", DateTime.fromRfc3339, "2023-02-30T00:00:00Z")
fails("premature end of input", DateTime.fromRfc3339, "2023-08-26")
fails("input contains invalid characters", DateTime.fromRfc3339, "2023/08/26T00:00:00Z")
fails("trailing input", DateTime.fromIsoDate, "2023-08-26T00:00:00Zjunk")
fails("input contains invalid characters", DateTime.fromRfc3339, "2023-08-26T00:00:00+0100")
`);
  });

  test("fromRfc2822 accepts RFC 2822 dates, including obsolete forms", async () => {
    await check(`
eq(DateTime.fromRfc2822("Fri, 21 Nov 1997 09:55:06 -0600"):toIsoDate(), "1997-11-21T15:55:06+00:00")
eq(DateTime.fromRfc2822("Tue, 1 Jul 2003 10:52:37 +0200"):toRfc2822(), "Tue, 1 Jul 2003 08:52:37 +0000")
eq(DateTime.fromRfc2822("1 Jul 2003 10:52 GMT"):toIsoDate(), "2003-07-01T10:52:00+00:00")
eq(DateTime.fromRfc2822("Thu, 13 Feb 69 23:32:54 EST"):toIsoDate(), "1969-02-14T04:32:54+00:00", "2-digit years")
eq(DateTime.fromRfc2822("Fri, 21 Nov 1997 09:55:06 (a comment) -0600").unixTimestamp, 880127706)
fails("failed to parse RFC 2822 date", DateTime.fromRfc2822, "Wed, 1 Jul 2003 10:52:37 +0200")
fails("premature end of input", DateTime.fromRfc2822, "Tue, 1 Jul 2003")
fails("input contains invalid characters", DateTime.fromRfc2822, "Tue, 1 Foo 2003 10:52:37 +0200")
`);
  });
});

describe("DateTime values", () => {
  test("toRfc3339/toIsoDate and toRfc2822 write UTC", async () => {
    await check(`
local dt = DateTime.fromUnixTimestamp(1693068988)
eq(dt:toRfc3339(), "2023-08-26T16:56:28+00:00") eq(dt:toIsoDate(), dt:toRfc3339())
eq(dt:toRfc2822(), "Sat, 26 Aug 2023 16:56:28 +0000")
eq(DateTime.fromUnixTimestamp(1693068988.5):toRfc3339(), "2023-08-26T16:56:28.500+00:00")
eq(DateTime.fromRfc3339("2023-08-26T16:56:28.000001Z"):toRfc3339(), "2023-08-26T16:56:28.000001+00:00")
eq(DateTime.fromRfc3339("2023-08-26T16:56:28.000000001Z"):toRfc3339(), "2023-08-26T16:56:28.000000001+00:00")
`);
  });

  test("toUniversalTime and toLocalTime give read-only calendar tables matching os.date", async () => {
    await check(
      `
local dt = DateTime.fromIsoDate("2023-08-27T05:54:19.250Z")
local u = dt:toUniversalTime()
eq(u.year, 2023) eq(u.month, 8) eq(u.day, 27) eq(u.hour, 5) eq(u.minute, 54) eq(u.second, 19) eq(u.millisecond, 250)
local l = dt:toLocalTime()
local e = os.date("*t", 1693115659)
eq(l.year, e.year) eq(l.month, e.month) eq(l.day, e.day) eq(l.hour, e.hour) eq(l.minute, e.min) eq(l.second, e.sec)
eq(l.hour, 11) eq(l.minute, 24)
fails("readonly", function() u.year = 1 end)
`,
      "Asia/Kolkata",
    );
  });

  test("fields, comparison metamethods and type", async () => {
    await check(`
local a = DateTime.fromUnixTimestamp(100)
local b = DateTime.fromUnixTimestamp(100.5)
eq(a == DateTime.fromUnixTimestamp(100), true) eq(a == b, false)
eq(a < b, true) eq(b < a, false) eq(a <= a, true) eq(b <= a, false) eq(b > a, true) eq(a >= b, false)
eq(typeof(a), "DateTime") eq(type(a), "userdata")
eq(b.unixTimestampMillis, 100500) eq(a.nothing, nil)
fails("attempt to compare", function() return a < 1 end)
fails("invalid argument #1 to 'toIsoDate' (DateTime expected, got table)", a.toIsoDate, {})
`);
  });
});

describe("formatting", () => {
  test("strftime specifiers in universal and local time", async () => {
    const out = await check(
      `
local dt = DateTime.fromRfc3339("2023-08-26T16:56:28.026490Z")
eq(dt:formatUniversalTime(), "2023-08-26 16:56:28", "the default format")
eq(dt:formatUniversalTime("%Y-%m-%dT%H:%M:%SZ", "en"), "2023-08-26T16:56:28Z")
print(dt:formatUniversalTime("%C %y %q %b %h %B %a %A %w %u %U %W %G %g %V %j %e|%-d|%_m|%0e"))
print(dt:formatUniversalTime("%D|%x|%F|%v|%k|%I|%l|%P|%p|%R|%T|%X|%r|%c"))
print(dt:formatUniversalTime("%f|%.f|%.3f|%6f|%Z|%z|%:z|%::z|%:::z|%s|%+|%t|%%"))
print(dt:formatLocalTime("%H:%M %Z %z %:z"))
eq(dt:formatLocalTime("%Y-%m-%dT%H:%M:%S"), os.date("%Y-%m-%dT%H:%M:%S", dt.unixTimestamp))
eq(DateTime.fromUnixTimestamp(1693068988):formatUniversalTime("%.f"), "", "%.f is empty for whole seconds")
fails("invalid format string '%Q': unknown specifier '%Q'", dt.formatUniversalTime, dt, "%Q")
fails("incomplete specifier", dt.formatUniversalTime, dt, "100%")
`,
      "Europe/Paris",
    );
    expect(out).toBe(
      "20 23 3 Aug Aug August Sat Saturday 6 6 34 34 2023 23 34 238 26|26| 8|26\n" +
        "08/26/23|08/26/23|2023-08-26|26-Aug-2023|16|04| 4|pm|PM|16:56|16:56:28|16:56:28|04:56:28 PM|Sat Aug 26 16:56:28 2023\n" +
        "026490000|.026490|.026|026490|UTC|+0000|+00:00|+00:00:00|+00|1693068988|2023-08-26T16:56:28.026490+00:00|\t|%\n" +
        "18:56 +02:00 +0200 +02:00\n",
    );
  });

  test("every supported locale names days and months in its language (UTF-8)", async () => {
    const out = await check(`
local dt = DateTime.fromUnixTimestamp(1693068988)
for _, locale in { "en", "de", "es", "fr", "it", "ja", "pl", "pt-br", "pt", "tr" } do
	print(locale, dt:formatUniversalTime("%A, %d %B %Y | %a %b | %x", locale))
end
eq(dt:formatUniversalTime("%A", "fr_FR"), "samedi", "a region falls back to its language")
eq(dt:formatUniversalTime("%c", "ja"), "2023年08月26日 16時56分28秒")
fails("unsupported locale 'xx'", dt.formatUniversalTime, dt, "%A", "xx")
`);
    expect(out).toBe(
      [
        "en\tSaturday, 26 August 2023 | Sat Aug | 08/26/23",
        "de\tSamstag, 26 August 2023 | Sa Aug | 26.08.2023",
        "es\tsábado, 26 agosto 2023 | sáb ago | 26/08/23",
        "fr\tsamedi, 26 août 2023 | sam. août | 26/08/2023",
        "it\tsabato, 26 agosto 2023 | sab ago | 26/08/2023",
        "ja\t土曜日, 26 8月 2023 | 土  8月 | 2023年08月26日",
        "pl\tsobota, 26 sierpień 2023 | sob sie | 26.08.2023",
        "pt-br\tsábado, 26 agosto 2023 | sáb ago | 26/08/2023",
        "pt\tsábado, 26 agosto 2023 | sáb ago | 26/08/2023",
        "tr\tCumartesi, 26 Ağustos 2023 | Cmt Ağu | 26-08-2023",
        "",
      ].join("\n"),
    );
  });
});
