/**
 * Dates as published: ICE spreadsheets write m/d/yyyy; we keep ISO `YYYY-MM-DD` strings end to end,
 * never `new Date("m/d/yyyy")`, which reads the string in the machine's time zone and can shift a day.
 */

const US_DATE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;

export function isValidYmd(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `1/3/2012` → `2012-01-03`; anything else (including `13/45/2019`) → null. */
export function parseUsDate(text: string): string | null {
  const m = US_DATE.exec(text);
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidYmd(year, month, day)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * U.S. federal fiscal year: October through September, named for the calendar year in which it ends
 * (31 U.S.C. 1102). 2012-10-01 is in FY2013.
 */
export function fiscalYear(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return `FY${month >= 10 ? year + 1 : year}`;
}

/** The first and last day of a fiscal year, `FY2013` → ['2012-10-01', '2013-09-30']. */
export function fiscalYearRange(fy: string): [string, string] {
  const m = /^FY(\d{4})$/.exec(fy);
  if (!m) throw new RangeError(`not a fiscal year: ${fy} (expected FY followed by four digits, e.g. FY2013)`);
  const year = Number(m[1]);
  return [`${year - 1}-10-01`, `${year}-09-30`];
}

/** `YYYY-MM-DD` with a real calendar day. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Days since 1970-01-01 → `YYYY-MM-DD` in the proleptic Gregorian calendar, by integer arithmetic
 * (H. Hinnant, "civil_from_days"): no Date object and no time zone, and several times faster than a
 * Date round trip on hot paths (workbook cells, flight legs).
 */
export function isoDateFromDays(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year >= 1000 ? year : String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
