/**
 * What a claim rests on, as shown beside it (CLI, API): the formal citation and source tier of the
 * policy-timeline row that records the statement (docs/sources-policy.md), so a claim and the timeline
 * never cite different sources; a claim a user added without a timeline row cites its own links.
 */
import { loadTimeline, TIER_NAMES, type SourceTier } from '../legal/index.ts';
import type { Claim } from './ledger.ts';

export interface ClaimSource {
  citation: string;
  /** Null when no acceptable source was found (`needs_source`) or the claim was added by a user. */
  sourceTier: SourceTier | null;
  links: string[];
}

export function claimSource(claim: Pick<Claim, 'timelineId' | 'sources'>): ClaimSource {
  const row = claim.timelineId ? loadTimeline().byId.get(claim.timelineId) : undefined;
  if (row) return { citation: row.citation, sourceTier: row.sourceTier, links: row.sources };
  return { citation: claim.sources.join(' ; ') || '(no source given)', sourceTier: null, links: claim.sources };
}

/** `tier 2: established news organisation`, or the gap said plainly. */
export function sourceTierText(tier: SourceTier | null): string {
  return tier === null ? 'no tiered source: needs_source' : `tier ${tier}: ${TIER_NAMES[tier]}`;
}
