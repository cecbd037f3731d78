/**
 * Writes rows to a Parquet file through DuckDB (COPY … FORMAT parquet), for the synthetic
 * generators and the benchmarks: the Deportation Data Project publishes its tables as Parquet with
 * snake_case names, TIMESTAMP dates and DOUBLE years, and the project's fixtures do the same.
 */
import { Store } from './db.ts';
import { sqlIdent, sqlString } from './sql.ts';

export type ParquetType = 'VARCHAR' | 'TIMESTAMP' | 'DOUBLE';

export async function writeParquet(path: string, columns: { name: string; type: ParquetType }[], rows: Iterable<(string | number | null)[]>): Promise<number> {
  const store = await Store.memory();
  try {
    await store.run(`CREATE TABLE staged (${columns.map((_, i) => `c${i} VARCHAR`).join(', ')})`);
    const appender = await store.appender('staged');
    let count = 0;
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) {
        const v = row[i];
        if (v === null || v === undefined || v === '') appender.appendNull(); else appender.appendVarchar(String(v));
      }
      appender.endRow();
      count++;
    }
    appender.closeSync();
    const select = columns.map((c, i) => `${c.type === 'VARCHAR' ? `c${i}` : `TRY_CAST(c${i} AS ${c.type})`} AS ${sqlIdent(c.name)}`).join(', ');
    await store.run(`COPY (SELECT ${select} FROM staged) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
    return count;
  } finally {
    store.close();
  }
}
