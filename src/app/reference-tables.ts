/**
 * Reference tables live in the repository (src/reference/*.csv) and are copied into the database on
 * every writable open, so that a corrected code table applies to data ingested earlier without a
 * re-ingest. Each domain refreshes its own; the views that join them are recreated afterwards.
 */
import type { Store } from '../engine/db.ts';
import { createViews } from './views.ts';
import { refreshRecordsReferenceTables } from '../records/reference-tables.ts';
import { refreshLegalTables } from '../legal/tables.ts';
import { refreshSeedClaims } from '../claims/store.ts';
import { loadClaims } from '../claims/ledger.ts';

export async function refreshReferenceTables(store: Store): Promise<void> {
  await refreshRecordsReferenceTables(store);
  await refreshLegalTables(store);
  await refreshSeedClaims(store, loadClaims());
  await createViews(store);
}
