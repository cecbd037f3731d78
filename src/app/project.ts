/**
 * A deportwatch database: the engine's file with every domain's tables, reference tables and views.
 * This is the one place that composes them — the engine knows no domain, and each domain owns its own
 * migrations and views — so opening a project is: engine → migrations → reference tables → views.
 */
import { resolveDbPath, Store, type OpenOptions } from '../engine/db.ts';
import { migrate, type Migration } from '../engine/migrations.ts';
import { core } from '../engine/migrations/001-core.ts';
import { reportRollups } from '../engine/migrations/007-report-rollups.ts';
import { records } from '../records/migrations/002-records.ts';
import { removalsByRelease } from '../records/migrations/006-removals-by-release.ts';
import { eroLesaNarrow } from '../records/migrations/008-ero-lesa-narrow.ts';
import { flights } from '../flights/migrations/003-flights.ts';
import { adsb } from '../flights/migrations/004-adsb.ts';
import { trackerRows } from '../flights/migrations/009-tracker-rows.ts';
import { sourceColumns } from '../engine/migrations/010-source-columns.ts';
import { claims } from '../claims/migrations/005-claims.ts';
import { official } from '../official/migrations/020-official.ts';
import { facilityPopulation } from '../official/migrations/021-facility-population.ts';
import { jailDetainerBookings } from '../records/migrations/022-jail-detainer-bookings.ts';
import { artsLegCounts } from '../records/migrations/023-arts-leg-counts.ts';
import { sourceFetches } from '../engine/migrations/024-source-fetches.ts';
import { watch } from '../watch/migrations.ts';
import { refreshReferenceTables } from './reference-tables.ts';

/** Every migration of every domain; the runner applies them in id order. */
export const MIGRATIONS: readonly Migration[] = [
  core, records, flights, adsb, claims, removalsByRelease, reportRollups, eroLesaNarrow, trackerRows, sourceColumns,
  official, facilityPopulation, jailDetainerBookings, artsLegCounts, sourceFetches, watch,
];

/**
 * Opens (creating when absent) a deportwatch database. A writable open brings the schema forward and
 * refreshes the reference tables and views; a read-only open takes the file as it is.
 */
export async function openProject(path: string = resolveDbPath(), options: OpenOptions = {}): Promise<Store> {
  const store = await Store.open(path, options);
  if (options.readOnly) return store;
  try {
    await migrateProject(store);
  } catch (error) {
    store.close();
    throw error;
  }
  return store;
}

/** Applies the project's migrations (`upTo`: stop after that id, for the tests of a migration), then the reference tables and views. */
export async function migrateProject(store: Store, upTo = Infinity): Promise<void> {
  await migrate(store, MIGRATIONS, upTo);
  if (upTo === Infinity) await refreshReferenceTables(store);
}
