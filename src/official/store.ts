/**
 * Writing the official statistics into their tables (migrations/020-official.ts): rows keyed by the
 * columns of ./tables.ts, preceded by the `source_id` of the file they came from. The engine's row
 * appender casts each value to its column's type (a date string into DATE, a number into INTEGER).
 */
import type { Store } from '../engine/db.ts';
import type { SqlRow } from './tables.ts';

export async function appendOfficialRows(store: Store, table: string, sourceId: number, rows: readonly SqlRow[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await store.appender(table);
  for (const row of rows) {
    appender.appendInteger(sourceId);
    for (const value of Object.values(row)) {
      if (value === null || value === undefined) appender.appendNull();
      else if (typeof value === 'string') appender.appendVarchar(value);
      else if (typeof value === 'boolean') appender.appendBoolean(value);
      else appender.appendDouble(value);
    }
    appender.endRow();
  }
  appender.closeSync();
}
