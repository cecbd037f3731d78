/**
 * readsb trace_full files into ClickHouse: one file (plain or gzip), a folder of them, or a day's tar
 * archive read member by member in place (never unpacked). Worker threads parse, segment and encode
 * batches of aircraft with the same code as the DuckDB path (./batch.ts: parse → analyse → encode), so
 * legs follow the same rules and come out the same; the main thread sends each batch's positions to the
 * shards as RowBinary while the workers go on. At most two batches per worker are in flight, so memory is
 * bounded by a few batches of aircraft whatever the size of the file.
 *
 * All or nothing per file (src/engine/clickhouse/provenance.ts): the `sources` row is written last; a
 * file already committed (same SHA-256) is skipped; an interrupted attempt's rows are deleted first.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../../domain/errors.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import type { ClickHouseEngine } from '../../engine/clickhouse/engine.ts';
import { cleanUpInterrupted, commitSource, findCommitted, startAttempt } from '../../engine/clickhouse/provenance.ts';
import { insertAdsbLegsClickHouse, nextAdsbLegIdClickHouse, writePositionsClickHouse } from '../../flights/clickhouse/store.ts';
import type { StoredLeg } from '../../flights/adsb-store.ts';
import type { BatchResult, BatchTask, MemberRef } from './batch.ts';
import { runBatch } from './batch.ts';
import { workerCount } from './pool.ts';
import { listTar, looksLikeTar } from './tar.ts';
import { tsWorker } from './thread.ts';
import { tarStream } from './tar-stream.ts';
import type { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';

const TRACE_NAME = /(^|\/)trace_full_~?[0-9a-f]{6}\.json(\.gz)?$/i;
const BATCH_MEMBERS = 48;
const IN_FLIGHT_PER_WORKER = 2;
/** The sharded tables a file writes (cleaned of an interrupted attempt's rows). */
export const ADSB_SHARDED_TABLES = ['positions', 'position_callsigns', 'adsb_legs'];

export interface ClickHouseIngestSummary {
  sourceId: number;
  alreadyIngested: boolean;
  rowsRead: number;
  rowsStored: number;
  rowsQuarantined: number;
  legs: number;
  aircraft: number;
  /** Source ids of interrupted attempts whose rows were deleted before this one. */
  cleanedUp: number[];
  seconds: number;
}

export interface ClickHouseIngestOptions {
  /** Worker threads (default DEPORTWATCH_WORKERS or one per core); 0 = in this thread. */
  workers?: number;
  /** Called after each batch is stored (rows read so far), e.g. for progress or for a drill that kills the process. */
  progress?(rowsRead: number): void;
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function plan(path: string, file: string): Promise<{ tasks: BatchTask[]; sha256: string; bytes: number; members: number }> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UserError(`${path}: no such file`);
  let refs: MemberRef[], root: string, bytes: number, sha256: string;
  if (info.isDirectory()) {
    const names = (await readdir(path, { recursive: true })).map(String).filter((f) => TRACE_NAME.test(f)).sort();
    if (names.length === 0) throw new UserError(`${path}: the folder holds no trace_full_<hex>.json files; nothing was stored`);
    const h = createHash('sha256');
    bytes = 0;
    for (const f of names) { h.update(f); h.update('\0'); h.update(await sha256File(join(path, f))); bytes += (await stat(join(path, f))).size; }
    sha256 = h.digest('hex');
    refs = names.map((f) => ({ name: f, file: f }));
    root = path;
  } else {
    const head = Buffer.alloc(512);
    const fh = await import('node:fs/promises').then((m) => m.open(path, 'r'));
    try { await fh.read(head, 0, 512, 0); } finally { await fh.close(); }
    bytes = info.size;
    sha256 = await sha256File(path);
    if (looksLikeTar(head)) {
      let all;
      try { all = await listTar(path); } catch (error) { throw new UserError(`${file}: ${(error as Error).message}; nothing from this archive was stored`); }
      const traces = all.filter((m) => TRACE_NAME.test(m.name));
      if (traces.length === 0) throw new UserError(`${file}: the archive holds no trace_full_<hex>.json files; nothing was stored`);
      refs = traces.map((m) => ({ name: m.name, offset: m.offset, size: m.size }));
      root = path;
    } else {
      refs = [{ name: basename(path), file: basename(path) }];
      root = dirname(path);
    }
  }
  const tasks: BatchTask[] = [];
  for (let i = 0; i < refs.length; i += BATCH_MEMBERS) tasks.push({ id: tasks.length, path: root, file, members: refs.slice(i, i + BATCH_MEMBERS) });
  return { tasks, sha256, bytes, members: refs.length };
}

/**
 * Results of the tasks, in the order they finish, from worker threads (or this thread when workers = 0).
 * Tasks are taken from `tasks` only when a worker has a free slot, so a streamed archive is read no
 * faster than it is stored.
 */
async function* results(tasks: Iterable<BatchTask> | AsyncIterable<BatchTask>, workers: number): AsyncGenerator<BatchResult> {
  if (workers === 0) {
    for await (const t of tasks) yield runBatch(t);
    return;
  }
  const it = (Symbol.asyncIterator in tasks ? (tasks as AsyncIterable<BatchTask>)[Symbol.asyncIterator]() : (tasks as Iterable<BatchTask>)[Symbol.iterator]()) as AsyncIterator<BatchTask> | Iterator<BatchTask>;
  const pool = Array.from({ length: workers }, () => tsWorker(new URL('./worker.ts', import.meta.url)));
  const slots: Worker[] = pool.flatMap((w) => Array.from({ length: IN_FLIGHT_PER_WORKER }, () => w));
  const ready: { result: BatchResult; worker: Worker }[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  for (const w of pool) {
    w.on('message', (msg: { ok: true; result: BatchResult } | { ok: false; id: number; error: string }) => {
      if (msg.ok) ready.push({ result: msg.result, worker: w }); else failure ??= new Error(`worker failed on batch ${msg.id}: ${msg.error}`);
      wake?.();
    });
    w.on('error', (e) => { failure ??= e; wake?.(); });
  }
  let inFlight = 0, exhausted = false;
  try {
    for (;;) {
      while (!exhausted && slots.length) {
        const next = await it.next();
        if (next.done) { exhausted = true; break; }
        slots.shift()!.postMessage(next.value);
        inFlight++;
      }
      if (inFlight === 0) break;
      while (!ready.length && !failure) { await new Promise<void>((resolve) => { wake = resolve; }); wake = null; }
      if (failure) throw failure;
      const { result, worker } = ready.shift()!;
      inFlight--;
      slots.push(worker);
      yield result;
    }
  } finally {
    for (const w of pool) void w.terminate();
  }
}

export async function ingestReadsbClickHouse(engine: ClickHouseEngine, path: string, options: ClickHouseIngestOptions = {}): Promise<ClickHouseIngestSummary> {
  const started = performance.now();
  const { tasks, sha256, bytes } = await plan(path, path);
  const done = await findCommitted(engine, sha256);
  if (done) {
    return { sourceId: done.source_id, alreadyIngested: true, rowsRead: done.rows_read, rowsStored: done.rows_stored, rowsQuarantined: done.rows_quarantined, legs: 0, aircraft: 0, cleanedUp: [], seconds: (performance.now() - started) / 1000 };
  }
  const workers = options.workers ?? (tasks.length > 1 ? Math.min(workerCount(), tasks.length) : 0);
  return storeTasks(engine, path, tasks, workers, async () => ({ sha256, bytes }), options.progress);
}

/**
 * A tar archive read from a stream (`-` on the command line: a pipe from a download), never written to
 * disk. Its SHA-256 is known only at the end: a stream whose content was already stored is then
 * removed again as an interrupted attempt would be, and reported as already ingested.
 */
export async function ingestReadsbStreamClickHouse(engine: ClickHouseEngine, input: Readable, name: string, options: ClickHouseIngestOptions = {}): Promise<ClickHouseIngestSummary> {
  const hash = createHash('sha256');
  let bytes = 0;
  const members = tarStream(input, (chunk) => { hash.update(chunk); bytes += chunk.length; });
  async function* tasks(): AsyncGenerator<BatchTask> {
    let batch: MemberRef[] = [];
    let id = 0;
    for await (const m of members) {
      if (!TRACE_NAME.test(m.name)) continue;
      batch.push({ name: m.name, bytes: m.data });
      if (batch.length === BATCH_MEMBERS) { yield { id: id++, path: name, file: name, members: batch }; batch = []; }
    }
    if (batch.length) yield { id: id++, path: name, file: name, members: batch };
    if (id === 0) throw new UserError(`${name}: the archive holds no trace_full_<hex>.json files; nothing was stored`);
  }
  const started = performance.now();
  try {
    return await storeTasks(engine, name, tasks(), options.workers ?? workerCount(), async () => {
      const sha256 = hash.digest('hex');
      const done = await findCommitted(engine, sha256);
      return done ? { sha256, bytes, done } : { sha256, bytes };
    }, options.progress);
  } catch (error) {
    if (error instanceof AlreadyStored) {
      await cleanUpInterrupted(engine, ADSB_SHARDED_TABLES);
      const d = error.done;
      return { sourceId: d.source_id, alreadyIngested: true, rowsRead: d.rows_read, rowsStored: d.rows_stored, rowsQuarantined: d.rows_quarantined, legs: 0, aircraft: 0, cleanedUp: [], seconds: (performance.now() - started) / 1000 };
    }
    if (error instanceof Error && !(error instanceof UserError) && /tar|archive|stream/.test(error.message)) throw new UserError(`${name}: ${error.message}; nothing from this archive was stored (the rows read so far are removed before the next ingest)`);
    throw error;
  }
}

class AlreadyStored extends Error {
  constructor(readonly done: NonNullable<Awaited<ReturnType<typeof findCommitted>>>) { super('already stored'); }
}

async function storeTasks(engine: ClickHouseEngine, path: string, tasks: Iterable<BatchTask> | AsyncIterable<BatchTask>, workers: number,
  identify: () => Promise<{ sha256: string; bytes: number; done?: Awaited<ReturnType<typeof findCommitted>> }>, progress?: (rows: number) => void): Promise<ClickHouseIngestSummary> {
  const started = performance.now();
  const startedAt = new Date();
  const cleanedUp = await cleanUpInterrupted(engine, ADSB_SHARDED_TABLES);
  const sourceId = await startAttempt(engine, '', path);
  let nextLegId = await nextAdsbLegIdClickHouse(engine);
  let rowsRead = 0, rowsStored = 0, rowsQuarantined = 0, aircraft = 0;
  const legs: StoredLeg[] = [];
  const issues: RowIssue[] = [];
  const failed: string[] = [];
  for await (const r of results(tasks, workers)) {
    const firstLegId = nextLegId;
    for (const leg of r.legs) legs.push({ legId: nextLegId++, leg });
    await writePositionsClickHouse(engine, sourceId, r.encoded, firstLegId);
    rowsRead += r.encoded.length + r.issues.length;
    rowsStored += r.encoded.length;
    rowsQuarantined += r.issues.length;
    aircraft += r.aircraft;
    issues.push(...r.issues);
    failed.push(...r.failed);
    // Legs go out in groups so that their memory stays bounded too.
    if (legs.length >= 50_000) await insertAdsbLegsClickHouse(engine, sourceId, legs.splice(0));
    progress?.(rowsRead);
  }
  await insertAdsbLegsClickHouse(engine, sourceId, legs);
  if (issues.length) {
    const lines = issues.map((i) => JSON.stringify({ source_id: sourceId, file: i.file, sheet: i.sheet, row: i.row, column: i.column, value: i.value, problem: i.problem }));
    await engine.insertBytes('row_issues', 'JSONEachRow', Buffer.from(lines.join('\n') + '\n'));
  }
  const { sha256, bytes, done } = await identify();
  if (done) throw new AlreadyStored(done);
  const totalLegs = Number(await engine.scalar('SELECT count() FROM adsb_legs WHERE source_id = $1', [sourceId]));
  const notes = `${aircraft.toLocaleString('en-US')} aircraft, ${totalLegs.toLocaleString('en-US')} legs` +
    (failed.length ? `; ${failed.length} members could not be read (each is a quarantined row naming it): ${failed.slice(0, 5).join(', ')}` : '');
  await commitSource(engine, {
    sourceId, path, fileName: basename(path), sha256, bytes, kind: 'readsb-trace', targetTable: 'positions', synthetic: /synthetic/i.test(path),
    rowsRead, rowsStored, rowsQuarantined, notes, startedAt,
  });
  return { sourceId, alreadyIngested: false, rowsRead, rowsStored, rowsQuarantined, legs: totalLegs, aircraft, cleanedUp, seconds: (performance.now() - started) / 1000 };
}
