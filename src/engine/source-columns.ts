/**
 * A file's header as published and the stored columns each header cell was parsed into (migration 010),
 * for `deportwatch sources show ID` and for the names `raw.<column>` takes in reports.
 */
import type { Store } from './db.ts';
import { sqlString } from './sql.ts';

export interface SourceColumn {
  published: string;
  /** Where the column's value went: `flight_legs.departure_date (UTC)`, `removals.departed_date`; null when not stored. */
  storedAs: string | null;
}

/**
 * Unique, non-blank names for a header as published: a blank cell is `(column N)`, a repeated name
 * `NAME (2)`, `NAME (3)` … (N and the suffix 1-based), everything else exactly as written.
 */
export function rawNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell, i) => {
    const base = cell === '' ? `(column ${i + 1})` : cell;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

export async function recordSourceColumns(store: Store, sourceId: number, columns: SourceColumn[], options: { sheet?: string; headerLine?: number; delimiter?: string } = {}): Promise<void> {
  if (columns.length === 0) return;
  const names = rawNames(columns.map((c) => c.published));
  const text = (v: string | undefined | null) => (v === undefined || v === null ? 'NULL' : sqlString(v));
  const values = columns.map((c, i) => `(${sourceId}, ${i + 1}, ${sqlString(c.published)}, ${sqlString(names[i])}, ${text(c.storedAs)}, ${text(options.sheet)}, ${options.headerLine ?? 'NULL'}, ${text(options.delimiter)})`);
  await store.run(`INSERT INTO source_columns (source_id, position, published, raw_name, stored_as, sheet, header_line, delimiter) VALUES ${values.join(', ')}`);
}

export async function sourceColumnsOf(store: Store, sourceId: number): Promise<{ position: number; published: string; raw_name: string; stored_as: string | null; sheet: string | null }[]> {
  return store.all(`SELECT position, published, raw_name, stored_as, sheet FROM source_columns WHERE source_id = $1 ORDER BY sheet NULLS FIRST, position`, [sourceId]);
}
