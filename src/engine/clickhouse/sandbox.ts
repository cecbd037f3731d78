/**
 * User SQL on ClickHouse (`deportwatch query`, the API's /sql route, when the engine is ClickHouse): sent
 * as a server user whose profile has readonly = 1 — the server then refuses writes, DDL, SET, settings
 * in the request, and every table function (file, url, remote, mysql …: "Table functions are forbidden
 * in readonly mode"), and applies the profile's time, memory and result-size limits, which the query
 * cannot raise. The user and profile are server configuration (users.xml; 18.16 has no SQL for users):
 * docs/scale.md shows them, test/helpers/clickhouse.ts writes them.
 *
 * The client adds what the server does not check: one statement, a SELECT (the text is sent as a
 * subquery, so anything else is a syntax error), a row cut, and a time limit of its own.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { UsageError, UserError } from '../../domain/errors.ts';
import type { SandboxLimits, SandboxResult } from '../sandbox.ts';
import { parseClickHouseAddress } from './engine.ts';

export const SANDBOX_USER = 'reader';

const INT64 = /^(Nullable\()?(U?Int64|U?Int128|U?Int256)\)?$/;

export class ClickHouseSandbox {
  private constructor(private readonly client: ClickHouseClient) {}

  /** A sandbox on the database of `address`, as `user` (a readonly-profile user of the server). */
  static open(address: string, user = SANDBOX_USER): ClickHouseSandbox {
    const a = parseClickHouseAddress(address);
    // No clickhouse_settings at all: a readonly = 1 user may not send any.
    return new ClickHouseSandbox(createClient({ url: a.url, username: user, password: '', database: a.database, log: { level: ClickHouseLogLevel.OFF } }));
  }

  async query(sql: string, limits: SandboxLimits): Promise<SandboxResult> {
    const text = sql.trim().replace(/;\s*$/, '');
    if (text === '') throw new UsageError('send one SQL statement (got none)');
    if (text.includes(';')) throw new UsageError('send exactly one SQL statement (a ; separates statements; none is allowed)');
    if (/\bFORMAT\s+\w+\s*$/i.test(text)) throw new UsageError('leave out FORMAT: results come back as a table');
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
    try {
      const rs = await this.client.query({ query: `SELECT * FROM (\n${text}\n) LIMIT ${limits.maxRows + 1}`, format: 'JSON', abort_signal: abort.signal });
      const body = (await rs.json()) as unknown as { meta: { name: string; type: string }[]; data: Record<string, unknown>[] };
      const wide = body.meta.filter((m) => INT64.test(m.type)).map((m) => m.name);
      const rows = body.data.map((r) => {
        for (const name of wide) { const v = r[name]; if (typeof v === 'string' && Number.isSafeInteger(Number(v))) r[name] = Number(v); }
        return r;
      });
      const truncated = rows.length > limits.maxRows;
      return { columns: body.meta.map((m) => m.name), types: body.meta.map((m) => m.type), rows: truncated ? rows.slice(0, limits.maxRows) : rows, truncated };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (abort.signal.aborted || /Timeout exceeded|TIMEOUT_EXCEEDED|Code: 159/.test(message)) throw new UserError(`query stopped after the time limit (${limits.timeoutMs / 1000} s here, or the server profile's max_execution_time)`);
      if (/Code: 241|Memory limit/.test(message)) throw new UserError(`query stopped: it needed more memory than the read-only profile allows (${firstLine(message)})`);
      if (/readonly mode/.test(message)) throw new UsageError(`not allowed here, the database is read-only for queries: ${firstLine(message).replace(/^Code: \d+, e\.displayText\(\) = DB::Exception: /, '').replace(/, e\.what\(\).*$/, '')}`);
      if (/Code: 62/.test(message)) throw new UsageError(`only one SELECT query is allowed here, and it must parse: ${firstLine(message)}`);
      throw new UsageError(`query failed: ${firstLine(message)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
