/**
 * A DuckDB table or view copied into ClickHouse, for serving its reports from a cluster (newsrooms with
 * many readers): the records, flights and claims views are built by DuckDB from the files (their rules
 * live in DuckDB SQL), and their rows are published to ClickHouse, where the report compiler
 * (./grouped-count.ts) answers the same reports. Rows are spread over the shards in turn (no key: any
 * shard may hold any row) unless the copy is to the home server.
 *
 * Types are chosen so that every value reads back as DuckDB's text form (what report filters compare)
 * on 18.16 as on current servers: dates and timestamps as ISO text (18.16's Date starts in 1970, and
 * birth dates do not), booleans as UInt8 marked by the column comment `boolean`, lists as JSON text;
 * every column Nullable, as in the view.
 */
import type { Store } from '../db.ts';
import type { ClickHouseEngine } from './engine.ts';

export interface CopiedColumn { name: string; duckType: string; chType: string; comment: string }

/** A DuckDB type → the ClickHouse type that keeps its values and text form, and a comment naming the kind. */
export function clickHouseType(duckType: string): { type: string; comment: string } {
  const t = duckType.toUpperCase();
  if (t === 'BOOLEAN') return { type: 'UInt8', comment: 'boolean' };
  if (t === 'TINYINT' || t === 'SMALLINT' || t === 'INTEGER' || t === 'UTINYINT' || t === 'USMALLINT') return { type: 'Int32', comment: '' };
  if (t === 'BIGINT' || t === 'UINTEGER' || t === 'HUGEINT') return { type: 'Int64', comment: '' };
  if (t === 'UBIGINT') return { type: 'UInt64', comment: '' };
  if (t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL')) return { type: 'Float64', comment: '' };
  if (t === 'DATE') return { type: 'String', comment: 'date' };
  if (t.startsWith('TIMESTAMP') || t === 'TIME') return { type: 'String', comment: 'timestamp' };
  if (t.endsWith('[]') || t.startsWith('STRUCT') || t.startsWith('MAP')) return { type: 'String', comment: 'json' };
  return { type: 'String', comment: '' };
}

export const quoteCh = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

/** Copies DuckDB's `source` (table or view) to ClickHouse table `target`, replacing it. Returns the rows copied. */
export async function copyFromDuckDB(store: Store, engine: ClickHouseEngine, source: string, target = source, options: { sharded?: boolean; chunkRows?: number } = {}): Promise<number> {
  const sharded = (options.sharded ?? true) && engine.clustered;
  const described = await store.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM "${source.replace(/"/g, '""')}"`);
  const columns: CopiedColumn[] = described.map((d) => { const m = clickHouseType(d.column_type); return { name: d.column_name, duckType: d.column_type, chType: m.type, comment: m.comment }; });
  const ddl = (name: string) => `CREATE TABLE ${name} (${columns.map((c) => `${quoteCh(c.name)} Nullable(${c.chType})${c.comment ? ` COMMENT '${c.comment}'` : ''}`).join(', ')}) ENGINE = MergeTree ORDER BY tuple()`;
  const db = engine.address.database;
  if (sharded) {
    await engine.runOnShards(`DROP TABLE IF EXISTS ${quoteCh(target)}`);
    await engine.runOnShards(`DROP TABLE IF EXISTS ${quoteCh(`${target}_local`)}`);
    await engine.runOnShards(ddl(quoteCh(`${target}_local`)));
    await engine.runOnShards(`CREATE TABLE ${quoteCh(target)} AS ${quoteCh(`${target}_local`)} ENGINE = Distributed(${engine.address.cluster}, ${db}, ${quoteCh(`${target}_local`)}, rand())`);
  } else {
    await engine.run(`DROP TABLE IF EXISTS ${quoteCh(target)}`);
    await engine.run(ddl(quoteCh(target)));
  }
  const select = `SELECT ${columns.map((c) => {
    const q = `"${c.name.replace(/"/g, '""')}"`;
    if (c.comment === 'date' || c.comment === 'timestamp') return `CAST(${q} AS VARCHAR) AS ${q}`;
    if (c.comment === 'json') return `to_json(${q})::VARCHAR AS ${q}`;
    if (c.chType === 'Int64' || c.chType === 'UInt64') return `CAST(${q} AS VARCHAR) AS ${q}`;
    return q;
  }).join(', ')} FROM "${source.replace(/"/g, '""')}"`;
  const rows = await store.all(select);
  const shards = sharded ? engine.shardClients.length : 1;
  const chunk = options.chunkRows ?? 50_000;
  const table = sharded ? quoteCh(`${target}_local`) : quoteCh(target);
  for (let from = 0; from < rows.length; from += chunk * shards) {
    const parts: string[][] = Array.from({ length: shards }, () => []);
    const to = Math.min(rows.length, from + chunk * shards);
    for (let i = from; i < to; i++) {
      const r = rows[i];
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const v = r[c.name];
        out[c.name] = v === null || v === undefined ? null : c.comment === 'boolean' ? (v ? 1 : 0)
          : c.chType === 'Int64' || c.chType === 'UInt64' ? (Number.isSafeInteger(Number(v)) ? Number(v) : String(v))
          : c.chType === 'Int32' || c.chType === 'Float64' ? v : String(v);
      }
      parts[i % shards].push(JSON.stringify(out));
    }
    await Promise.all(parts.map((lines, s) => (lines.length ? engine.insertBytes(table, 'JSONEachRow', Buffer.from(lines.join('\n') + '\n'), sharded ? s : undefined) : undefined)));
  }
  return rows.length;
}
