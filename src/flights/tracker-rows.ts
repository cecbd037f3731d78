/**
 * Rows of tracker exports and observers' logs as published (migration 009): every data row of the file
 * with its own date, its UTC departure date when it gives a time, whether it became a leg, and its
 * cells exactly as written, keyed by the header as published (src/engine/source-columns.ts rawNames).
 */
import type { Store } from '../engine/db.ts';
import { rawNames } from '../engine/source-columns.ts';
import { sqlIdent, sqlString } from '../engine/sql.ts';

export interface TrackerRow {
  line: number;
  cells: string[];
  /** The row's own date (YYYY-MM-DD), local as the file writes it; null when not a date. */
  exportDate: string | null;
  departureDateUtc: string | null;
  outcome: 'leg' | 'quarantined';
}

/**
 * Rows go through a staging table by the Appender (cells as plain VARCHAR columns), then one INSERT
 * builds each row's MAP: a MAP literal per row in SQL text cost 3 s for the 5,885 rows of a RadarBox
 * export, the Appender a few milliseconds.
 */
export async function insertTrackerRows(store: Store, sourceId: number, kind: string, header: string[], rows: TrackerRow[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = `[${rawNames(header).map(sqlString).join(', ')}]`;
  const cells = header.map((_, c) => `c${c}`);
  const stage = sqlIdent(`tracker_stage_${sourceId}`);
  await store.run(`CREATE OR REPLACE TABLE ${stage} (line BIGINT, export_date DATE, departure_date_utc DATE, outcome VARCHAR, ${cells.map((c) => `${c} VARCHAR`).join(', ')})`);
  try {
    const appender = await store.appender(`tracker_stage_${sourceId}`);
    for (const r of rows) {
      appender.appendBigInt(BigInt(r.line));
      if (r.exportDate === null) appender.appendNull(); else appender.appendVarchar(r.exportDate);
      if (r.departureDateUtc === null) appender.appendNull(); else appender.appendVarchar(r.departureDateUtc);
      appender.appendVarchar(r.outcome);
      // A row shorter than the header reads as blank cells; one longer keeps only the header's columns.
      for (let c = 0; c < header.length; c++) appender.appendVarchar(r.cells[c] ?? '');
      appender.endRow();
    }
    appender.closeSync();
    await store.run(`INSERT INTO tracker_rows (source_id, source_row, source_kind, export_date, departure_date_utc, outcome, raw)
      SELECT ${sourceId}, line, ${sqlString(kind)}, export_date, departure_date_utc, outcome, MAP(${keys}, [${cells.join(', ')}]) FROM ${stage} ORDER BY line`);
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${stage}`);
  }
}
