/**
 * The due-process note as a small lookup table, so that the store can give every removal record its note
 * with one join instead of calling `dueProcessNote` once per row (a release holds millions of rows; the
 * note depends on far fewer inputs).
 *
 * `dueProcessNote` depends on the date only through the expedited-removal state of that date, which is
 * constant within a rule period except on a day when a designation took effect at a given hour
 * (2025-01-21, 18:00 EST: 90 FR 8139); those days are segments of their own. It depends on days in the
 * U.S. only through the presence limits of the designations (14 days, two years = 730 days, and the
 * leap-day edge the note treats as unknown), so days fall into a few buckets cut at those limits. So the
 * table has one row per (date segment, pathway, presence bucket), and `dueProcessNote` is called once for
 * each, with the segment's first day and the bucket's smallest number of days as its inputs.
 *
 * What no release publishes is passed as unknown, never guessed: the distance from the border of the
 * place of apprehension (releases give a state, county or landmark, not a distance) and how the person
 * arrived. A record without an apprehension date gets `cannot_tell` for expedited removal (the
 * designation in force at the encounter cannot be placed) and its pathway's note otherwise.
 */
import { PATHWAYS, type Pathway } from '../reference/case-categories.ts';
import { addDays } from './days.ts';
import { dueProcessNote, type DueProcessInput, type DueProcessNoteKind } from './due-process.ts';
import { evaluatorFor } from './evaluate.ts';
import { expeditedRemovalOn, type ErCoverage } from './expedited-removal.ts';
import { rulePeriods } from './periods.ts';
import { loadTimeline, type Timeline } from './timeline.ts';

/** A stretch of days on which every input combination gets the same note. */
export interface DueProcessSegment {
  /** `before-<first period start>`, the rule period's name, or `<period>@<day>` for a day with a change at a given hour. */
  segment: string;
  startDate: string;
  /** Inclusive; null while it lasts. */
  endDate: string | null;
  /** Rule period of the segment (null before the first designation, 1997-04-01). */
  period: string | null;
}

/** Days of continuous presence before the encounter, in the ranges within which the note cannot change. */
export interface PresenceBucket {
  label: string;
  /** Inclusive bounds; null label `unknown` has neither. */
  minDays: number | null;
  maxDays: number | null;
}

export interface DueProcessTableRow {
  /** A segment name, or `date_unknown` for records without an apprehension date. */
  segment: string;
  pathway: DueProcessInput['pathway'];
  presence: string;
  arrival: ArrivalBucket;
  note: DueProcessNoteKind;
  why: string;
}

export interface DueProcessTable {
  segments: DueProcessSegment[];
  buckets: PresenceBucket[];
  rows: DueProcessTableRow[];
  /** Calls made to dueProcessNote to fill the table (one per row that needs one). */
  calls: number;
}

export const DATE_UNKNOWN_SEGMENT = 'date_unknown';
export const NOTE_PATHWAYS: readonly DueProcessInput['pathway'][] = [...PATHWAYS, 'unknown', 'unclassified'];

/**
 * The presence limits of every designation that ever applied, and the day after which a whole number of
 * years is surely established (dueProcessNote's presenceVerdict: 730 days may fall one leap day short of
 * two calendar years, so 730 is its own bucket).
 */
function presenceBuckets(timeline: Timeline): PresenceBucket[] {
  const limits = new Set<number>();
  const add = (c: ErCoverage | null) => { if (c) limits.add(c.presenceLimitDays); };
  for (const p of rulePeriods(timeline)) { add(p.landEntrants); add(p.possible.narrowest); add(p.possible.broadest); add(p.seaArrivals); }
  const cuts = new Set<number>([0]);
  for (const limit of limits) {
    const years = limit % 365 === 0 ? limit / 365 : 0;
    cuts.add(limit);
    cuts.add(limit + Math.ceil(years / 4));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const buckets: PresenceBucket[] = [{ label: 'unknown', minDays: null, maxDays: null }];
  sorted.forEach((min, i) => {
    const next = sorted[i + 1];
    const max = next === undefined ? null : next - 1;
    buckets.push({ label: max === null ? `days_${min}_plus` : min === max ? `days_${min}` : `days_${min}_${max}`, minDays: min, maxDays: max });
  });
  return buckets;
}

function segmentsOf(timeline: Timeline): DueProcessSegment[] {
  const periods = rulePeriods(timeline);
  const ev = evaluatorFor(timeline);
  const segments: DueProcessSegment[] = [];
  if (periods.length > 0) segments.push({ segment: `before-${periods[0].startDate}`, startDate: '0001-01-01', endDate: addDays(periods[0].startDate, -1), period: null });
  for (const p of periods) {
    // A designation with an effective hour changes the rules within its first day (18:00 EST on 2025-01-21).
    const changed = expeditedRemovalOn(ev, p.startDate).changedDuringDay !== null;
    if (changed && p.endDate !== p.startDate) {
      segments.push({ segment: `${p.period}@${p.startDate}`, startDate: p.startDate, endDate: p.startDate, period: p.period });
      segments.push({ segment: p.period, startDate: addDays(p.startDate, 1), endDate: p.endDate, period: p.period });
    } else {
      segments.push({ segment: changed ? `${p.period}@${p.startDate}` : p.period, startDate: p.startDate, endDate: p.endDate, period: p.period });
    }
  }
  return segments;
}

/**
 * How the person arrived, as far as a record says. Entry statuses that mean entry without inspection
 * (ICE's "PWA Present Without Admission", "EWI") rule out a port of entry but not a sea arrival; any other
 * or no entry status rules out nothing. Patterns are SQL LIKE patterns over the upper-cased entry status.
 */
export const ARRIVALS = {
  without_inspection: { patterns: ['PWA%', 'EWI%', '%PRESENT WITHOUT ADMISSION%', '%WITHOUT INSPECTION%'], readings: ['land', 'sea'] },
  not_stated: { patterns: [], readings: ['land', 'sea', 'port_of_entry'] },
} as const satisfies Record<string, { patterns: readonly string[]; readings: readonly NonNullable<DueProcessInput['arrivedBy']>[] }>;
export type ArrivalBucket = keyof typeof ARRIVALS;
const READING_WORDS: Record<string, string> = { land: 'if over land', sea: 'if by sea', port_of_entry: 'if at a port of entry' };

function bucketWords(b: PresenceBucket): string {
  if (b.minDays === null) return 'days in the U.S. not stated';
  if (b.maxDays === null) return `${b.minDays} or more days`;
  return b.minDays === b.maxDays ? `${b.minDays} days` : `${b.minDays} to ${b.maxDays} days`;
}

/**
 * The note for expedited removal under every way of arrival the record allows: the same note under all
 * of them is that note; different notes give `cannot_tell`, naming each reading, never a pick.
 */
function erNote(date: string, b: PresenceBucket, arrival: ArrivalBucket, timeline: Timeline): { note: DueProcessNoteKind; why: string; calls: number } {
  const readings = ARRIVALS[arrival].readings.map((arrivedBy) => ({ arrivedBy, ...dueProcessNote({ pathway: 'expedited_removal', date, daysInUs: b.minDays, apprehensionDistanceMilesFromBorder: null, arrivedBy }, timeline) }));
  const notes = new Set(readings.map((r) => r.note));
  const way = arrival === 'without_inspection' ? 'the record says the person entered without inspection (over land or by sea, not at a port of entry)' : 'the record does not say how the person arrived';
  if (notes.size === 1) return { note: readings[0].note, why: `${readings[0].why} (${way}; the same under every way of arrival it allows)`, calls: readings.length };
  return { note: 'cannot_tell', why: `${way}, and the answer depends on it: ${readings.map((r) => `${READING_WORDS[r.arrivedBy]}, ${r.note}: ${r.why}`).join('; ')}`, calls: readings.length };
}

const cache = new WeakMap<Timeline, DueProcessTable>();

/** The lookup table for the policy timeline (computed once per timeline and process). */
export function dueProcessTable(timeline: Timeline = loadTimeline()): DueProcessTable {
  const hit = cache.get(timeline);
  if (hit) return hit;
  const segments = segmentsOf(timeline);
  const buckets = presenceBuckets(timeline);
  const arrivals = Object.keys(ARRIVALS) as ArrivalBucket[];
  const rows: DueProcessTableRow[] = [];
  let calls = 0;
  for (const s of [...segments, null]) {
    const segment = s?.segment ?? DATE_UNKNOWN_SEGMENT;
    for (const pathway of NOTE_PATHWAYS) {
      // Other pathways get their note from the pathway alone (dueProcessNote returns before it reads the
      // date's rules, the days or the arrival), so one call per segment serves every bucket.
      const other = pathway === 'expedited_removal' ? null : dueProcessNote({ pathway, date: s?.startDate ?? segments[segments.length - 1].startDate }, timeline);
      if (other) calls++;
      for (const b of buckets) {
        for (const arrival of arrivals) {
          let note: DueProcessNoteKind;
          let why: string;
          if (other) ({ note, why } = other);
          else if (!s) {
            note = 'cannot_tell';
            why = 'the apprehension date is not published, so the expedited-removal designation in force when the person was encountered cannot be placed';
          } else {
            const er = erNote(s.startDate, b, arrival, timeline);
            calls += er.calls;
            note = er.note;
            // The note names the inputs it was computed for: the segment's first day and the bucket's
            // smallest number of days; say what they stand for.
            why = er.why;
            if (s.endDate !== s.startDate) why = why.split(s.startDate).join('the apprehension date');
            if (b.minDays !== null) why = why.split(`${b.minDays} days in the U.S.`).join(`${bucketWords(b)} in the U.S.`);
          }
          rows.push({ segment, pathway, presence: b.label, arrival, note, why });
        }
      }
    }
  }
  const table = { segments, buckets, rows, calls };
  cache.set(timeline, table);
  return table;
}
