/**
 * UWCHR's tables of ICE Air (ARTS) passengers per leg, derived from the ARTS FOIA release and saved by
 * pandas (first column: the frame's index, with an empty header): the all-legs table
 * (`,MissionDate,R-T,PULOC,DropLoc,AlienMasterID`), the per-country removal-leg tables
 * (`,MissionDate,CountryOfCitizenship,R-T,PULOC,DropLoc,AlienMasterIDCount,MissionIDCount,JuvenileCount,
 * JuvPercent,NCCount,NCPercent`) and the missions through one airport (`,MissionDate,MissionID,PULOC,
 * DropLoc,AlienMasterID`). AlienMasterID there is a count of unique passengers, not a person: these are
 * not manifests, and are read apart from ARTS passenger tables (../arts/), whose header also has
 * AlienMasterID, PULOC and DropLoc. Stored in `arts_leg_counts` with the table's kind and every line.
 */
import { splitCsvLine } from '../../domain/csv.ts';
import { UserError } from '../../domain/errors.ts';
import type { ParseRule } from '../../engine/staging.ts';
import { airportIndex } from '../../reference/airports.ts';
import { DDP_DATE_FORMATS } from '../common/date-formats.ts';
import { ingestDelimitedLayout } from '../common/layout-ingest.ts';
import { normaliseHeader, type Layout } from '../common/layout.ts';
import type { FileHead, Source } from '../types.ts';

const DATE: ParseRule = { kind: 'date', formats: DDP_DATE_FORMATS, expected: 'a date such as 2010-10-01' };
const INTEGER: ParseRule = { kind: 'integer' };
const NUMBER: ParseRule = { kind: 'number' };
const UPPER: ParseRule = { kind: 'upper' };

export const ARTS_LEG_COUNTS: Layout = {
  table: 'arts_leg_counts',
  name: 'ARTS passengers per leg (UWCHR)',
  signature: ['missiondate', 'puloc', 'droploc', 'alienmasterid|alienmasteridcount'],
  notStoredReason: 'the first, unnamed column is pandas\' row index, not data',
  fields: [
    { header: 'MissionDate', target: 'mission_date', parse: DATE, required: true },
    { header: 'MissionID', target: 'mission_id' },
    { header: 'R-T', target: 'removal_or_transfer' },
    { header: 'CountryOfCitizenship', target: 'citizenship_country', parse: UPPER },
    { header: 'PULOC', target: 'pickup_airport', parse: UPPER },
    { header: 'DropLoc', target: 'dropoff_airport', parse: UPPER },
    { header: 'AlienMasterID', aliases: ['AlienMasterIDCount'], target: 'passengers', parse: INTEGER, required: true },
    { header: 'MissionIDCount', target: 'missions', parse: INTEGER },
    { header: 'JuvenileCount', target: 'juveniles', parse: NUMBER },
    { header: 'JuvPercent', target: 'juvenile_share', parse: NUMBER },
    { header: 'NCCount', target: 'non_criminal', parse: NUMBER },
    { header: 'NCPercent', target: 'non_criminal_share', parse: NUMBER },
  ],
};

type Kind = 'all-legs' | 'country-removal-legs' | 'mission-legs';

function headerOf(head: FileHead): { cells: string[]; kind: Kind } | null {
  const line = head.lines[0];
  if (!line || !line.includes(',')) return null;
  const cells = splitCsvLine(line).map(normaliseHeader);
  // pandas' index column (empty header) first; no manifest column (Status, Sex, MissionNumber).
  if (cells[0] !== '' || !['missiondate', 'puloc', 'droploc'].every((c) => cells.includes(c))) return null;
  if (!cells.includes('alienmasterid') && !cells.includes('alienmasteridcount')) return null;
  if (['status', 'sex', 'missionnumber'].some((c) => cells.includes(c))) return null;
  const kind: Kind = cells.includes('countryofcitizenship') ? 'country-removal-legs' : cells.includes('missionid') ? 'mission-legs' : 'all-legs';
  return { cells, kind };
}

export const artsLegCounts: Source = {
  kind: 'arts-leg-counts',
  title: 'ICE Air (ARTS) passengers per leg, UWCHR\'s derived tables (CSV with pandas index: MissionDate, PULOC, DropLoc, AlienMasterID count …)',
  tables: ['arts_leg_counts'],
  sniff(head) {
    if (head.text === null) return { confidence: 0 };
    const h = headerOf(head);
    // Above the ARTS passengers reader's 0.95, whose signature these headers also carry.
    return h ? { confidence: 0.97, reason: `UWCHR's ARTS ${h.kind} table: a pandas index column, then MissionDate, PULOC, DropLoc and a count of AlienMasterID` } : { confidence: 0 };
  },
  async ingest(head, context) {
    const h = headerOf(head);
    if (!h) throw new UserError(`${context.file}: not one of UWCHR's ARTS per-leg tables (",MissionDate,…,PULOC,DropLoc,AlienMasterID")`);
    const counts = await ingestDelimitedLayout(head, context, ARTS_LEG_COUNTS, ',', { release: 'arts-uwchr', table_kind: h.kind });
    // Countries of the airports, from the airport reference (a few hundred codes).
    const codes = await context.store.all<{ code: string }>(`SELECT DISTINCT code FROM (SELECT pickup_airport AS code FROM arts_leg_counts WHERE source_id = $1
      UNION SELECT dropoff_airport FROM arts_leg_counts WHERE source_id = $1) WHERE code IS NOT NULL`, [context.sourceId]);
    const airports = airportIndex();
    const known = codes.map((c) => ({ code: c.code, country: (c.code.length === 4 ? airports.byIcao(c.code) : airports.byIata(c.code))?.countryCode ?? null }));
    const unknown = known.filter((k) => k.country === null).map((k) => k.code);
    for (const k of known.filter((x) => x.country !== null)) {
      await context.store.run(`UPDATE arts_leg_counts SET pickup_country = CASE WHEN pickup_airport = $1 THEN $2 ELSE pickup_country END,
        dropoff_country = CASE WHEN dropoff_airport = $1 THEN $2 ELSE dropoff_country END
        WHERE source_id = $3 AND (pickup_airport = $1 OR dropoff_airport = $1)`, [k.code, k.country, context.sourceId]);
    }
    const other = await context.store.all<{ v: string; n: bigint; p: bigint }>(`SELECT removal_or_transfer AS v, count(*) AS n, sum(passengers) AS p FROM arts_leg_counts
      WHERE source_id = $1 AND (removal_or_transfer IS NULL OR removal_or_transfer NOT IN ('R', 'T')) GROUP BY 1 ORDER BY 1`, [context.sourceId]);
    return {
      ...counts,
      notes: [`read as UWCHR's ARTS ${h.kind} table`, ...(counts.notes ?? []),
        ...(h.cells.includes('r-t') ? other.map((o) => `${Number(o.n)} row${Number(o.n) === 1 ? '' : 's'} with R-T ${o.v === null ? 'blank' : `"${o.v}"`} (neither R nor T), ${Number(o.p)} passenger${Number(o.p) === 1 ? '' : 's'}: kept and shown as published`) : []),
        ...(unknown.length ? [`airports the reference does not know (country NULL): ${unknown.join(', ')}`] : [])],
    };
  },
};
