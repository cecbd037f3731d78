/**
 * A due-process note for one removal: was an expedited removal within the designation in force on the
 * date, given what the record says about where the person was apprehended and how long they had been in
 * the U.S.? Pure; the facts come from the caller, the rules from the policy timeline.
 *
 * - `outside_designation`: the stated facts place the person outside every designation that could have
 *   applied (e.g. apprehended 250 miles from a land border in 2018, when land entrants were covered only
 *   within 100 air miles: 69 FR 48877).
 * - `consistent_with_rules`: the facts fit the designation under every reading of the date.
 * - `cannot_tell`: a fact the answer depends on is missing (place unknown while the 100-mile limit
 *   applied; days in the U.S. unknown), or the rules on the date are uncertain (a ruling known only to the
 *   month; a change at 18:00 on the day). Never a guess.
 * - `not_applicable`: the pathway is not expedited removal, so no designation limits it.
 *
 * `date` is the date of the encounter (apprehension), when the designation is applied. Distances are air
 * miles from the nearest U.S. land border; `daysInUs` is continuous presence before the encounter.
 * Unless `arrivedBy` says otherwise, the person is taken to have entered over land without inspection,
 * which is what an interior apprehension record describes; the note says so in `assumptions`.
 */
import { isIsoDate } from '../domain/dates.ts';
import { UsageError } from '../domain/errors.ts';
import type { Pathway } from '../reference/case-categories.ts';
import { evaluatorFor } from './evaluate.ts';
import { describeCoverage, expeditedRemovalOn, type ErCoverage } from './expedited-removal.ts';
import { rulePeriodOf } from './periods.ts';
import { loadTimeline, type Timeline } from './timeline.ts';

export type DueProcessNoteKind = 'consistent_with_rules' | 'outside_designation' | 'cannot_tell' | 'not_applicable';

export interface DueProcessInput {
  /** Legal pathway (src/reference/case-categories.ts), or `unknown` / `unclassified` as the views write them. */
  pathway: Pathway | 'unknown' | 'unclassified';
  /** Date of the encounter, YYYY-MM-DD. */
  date: string;
  apprehensionDistanceMilesFromBorder?: number | null;
  daysInUs?: number | null;
  /** How the person entered, when the record says: over land (default), by sea, or at a port of entry. */
  arrivedBy?: 'land' | 'sea' | 'port_of_entry' | null;
}

export interface DueProcessNote {
  note: DueProcessNoteKind;
  why: string;
  /** Rule period of the date (see rulePeriods()). */
  period: string | null;
  /** Timeline rows the note rests on. */
  basis: string[];
  /** What the note took for granted because the input did not say. */
  assumptions: string[];
}

type Verdict = 'within' | 'outside' | 'unknown';

/**
 * A presence limit of N days stands for the notices' wording ("14-day period", "2 years"): a person who
 * has shown N days of presence has established the period. When N is a whole number of years, the
 * calendar period can be up to one leap day per four years longer, so those few days are unknown.
 */
function presenceVerdict(days: number | null, limit: number): { verdict: Verdict; text: string } {
  if (days === null) return { verdict: 'unknown', text: 'days in the U.S. not stated' };
  const years = limit % 365 === 0 ? limit / 365 : 0;
  const surelyEstablished = limit + Math.ceil(years / 4);
  if (days < limit) return { verdict: 'within', text: `${days} days in the U.S., under the ${limit}-day limit` };
  if (days >= surelyEstablished) return { verdict: 'outside', text: `${days} days in the U.S., at or beyond the ${limit}-day limit` };
  return { verdict: 'unknown', text: `${days} days in the U.S., at the edge of the ${years}-year limit (leap days)` };
}

function coverageVerdict(c: ErCoverage | null, distance: number | null, days: number | null): { verdict: Verdict; text: string } {
  if (!c) return { verdict: 'outside', text: describeCoverage(null) };
  const parts: { verdict: Verdict; text: string }[] = [presenceVerdict(days, c.presenceLimitDays)];
  if (c.geography === 'within_100_air_miles_of_land_border') {
    parts.unshift(distance === null
      ? { verdict: 'unknown', text: 'place of apprehension not stated' }
      : distance <= 100 ? { verdict: 'within', text: `apprehended ${distance} miles from the border, within 100 air miles` }
        : { verdict: 'outside', text: `apprehended ${distance} miles from the border, beyond 100 air miles` });
  }
  const verdict: Verdict = parts.some((p) => p.verdict === 'outside') ? 'outside' : parts.every((p) => p.verdict === 'within') ? 'within' : 'unknown';
  return { verdict, text: `${describeCoverage(c)}: ${parts.map((p) => p.text).join('; ')}` };
}

function checkNumber(name: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${name} must be a non-negative number or null (got ${value})`);
  return value;
}

export function dueProcessNote(input: DueProcessInput, timeline: Timeline = loadTimeline()): DueProcessNote {
  if (!isIsoDate(input.date)) throw new UsageError(`not a date: ${JSON.stringify(input.date)} (expected YYYY-MM-DD)`);
  const distance = checkNumber('apprehensionDistanceMilesFromBorder', input.apprehensionDistanceMilesFromBorder);
  const days = checkNumber('daysInUs', input.daysInUs);
  const period = rulePeriodOf(input.date, timeline)?.period ?? null;
  const assumptions: string[] = [];

  if (input.pathway === 'unknown' || input.pathway === 'unclassified') {
    return { note: 'cannot_tell', why: `the legal pathway is ${input.pathway}, so it is not known whether expedited removal applied`, period, basis: [], assumptions };
  }
  if (input.pathway !== 'expedited_removal') {
    return { note: 'not_applicable', why: `pathway ${input.pathway} is not expedited removal; no expedited-removal designation limits it`, period, basis: [], assumptions };
  }

  const er = expeditedRemovalOn(evaluatorFor(timeline), input.date);
  const basis = er.designationBasis;
  if (er.designations.length === 0) {
    const first = timeline.rows.filter((r) => r.effects.some((e) => e.type === 'er_designation')).sort((a, b) => (a.start.first < b.start.first ? -1 : 1))[0];
    return { note: 'outside_designation', why: `the timeline records no expedited removal on ${input.date}${first ? ` (it begins ${first.start.text}, ${first.id})` : ''}`, period, basis, assumptions };
  }
  if (input.arrivedBy === 'port_of_entry') {
    if (er.portsOfEntry === 'yes') return { note: 'consistent_with_rules', why: 'arriving aliens at a port of entry are subject to expedited removal wherever the port is (IIRIRA, ER-1997-POE); distance and time in the U.S. do not apply', period, basis, assumptions };
    return { note: 'outside_designation', why: `no expedited removal at ports of entry is recorded on ${input.date} (it began 1997-04-01, ER-1997-POE)`, period, basis, assumptions };
  }

  // Every reading of the date: the narrowest and broadest possible designations, and the one in force
  // before a change made during the day.
  const readings: (ErCoverage | null)[] = [er.possible.narrowest, er.possible.broadest];
  if (er.changedDuringDay) readings.push(er.changedDuringDay.before);
  const forReading = (c: ErCoverage | null): ErCoverage | null => {
    if (input.arrivedBy !== 'sea') return c;
    // Sea arrivals are covered by the 2002 designation as well as any general one: take the broader.
    const sea = er.seaArrivals;
    if (!sea || !c) return sea ?? c;
    return c.geography === 'nationwide' && c.presenceLimitDays >= sea.presenceLimitDays ? c : sea;
  };
  if (!input.arrivedBy) assumptions.push('entered over land without inspection (the input does not say how the person arrived; a sea arrival would fall under the 2002 designation, ER-2002-SEA, which has no distance limit)');

  const verdicts = readings.map((c) => coverageVerdict(forReading(c), distance, days));
  const why = (v: { text: string }) => `on ${input.date}, ${v.text}`;
  if (verdicts.every((v) => v.verdict === 'outside')) return { note: 'outside_designation', why: why(verdicts[0]), period, basis, assumptions };
  if (verdicts.every((v) => v.verdict === 'within')) return { note: 'consistent_with_rules', why: why(verdicts[verdicts.length - 1]), period, basis, assumptions };
  if (verdicts.some((v) => v.verdict !== verdicts[0].verdict)) {
    const reason = er.changedDuringDay
      ? `the designation changed at ${er.changedDuringDay.effectiveTime} that day (${er.changedDuringDay.rowId}) and the time of the encounter is not known`
      : 'the designation on this date is uncertain (a ruling known only to the month, or a status not verified)';
    return { note: 'cannot_tell', why: `${reason}: either ${[...new Set(verdicts.map((v) => v.text))].join('; or ')}`, period, basis, assumptions };
  }
  return { note: 'cannot_tell', why: why(verdicts.find((v) => v.verdict === 'unknown')!), period, basis, assumptions };
}
