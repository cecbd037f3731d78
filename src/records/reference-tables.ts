/**
 * The records' code tables — case categories (src/reference/case-categories.csv) and the
 * status/disposition → case category table (src/reference/status-codes.csv) — copied into the
 * database on every writable open, so views pick up a corrected row without a re-ingest. Called from
 * src/app/reference-tables.ts, before the views are made.
 */
import { caseCategories } from '../reference/case-categories.ts';
import { statusCodes } from '../reference/status-codes.ts';
import type { Store } from '../engine/db.ts';

export async function refreshRecordsReferenceTables(store: Store): Promise<void> {
  await refreshCaseCategories(store);
  await refreshStatusCodes(store);
}

async function refreshCaseCategories(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE TABLE ref_case_categories (
    code VARCHAR PRIMARY KEY, description VARCHAR, pathway VARCHAR, judge_decided VARCHAR, reason VARCHAR, source VARCHAR)`);
  const appender = await store.appender('ref_case_categories');
  for (const c of caseCategories()) {
    appender.appendVarchar(c.code); appender.appendVarchar(c.description); appender.appendVarchar(c.pathway);
    appender.appendVarchar(c.judgeDecided); appender.appendVarchar(c.reason); appender.appendVarchar(c.source);
    appender.endRow();
  }
  appender.closeSync();
}

async function refreshStatusCodes(store: Store): Promise<void> {
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
