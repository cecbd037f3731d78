/**
 * The pipeline around every source: hash → already ingested? → sniff → one transaction per file →
 * reconcile counts → record provenance. Sources only read their format; everything a user relies on
 * (atomicity, idempotency, "nothing lost") is enforced here once.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../domain/errors.ts';
import type { IngestSummary, RowIssue } from '../domain/provenance.ts';
import type { Store } from '../engine/db.ts';
import { findSourceBySha256, finishSource, insertRowIssues, sourceWithBytes, startSource } from '../engine/provenance.ts';
import { detectSource, SOURCES } from '../sources/registry.ts';
import type { Source } from '../sources/types.ts';
import { scanFile, type FileScan } from './file-scan.ts';
import { describeHead, folderHead, headProblem, listFolder, readHead, sha256Folder } from './head.ts';

export interface IngestEffects {
  /** Called with rows read so far while a file is being read (for a live progress line). */
  progress?(file: string, rowsRead: number): void;
}

export interface IngestOptions {
  /** Force a source kind instead of detecting it (for the rare ambiguous file). */
  kind?: string;
  /** The formats to consider; default: every registered source. Extensions pass theirs here. */
  sources?: readonly Source[];
}

/**
 * From this many stored rows a file's transaction commits by checkpoint (Store.transaction): DuckDB
 * writes rows to the database file during an insert a row group (122,880 rows) at a time, and it is
 * such rows that a logged commit copies again. Below it, the checkpoint would cost a small file more
 * than the log (30 ms more for the two Seattle ERO-LESA files).
 */
const BULK_COMMIT_ROWS = 122_880;

/** A file is synthetic when its name says so: the project's generator always puts "synthetic" in it. */
export function isSyntheticName(path: string): boolean {
  return /synthetic/i.test(path);
}

export async function ingestFile(store: Store, path: string, options: IngestOptions = {}, effects: IngestEffects = {}): Promise<IngestSummary> {
  const started = performance.now();
  const info = await stat(path).catch(() => null);
  if (!info) throw new UserError(`${path}: no such file`);
  // A folder is one unit only for a source that reads folders (readsb: a day of trace_full files).
  const folder = info.isDirectory() ? await listFolder(path) : null;
  if (folder && folder.files.length === 0) throw new UserError(`${path}: is an empty folder; nothing was stored`);
  if (!folder && info.size === 0) throw new UserError(`${path}: the file is empty (0 bytes); nothing was stored`);

  // The same content has the same size, so a file whose size no stored source has cannot be one
  // already ingested: its SHA-256 (needed then only for the record) is computed while it loads, which
  // takes the hash's read of the file (a twentieth of a large CSV's load) off the critical path.
  const bytes = folder ? folder.bytes : info.size;
  const head = folder ? folderHead(path, folder.files) : await readHead(path);
  // One read gives the hash and, for a plain text file, the lines the CSV load checks itself against.
  const scan: Promise<FileScan> = folder ? sha256Folder(path, folder.files).then((sha256) => ({ sha256, lines: null }))
    : scanFile(path, { lines: head.text !== null && !head.gzip });
  const hashing = scan.then((s) => s.sha256);
  let sha256: string | null = null;
  if (folder || await sourceWithBytes(store, bytes)) {
    sha256 = await hashing;
    const earlier = await findSourceBySha256(store, sha256);
    if (earlier) {
      return {
        sourceId: earlier.source_id, path, sha256, kind: earlier.kind, status: 'already-ingested',
        rowsRead: 0, rowsStored: 0, rowsQuarantined: 0, seconds: (performance.now() - started) / 1000, duplicateOf: earlier.source_id,
        notes: [],
      };
    }
  } else {
    // Awaited inside the file's transaction; this keeps a read error meanwhile from being unhandled.
    hashing.catch(() => undefined);
  }

  const sources = options.sources ?? SOURCES;
  const source = options.kind ? pickKind(options.kind, sources) : detect(path, head, sources);
  const summary = await store.transaction(async () => {
    const sourceId = await startSource(store, { path: resolve(path), sha256, bytes, kind: source.kind, tables: source.tables, synthetic: isSyntheticName(path) });
    const counts = await source.ingest(head, {
      // A failed read is reported by the hash, awaited below; for the lines it only means "not counted".
      store, sourceId, file: path, lines: scan.then((s) => s.lines, () => null),
      progress: (rows) => effects.progress?.(path, rows),
      quarantine: (issues: RowIssue[]) => insertRowIssues(store, sourceId, issues),
    });
    if (counts.rowsRead !== counts.rowsStored + counts.rowsQuarantined) {
      // A source that loses rows is a bug; refusing the file keeps the database honest.
      throw new Error(`${path}: counts do not reconcile: ${counts.rowsRead} read ≠ ${counts.rowsStored} stored + ${counts.rowsQuarantined} quarantined`);
    }
    const hash = sha256 ?? await hashing;
    await finishSource(store, sourceId, counts, hash);
    return { sourceId, counts, hash };
  }, { byCheckpoint: ({ counts }) => counts.rowsStored >= BULK_COMMIT_ROWS }).catch((error: unknown) => {
    if (error instanceof UserError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(`${path}: ${message.startsWith(path) ? message.slice(path.length + 2) : message} — nothing from this file was stored`);
  });
  return {
    sourceId: summary.sourceId, path, sha256: summary.hash, kind: source.kind, status: 'stored',
    rowsRead: summary.counts.rowsRead, rowsStored: summary.counts.rowsStored, rowsQuarantined: summary.counts.rowsQuarantined,
    seconds: (performance.now() - started) / 1000, notes: summary.counts.notes ?? [],
  };
}

function pickKind(kind: string, sources: readonly Source[]): Source {
  const source = sources.find((s) => s.kind === kind);
  if (!source) throw new UserError(`unknown source kind "${kind}"; supported: ${sources.map((s) => s.kind).join(', ')}`, 2);
  return source;
}

function detect(path: string, head: Awaited<ReturnType<typeof readHead>>, sources: readonly Source[]): Source {
  const { source, candidates } = detectSource(head, sources);
  if (source) return source;
  if (head.folder) throw new UserError(`${path}: is a folder, and no format deportwatch reads takes a folder of these files; name the files in it (e.g. ${path}/*.csv)`);
  const problem = headProblem(head);
  if (problem) throw new UserError(`${path}: ${problem}. Nothing from this file was stored`);
  const nearest = candidates.filter((c) => c.sniff.confidence > 0 && c.sniff.reason).slice(0, 3)
    .map((c) => `${c.source.kind}: ${c.sniff.reason}`);
  throw new UserError(`${path}: not a format deportwatch reads. It looks like ${describeHead(head)}.`, 1, [
    ...(nearest.length ? ['Closest formats:', ...nearest.map((n) => `  ${n}`)] : []),
    'Supported formats:',
    ...sources.map((s) => `  ${s.kind.padEnd(24)} ${s.title}`),
  ]);
}
