/**
 * Schema migrations, applied in order and recorded in `schema_migrations`, so that a database file made
 * by an older deportwatch is brought forward when a newer one opens it. A migration is never edited
 * once released; a change is a new migration. Each area of the code adds its own file here.
 */
import type { Store } from '../db.ts';
import { core } from './001-core.ts';
import { records } from './002-records.ts';
import { flights } from './003-flights.ts';
import { adsb } from './004-adsb.ts';
import { claims } from './005-claims.ts';
import { removalsByRelease } from './006-removals-by-release.ts';
import { reportRollups } from './007-report-rollups.ts';
import { eroLesaNarrow } from './008-ero-lesa-narrow.ts';
import { refreshReferenceTables } from '../reference-tables.ts';

export interface Migration {
  id: number;
  name: string;
  statements: string[];
}

const MIGRATIONS: Migration[] = [core, records, flights, adsb, claims, removalsByRelease, reportRollups, eroLesaNarrow].sort((a, b) => a.id - b.id);

/** Applies the migrations not yet applied (`upTo`: stop after that id, for the tests of a migration). */
export async function migrate(store: Store, upTo = Infinity): Promise<void> {
  await store.run('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)');
  const applied = new Set((await store.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id) || migration.id > upTo) continue;
    await store.transaction(async () => {
      for (const statement of migration.statements) await store.run(statement);
      await store.run('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
    });
  }
  if (upTo === Infinity) await refreshReferenceTables(store);
}
