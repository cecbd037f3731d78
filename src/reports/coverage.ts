/**
 * Coverage: which period and which places each loaded source covers, per report table. A month that
 * no source of a table covers is unknown, not zero, and a figure that spans several sources must say
 * which places and periods it adds up (an ERO-LESA release is one area of responsibility; an observers'
 * log is one airport; a tracker export is a few carriers over a few months).
 *
 * A source covers the days from its first to its last dated row (the file cannot tell us more: an export
 * "from 12 Jan to 27 Apr" holds rows from 12 Jan to 27 Apr). Months cut by either end are partial.
 */
import type { Row, Store } from '../engine/db.ts';
import { columnsOf } from '../engine/rows.ts';
import type { ReportTable } from './types.ts';

export interface SourceCoverage {
  source_id: number;
  file_name: string;
  kind: string;
  synthetic: boolean;
  /** Rows of the table from this source (legs for flights). */
  rows: number;
  /** First and last dated row (YYYY-MM-DD), when the table has a date. */
  first_date: string | null;
  last_date: string | null;
  /** First and last month (YYYY-MM), from the date or the table's month column. */
  first_month: string | null;
  last_month: string | null;
  /** First and last fiscal year, for tables published by fiscal year only. */
  first_fiscal_year: string | null;
  last_fiscal_year: string | null;
  /** The release (ero-lesa, ddp-latest …), when the table says. */
  release: string | null;
  /** Places: the areas of responsibility, states or airports the rows name (at most 6, with the count of all). */
  places: { dimension: string; values: string[]; count: number } | null;
  /** For flight sources: the one airport every leg touches (an observers' log), else null. */
  airport: string | null;
  /** For flight sources: the carriers named (at most 6, with the count of all). */
  operators: { values: string[]; count: number } | null;
}

export interface TableCoverage { table: string; rows: number; sources: SourceCoverage[] }

const DATE_COLUMNS = ['departure_date', 'date', 'departed_date', 'mission_date', 'book_in_date', 'event_date'];
const PLACE_COLUMNS = ['aor', 'facility_aor', 'state', 'apprehension_state'];

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export async function tableCoverage(store: Store, table: ReportTable): Promise<TableCoverage | null> {
  const columns = new Set((await columnsOf(store, table.view)).map((c) => c.name));
  if (columns.size === 0 || !columns.has('source_id')) return null;
  const flights = table.view === 'flight_legs_enriched';
  const date = DATE_COLUMNS.find((c) => columns.has(c));
  const month = columns.has('month') ? 'month' : null;
  const fiscal = columns.has('fiscal_year') ? 'fiscal_year' : null;
  const place = PLACE_COLUMNS.find((c) => columns.has(c));
  const q = (c: string) => `"${c}"`;
  const select = [
    flights ? 'e.source_id AS source_id, count(DISTINCT t.leg_id) AS rows' : 't.source_id AS source_id, count(*) AS rows',
    date ? `min(t.${q(date)})::VARCHAR AS first_date, max(t.${q(date)})::VARCHAR AS last_date` : 'NULL AS first_date, NULL AS last_date',
    month ? `min(t.${q(month)})::VARCHAR AS first_month, max(t.${q(month)})::VARCHAR AS last_month` : 'NULL AS first_month, NULL AS last_month',
    fiscal ? `min(t.${q(fiscal)})::VARCHAR AS first_fy, max(t.${q(fiscal)})::VARCHAR AS last_fy` : 'NULL AS first_fy, NULL AS last_fy',
    columns.has('release') ? 'min(t.release) AS release' : 'NULL AS release',
    place ? `count(DISTINCT t.${q(place)}) AS place_count, list_sort(list(DISTINCT t.${q(place)}))[1:6] AS place_values` : 'NULL AS place_count, NULL AS place_values',
    flights ? 'count(DISTINCT t.operator) AS operator_count, list_sort(list(DISTINCT t.operator))[1:6] AS operator_values' : 'NULL AS operator_count, NULL AS operator_values',
  ].join(',\n    ');
  const from = flights ? `flight_evidence e JOIN ${table.view} t USING (leg_id)` : `${table.view} t`;
  const rows = await store.all<Row>(`SELECT ${select} FROM ${from} GROUP BY 1 ORDER BY 1`);
  const files = new Map((await store.all<Row>('SELECT source_id, file_name, kind, synthetic FROM sources')).map((r) => [Number(r.source_id), r]));
  // An observers' log reports the flights of one airport: the airport every one of its legs touches.
  const airports = new Map<number, string>();
  if (flights) {
    const touched = await store.all<Row>(`SELECT source_id, airport, count(DISTINCT leg_id) AS legs FROM (
        SELECT e.source_id, t.leg_id, unnest([t.departure_airport, t.arrival_airport]) AS airport FROM flight_evidence e JOIN ${table.view} t USING (leg_id))
      WHERE airport IS NOT NULL GROUP BY 1, 2`);
    const legs = new Map(rows.map((r) => [Number(r.source_id), Number(r.rows)]));
    for (const t of touched) if (Number(t.legs) === legs.get(Number(t.source_id)) && legs.get(Number(t.source_id))! > 0) airports.set(Number(t.source_id), String(t.airport));
  }
  const sources: SourceCoverage[] = rows.map((r) => {
    const id = Number(r.source_id);
    const file = files.get(id);
    const firstDate = str(r.first_date)?.slice(0, 10) ?? null;
    const lastDate = str(r.last_date)?.slice(0, 10) ?? null;
    return {
      source_id: id, file_name: String(file?.file_name ?? id), kind: String(file?.kind ?? ''), synthetic: file?.synthetic === true,
      rows: Number(r.rows),
      first_date: firstDate, last_date: lastDate,
      first_month: firstDate?.slice(0, 7) ?? str(r.first_month), last_month: lastDate?.slice(0, 7) ?? str(r.last_month),
      first_fiscal_year: str(r.first_fy), last_fiscal_year: str(r.last_fy),
      release: str(r.release),
      places: place && r.place_count ? { dimension: place, values: (r.place_values as unknown[]).map(String), count: Number(r.place_count) } : null,
      airport: airports.get(id) ?? null,
      operators: flights && r.operator_count ? { values: (r.operator_values as unknown[]).map(String), count: Number(r.operator_count) } : null,
    };
  });
  const total = await store.one<Row>(`SELECT count(*) AS n FROM ${table.view}`);
  return { table: table.name, rows: Number(total?.n ?? 0), sources };
}
