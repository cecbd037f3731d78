/**
 * The schema migration runner: migrations are applied in id order and recorded in `schema_migrations`,
 * so that a database file made by an older deportwatch is brought forward when a newer one opens it. A
 * migration is never edited once released; a change is a new migration. The engine only runs them:
 * each domain owns its migrations, and the application lists them all (src/app/project.ts).
 */
import type { Store } from './db.ts';

export interface Migration {
  id: number;
  name: string;
  statements: string[];
}

/** Applies the migrations not yet applied, in id order (`upTo`: stop after that id, for the tests of a migration). */
export async function migrate(store: Store, migrations: readonly Migration[], upTo = Infinity): Promise<void> {
  await store.run('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)');
  const applied = new Set((await store.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(migration.id) || migration.id > upTo) continue;
    await store.transaction(async () => {
      for (const statement of migration.statements) await store.run(statement);
      await store.run('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
    });
  }
}
