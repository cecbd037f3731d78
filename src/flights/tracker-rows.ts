/**
 * Rows of tracker exports and observers' logs as published (migration 009): every data row of the file
 * with its own date, its UTC departure date when it gives a time, whether it became a leg, and its
 * cells exactly as written, keyed by the header as published (src/engine/source-columns.ts rawNames).
 */
import type { Store } from '../engine/db.ts';
import { rawNames } from '../engine/source-columns.ts';
import { sqlString } from '../engine/sql.ts';

export interface TrackerRow {
  line: number;
  cells: string[];
  /** The row's own date (YYYY-MM-DD), local as the file writes it; null when not a date. */
  exportDate: string | null;
  departureDateUtc: string | null;
  outcome: 'leg' | 'quarantined';
}

const BATCH = 500;

export async function insertTrackerRows(store: Store, sourceId: number, kind: string, header: string[], rows: TrackerRow[]): Promise<void> {
  const keys = `[${rawNames(header).map(sqlString).join(', ')}]`;
  const date = (d: string | null) => (d === null ? 'NULL' : `DATE ${sqlString(d)}`);
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => {
      // A row shorter than the header reads as blank cells; one longer keeps only the header's columns.
      const cells = header.map((_, c) => sqlString(r.cells[c] ?? ''));
      return `(${sourceId}, ${r.line}, ${sqlString(kind)}, ${date(r.exportDate)}, ${date(r.departureDateUtc)}, ${sqlString(r.outcome)}, MAP(${keys}, [${cells.join(', ')}]))`;
    });
    await store.run(`INSERT INTO tracker_rows (source_id, source_row, source_kind, export_date, departure_date_utc, outcome, raw) VALUES ${values.join(', ')}`);
  }
}
