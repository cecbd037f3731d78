/**
 * Reference tables live in the repository (src/reference/*.csv) and are copied into the database on
 * every writable open, so that a corrected code table applies to data ingested earlier without a
 * re-ingest. Views that join them are recreated at the same time.
 */
import type { Store } from '../engine/db.ts';
import { caseCategories } from '../reference/case-categories.ts';
import { createViews } from './views.ts';
import { refreshStatusCodes } from '../records/reference-tables.ts';
import { refreshLegalTables } from '../legal/tables.ts';
import { refreshSeedClaims } from '../claims/store.ts';
import { loadClaims } from '../claims/ledger.ts';

export async function refreshReferenceTables(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE TABLE ref_case_categories (
    code VARCHAR PRIMARY KEY, description VARCHAR, pathway VARCHAR, judge_decided VARCHAR, reason VARCHAR, source VARCHAR)`);
  const appender = await store.appender('ref_case_categories');
  for (const c of caseCategories()) {
    appender.appendVarchar(c.code); appender.appendVarchar(c.description); appender.appendVarchar(c.pathway);
    appender.appendVarchar(c.judgeDecided); appender.appendVarchar(c.reason); appender.appendVarchar(c.source);
    appender.endRow();
  }
  appender.closeSync();
  await refreshStatusCodes(store);
  await refreshLegalTables(store);
  await refreshSeedClaims(store, loadClaims());
  await createViews(store);
}
