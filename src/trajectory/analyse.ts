/**
 * The whole trajectory step for one batch of positions: order per aircraft and time, segment, build
 * the legs. Readers fill the columns; the ingest path (./ingest.ts) stores what comes out; the `legs`
 * command prints it.
 */
import { Q_REORDERED, type PositionColumns } from './columns.ts';
import { buildLegs, type AircraftInfo, type TrajectoryLeg } from './legs.ts';
import { DEFAULT_RULES, type SegmentRules } from './rules.ts';
import { LegSpans, Minima, segmentRuns } from './segment.ts';
import { sortByAircraftTime } from './sort.ts';

export interface Analysis {
  /** The positions ordered per aircraft and time (the input itself when it was already in order). */
  columns: PositionColumns;
  /** Q_* flags per ordered point. */
  quality: Uint8Array;
  spans: LegSpans;
  legs: TrajectoryLeg[];
  /** Airborne stretches too short to be flights (fewer than minLegPoints points or minLegSeconds). */
  fragments: number;
  reordered: number;
  runStarts: Int32Array;
}

export function analyse(input: PositionColumns, info: (aircraft: number) => AircraftInfo = () => ({}), rules: SegmentRules = DEFAULT_RULES): Analysis {
  const sorted = sortByAircraftTime(input);
  const columns = sorted.columns;
  const quality = new Uint8Array(columns.length);
  if (sorted.moved) for (let i = 0; i < columns.length; i++) if (sorted.moved[i]) quality[i] = Q_REORDERED;
  const spans = new LegSpans();
  const minima = new Minima();
  segmentRuns(columns, sorted.runStarts, { legs: spans, minima, quality }, rules);
  let fragments = 0;
  for (let k = 0; k < spans.count; k++) if (!spans.valid[k]) fragments++;
  const legs = buildLegs(columns, quality, spans, minima, info);
  return { columns, quality, spans, legs, fragments, reordered: sorted.reordered, runStarts: sorted.runStarts };
}
