/**
 * Many trace files at once (a tar archive or a folder): worker threads read, gunzip, parse and segment
 * batches of aircraft while the main thread appends the finished positions to the database (DuckDB
 * takes one writer). At most two batches per worker are in flight, so memory stays bounded by a few
 * batches of aircraft whatever the size of the day.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { tsWorker } from './thread.ts';
import { AdsbIngest } from '../common/adsb-ingest.ts';
import type { IngestContext, SourceCounts } from '../types.ts';
import type { BatchResult, BatchTask, MemberRef } from './batch.ts';
import type { TarMember } from './tar.ts';

/** Below this many trace files the in-process path is faster than starting threads. */
export const WORKER_THRESHOLD = 64;
const BATCH_MEMBERS = 48;
const IN_FLIGHT_PER_WORKER = 2;

/** Threads: DEPORTWATCH_WORKERS, else one per core (the main thread mostly waits on the database). */
export function workerCount(): number {
  const fromEnv = Number(process.env.DEPORTWATCH_WORKERS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(1, availableParallelism());
}

type Input = { kind: 'tar'; path: string; members: TarMember[] } | { kind: 'folder'; path: string; files: string[] };

export async function ingestMembersInWorkers(input: Input, context: IngestContext): Promise<SourceCounts> {
  const refs: MemberRef[] = input.kind === 'tar'
    ? input.members.map((m) => ({ name: m.name, offset: m.offset, size: m.size }))
    : input.files.map((f) => ({ name: f, file: f }));
  const tasks: BatchTask[] = [];
  for (let i = 0; i < refs.length; i += BATCH_MEMBERS) tasks.push({ id: tasks.length, path: input.path, file: context.file, members: refs.slice(i, i + BATCH_MEMBERS) });

  const ingest = await AdsbIngest.open(context);
  const failed: string[] = [];
  const n = Math.min(workerCount(), tasks.length);
  const workers = Array.from({ length: n }, () => tsWorker(new URL('./worker.ts', import.meta.url)));
  let next = 0, done = 0;
  const ready: BatchResult[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;

  const feed = (w: Worker) => { if (next < tasks.length) w.postMessage(tasks[next++]); };
  for (const w of workers) {
    w.on('message', (msg: { ok: true; result: BatchResult } | { ok: false; id: number; error: string }) => {
      if (msg.ok) ready.push(msg.result); else failure ??= new Error(`worker failed on batch ${msg.id}: ${msg.error}`);
      feed(w);
      wake?.();
    });
    w.on('error', (e) => { failure ??= e; wake?.(); });
    for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) feed(w);
  }
  try {
    while (done < tasks.length) {
      if (failure) throw failure;
      const r = ready.shift();
      if (!r) { await new Promise<void>((resolve) => { wake = resolve; }); wake = null; continue; }
      done++;
      await ingest.quarantine(r.issues);
      failed.push(...r.failed);
      ingest.addEncoded(r);
    }
  } finally {
    for (const w of workers) void w.terminate();
  }
  if (failed.length) ingest.notes.push(`${failed.length} of ${refs.length} ${input.kind === 'tar' ? 'archive' : 'folder'} members could not be read (each is a quarantined row naming it): ${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ' …' : ''}`);
  ingest.notes.push(`read by ${n} worker threads`);
  return ingest.finish();
}
