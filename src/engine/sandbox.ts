/**
 * SQL that users send (`deportwatch query`, the API's /sql route) runs here: on a database opened
 * read-only, with DuckDB's external access disabled (no read_csv('/etc/passwd'), no httpfs, no
 * ATTACH of other files, no INSTALL/LOAD) and the configuration locked so a query cannot SET it back;
 * only one statement, and only a SELECT; interrupted after a time limit and cut at a row limit.
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

export class Sandbox {
  constructor(private readonly store: Store) {}

  async query(sql: string, limits: SandboxLimits): Promise<SandboxResult> {
    const connection = this.store.connection;
    let statements;
    try {
      statements = await connection.extractStatements(sql);
    } catch (error) {
      throw new UsageError(`SQL does not parse: ${(error as Error).message}`);
    }
    if (statements.count !== 1) throw new UsageError(`send exactly one SQL statement (got ${statements.count})`);
    let prepared;
    try {
      prepared = await statements.prepare(0);
    } catch (error) {
      throw new UsageError(`SQL cannot run: ${firstLine((error as Error).message)}`);
    }
    if (prepared.statementType !== StatementType.SELECT) {
      throw new UsageError(`only SELECT queries are allowed here (got a ${StatementType[prepared.statementType]} statement); the database is read-only`);
    }
    const timer = setTimeout(() => connection.interrupt(), limits.timeoutMs);
    try {
      // Streamed, so that only the rows needed are computed: runAndReadUntil would materialise the
      // whole result first (SELECT * FROM range(50000000) held 400 MB and outlasted the time limit).
      const reader = await prepared.streamAndReadUntil(limits.maxRows + 1);
      const columns = reader.columnNames();
      const rows = toRows(reader);
      const truncated = rows.length > limits.maxRows;
      return { columns, types: reader.columnTypes().map(String), rows: truncated ? rows.slice(0, limits.maxRows) : rows, truncated };
    } catch (error) {
      const message = (error as Error).message;
      if (/interrupt/i.test(message)) throw new UserError(`query stopped after the time limit of ${limits.timeoutMs / 1000} s`);
      throw new UsageError(`query failed: ${firstLine(message)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.store.close();
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

export async function openSandbox(path: string): Promise<Sandbox> {
  return new Sandbox(await Store.open(path, { readOnly: true, config: SANDBOX_CONFIG }));
}
