/**
 * The status/disposition → case category table (src/reference/status-codes.csv) copied into the
 * database on every writable open, like ref_case_categories, so views pick up a corrected row
 * without a re-ingest. Called once from reference-tables.ts, before the views are made.
 */
import { statusCodes } from '../reference/status-codes.ts';
import type { Store } from '../engine/db.ts';

export async function refreshStatusCodes(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE TABLE ref_status_codes (
    field VARCHAR, raw VARCHAR, case_category VARCHAR, pathway VARCHAR, judge_decided VARCHAR, basis VARCHAR, PRIMARY KEY (field, raw))`);
  const appender = await store.appender('ref_status_codes');
  for (const s of statusCodes()) {
    appender.appendVarchar(s.field); appender.appendVarchar(s.raw);
    for (const value of [s.caseCategory, s.pathway, s.judgeDecided]) {
      if (value == null) appender.appendNull(); else appender.appendVarchar(value);
    }
    appender.appendVarchar(s.basis);
    appender.endRow();
  }
  appender.closeSync();
}
