/**
 * readsb / tar1090 `trace_full_<hex>.json` files — one aircraft's day of positions, the layout adsb.lol
 * publishes daily (ODbL) and ADS-B Exchange serves — alone (plain or gzip, as adsb.lol stores them under
 * a .json name), or many at once: a folder of them, or a tar archive in adsb.lol's daily layout
 * (`traces/<last two hex digits>/trace_full_<hex>.json`). Layout: ../shared/SCHEMAS.md; rules:
 * docs/trajectory.md. Archives are read member by member, by worker threads when large
 * (./pool.ts), so memory is bounded by one aircraft's track, not the day's.
 *
 * Rows are trace elements: a stored row is a position, a quarantined one names the trace element
 * (1-based) and the column. In an archive or folder, a member that cannot be read at all (a truncated
 * gzip, no "trace" field) is one quarantined row naming the member; the other members are stored.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../domain/errors.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { analyse } from '../../trajectory/analyse.ts';
import { AdsbIngest } from '../common/adsb-ingest.ts';
import type { FileHead, IngestContext, Source, SourceCounts } from '../types.ts';
import { FormatError } from '../common/json-document.ts';
import { readTraceBytes, type TraceResult } from './trace-file.ts';
import { listTar, looksLikeEmptyTar, looksLikeTar, readMember } from './tar.ts';
import { ingestMembersInWorkers, WORKER_THRESHOLD } from './pool.ts';

const TRACE_NAME = /(^|\/)trace_full_~?[0-9a-f]{6}\.json(\.gz)?$/i;

export interface Member {
  name: string;
  read(): Promise<Buffer>;
}

async function ingestMembers(members: Member[], context: IngestContext, container: string): Promise<SourceCounts> {
  const ingest = await AdsbIngest.open(context);
  const failed: string[] = [];
  for (const m of members) {
    let result: TraceResult;
    try {
      result = readTraceBytes(await m.read(), context.file, m.name);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      failed.push(m.name);
      await ingest.quarantine([{ file: context.file, sheet: m.name, row: null, column: null, value: null, problem: `member not read: ${error.message}` }]);
      continue;
    }
    await ingest.quarantine(result.problems);
    const { header } = result;
    ingest.add(analyse(result.builder.finish(), () => ({ registration: header.registration, aircraftType: header.aircraftType })));
  }
  if (failed.length) ingest.notes.push(`${failed.length} of ${members.length} ${container} members could not be read (each is a quarantined row naming it): ${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ' …' : ''}`);
  return ingest.finish();
}

async function ingestSingle(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  let result: TraceResult;
  try {
    result = readTraceBytes(await readFile(head.path), context.file, null);
  } catch (error) {
    if (error instanceof FormatError) throw new UserError(`${context.file}: ${error.message}; nothing from this file was stored`);
    throw error;
  }
  const ingest = await AdsbIngest.open(context);
  await ingest.quarantine(result.problems);
  const { header } = result;
  ingest.add(analyse(result.builder.finish(), () => ({ registration: header.registration, aircraftType: header.aircraftType })));
  return ingest.finish();
}

async function ingestTar(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  let all;
  try {
    all = await listTar(head.path);
  } catch (error) {
    throw new UserError(`${context.file}: ${(error as Error).message}; nothing from this archive was stored`);
  }
  const traces = all.filter((m) => TRACE_NAME.test(m.name));
  if (traces.length === 0) {
    throw new UserError(`${context.file}: the archive holds no trace_full_<hex>.json files (${all.length === 0 ? 'it is empty' : `${all.length} other files, e.g. ${all.slice(0, 3).map((m) => m.name).join(', ')}`}); nothing was stored`);
  }
  if (traces.length >= WORKER_THRESHOLD) return ingestMembersInWorkers({ kind: 'tar', path: head.path, members: traces }, context);
  return ingestMembers(traces.map((m) => ({ name: m.name, read: () => readMember(head.path, m) })), context, 'archive');
}

async function ingestFolder(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  const traces = (head.folder ?? []).filter((f) => TRACE_NAME.test(f));
  if (traces.length >= WORKER_THRESHOLD) return ingestMembersInWorkers({ kind: 'folder', path: head.path, files: traces }, context);
  return ingestMembers(traces.map((f) => ({ name: f, read: () => readFile(join(head.path, f)) })), context, 'folder');
}

export const readsbTraces: Source = {
  kind: 'readsb-trace',
  title: 'readsb/tar1090 trace_full_<hex>.json (adsb.lol daily dumps, ADS-B Exchange): one file (.json or .gz), a folder of them, or a tar archive',
  tables: ['positions', 'adsb_legs', 'flight_legs'],
  sniff(head) {
    if (head.folder) {
      const n = head.folder.filter((f) => TRACE_NAME.test(f)).length;
      return n > 0 ? { confidence: 0.9, reason: `a folder with ${n} trace_full files` } : { confidence: 0 };
    }
    if (looksLikeTar(head.bytes)) {
      const first = Buffer.from(head.bytes.buffer, head.bytes.byteOffset, 100).toString('latin1').replace(/\0.*$/s, '');
      return { confidence: TRACE_NAME.test(first) || /traces\//.test(first) ? 0.9 : 0.6, reason: `a tar archive (first member ${first})` };
    }
    if (!head.gzip && looksLikeEmptyTar(head.bytes, head.bytes.length)) {
      return { confidence: 0.6, reason: 'an empty tar archive (zero blocks only)' };
    }
    const text = head.text?.trimStart() ?? '';
    if (!text.startsWith('{')) return { confidence: 0 };
    const window = text.slice(0, 4096);
    const icao = /"icao"\s*:\s*"~?[0-9a-fA-F]{6}"/.test(window);
    if (icao && /"trace"\s*:\s*\[/.test(text)) return { confidence: 0.95, reason: 'JSON with "icao" and a "trace" array' };
    if (icao && /"timestamp"\s*:/.test(window)) return { confidence: 0.7, reason: 'JSON with "icao" and "timestamp" but no "trace" array in the first 64 KiB' };
    return { confidence: 0 };
  },
  ingest(head, context) {
    if (head.folder) return ingestFolder(head, context);
    if (looksLikeTar(head.bytes) || (!head.gzip && head.text === null && head.bytes.every((b) => b === 0))) return ingestTar(head, context);
    return ingestSingle(head, context);
  },
};
