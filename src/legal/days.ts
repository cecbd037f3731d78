/**
 * Day arithmetic on ISO `YYYY-MM-DD` strings. Computed on calendar parts in UTC, never through local
 * time, so a day never shifts with the machine's time zone. ISO dates compare correctly as strings.
 */
import { isIsoDate, isValidYmd, pad2 } from '../domain/dates.ts';

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}

/** A date as written in a curated table: a day (`2025-08-29`) or, when only the month is known, a month (`2026-06`). */
export interface PartialDate {
  text: string;
  precision: 'day' | 'month';
  /** Earliest day it can be. */
  first: string;
  /** Latest day it can be. */
  last: string;
}

export function parsePartialDate(text: string): PartialDate | null {
  if (isIsoDate(text)) return { text, precision: 'day', first: text, last: text };
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || !isValidYmd(Number(m[1]), Number(m[2]), 1)) return null;
  const first = `${text}-01`;
  return { text, precision: 'month', first, last: addDays(monthAfter(first), -1) };
}

function monthAfter(firstOfMonth: string): string {
  const [y, m] = firstOfMonth.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad2(m + 1)}-01`;
}

export function shiftPartialDate(date: PartialDate, days: number): PartialDate {
  if (days === 0) return date;
  const first = addDays(date.first, days);
  const last = addDays(date.last, days);
  return { text: date.precision === 'day' ? first : `${date.text}+${days}d`, precision: date.precision, first, last };
}
