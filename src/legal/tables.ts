/**
 * The rules in force as tables the views join: `ref_rule_periods` (src/legal rulePeriodRows(): the
 * expedited-removal rule periods, `end_date` inclusive, NULL while the period lasts), and the
 * due-process lookup (`ref_due_process_segments`, `ref_due_process_notes`: src/legal dueProcessTable()).
 * Copied on every writable open with the other reference tables, so an edit of the policy timeline
 * applies to rows ingested earlier without a re-ingest (docs/rules.md).
 *
 * The SQL that gives a row its rule period and its due-process note lives here too, so that each
 * records view adds them with one expression or one join.
 */
import type { Store } from '../engine/db.ts';
import { sqlString } from '../engine/sql.ts';
import { ARRIVALS, DATE_UNKNOWN_SEGMENT, dueProcessTable, NOTE_PATHWAYS, rulePeriodRows, type PresenceBucket } from './index.ts';


export async function refreshLegalTables(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE TABLE ref_rule_periods (period VARCHAR PRIMARY KEY, start_date DATE NOT NULL, end_date DATE)`);
  const periods = rulePeriodRows();
  if (periods.length > 0) {
    await store.run(`INSERT INTO ref_rule_periods VALUES ${periods.map((p) => `(${sqlString(p.period)}, DATE ${sqlString(p.startDate)}, ${p.endDate ? `DATE ${sqlString(p.endDate)}` : 'NULL'})`).join(', ')}`);
  }
  const table = dueProcessTable();
  await store.run(`CREATE OR REPLACE TABLE ref_due_process_segments (segment VARCHAR PRIMARY KEY, start_date DATE NOT NULL, end_date DATE, period VARCHAR)`);
  await store.run(`INSERT INTO ref_due_process_segments VALUES ${table.segments.map((s) => `(${sqlString(s.segment)}, DATE ${sqlString(s.startDate)}, ${s.endDate ? `DATE ${sqlString(s.endDate)}` : 'NULL'}, ${s.period ? sqlString(s.period) : 'NULL'})`).join(', ')}`);
  await store.run(`CREATE OR REPLACE TABLE ref_due_process_notes (key INTEGER PRIMARY KEY, segment VARCHAR NOT NULL, pathway VARCHAR NOT NULL, presence VARCHAR NOT NULL,
    arrival VARCHAR NOT NULL, note VARCHAR NOT NULL, why VARCHAR NOT NULL)`);
  const keys = noteKeys();
  const appender = await store.appender('ref_due_process_notes');
  for (const r of table.rows) {
    appender.appendInteger(keys.keyOf(r)); appender.appendVarchar(r.segment); appender.appendVarchar(r.pathway); appender.appendVarchar(r.presence);
    appender.appendVarchar(r.arrival); appender.appendVarchar(r.note); appender.appendVarchar(r.why);
    appender.endRow();
  }
  appender.closeSync();
}

/*
 * Why the view columns below are plain expressions, not joins or subqueries: DuckDB drops an unused
 * expression from a query, but not a join or a correlated subquery, so a join here would slow every
 * removals report (measured: 3M rows grouped by fiscal_year went from ~1.5 s to ~9 s with a lookup
 * join). The expressions are generated from the same rows as the tables, at the same time (every
 * writable open), so they cannot disagree.
 */

/** The rule period of a date expression (NULL before the first period or when the date is NULL). */
export function rulePeriodSql(date: string): string {
  const periods = [...rulePeriodRows()].sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  if (periods.length === 0) return 'NULL::VARCHAR';
  // Periods are contiguous (each ends the day before the next starts), so the latest start at or before the date names it.
  const last = periods[0];
  const cases = periods.map((p) => `WHEN ${date} >= DATE ${sqlString(p.startDate)} THEN ${sqlString(p.period)}`);
  const open = last.endDate === null ? '' : `WHEN ${date} > DATE ${sqlString(last.endDate)} THEN NULL `;
  return `(CASE ${open}${cases.join(' ')} ELSE NULL END)`;
}

interface NoteKeys {
  segments: string[];
  pathways: string[];
  presences: PresenceBucket[];
  arrivals: string[];
  keyOf(r: { segment: string; pathway: string; presence: string; arrival: string }): number;
}

/** Each (segment, pathway, presence, arrival) as one integer: mixed-radix digits in that order. */
function noteKeys(): NoteKeys {
  const table = dueProcessTable();
  const segments = [...table.segments.map((s) => s.segment), DATE_UNKNOWN_SEGMENT];
  const pathways = [...NOTE_PATHWAYS] as string[];
  const arrivals = Object.keys(ARRIVALS);
  const index = (list: string[], value: string) => { const i = list.indexOf(value); if (i < 0) throw new Error(`due-process lookup: ${value} not in ${list.join(', ')}`); return i; };
  return {
    segments, pathways, presences: table.buckets, arrivals,
    keyOf: (r) => ((index(segments, r.segment) * pathways.length + index(pathways, r.pathway)) * table.buckets.length
      + index(table.buckets.map((b) => b.label), r.presence)) * arrivals.length + index(arrivals, r.arrival),
  };
}

/**
 * `due_process_key` (the row of ref_due_process_notes, whose `why` says the reason) and
 * `due_process_note` for rows (alias `alias`) that carry `pathway`, `apprehension_date`, `entry_date`
 * and `entry_status`. A pathway the lookup lacks cannot happen (the views write only known pathways,
 * unknown and unclassified); if one did, its key is NULL and its note cannot_tell, never a guess.
 */
export function dueProcessColumnsSql(alias: string): string {
  const k = noteKeys();
  const table = dueProcessTable();
  const segmentsDesc = table.segments.map((s, i) => ({ i, start: s.startDate })).sort((a, b) => (a.start < b.start ? 1 : -1));
  const segment = `CASE WHEN ${alias}.apprehension_date IS NULL THEN ${k.segments.length - 1} ${segmentsDesc.map((s) => `WHEN ${alias}.apprehension_date >= DATE ${sqlString(s.start)} THEN ${s.i}`).join(' ')} END`;
  const pathway = `CASE ${alias}.pathway ${k.pathways.map((p, i) => `WHEN ${sqlString(p)} THEN ${i}`).join(' ')} END`;
  const days = `date_diff('day', ${alias}.entry_date, ${alias}.apprehension_date)`;
  // A negative number of days (entry after apprehension) is a data error: treated as not stated.
  const unknownPresence = k.presences.findIndex((b) => b.minDays === null);
  const presence = `CASE ${k.presences.flatMap((b, i) => (b.minDays === null ? [] : [`WHEN ${days} >= ${b.minDays}${b.maxDays === null ? '' : ` AND ${days} <= ${b.maxDays}`} THEN ${i}`])).join(' ')} ELSE ${unknownPresence} END`;
  const arrival = `CASE ${Object.entries(ARRIVALS).flatMap(([name, a]) => (a.patterns.length === 0 ? []
    : [`WHEN ${a.patterns.map((p) => `upper(${alias}.entry_status) LIKE ${sqlString(p)}`).join(' OR ')} THEN ${k.arrivals.indexOf(name)}`])).join(' ')} ELSE ${k.arrivals.indexOf('not_stated')} END`;
  const key = `(((${segment}) * ${k.pathways.length} + (${pathway})) * ${k.presences.length} + (${presence})) * ${k.arrivals.length} + (${arrival})`;
  const notes = new Array<string>(k.segments.length * k.pathways.length * k.presences.length * k.arrivals.length).fill('cannot_tell');
  for (const r of table.rows) notes[k.keyOf(r)] = r.note;
  const kinds = [...new Set(notes)];
  // The note of each key as a small integer into the list of note names, so the literal stays short.
  return `${key} AS due_process_key,
      coalesce(${sqlList(kinds)}[${sqlIntList(notes.map((n) => kinds.indexOf(n) + 1))}[(${key}) + 1]], 'cannot_tell') AS due_process_note`;
}

const sqlList = (values: string[]) => `[${values.map(sqlString).join(', ')}]`;
const sqlIntList = (values: number[]) => `[${values.join(',')}]`;

/**
 * `removals_judge_share`: removals_enriched with 0/1 columns for the share of removals without a
 * judge's decision (judge_decided = no), summed and averaged by the report of the same name.
 */
export async function createLegalViews(store: Store): Promise<void> {
  // Each removal with the reason for its due-process note, for reading record by record.
  await store.run(`CREATE OR REPLACE VIEW removals_due_process AS
    SELECT e.source_id, e.source_sheet, e.source_row, e.release, e.departed_date, e.apprehension_date, e.entry_date, e.entry_status, e.pathway,
      e.rule_period, e.due_process_note, n.why AS due_process_why, n.segment AS due_process_segment, n.presence AS due_process_presence,
      n.arrival AS due_process_arrival, e.source
    FROM removals_enriched e LEFT JOIN ref_due_process_notes n ON n.key = e.due_process_key`);
  await store.run(`CREATE OR REPLACE VIEW removals_judge_share AS
    SELECT e.*,
      CASE WHEN e.judge_decided = 'no' THEN 1 ELSE 0 END AS without_judge,
      CASE WHEN e.judge_decided = 'unknown' THEN 1 ELSE 0 END AS judge_unknown,
      CASE WHEN e.judge_decided = 'no' THEN 100.0 ELSE 0.0 END AS without_judge_pct,
      CASE WHEN e.judge_decided = 'unknown' THEN NULL WHEN e.judge_decided = 'no' THEN 100.0 ELSE 0.0 END AS without_judge_pct_of_known
    FROM removals_enriched e`);
}
