/**
 * The contract every input format implements. One folder per format under src/sources/<format>/,
 * each exporting one `Source`, registered in ./registry.ts — built-ins register the same way an
 * extension would. A source only knows its format; the pipeline around it (hashing, idempotency,
 * transactions, progress, reconciliation) lives in src/ingest/.
 */
import type { RowIssue, SourceCounts } from '../domain/provenance.ts';
import type { Store } from '../engine/db.ts';
import type { LineScan } from '../engine/staging.ts';

/** What sniffing sees of a file: its first bytes (decompressed when gzip) and, for workbooks, the first rows of each sheet. */
export interface FileHead {
  path: string;
  fileName: string;
  /** Up to the first 64 KiB, after gzip decompression. */
  bytes: Buffer;
  gzip: boolean;
  /** The head as UTF-8 text, or null when it is binary (zip, workbook …). */
  text: string | null;
  /** `text` split into lines (the last, possibly partial, line dropped when the head was cut). */
  lines: string[];
  /** Entry names when the file is a zip archive (XLSX workbooks are zips). */
  zipEntries: string[] | null;
  /** First rows of each sheet when the file is an XLSX workbook. */
  workbook: { sheets: { name: string; rows: { row: number; cells: (string | null)[] }[] }[] } | null;
  /** When the path is a folder: its files (relative, sorted). Only sources that read folders look at it. */
  folder?: string[] | null;
  /** Why a zip archive's directory or a workbook's first rows could not be read (a damaged file), if so. */
  damage?: string | null;
}

export interface Sniff {
  /** 0 = not this format, 1 = certainly this format. The highest above 0.5 wins. */
  confidence: number;
  /** Why, in a few words (shown when a file is ambiguous or unknown). */
  reason?: string;
}

export interface IngestContext {
  store: Store;
  sourceId: number;
  /** The path as the user gave it, for messages and row_issues. */
  file: string;
  /** A plain text file's physical lines and whether it holds an NBSP, from the pipeline's read of it (null for other files). */
  lines: Promise<LineScan | null>;
  /** Reports how many rows have been read so far (drives the progress line). */
  progress(rowsRead: number): void;
  /** Stores row issues (quarantined rows and their reasons). */
  quarantine(issues: RowIssue[]): Promise<void>;
}

/** What a source reports of a file; the pipeline checks rowsRead = rowsStored + rowsQuarantined. */
export type { SourceCounts } from '../domain/provenance.ts';

export interface Source {
  /** Stable identifier stored in `sources.kind`, e.g. `ero-lesa-removals`. */
  kind: string;
  /** What the format is, for people: "ICE ERO-LESA removals spreadsheet (CSV or XLSX)". */
  title: string;
  /** The table(s) its rows land in. */
  tables: string[];
  sniff(head: FileHead): Sniff;
  /** Reads the whole file into the store inside the pipeline's transaction. */
  ingest(head: FileHead, context: IngestContext): Promise<SourceCounts>;
}
