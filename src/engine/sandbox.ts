/**
 * SQL that users send (`deportwatch query`, the API's /sql route) runs here: on a database opened
 * read-only, with DuckDB's external access disabled (no read_csv('/etc/passwd'), no httpfs, no
 * ATTACH of other files, no INSTALL/LOAD) and the configuration locked so a query cannot SET it back;
 * only one statement, and only a SELECT; stopped after a time limit and cut at a row limit.
 *
 * A query either finishes or fails with its reason: the result is read whole, under a LIMIT of one
 * row past the row limit (so only the rows needed are computed), because a streamed result that fails
 * part-way ends like a finished one (the driver's fetch gives no error, only no more rows).
 *
 * The server runs user SQL in a child process (./sql-process.ts), where a watchdog can kill it even
 * while DuckDB folds constants during preparation, which no interrupt reaches.
 */
import { StatementType } from '@duckdb/node-api';
import { UsageError, UserError } from '../domain/errors.ts';
import { Store, toRows } from './db.ts';

export interface SandboxLimits {
  maxRows: number;
  timeoutMs: number;
}

export interface SandboxResult {
  columns: string[];
  types: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/** DuckDB settings of a sandboxed instance; memory and threads are bounded too. */
export const SANDBOX_CONFIG: Record<string, string> = {
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  lock_configuration: 'true',
  memory_limit: '1GB',
  threads: '2',
};

/**
 * Table functions and settings that describe the server rather than the data: the database file's
 * path, the home and temp directories, extensions, secrets. A public endpoint must not show them.
 */
const PRIVATE_FUNCTIONS = /\b(duckdb_databases|duckdb_settings|current_setting|getenv|duckdb_extensions|duckdb_secrets|which_secret|duckdb_temporary_files|duckdb_memory|duckdb_external_file_cache|duckdb_logs?|duckdb_log_contexts|pragma_[a-z_]+|database_list|duckdb_prepared_statements)\b/i;

/** Refuses SQL that reads the server's own settings or paths (checked before it is parsed). */
export function checkPrivate(sql: string): void {
  const found = PRIVATE_FUNCTIONS.exec(sql);
  if (found) throw new UsageError(`${found[1]} describes the server, not the data, and is not available here; query the tables and views listed at /openapi.json`);
  if (/\bshow\s+(all\s+)?databases\b/i.test(sql)) throw new UsageError('SHOW DATABASES describes the server, not the data, and is not available here');
}

/** The user's SELECT under a LIMIT one past the row limit; a trailing `;` or line comment is dropped first. */
export function limitedSql(sql: string, maxRows: number): string {
  let text = sql.trim();
  for (let before = ''; before !== text;) {
    before = text;
    text = text.replace(/;\s*$/, '').replace(/--[^\n]*$/, '').trim();
  }
  return `SELECT * FROM (\n${text}\n) AS user_query LIMIT ${maxRows + 1}`;
}

export function firstLine(message: string): string {
  return message.split('\n')[0];
}

export class Sandbox {
  constructor(private readonly store: Store) {}

  async query(sql: string, limits: SandboxLimits): Promise<SandboxResult> {
    checkPrivate(sql);
    const connection = this.store.connection;
    // The timer runs from the start: DuckDB folds constant expressions while preparing.
    let interrupted = false;
    const timer = setTimeout(() => { interrupted = true; connection.interrupt(); }, limits.timeoutMs);
    try {
      let statements;
      try {
        statements = await connection.extractStatements(sql);
      } catch (error) {
        throw new UsageError(`SQL does not parse: ${firstLine((error as Error).message)}`);
      }
      if (statements.count !== 1) throw new UsageError(`send exactly one SQL statement (got ${statements.count})`);
      let prepared;
      try {
        prepared = await statements.prepare(0);
      } catch (error) {
        if (interrupted) throw stopped(limits);
        throw new UsageError(`SQL cannot run: ${firstLine((error as Error).message)}`);
      }
      if (prepared.statementType !== StatementType.SELECT) {
        throw new UsageError(`only SELECT queries are allowed here (got a ${StatementType[prepared.statementType]} statement); the database is read-only`);
      }
      try {
        const reader = await connection.runAndReadAll(limitedSql(sql, limits.maxRows));
        const rows = toRows(reader);
        const truncated = rows.length > limits.maxRows;
        return { columns: reader.columnNames(), types: reader.columnTypes().map(String), rows: truncated ? rows.slice(0, limits.maxRows) : rows, truncated };
      } catch (error) {
        const message = (error as Error).message;
        if (interrupted || /interrupt/i.test(message)) throw stopped(limits);
        throw new UsageError(`query failed: ${firstLine(message)}`);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.store.close();
  }
}

function stopped(limits: SandboxLimits): UserError {
  return new UserError(`query stopped after the time limit of ${limits.timeoutMs / 1000} s; nothing was returned`);
}

export async function openSandbox(path: string): Promise<Sandbox> {
  return new Sandbox(await Store.open(path, { readOnly: true, config: SANDBOX_CONFIG }));
}
