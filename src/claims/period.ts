/**
 * The period a claim is about, written one of four ways:
 *   `2025-01-23`              one day
 *   `2025-01`                 one calendar month
 *   `FY2012`                  one U.S. federal fiscal year (Oct–Sep, named for the year it ends; 31 U.S.C. 1102)
 *   `2025-01-20/2025-10-31`   an inclusive range of days
 */
import { fiscalYearRange, isIsoDate, isValidYmd } from '../domain/dates.ts';
import { addDays } from '../legal/days.ts';

export interface ClaimPeriod {
  text: string;
  kind: 'day' | 'month' | 'fiscal_year' | 'range';
  startDate: string;
  /** Last day, inclusive. */
  endDate: string;
}

export const PERIOD_FORMS = 'YYYY-MM-DD, YYYY-MM, FYyyyy, or YYYY-MM-DD/YYYY-MM-DD';

export function parseClaimPeriod(text: string): { period: ClaimPeriod } | { problem: string } {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    return isIsoDate(t) ? { period: { text: t, kind: 'day', startDate: t, endDate: t } } : { problem: `${t} is not a calendar day` };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month) {
    if (!isValidYmd(Number(month[1]), Number(month[2]), 1)) return { problem: `${t} is not a calendar month` };
    const next = Number(month[2]) === 12 ? `${Number(month[1]) + 1}-01-01` : `${month[1]}-${String(Number(month[2]) + 1).padStart(2, '0')}-01`;
    return { period: { text: t, kind: 'month', startDate: `${t}-01`, endDate: addDays(next, -1) } };
  }
  if (/^FY\d{4}$/.test(t)) {
    const [startDate, endDate] = fiscalYearRange(t);
    return { period: { text: t, kind: 'fiscal_year', startDate, endDate } };
  }
  const range = /^(\S+)\/(\S+)$/.exec(t);
  if (range) {
    const [, a, b] = range;
    if (!isIsoDate(a) || !isIsoDate(b)) return { problem: `a range needs two calendar days, YYYY-MM-DD/YYYY-MM-DD (got ${t})` };
    if (b < a) return { problem: `the range ends (${b}) before it starts (${a})` };
    return { period: { text: t, kind: 'range', startDate: a, endDate: b } };
  }
  return { problem: `"${t}" is not a period; write ${PERIOD_FORMS}` };
}
