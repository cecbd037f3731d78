/**
 * User SQL in a child process (./sql-child.mjs), one process per query, so that a watchdog can stop
 * any query: DuckDB folds constant expressions while it prepares a statement, and neither its
 * interrupt nor its memory_limit reaches that work (`SELECT md5(repeat('x', 1000000000))` ran 24 s and
 * took the server to 4.3 GB under a 1 GB limit). The watchdog kills the process when the query passes
 * its time limit, when the process's resident memory passes its limit, or when the answer passes its
 * size limit; each ends in a message saying which. Processes are kept for the next query when one
 * ends normally (each opens and closes the database per query), so a query pays for opening the
 * database, not for starting Node (docs/decisions/user-sql-in-a-child-process.md).
 *
 * The database is opened read-only in the child while the server holds it read-only too: DuckDB's
 * read-only opens share the file lock. The server runs each query inside a read lease, so a write
 * (which needs the file alone) waits for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { UsageError, UserError } from '../domain/errors.ts';
import { checkPrivate, limitedSql, SANDBOX_CONFIG, type SandboxLimits, type SandboxResult } from './sandbox.ts';

export interface ProcessLimits extends SandboxLimits {
  /** Most resident memory of the query's process (default 1.5 GB; DuckDB's own memory_limit is 1 GB). */
  memoryBytes?: number;
  /** Largest answer, as JSON (default 64 MB). */
  resultBytes?: number;
}

export const DEFAULT_MEMORY_BYTES = 1.5 * 1024 ** 3;
export const DEFAULT_RESULT_BYTES = 64 * 1024 ** 2;
const CHILD = new URL('./sql-child.mjs', import.meta.url).pathname;
/** How often the watchdog reads the process's memory. */
const POLL_MS = 20;
const PAGE_BYTES = 4096;

type Reply = { ok: true; columns: string[]; types: string[]; rows: Record<string, unknown>[] } | { ok: false; kind: 'usage' | 'failed'; message: string };

/** Most idle processes kept for the next queries. */
const MAX_IDLE = 2;

export class SqlProcesses {
  private idle: ChildProcess[] = [];
  private closed = false;

  constructor() {
    this.idle.push(this.start());
  }

  async query(path: string, sql: string, limits: ProcessLimits): Promise<SandboxResult> {
    if (this.closed) throw new Error('the SQL processes were closed');
    checkPrivate(sql);
    const child = this.take();
    const memoryBytes = limits.memoryBytes ?? DEFAULT_MEMORY_BYTES;
    const resultBytes = limits.resultBytes ?? DEFAULT_RESULT_BYTES;
    let stopped: string | null = null;
    const stop = (reason: string) => { if (stopped === null) { stopped = reason; child.kill('SIGKILL'); } };
    const chunks: Buffer[] = [];
    let bytes = 0;
    let onLine: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => { onLine = resolve; });
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > resultBytes) stop(`the result is larger than the limit of ${mb(resultBytes)}; select fewer or narrower columns, or fewer rows (_size)`);
      else { chunks.push(chunk); if (chunk.includes(10)) onLine(); }
    };
    child.stdout!.on('data', onData);
    const timer = setTimeout(() => stop(`query stopped after the time limit of ${limits.timeoutMs / 1000} s`), limits.timeoutMs);
    const poll = setInterval(() => {
      void residentBytes(child.pid).then((rss) => { if (rss > memoryBytes) stop(`query stopped at the memory limit of ${mb(memoryBytes)}`); });
    }, POLL_MS);
    let exit = '';
    let onExit: (code: number | null, signal: string | null) => void = () => undefined;
    const exited = new Promise<void>((resolve) => { onExit = (code, signal) => { exit = signal ? `signal ${signal}` : `exit code ${code}`; resolve(); }; });
    child.once('exit', onExit);
    child.stdin!.write(`${JSON.stringify({ path, config: SANDBOX_CONFIG, sql, limited: limitedSql(sql, limits.maxRows) })}\n`);
    await Promise.race([answered, exited]);
    clearTimeout(timer);
    clearInterval(poll);
    child.stdout!.off('data', onData);
    child.off('exit', onExit);
    if (stopped !== null) throw new UserError(`${stopped}; nothing was returned`);
    const text = Buffer.concat(chunks).toString('utf8').trim();
    if (text === '' || exit !== '') {
      child.kill('SIGKILL');
      throw new UserError(`the query's process ended without an answer (${exit || 'no reply'}); nothing was returned`);
    }
    this.giveBack(child);
    const reply = JSON.parse(text) as Reply;
    if (!reply.ok) throw reply.kind === 'usage' ? new UsageError(reply.message) : new UserError(reply.message);
    const truncated = reply.rows.length > limits.maxRows;
    return { columns: reply.columns, types: reply.types, rows: truncated ? reply.rows.slice(0, limits.maxRows) : reply.rows, truncated };
  }

  close(): void {
    this.closed = true;
    for (const child of this.idle) child.kill('SIGKILL');
    this.idle = [];
  }

  private take(): ChildProcess {
    let child: ChildProcess | undefined;
    while ((child = this.idle.pop()) && (child.exitCode !== null || child.signalCode !== null));
    child ??= this.start();
    child.ref();
    (child.stdout as unknown as { ref?(): void }).ref?.();
    return child;
  }

  private giveBack(child: ChildProcess): void {
    if (this.closed || this.idle.length >= MAX_IDLE) { child.stdin!.end(); return; }
    this.idle.push(this.idleRef(child));
  }

  private start(): ChildProcess {
    const child = spawn(process.execPath, [CHILD], { stdio: ['pipe', 'pipe', 'ignore'] });
    child.on('error', () => undefined);
    child.stdin!.on('error', () => undefined);
    return this.idleRef(child);
  }

  /** An idle process must not keep the server alive. */
  private idleRef(child: ChildProcess): ChildProcess {
    child.unref();
    (child.stdout as unknown as { unref?(): void }).unref?.();
    return child;
  }
}

async function residentBytes(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const statm = await readFile(`/proc/${pid}/statm`, 'utf8').catch(() => '');
  return Number(statm.split(' ')[1] ?? 0) * PAGE_BYTES;
}

function mb(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
