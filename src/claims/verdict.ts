/**
 * How a number computed from the records is compared with a claim. Pure: no I/O.
 *
 * Both sides are sets of possible true values. The claim allows `value` exactly, an interval around it
 * ("about"), or everything above it ("more than", "at least"). The records allow one value when they are
 * complete for the claim's scope and period; an interval when some rows cannot be placed (criminality not
 * recorded: each may or may not count); everything from their count up when they are known to be
 * incomplete (one area of responsibility; the Deportation Data Project's latest removals table; a period
 * the rows cover only in part). Then:
 *   - every value the records allow is one the claim allows        → consistent
 *   - no value the records allow is one the claim allows           → inconsistent
 *   - some are, some are not                                       → not checkable (with why)
 * So incomplete records can still refute a claim (more removals in one area than claimed nationwide) or
 * confirm a "more than", but never confirm an exact figure.
 */
import type { Claim } from './ledger.ts';

/** "about N": within this fraction of N, either side. */
export const APPROXIMATELY = 0.05;

export const TOLERANCE = `counts of records and published totals are compared exactly (a difference of one is inconsistent); "approximately" allows ${APPROXIMATELY * 100}% either side of the stated value; "more than" means strictly greater, "at least" greater or equal. Rows whose criminality is not recorded may count either way, so they widen the computed value into a range; records known to be incomplete give only a lower bound.`;

export type Coverage = 'complete' | 'lower_bound';

export interface Interval { low: number; high: number; lowOpen?: boolean }

export function claimInterval(claim: Pick<Claim, 'value' | 'qualifier'>): Interval {
  switch (claim.qualifier) {
    case 'exact': return { low: claim.value, high: claim.value };
    case 'approximately': return { low: claim.value * (1 - APPROXIMATELY), high: claim.value * (1 + APPROXIMATELY) };
    case 'more_than': return { low: claim.value, high: Infinity, lowOpen: true };
    case 'at_least': return { low: claim.value, high: Infinity };
  }
}

export function recordsInterval(value: number, unknownRows: number, coverage: Coverage): Interval {
  return { low: value, high: coverage === 'lower_bound' ? Infinity : value + unknownRows };
}

const above = (x: number, c: Interval) => (c.lowOpen ? x > c.low : x >= c.low);

export function compare(claim: Pick<Claim, 'value' | 'qualifier'>, records: Interval): 'consistent' | 'inconsistent' | 'not_checkable' {
  const c = claimInterval(claim);
  const inside = above(records.low, c) && records.high <= c.high;
  if (inside) return 'consistent';
  const disjoint = records.high < c.low || (c.lowOpen && records.high <= c.low) || records.low > c.high;
  return disjoint ? 'inconsistent' : 'not_checkable';
}

export function describeClaimed(claim: Pick<Claim, 'value' | 'qualifier'>): string {
  const n = claim.value.toLocaleString('en-US');
  return { exact: n, approximately: `about ${n}`, more_than: `more than ${n}`, at_least: `at least ${n}` }[claim.qualifier];
}

export function describeRecords(r: Interval): string {
  const low = r.low.toLocaleString('en-US');
  if (r.high === Infinity) return `at least ${low}`;
  return r.high === r.low ? low : `${low} to ${r.high.toLocaleString('en-US')}`;
}
