/**
 * Tables on ClickHouse, and their migrations. A domain describes a table (columns, sort key, partition,
 * how rows are spread over shards); this module writes the DDL for the server it talks to:
 *
 * - sharded tables: `<name>_local` (MergeTree) on every shard, and `<name>` (Distributed over the
 *   cluster, sharding key given) on every shard, so a query may start on any of them;
 * - home tables (sources, provenance, migrations: small): a MergeTree on the first server only;
 * - one server (no cluster): every table is a MergeTree named `<name>`.
 *
 * Codecs are written only where the server supports them (19.1+; Debian's 18.16 has none and compresses
 * every column with the server's method, LZ4 unless config.xml's <compression> says zstd). Migrations are
 * recorded in `schema_migrations` on the home server, as DuckDB's runner does.
 */
import type { ClickHouseEngine } from './engine.ts';

export interface ChColumn {
  name: string;
  /** A type both 18.16 and current servers accept (no DateTime64, no LowCardinality). */
  type: string;
  /** A codec for servers that have them, e.g. 'Delta, ZSTD(1)'. */
  codec?: string;
}

export interface ChTable {
  name: string;
  columns: ChColumn[];
  orderBy: string;
  partitionBy?: string;
  /** Where rows live: 'home' (first server) or sharded by this expression (rows with equal values share a shard). */
  placement: 'home' | { shardKey: string };
}

export interface ChMigration {
  id: number;
  name: string;
  tables: ChTable[];
}

/** The local (stored) name of a table: `<name>_local` when sharded on a cluster. */
export function localName(engine: ClickHouseEngine, table: ChTable | string, sharded = true): string {
  const name = typeof table === 'string' ? table : table.name;
  const isSharded = typeof table === 'string' ? sharded : table.placement !== 'home';
  return engine.clustered && isSharded ? `${name}_local` : name;
}

function columnsSql(engine: ClickHouseEngine, table: ChTable): string {
  return table.columns.map((c) => `${c.name} ${c.type}${c.codec && engine.features.codecs ? ` CODEC(${c.codec})` : ''}`).join(',\n  ');
}

function mergeTree(engine: ClickHouseEngine, name: string, table: ChTable): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (\n  ${columnsSql(engine, table)}\n) ENGINE = MergeTree${table.partitionBy ? ` PARTITION BY ${table.partitionBy}` : ''} ORDER BY ${table.orderBy}`;
}

/** Creates a table as its placement says (idempotent). */
export async function createTable(engine: ClickHouseEngine, table: ChTable): Promise<void> {
  if (table.placement === 'home' || !engine.clustered) {
    await engine.run(mergeTree(engine, table.name, table));
    return;
  }
  const db = engine.address.database;
  await engine.runOnShards(mergeTree(engine, `${table.name}_local`, table));
  await engine.runOnShards(`CREATE TABLE IF NOT EXISTS ${table.name} AS ${table.name}_local ENGINE = Distributed(${engine.address.cluster}, ${db}, ${table.name}_local, ${table.placement.shardKey})`);
}

/** Applies the migrations not yet applied, in id order. */
export async function migrateClickHouse(engine: ClickHouseEngine, migrations: readonly ChMigration[]): Promise<void> {
  await engine.run('CREATE TABLE IF NOT EXISTS schema_migrations (id Int32, name String, applied_at DateTime DEFAULT now()) ENGINE = MergeTree ORDER BY id');
  const applied = new Set((await engine.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)));
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(m.id)) continue;
    for (const t of m.tables) await createTable(engine, t);
    await engine.run('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
  }
}

/** Bytes on disk of a table (all shards), compressed and not, with its row count. */
export async function tableBytes(engine: ClickHouseEngine, table: string): Promise<{ rows: number; compressed: number; uncompressed: number }> {
  let rows = 0, compressed = 0, uncompressed = 0;
  const name = localName(engine, table);
  for (const [i] of engine.shardClients.entries()) {
    const r = await engine.allOnShard<{ rows: number; c: number; u: number }>(i,
      `SELECT sum(rows) AS rows, sum(data_compressed_bytes) AS c, sum(data_uncompressed_bytes) AS u FROM system.parts WHERE active AND database = currentDatabase() AND table = $1`, [name]);
    rows += Number(r[0]?.rows ?? 0); compressed += Number(r[0]?.c ?? 0); uncompressed += Number(r[0]?.u ?? 0);
  }
  return { rows, compressed, uncompressed };
}
