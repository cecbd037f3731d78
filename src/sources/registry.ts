/**
 * All input formats deportwatch reads. Detection is by content (`sniff`), never by file name.
 */
import type { FileHead, Source, Sniff } from './types.ts';
import { eroLesaRemovals } from './ero-lesa/index.ts';
import { DDP_SOURCES } from './ddp/index.ts';
import { officialAggregates } from './aggregates/index.ts';
import { ARTS_SOURCES } from './arts/index.ts';
import { radarboxFlights } from './radarbox/index.ts';
import { OBSERVER_LOG_SOURCES } from './observer-log/index.ts';
import { readsbTraces } from './readsb/index.ts';
import { openskyStates } from './opensky/index.ts';
import { trafficJson } from './traffic-json/index.ts';
import { adsbxCsv } from './adsbx-csv/index.ts';
import { iceDetentionStats } from './ice-detention-stats/index.ts';
import { cbpEncounters } from './cbp-encounters/index.ts';
import { uwchrHeadcount } from './uwchr-headcount/index.ts';
import { jailDetainers } from './jail-detainers/index.ts';
import { artsLegCounts } from './arts-leg-counts/index.ts';

export const SOURCES: readonly Source[] = [
  eroLesaRemovals,
  ...DDP_SOURCES,
  officialAggregates,
  ...ARTS_SOURCES,
  radarboxFlights,
  ...OBSERVER_LOG_SOURCES,
  readsbTraces,
  openskyStates,
  trafficJson,
  adsbxCsv,
  iceDetentionStats,
  cbpEncounters,
  uwchrHeadcount,
  jailDetainers,
  artsLegCounts,
];

export interface Detection {
  source: Source | null;
  /** Every source's opinion, best first, for the "unknown format" message. */
  candidates: { source: Source; sniff: Sniff }[];
}

export function detectSource(head: FileHead, sources: readonly Source[] = SOURCES): Detection {
  const candidates = sources
    .map((source) => ({ source, sniff: safeSniff(source, head) }))
    .sort((a, b) => b.sniff.confidence - a.sniff.confidence);
  const best = candidates[0];
  return { source: best && best.sniff.confidence > 0.5 ? best.source : null, candidates };
}

function safeSniff(source: Source, head: FileHead): Sniff {
  try {
    return source.sniff(head);
  } catch (error) {
    return { confidence: 0, reason: `sniff failed: ${(error as Error).message}` };
  }
}
