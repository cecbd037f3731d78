/** Inserts published aggregate values (long form) for the official-aggregates source. */
import type { Store } from '../engine/db.ts';

export interface AggregateRow {
  sourceRow: number;
  dataset: string;
  measure: string;
  fiscalYear: string | null;
  month: string | null;
  citizenshipCountry: string | null;
  state: string | null;
  criminalityRaw: string | null;
  value: number;
}

export async function insertAggregates(store: Store, sourceId: number, rows: AggregateRow[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await store.appender('aggregates');
  for (const r of rows) {
    appender.appendInteger(sourceId);
    appender.appendBigInt(BigInt(r.sourceRow));
    appender.appendVarchar(r.dataset);
    appender.appendVarchar(r.measure);
    for (const v of [r.fiscalYear, r.month, r.citizenshipCountry, r.state, r.criminalityRaw]) {
      if (v === null) appender.appendNull(); else appender.appendVarchar(v);
    }
    appender.appendBigInt(BigInt(r.value));
    appender.endRow();
  }
  appender.closeSync();
}
