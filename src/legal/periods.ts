/**
 * Rule periods: the stretches of days between consecutive changes of the expedited-removal designation,
 * so that records can be split by `rule_period` (e.g. removals under `er-100mi-2004` vs
 * `er-nationwide-2019`). Derived from the timeline, never listed by hand: a new ruling row makes a new
 * period on the next load.
 *
 * A day belongs to the period in force at the END of that day (the 2025 designation took effect at
 * 18:00 EST on 2025-01-21, so 2025-01-21 is in `er-nationwide-2025`; `rulesInForce` and
 * `dueProcessNote` still report the change within the day). Days the timeline knows only to the month
 * form a period of their own, `er-uncertain-…`. Dates before 1997-04-01 (IIRIRA) have no period.
 */
import { UsageError } from '../domain/errors.ts';
import { isIsoDate } from '../domain/dates.ts';
import { addDays } from './days.ts';
import { param, paramNumber } from './effects.ts';
import { evaluatorFor, type Evaluator, type Order } from './evaluate.ts';
import { describeCoverage, expeditedRemovalOn, type ErCoverage, type Known } from './expedited-removal.ts';
import { loadTimeline, type Timeline } from './timeline.ts';

export interface RulePeriod {
  /** Stable name, e.g. `er-100mi-2004`, `er-nationwide-stayed-2025-08-29`, `er-uncertain-2026-06`. */
  period: string;
  startDate: string;
  /** Last day of the period (inclusive); null while it lasts. */
  endDate: string | null;
  landEntrants: ErCoverage | null;
  certain: boolean;
  possible: { narrowest: ErCoverage | null; broadest: ErCoverage | null };
  courtStay: Known;
  seaArrivals: ErCoverage | null;
  portsOfEntry: Known;
  description: string;
  /** Timeline rows behind the period (designations and court orders). */
  basis: string[];
}

/** What the store joins on: `date BETWEEN start_date AND coalesce(end_date, DATE '9999-12-31')`. */
export interface RulePeriodRow {
  period: string;
  startDate: string;
  endDate: string | null;
}

function relevantOrders(ev: Evaluator): Order[] {
  const out: Order[] = [];
  const seen = new Set<string>();
  const walk = (rowId: string) => {
    for (const o of ev.ordersOn(rowId)) {
      if (seen.has(o.row.id)) continue;
      seen.add(o.row.id);
      out.push(o);
      walk(o.row.id);
    }
  };
  for (const d of ev.effectsOfType('er_designation')) { out.push(d); walk(d.row.id); }
  return out;
}

function changeDates(ev: Evaluator): string[] {
  const dates = new Set<string>();
  for (const { row, effect } of relevantOrders(ev)) {
    const delay = paramNumber(effect, 'delay_days') ?? 0;
    dates.add(addDays(row.start.first, delay));
    if (row.start.precision === 'month') dates.add(addDays(row.start.last, delay + 1));
    if (row.end) {
      if (row.end.precision === 'month') dates.add(row.end.first);
      dates.add(addDays(row.end.last, 1));
    }
  }
  return [...dates].sort();
}

const SHORT: Record<string, string> = { within_100_air_miles_of_land_border: '100mi', nationwide: 'nationwide' };
const coverageKey = (c: ErCoverage | null) => (c ? `${c.geography}/${c.presenceLimitDays}` : 'none');

const cache = new WeakMap<Timeline, RulePeriod[]>();

export function rulePeriods(timeline: Timeline = loadTimeline()): RulePeriod[] {
  const hit = cache.get(timeline);
  if (hit) return hit;
  const ev = evaluatorFor(timeline);
  const dates = changeDates(ev);
  const periods: (Omit<RulePeriod, 'period'> & { key: string; stayed: string | null })[] = [];
  for (const date of dates) {
    const er = expeditedRemovalOn(ev, date);
    const key = [coverageKey(er.possible.narrowest), coverageKey(er.possible.broadest), er.courtStay, coverageKey(er.seaArrivals), er.portsOfEntry].join('|');
    const last = periods.at(-1);
    if (last && last.key === key) continue;
    if (last) last.endDate = addDays(date, -1);
    // The designation a court kept from applying, and how: `nationwide-stayed`, `nationwide-enjoined`.
    const blocked = er.designations.find((d) => d.blockedBy.length > 0 && d.operative === 'no');
    const order = blocked ? timeline.byId.get(blocked.blockedBy[0].id)?.effects.find((e) => e.type === 'court_order' && param(e, 'target') === blocked.row.id) : undefined;
    const stayed = blocked && order ? `${SHORT[blocked.geography] ?? blocked.geography}-${param(order, 'action')}` : null;
    periods.push({
      key, startDate: date, endDate: null, landEntrants: er.landEntrants, certain: er.certain, possible: er.possible, courtStay: er.courtStay,
      seaArrivals: er.seaArrivals, portsOfEntry: er.portsOfEntry, description: '',
      basis: er.designationBasis,
      stayed,
    });
  }
  // Periods start at the first designation (IIRIRA, 1997); nothing before it is a period.
  const firstCovered = periods.findIndex((p) => p.portsOfEntry !== 'no' || p.landEntrants || p.seaArrivals);
  const used = new Set<string>();
  const named = periods.slice(Math.max(firstCovered, 0)).map(({ key: _key, stayed, ...p }) => {
    const year = p.startDate.slice(0, 4);
    const wholeMonth = p.endDate !== null && p.startDate.endsWith('-01') && p.endDate.slice(0, 7) === p.startDate.slice(0, 7) && addDays(p.endDate, 1).endsWith('-01');
    let name: string;
    let description: string;
    if (!p.certain) {
      name = `er-uncertain-${wholeMonth ? p.startDate.slice(0, 7) : p.startDate}`;
      description = `Uncertain: either ${describeCoverage(p.possible.narrowest)}, or ${describeCoverage(p.possible.broadest)}; the timeline knows the change only to the month, or does not verify it.`;
    } else if (p.courtStay === 'yes' && stayed) {
      name = `er-${stayed}-${p.startDate}`;
      description = `A broader designation was blocked by a court (${stayed}); ${describeCoverage(p.landEntrants)}.`;
    } else if (p.landEntrants) {
      name = `er-${SHORT[p.landEntrants.geography]}-${year}`;
      description = `${describeCoverage(p.landEntrants)}.`;
    } else {
      name = `er-${p.seaArrivals ? 'sea' : 'poe'}-${year}`;
      description = p.seaArrivals ? 'Ports of entry and sea arrivals only (no designation of land entrants).' : 'Arriving aliens at ports of entry only.';
    }
    if (used.has(name)) name = `${name}-${p.startDate}`;
    used.add(name);
    return { period: name, ...p, description };
  });
  cache.set(timeline, named);
  return named;
}

/** The period a date falls in, or null before 1997-04-01. */
export function rulePeriodOf(date: string, timeline: Timeline = loadTimeline()): RulePeriod | null {
  if (!isIsoDate(date)) throw new UsageError(`not a date: ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  for (const p of rulePeriods(timeline)) if (date >= p.startDate && (p.endDate === null || date <= p.endDate)) return p;
  return null;
}

export function rulePeriodRows(timeline: Timeline = loadTimeline()): RulePeriodRow[] {
  return rulePeriods(timeline).map((p) => ({ period: p.period, startDate: p.startDate, endDate: p.endDate }));
}
