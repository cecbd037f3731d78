/**
 * Rollups: pre-aggregated copies of the report views, so that a report over millions of rows is a
 * group-by over a few hundred thousand. The enriched views derive their dimensions row by row at query
 * time (fiscal year strings, pathway joins on the code tables, rule periods …), deliberately, so that a
 * corrected code table applies without a re-ingest (docs/architecture.md); that costs ~0.4 s per million
 * rows per report here. A rollup keeps, for each combination of the view's low-cardinality dimension
 * columns and its source columns (and `release`), the number of rows: a report that groups and filters
 * only on those columns gives exactly the same answer with n = sum(rollup_count) (runReport's `weight`).
 * test/api-rollups.test.ts compares both answers over a grid of requests.
 *
 * The rollups live in a separate in-memory DuckDB instance (not a second instance of the database file,
 * which would read a stale snapshot): the served file is open read-only, and DuckDB cannot attach an
 * in-memory catalog to a read-only instance. Each rollup table is named like its view, with `sources`
 * copied beside them, so the same report code runs against either instance. They are built in the
 * background from the served instance, and rebuilt after every write.
 */
import { Store, type Row } from './db.ts';
import { sqlIdent } from './sql.ts';

export const ROLLUP_COUNT = 'rollup_count';

export interface RollupSpec {
  view: string;
  /** Columns of the view reports group and filter on (the dimensions' columns). */
  columns: string[];
  /** Columns naming source files (default: source_id); always kept. */
  sourceColumns?: string[];
}

export interface RollupOptions {
  /** Dimension columns with more distinct values than this are left out (a day column, a free-text one). */
  maxCardinality?: number;
  /** A rollup larger than this share of its view's rows is not worth keeping: drop its widest column and retry. */
  maxShare?: number;
  /** Views smaller than this are fast enough as they are. */
  minRows?: number;
  /** DuckDB threads of the rollup instance. */
  threads?: number;
}

export interface RollupInfo {
  view: string;
  rows: number;
  viewRows: number;
  columns: string[];
  seconds: number;
}

/** Built rollups, in their own in-memory instance; `connect()` gives a store to run reports on. */
export class Rollups {
  private constructor(private readonly first: Store, readonly info: RollupInfo[]) {}

  /**
   * Builds a rollup per spec from `read` (a runner on the served instance). `stale()` is asked between
   * steps: when the data changed meanwhile, the build stops and returns null.
   */
  static async build(read: <T>(work: (store: Store) => Promise<T>) => Promise<T>, specs: RollupSpec[], stale: () => boolean, options: RollupOptions = {}): Promise<Rollups | null> {
    const maxCardinality = options.maxCardinality ?? 1000;
    const maxShare = options.maxShare ?? 0.25;
    const minRows = options.minRows ?? 50_000;
    const target = await Store.open(':memory:', { config: { threads: String(options.threads ?? 2), memory_limit: '512MB' } });
    const info: RollupInfo[] = [];
    try {
      await copyTable(read, target, 'SELECT * FROM sources', 'sources');
      for (const spec of specs) {
        if (stale()) return close(target);
        const started = performance.now();
        const sourceColumns = spec.sourceColumns ?? ['source_id'];
        const present = new Set(await read((store) => store.all<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'main'`, [spec.view])).then((r) => r.map((c) => c.name)));
        if (present.size === 0 || sourceColumns.some((c) => !present.has(c))) continue;
        const dims = [...new Set(spec.columns)].filter((c) => present.has(c) && !sourceColumns.includes(c));
        const cardinality = await read((store) => store.one<Row>(`SELECT count(*) AS ${sqlIdent('__rows')}, ${dims.map((c) => `approx_count_distinct(${sqlIdent(c)}) AS ${sqlIdent(c)}`).join(', ')} FROM ${sqlIdent(spec.view)}`));
        const viewRows = Number(cardinality!.__rows);
        if (viewRows < minRows) continue;
        let kept = dims.filter((c) => Number(cardinality![c]) <= maxCardinality).sort((a, b) => Number(cardinality![a]) - Number(cardinality![b]));
        const always = [...sourceColumns, ...(present.has('release') && !kept.includes('release') ? ['release'] : [])];
        for (let attempt = 0; attempt < 4 && kept.length > 0; attempt++) {
          if (stale()) return close(target);
          const columns = [...new Set([...kept, ...always])];
          const select = `SELECT ${columns.map(sqlIdent).join(', ')}, count(*) AS ${ROLLUP_COUNT} FROM ${sqlIdent(spec.view)} GROUP BY ALL`;
          const rows = await copyTable(read, target, select, spec.view);
          if (rows <= viewRows * maxShare) {
            info.push({ view: spec.view, rows, viewRows, columns, seconds: (performance.now() - started) / 1000 });
            break;
          }
          await target.run(`DROP TABLE ${sqlIdent(spec.view)}`);
          kept = kept.slice(0, -1); // the widest column goes first
        }
      }
      if (stale()) return close(target);
      await target.run('SET enable_external_access = false');
      await target.run('SET lock_configuration = true');
      return new Rollups(target, info);
    } catch (error) {
      close(target);
      throw error;
    }
  }

  /** The rollup of `view` when it has every column in `columns`. */
  covering(view: string, columns: string[]): RollupInfo | undefined {
    const rollup = this.info.find((r) => r.view === view);
    return rollup && columns.every((c) => rollup.columns.includes(c)) ? rollup : undefined;
  }

  connect(): Promise<Store> {
    return this.first.connect();
  }

  close(): void {
    this.first.close();
  }
}

function close(store: Store): null {
  store.close();
  return null;
}

/** Streams a query's result from the served instance into a new table of the rollup instance, chunk by chunk. */
async function copyTable(read: <T>(work: (store: Store) => Promise<T>) => Promise<T>, target: Store, select: string, name: string): Promise<number> {
  return read(async (source) => {
    const types = await source.all<{ column_name: string; column_type: string }>(`DESCRIBE ${select}`);
    await target.run(`CREATE TABLE ${sqlIdent(name)} (${types.map((t) => `${sqlIdent(t.column_name)} ${t.column_type}`).join(', ')})`);
    const appender = await target.appender(name);
    const result = await source.connection.stream(select);
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      appender.appendDataChunk(chunk);
      rows += chunk.rowCount;
    }
    appender.closeSync();
    return rows;
  });
}
