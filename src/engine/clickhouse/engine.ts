/**
 * The ClickHouse engine, for data that outgrows one machine: the same `Engine` interface as DuckDB's
 * `Store`, over ClickHouse's HTTP interface through the official client (@clickhouse/client). This folder
 * is the only place that imports that driver.
 *
 * Address: `clickhouse://user[:password]@host:8123/database?cluster=NAME&shards=host:port,host:port`, from
 * `--engine`, or DEPORTWATCH_CLICKHOUSE. `cluster` names the server's `remote_servers` entry the
 * Distributed tables span; `shards` lists each shard's HTTP address, in the order of that entry, so that
 * DDL (no ZooKeeper, so no ON CLUSTER) and bulk inserts go to every shard directly. Without them the
 * engine is one server and its tables are plain MergeTree tables.
 *
 * What differs from DuckDB, on purpose (docs/decisions/clickhouse.md):
 * - Parameters ($1, $2 …) are bound in the client as SQL literals: 18.16, Debian's server, has no
 *   server-side query parameters ({name:Type} came in 19.x).
 * - There are no transactions. `transaction()` runs the work and rethrows; what makes an ingest all or
 *   nothing is the commit record (./ingest-log.ts): rows of a file whose `sources` row is absent are
 *   removed before that file is read again, and readers see only committed sources.
 * - `runCount` answers the rows a statement wrote when the server says so (X-ClickHouse-Summary, 19.x+),
 *   else -1.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { UserError } from '../../domain/errors.ts';
import type { BulkAppender, Engine, Param, Row } from '../interface.ts';

export interface ClickHouseAddress {
  url: string;
  username: string;
  password: string;
  database: string;
  cluster: string | null;
  /** HTTP base URLs of the shards (the home server first when it is one of them). */
  shards: string[];
}

export const CLICKHOUSE_ENV = 'DEPORTWATCH_CLICKHOUSE';

export function isClickHouseAddress(value: string | undefined): boolean {
  return value !== undefined && /^clickhouse:\/\//i.test(value);
}

/** Parses clickhouse://user:pass@host:port/db?cluster=…&shards=… */
export function parseClickHouseAddress(address: string): ClickHouseAddress {
  let u: URL;
  try {
    u = new URL(address.replace(/^clickhouse:/i, 'http:'));
  } catch {
    throw new UserError(`${address}: not a ClickHouse address (expected clickhouse://user@host:8123/database)`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'deportwatch';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new UserError(`${address}: database name "${database}" must be letters, digits and _`);
  const base = `http://${u.hostname}:${u.port || '8123'}`;
  const shards = (u.searchParams.get('shards') ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => `http://${s}`);
  const cluster = u.searchParams.get('cluster');
  if (cluster !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cluster)) throw new UserError(`${address}: cluster name "${cluster}" must be letters, digits and _`);
  if (cluster && shards.length === 0) throw new UserError(`${address}: a cluster needs its shards' HTTP addresses (shards=host:port,host:port)`);
  return { url: base, username: decodeURIComponent(u.username || 'default'), password: decodeURIComponent(u.password), database, cluster, shards: cluster ? shards : [] };
}

/** A JavaScript value as a ClickHouse SQL literal. */
export function chLiteral(value: Param): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UserError(`cannot bind ${value} as a ClickHouse value`);
    return String(value);
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Replaces $1, $2 … outside string literals and quoted names with literals. */
export function bindParams(sql: string, params: Param[]): string {
  if (params.length === 0) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === '\\' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (/[0-9]/.test(sql[j] ?? '')) j++;
      const k = Number(sql.slice(i + 1, j)) - 1;
      if (k < 0 || k >= params.length) throw new Error(`parameter $${k + 1} has no value (${params.length} given)`);
      out += chLiteral(params[k]);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The server's version as [major, minor]. */
export type ServerVersion = { text: string; major: number; minor: number };

/** Optional features by server version (probed on 18.16.1; docs/decisions/clickhouse.md). */
export interface Features {
  /** Column compression codecs (CODEC(Delta, ZSTD) …): 19.1+. */
  codecs: boolean;
  /** LowCardinality(String) without the experimental setting: 19.1+ (experimental before). */
  lowCardinality: boolean;
  /** X-ClickHouse-Summary with written rows: 19.x+. */
  summary: boolean;
}

export function featuresOf(v: ServerVersion): Features {
  const atLeast = (major: number, minor = 0) => v.major > major || (v.major === major && v.minor >= minor);
  return { codecs: atLeast(19, 1), lowCardinality: atLeast(19, 1), summary: atLeast(19, 9) };
}


/** Buffers appended rows as TabSeparated text and sends them on closeSync (awaited by the engine's next call). */
class TsvAppender implements BulkAppender {
  private lines: string[] = [];
  private cells: string[] = [];
  constructor(private readonly engine: ClickHouseEngine, private readonly table: string) {}
  private cell(text: string) { this.cells.push(text); }
  appendVarchar(value: string) { this.cell(value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')); }
  appendInteger(value: number) { this.cell(String(value)); }
  appendBigInt(value: bigint) { this.cell(value.toString()); }
  appendDouble(value: number) { this.cell(String(value)); }
  appendBoolean(value: boolean) { this.cell(value ? '1' : '0'); }
  appendNull() { this.cell('\\N'); }
  endRow() { this.lines.push(this.cells.join('\t')); this.cells = []; }
  closeSync() {
    const body = this.lines.length ? this.lines.join('\n') + '\n' : '';
    this.lines = [];
    if (body) this.engine.defer(this.engine.insertBytes(this.table, 'TabSeparated', Buffer.from(body)));
  }
}

export class ClickHouseEngine implements Engine {
  private pending: Promise<unknown>[] = [];
  private constructor(
    readonly path: string,
    readonly address: ClickHouseAddress,
    readonly client: ClickHouseClient,
    /** One client per shard (the home client when the engine is one server). */
    readonly shardClients: ClickHouseClient[],
    readonly version: ServerVersion,
    readonly features: Features,
    private readonly owns: boolean,
  ) {}

  static async open(address: string, options: { readOnlyUser?: string } = {}): Promise<ClickHouseEngine> {
    const a = parseClickHouseAddress(address);
    const make = (url: string, database: string) => createClient({
      url, username: options.readOnlyUser ?? a.username, password: a.password, database,
      request_timeout: 300_000, compression: { request: false, response: false },
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } as never,
      max_open_connections: 8,
      // Errors reach the caller as exceptions (translateError); the client's own log would repeat them on stderr.
      log: { level: ClickHouseLogLevel.OFF },
    });
    const bootstrap = make(a.url, 'default');
    let versionText: string;
    try {
      const rows = await (await bootstrap.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>();
      versionText = rows[0].v;
      if (!options.readOnlyUser) {
        for (const url of a.shards.length ? a.shards : [a.url]) {
          const c = make(url, 'default');
          try { await c.command({ query: `CREATE DATABASE IF NOT EXISTS ${a.database}` }); } finally { await c.close(); }
        }
      }
    } catch (error) {
      await bootstrap.close();
      throw new UserError(`cannot reach ClickHouse at ${a.url} (${(error as Error).message.split('\n')[0]}); is the server running?`);
    }
    await bootstrap.close();
    const [major, minor] = versionText.split('.').map(Number);
    const version = { text: versionText, major, minor };
    const client = make(a.url, a.database);
    const shardClients = a.shards.length ? a.shards.map((u) => (u === a.url ? client : make(u, a.database))) : [client];
    return new ClickHouseEngine(address, a, client, shardClients, version, featuresOf(version), true);
  }

  /** True when the tables span shards (Distributed over `cluster`). */
  get clustered(): boolean {
    return this.address.cluster !== null;
  }

  /** Waits for appenders' inserts; the first failure is thrown. */
  async flush(): Promise<void> {
    while (this.pending.length) {
      const all = this.pending;
      this.pending = [];
      await Promise.all(all);
    }
  }

  defer(p: Promise<unknown>): void {
    p.catch(() => undefined);
    this.pending.push(p);
  }

  async run(sql: string, params: Param[] = []): Promise<void> {
    await this.flush();
    await this.command(this.client, bindParams(sql, params));
  }

  async runCount(sql: string, params: Param[] = []): Promise<number> {
    await this.flush();
    const r = await this.command(this.client, bindParams(sql, params));
    const summary = r.summary as { written_rows?: string } | undefined;
    return summary?.written_rows !== undefined ? Number(summary.written_rows) : -1;
  }

  /** A statement on every shard (DDL of local tables, mutations). */
  async runOnShards(sql: string, params: Param[] = []): Promise<void> {
    await this.flush();
    const text = bindParams(sql, params);
    for (const c of this.shardClients) await this.command(c, text);
  }

  async all<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    await this.flush();
    const query = bindParams(sql, params);
    try {
      const rs = await this.client.query({ query, format: 'JSONEachRow' });
      return await rs.json<T>();
    } catch (error) {
      throw translateError(error, query);
    }
  }

  /** Rows of a query on one shard (its local tables, its system tables). */
  async allOnShard<T extends Row = Row>(shard: number, sql: string, params: Param[] = []): Promise<T[]> {
    await this.flush();
    const query = bindParams(sql, params);
    try {
      return await (await this.shardClients[shard].query({ query, format: 'JSONEachRow' })).json<T>();
    } catch (error) {
      throw translateError(error, query);
    }
  }

  async one<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async scalar<T = unknown>(sql: string, params: Param[] = []): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  async appender(table: string): Promise<BulkAppender> {
    return new TsvAppender(this, table);
  }

  /** Sends bytes in a ClickHouse input format to a table, on the home server or on shard `shard`. */
  async insertBytes(table: string, format: 'TabSeparated' | 'RowBinary' | 'JSONEachRow' | 'Native', bytes: Buffer, shard?: number): Promise<void> {
    const client = shard === undefined ? this.client : this.shardClients[shard];
    const query = `INSERT INTO ${table} FORMAT ${format}`;
    try {
      const r = await client.exec({ query, values: bytes } as never) as unknown as { stream: NodeJS.ReadableStream & { destroy(): void } };
      r.stream.resume();
      await new Promise<void>((resolve, reject) => { r.stream.on('end', resolve); r.stream.on('error', reject); });
    } catch (error) {
      throw translateError(error, query);
    }
  }

  /** No transactions in ClickHouse: runs the work; atomicity of an ingest comes from its commit record. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const result = await work();
    await this.flush();
    return result;
  }

  async connect(): Promise<ClickHouseEngine> {
    await this.flush();
    return new ClickHouseEngine(this.path, this.address, this.client, this.shardClients, this.version, this.features, false);
  }

  close(): void {
    if (!this.owns) return;
    const clients = new Set([this.client, ...this.shardClients]);
    for (const c of clients) void c.close();
  }

  /** Closes and waits for the sockets to end. */
  async closeAsync(): Promise<void> {
    await this.flush().catch(() => undefined);
    if (!this.owns) return;
    await Promise.all([...new Set([this.client, ...this.shardClients])].map((c) => c.close()));
  }

  private async command(client: ClickHouseClient, query: string): Promise<{ summary?: unknown }> {
    try {
      return await client.command({ query });
    } catch (error) {
      throw translateError(error, query);
    }
  }
}

/** A driver error as an Error whose message says what failed and where, without the stack of the HTTP layer. */
export function translateError(error: unknown, query: string): Error {
  const e = error as Error & { code?: string };
  const message = String(e?.message ?? error).replace(/, e\.what\(\) = DB::\w+\s*$/s, '').replace(/e\.displayText\(\) = DB::\w+: /, '').replace(/\s*Log: \)?/, '').trim();
  if (/ECONNREFUSED|ECONNRESET|socket hang up|EPIPE/.test(message + (e.code ?? ''))) {
    return new UserError(`ClickHouse is unreachable (${message.split('\n')[0]}); a server of the cluster is down or restarting. Query: ${query.slice(0, 120)}`);
  }
  // 279 ALL_CONNECTION_TRIES_FAILED, 210 NETWORK_ERROR, 209 SOCKET_TIMEOUT: a shard did not answer the server that ran the query.
  if (/Code: (279|210|209)\b/.test(message)) {
    return new UserError(`a shard of the ClickHouse cluster did not answer (${message.split('\n')[0].slice(0, 300)}); the query was not answered rather than answered from the other shards only. Start the shard again and retry.`);
  }
  const out = new Error(`ClickHouse: ${message}\nQuery: ${query.slice(0, 400)}`);
  (out as Error & { cause?: unknown }).cause = error;
  return out;
}
