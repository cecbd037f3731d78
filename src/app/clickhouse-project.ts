/**
 * A deportwatch database on ClickHouse: the engine, then the ClickHouse migrations of the domains that
 * have them (provenance; ADS-B positions, callsigns and legs). The records, claims and official tables
 * stay on DuckDB for now (docs/scale.md, "What runs where").
 */
import { ClickHouseEngine } from '../engine/clickhouse/engine.ts';
import { coreClickHouse } from '../engine/clickhouse/provenance.ts';
import { migrateClickHouse, type ChMigration } from '../engine/clickhouse/schema.ts';
import { adsbClickHouse } from '../flights/clickhouse/tables.ts';

export const CLICKHOUSE_MIGRATIONS: readonly ChMigration[] = [coreClickHouse, adsbClickHouse];

/** Opens (creating the database and tables when absent) a ClickHouse deportwatch database. */
export async function openClickHouseProject(address: string): Promise<ClickHouseEngine> {
  const engine = await ClickHouseEngine.open(address);
  try {
    await migrateClickHouse(engine, CLICKHOUSE_MIGRATIONS);
  } catch (error) {
    await engine.closeAsync();
    throw error;
  }
  return engine;
}
