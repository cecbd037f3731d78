/**
 * The expedited-removal designation on a date, derived from the timeline's `er_designation`,
 * `er_application` and `court_order` rows (INA 235(b)(1); designations: 62 FR 10312 (1997, ports of
 * entry), 67 FR 68924 (2002, sea), 69 FR 48877 (2004, 100 air miles / 14 days), 84 FR 35409 (2019,
 * nationwide / 2 years), rescinded by 87 FR 16022 (2022), 90 FR 8139 (2025, nationwide / 2 years)).
 *
 * "Land entrants" are people who entered other than at a port of entry and not by sea, and were not
 * admitted or paroled: the people an interior arrest record describes. For them the designation in
 * force is the broadest operative one: nationwide beats 100 air miles of a land border.
 */
import { type ErGeography, param, paramList, paramNumber } from './effects.ts';
import { type Evaluator, type Instant, type Order, type Tri, or } from './evaluate.ts';
import { refOf, type TimelineRef } from './timeline.ts';

export type Known = 'yes' | 'no' | 'uncertain';
export const known = (t: Tri): Known => (t === 'maybe' ? 'uncertain' : t);

export interface ErCoverage {
  /** Who the designation covers (see EFFECT_TYPES.er_designation). */
  population: string;
  geography: Exclude<ErGeography, 'port_of_entry'>;
  /** The person must not have shown this many days of continuous presence (14; 730 = the notices' "two years"). */
  presenceLimitDays: number;
  /** The designation row. */
  rowId: string;
}

export interface ErDesignationEntry {
  row: TimelineRef;
  population: string;
  geography: ErGeography;
  presenceLimitDays: number | null;
  effectiveTime: string | null;
  operative: Known;
  /** Court orders blocking it that were operative (or possibly so) on the date. */
  blockedBy: TimelineRef[];
}

export interface ErExclusion {
  group: string;
  why: string;
  rowIds: string[];
  certain: boolean;
}

export interface ExpeditedRemovalOnDate {
  /**
   * Broadest designation surely covering land entrants at the end of the day; null when none did (only
   * ports of entry and sea arrivals). When `certain` is false, `possible.broadest` may also have applied.
   */
  landEntrants: ErCoverage | null;
  /** False when the date falls in a period the timeline knows only to the month, or on a row of unverified status. */
  certain: boolean;
  /** The narrowest and the broadest coverage possible on the date (equal when certain). */
  possible: { narrowest: ErCoverage | null; broadest: ErCoverage | null };
  /** Set when the designation changed during the day (a notice with an effective time). */
  changedDuringDay: { effectiveTime: string; rowId: string; before: ErCoverage | null } | null;
  /** The 2002 designation of people who arrived by sea. */
  seaArrivals: ErCoverage | null;
  /** Arriving aliens at ports of entry (IIRIRA, from 1997-04-01). */
  portsOfEntry: Known;
  /** Whether a court stay or injunction kept a broader designation from applying. */
  courtStay: Known;
  stayOrders: TimelineRef[];
  excluded: ErExclusion[];
  /** Groups a directive made subject to expedited removal in practice (e.g. parolees, by terminating parole). */
  extendedTo: { population: string; rowId: string; operative: Known; except: { population: string; rowId: string }[] }[];
  /** Claims that take a person out of summary removal (credible-fear interview; review of a claimed status). */
  exceptions: string[];
  /** Grounds of inadmissibility the land-entrant designation names. */
  grounds: string[];
  designations: ErDesignationEntry[];
  /** Ids of the rows behind the designation itself (designations, court orders on them, rescissions). */
  designationBasis: string[];
  /** Every row cited above, with its sources. */
  basis: TimelineRef[];
}

const LAND_POPULATIONS = ['land_border_entrants', 'entrants_not_admitted_or_paroled'];
const GEOGRAPHY_RANK: Record<string, number> = { within_100_air_miles_of_land_border: 1, nationwide: 2 };

interface Evaluated { order: Order; operative: Tri }

function broadest(entries: Evaluated[], accept: (t: Tri) => boolean, populations: string[]): ErCoverage | null {
  let best: ErCoverage | null = null;
  for (const { order, operative } of entries) {
    const geography = param(order.effect, 'geography') as ErGeography;
    const days = paramNumber(order.effect, 'presence_limit_days');
    if (!accept(operative) || !populations.includes(param(order.effect, 'population') ?? '') || geography === 'port_of_entry' || days === null) continue;
    const candidate: ErCoverage = { population: param(order.effect, 'population')!, geography, presenceLimitDays: days, rowId: order.row.id };
    if (!best || GEOGRAPHY_RANK[geography] > GEOGRAPHY_RANK[best.geography]
      || (GEOGRAPHY_RANK[geography] === GEOGRAPHY_RANK[best.geography] && days > best.presenceLimitDays)) best = candidate;
  }
  return best;
}

export const sameCoverage = (a: ErCoverage | null, b: ErCoverage | null): boolean =>
  a === b || (a !== null && b !== null && a.geography === b.geography && a.presenceLimitDays === b.presenceLimitDays);

function evaluateDesignations(ev: Evaluator, date: string, instant: Instant): Evaluated[] {
  return ev.effectsOfType('er_designation')
    .filter((o) => ev.stands(o.row, o.effect, date, instant) !== 'no' || ev.stands(o.row, o.effect, date, 'end_of_day') !== 'no')
    .map((order) => ({ order, operative: ev.operative(order.row, order.effect, 'er_designation', date, instant) }));
}

type Cite = (row: Order['row']) => TimelineRef;

/** The designation before the day began, when a notice with an effective time changed it during the day. */
function changeDuringDay(ev: Evaluator, date: string, end: Evaluated[], narrowest: ErCoverage | null): ExpeditedRemovalOnDate['changedDuringDay'] {
  const before = broadest(evaluateDesignations(ev, date, 'start_of_day'), (t) => t === 'yes', LAND_POPULATIONS);
  if (sameCoverage(before, narrowest)) return null;
  const changer = end.find((e) => param(e.order.effect, 'effective_time') !== null && e.order.row.start.first === date);
  return changer ? { effectiveTime: `${date}T${param(changer.order.effect, 'effective_time')}`, rowId: changer.order.row.id, before } : null;
}

/** Each designation standing at the end of the day, and whether a court stay kept a land-entrant designation from applying. */
function designationEntries(ev: Evaluator, date: string, end: Evaluated[], cite: Cite): { designations: ErDesignationEntry[]; courtStay: Tri; stayOrders: TimelineRef[] } {
  const designations: ErDesignationEntry[] = [];
  let courtStay: Tri = 'no';
  const stayOrders = new Map<string, TimelineRef>();
  for (const { order, operative } of end) {
    const standing = ev.stands(order.row, order.effect, date);
    const blockers = ev.fullBlockers(order.row.id, 'er_designation', order.effect)
      .filter((b) => ev.operative(b.row, b.effect, 'er_designation', date) !== 'no');
    if (standing !== 'no' && LAND_POPULATIONS.includes(param(order.effect, 'population') ?? '')) {
      const blocked = ev.blocked(order.row.id, 'er_designation', date);
      courtStay = or(courtStay, standing === 'yes' ? blocked : blocked === 'no' ? 'no' : 'maybe');
      for (const b of blockers) stayOrders.set(b.row.id, cite(b.row));
    }
    designations.push({
      row: cite(order.row), population: param(order.effect, 'population')!, geography: param(order.effect, 'geography') as ErGeography,
      presenceLimitDays: paramNumber(order.effect, 'presence_limit_days'), effectiveTime: param(order.effect, 'effective_time'),
      operative: known(operative), blockedBy: blockers.map((b) => cite(b.row)),
    });
  }
  return { designations, courtStay, stayOrders: [...stayOrders.values()] };
}

/**
 * The history that explains the state: orders on a row (and orders on those orders, such as a
 * reversal of an injunction) that stand on the date.
 */
function citeHistory(ev: Evaluator, date: string, rowId: string, cite: Cite, seen = new Set<string>()): void {
  for (const o of ev.ordersOn(rowId)) {
    if (seen.has(o.row.id)) continue;
    seen.add(o.row.id);
    if (ev.stands(o.row, o.effect, date) !== 'no') cite(o.row);
    citeHistory(ev, date, o.row.id, cite, seen);
  }
}

/** The history of the designations, and rescissions of designations in force. */
function citeDesignationHistory(ev: Evaluator, date: string, end: Evaluated[], cite: Cite): void {
  for (const { order } of end) citeHistory(ev, date, order.row.id, cite);
  for (const r of ev.effectsOfType('rescission')) {
    const target = ev.timeline.byId.get(param(r.effect, 'target') ?? '');
    if (target?.effects.some((e) => e.type === 'er_designation') && ev.stands(r.row, r.effect, date) !== 'no') cite(r.row);
  }
}

/**
 * Who stays outside: people admitted or paroled, unless a directive reached them; and any group a
 * court kept out of that directive (CHIRLA v. Noem: people paroled at a port of entry).
 */
function exclusionsAndExtensions(ev: Evaluator, date: string, end: Evaluated[], cite: Cite): Pick<ExpeditedRemovalOnDate, 'excluded' | 'extendedTo'> {
  const excluded: ErExclusion[] = [];
  const requiring = end.filter((e) => e.operative !== 'no' && (paramList(e.order.effect, 'requires') ?? []).includes('not_admitted_or_paroled'));
  if (requiring.length > 0) {
    excluded.push({ group: 'admitted', why: 'the designations cover only people who were not admitted or paroled', rowIds: requiring.map((e) => e.order.row.id), certain: true });
  }
  const extendedTo: ExpeditedRemovalOnDate['extendedTo'] = [];
  let paroleReached: Tri = 'no';
  for (const order of ev.effectsOfType('er_application')) {
    const operative = ev.operative(order.row, order.effect, 'er_application', date);
    if (operative === 'no') continue;
    cite(order.row);
    citeHistory(ev, date, order.row.id, cite);
    const population = param(order.effect, 'population')!;
    const partial = ev.partialBlocks(order.row.id, 'er_application', date, 'end_of_day', order.effect);
    extendedTo.push({ population, rowId: order.row.id, operative: known(operative), except: partial.map((p) => ({ population: param(p.order.effect, 'population') ?? param(p.order.effect, 'scope') ?? 'some people', rowId: p.order.row.id })) });
    if (population === 'parolees') {
      paroleReached = or(paroleReached, operative);
      for (const p of partial) {
        cite(p.order.row);
        excluded.push({ group: param(p.order.effect, 'population') ?? 'some parolees', why: `a court order keeps this group out of ${order.row.id}`, rowIds: [p.order.row.id], certain: p.operative === 'yes' && operative === 'yes' });
      }
    }
  }
  if (requiring.length > 0 && paroleReached !== 'yes') {
    excluded.push({ group: 'paroled', why: 'the designations cover only people who were not admitted or paroled', rowIds: requiring.map((e) => e.order.row.id), certain: paroleReached === 'no' });
  }
  return { excluded, extendedTo };
}

export function expeditedRemovalOn(ev: Evaluator, date: string): ExpeditedRemovalOnDate {
  // Rows are cited in a fixed order (designations, their history, then the directives), which is the order of `basis`.
  const basis = new Map<string, TimelineRef>();
  const cite: Cite = (row) => { const r = refOf(row); basis.set(r.id, r); return r; };

  const end = evaluateDesignations(ev, date, 'end_of_day');
  const narrowest = broadest(end, (t) => t === 'yes', LAND_POPULATIONS);
  const widest = broadest(end, (t) => t !== 'no', LAND_POPULATIONS);
  const changedDuringDay = changeDuringDay(ev, date, end, narrowest);
  const { designations, courtStay, stayOrders } = designationEntries(ev, date, end, cite);
  citeDesignationHistory(ev, date, end, cite);
  const designationBasis = [...basis.keys()];
  const { excluded, extendedTo } = exclusionsAndExtensions(ev, date, end, cite);

  const exceptions = [...new Set(end.filter((e) => e.operative !== 'no').flatMap((e) => paramList(e.order.effect, 'exceptions') ?? []))];
  const landRow = widest ? end.find((e) => e.order.row.id === widest.rowId) : undefined;
  let portsOfEntry: Tri = 'no';
  for (const e of end) if (param(e.order.effect, 'population') === 'arriving_at_port_of_entry') portsOfEntry = or(portsOfEntry, e.operative);

  return {
    landEntrants: narrowest,
    certain: sameCoverage(narrowest, widest),
    possible: { narrowest, broadest: widest },
    changedDuringDay,
    seaArrivals: broadest(end, (t) => t === 'yes', ['sea_arrivals']),
    portsOfEntry: known(portsOfEntry),
    courtStay: known(courtStay),
    stayOrders,
    excluded,
    extendedTo,
    exceptions,
    grounds: landRow ? paramList(landRow.order.effect, 'grounds') ?? [] : [],
    designations,
    designationBasis,
    basis: [...basis.values()],
  };
}

/** Plain words for a coverage, used in notes and period descriptions. */
export function describeCoverage(c: ErCoverage | null): string {
  if (!c) return 'no expedited-removal designation covered people who entered over land (at most arrivals at ports of entry and by sea)';
  const presence = c.presenceLimitDays === 730 ? "two years'" : `${c.presenceLimitDays} days'`;
  if (c.population === 'sea_arrivals') return `expedited removal covered people who arrived by sea, anywhere in the U.S., who could not show ${presence} continuous presence (${c.rowId})`;
  if (c.geography === 'nationwide') return `expedited removal covered people anywhere in the U.S. who could not show ${presence} continuous presence (${c.rowId})`;
  return `expedited removal covered only people encountered within 100 air miles of a land border who could not show ${presence} continuous presence (${c.rowId})`;
}
