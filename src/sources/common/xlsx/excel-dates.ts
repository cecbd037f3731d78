/**
 * Excel stores a date as a number (a serial day count) and only the cell's number format says it is
 * a date. This module decides which formats are dates and turns serials into ISO strings without
 * `Date` (no time zone can shift a day).
 */
import { isoDateFromDays } from '../../../domain/dates.ts';

/**
 * Built-in number formats that show dates or times (ECMA-376 Part 1 §18.8.30): 14 m/d/yyyy,
 * 15 d-mmm-yy, 16 d-mmm, 17 mmm-yy, 18–21 times, 22 m/d/yyyy h:mm, 45 mm:ss, 46 [h]:mm:ss, 47 mmss.0.
 */
export function isBuiltinDateFormat(numFmtId: number): boolean {
  return (numFmtId >= 14 && numFmtId <= 22) || (numFmtId >= 45 && numFmtId <= 47);
}

/**
 * A custom format is a date when a d, m, y or h token survives once quoted literals ("days"),
 * bracketed sections ([Red], [$-409], [h]), backslash escapes (\d) and the padding/fill
 * directives (_x, *x) are removed. `0.00 "m"` is a number; `dd/mm/yyyy;@` is a date.
 */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  return /[dmyh]/i.test(bare);
}

/** Days from 1970-01-01 to 1899-12-30, the day before Excel's (1900 system) serial 1 minus the phantom 29 Feb. */
const EPOCH_1900 = -25569;
/** Days from 1970-01-01 to 1904-01-01, serial 0 of the 1904 system (old Mac workbooks, `date1904`). */
const EPOCH_1904 = -24107;
/** 9999-12-31, Excel's last date. */
const MAX_SERIAL = 2958465;

/**
 * A serial as `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when it has a time of day (rounded to the
 * second), or `HH:MM:SS` for a time alone (a serial below 1 in the 1900 system). Null for what no
 * date can be (negative, past 9999, not a number): the caller keeps the number as written.
 *
 * The 1900 system inherits Lotus 1-2-3's bug of a 29 February 1900: serial 60 is that phantom day
 * (returned as Excel shows it, `1900-02-29`, which no calendar accepts, so validation flags it),
 * serials 1–59 are 1900-01-01 to 1900-02-28, and from 61 (1900-03-01) on every serial is one more
 * than the true count of days.
 */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!(serial >= 0) || serial > MAX_SERIAL) return null;
  const totalSeconds = Math.round(serial * 86400);
  const days = Math.floor(totalSeconds / 86400);
  const seconds = totalSeconds - days * 86400;
  let date: string;
  if (!date1904 && days === 0) return timeOfDay(seconds);
  if (!date1904 && days === 60) date = '1900-02-29';
  else date = isoDateFromDays((date1904 ? EPOCH_1904 : EPOCH_1900) + days + (!date1904 && days < 60 ? 1 : 0));
  return seconds === 0 ? date : `${date}T${timeOfDay(seconds)}`;
}

/** The serial of an ISO date in the 1900 system (the writer's side); null before 1900-01-01. */
export function isoToSerial(year: number, month: number, day: number): number | null {
  const serial = daysFromCivil(year, month, day) - EPOCH_1900;
  if (serial < 61) return serial >= 2 ? serial - 1 : null; // before 1900-03-01 Excel counts one less
  return serial;
}

function timeOfDay(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}`;
}


/** Howard Hinnant's days_from_civil. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
