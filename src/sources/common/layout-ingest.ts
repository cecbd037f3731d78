/**
 * Reading a record table in a known layout (src/sources/common/layout.ts) from a workbook, a
 * delimited text file or a Parquet file. Workbook and text cells are staged as text through the shared
 * bulk path (engine/staging.ts), where the header's column mapping is compiled to one
 * cleaning/parsing/quarantine query; a Parquet file's typed columns are read as they are
 * (engine/parquet-load.ts), with only its text cells cleaned and parsed by the same rules.
 *
 * Workbook sheets are parsed in chunks (CHUNKS) so that a 3-million-row release never holds
 * more than one chunk of text in the database's memory. A sheet whose header lacks a required column
 * stores none of its rows: every one is quarantined with the reason, so nothing is lost silently.
 */
import { UserError } from '../../domain/errors.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { insertFromStageDirect, loadCsv } from '../../engine/staging.ts';
import { loadInPlace, nonBlankCount, parquetColumns, quarantineStage } from '../../engine/bulk-staging.ts';
import { loadParquet, quarantineParquet } from '../../engine/parquet-load.ts';
import type { Store } from '../../engine/db.ts';
import { splitCsvLine } from '../../domain/csv.ts';
import { openWorkbook } from './xlsx/index.ts';
import { loadCsvChunks } from './workbook-load.ts';
import { headerNotes, isLayoutHeader, knownHeaderCount, mapHeader, missingRequiredProblem, type HeaderMapping, type Layout } from './layout.ts';
import type { FileHead, IngestContext, SourceCounts } from '../types.ts';

/**
 * Rows parsed at a time: a workbook sheet's chunk (bounds the memory of a 3M-row sheet: ~25 MB of text a
 * chunk at DDP widths). Settable so tests can exercise several chunks. (A Parquet file is loaded in one
 * streaming INSERT: engine/parquet-load.ts.)
 */
export const CHUNKS = { workbookRows: 50_000 };
/** How far down a sheet (or file) the header may sit: DDP has 5–6 banner rows, ICE productions up to ~10. */
const HEADER_SCAN_ROWS = 40;

type Cells = (string | null)[];

/** The row that is this layout's header: all signature columns, or (a damaged header) mostly known names. */
export function findHeaderRow(layout: Layout, rows: { row: number; cells: Cells }[]): { row: number; cells: Cells } | null {
  const exact = rows.find((r) => isLayoutHeader(layout, r.cells));
  if (exact) return exact;
  return rows.find((r) => {
    const filled = r.cells.filter((c) => c != null && c.trim() !== '').length;
    const known = knownHeaderCount(layout, r.cells);
    return known >= 3 && known * 2 >= filled;
  }) ?? null;
}

export function workbookHasLayout(head: FileHead, layout: Layout): boolean {
  return head.workbook?.sheets.some((s) => s.rows.some((r) => isLayoutHeader(layout, r.cells))) ?? false;
}

/**
 * Share of a header row's names that the layout knows (0–1), for a header whose signature column is
 * damaged or missing: at least 6 known names and 3 in 4 of the row. Such a file must still be read
 * as this layout (so its rows are quarantined with a "did you mean"), not taken by a reader that
 * happens to know a few of its columns (a DDP arrests sheet has Departed Date and Case Category, the
 * ERO-LESA removals header).
 */
export function looseHeaderShare(layout: Layout, cells: (string | null)[]): number {
  const filled = cells.filter((c) => c != null && c.trim() !== '').length;
  const known = knownHeaderCount(layout, cells);
  return known >= 6 && known * 4 >= filled * 3 ? known / filled : 0;
}

/** Sniff confidence for a workbook: 0.97 for the exact header, 0.9–0.95 for a damaged one (see looseHeaderShare). */
export function workbookLayoutConfidence(head: FileHead, layout: Layout): { confidence: number; reason?: string } {
  if (workbookHasLayout(head, layout)) return { confidence: 0.97, reason: `a sheet has the ${layout.name} header (${layout.signature.join(', ')})` };
  const share = Math.max(0, ...(head.workbook?.sheets.flatMap((s) => s.rows.map((r) => looseHeaderShare(layout, r.cells))) ?? []));
  return share > 0 ? { confidence: 0.9 + 0.05 * share, reason: `a sheet's header is ${Math.round(share * 100)}% ${layout.name} columns, but lacks ${layout.signature.join(' or ')}` } : { confidence: 0 };
}

interface Totals { rowsRead: number; rowsStored: number; rowsQuarantined: number; notes: string[] }

/** Stores a staged chunk under a mapping, or quarantines it whole when a required column is missing. */
async function storeChunk(store: Store, context: IngestContext, layout: Layout, stage: string, rows: number, width: number, mapping: HeaderMapping,
  where: string, constants: Record<string, string>, nbsp: boolean): Promise<{ stored: number; quarantined: number }> {
  if (mapping.missingRequired.length > 0) {
    const quarantined = await quarantineStage(store, {
      stage, sourceId: context.sourceId, file: context.file, column: mapping.missingRequired[0].header,
      problem: missingRequiredProblem(layout, where, mapping),
    });
    return { stored: 0, quarantined };
  }
  return insertFromStageDirect(store, {
    stage, rows, table: layout.table, sourceId: context.sourceId, file: context.file, columnCount: width, columns: mapping.columns, constants, nbsp,
  });
}

/** Every sheet with this layout's header: banner rows above it skipped, data rows below it stored or quarantined. */
export async function ingestWorkbookLayout(head: FileHead, context: IngestContext, layout: Layout, constants: Record<string, string>): Promise<SourceCounts> {
  const workbook = await openWorkbook(head.path);
  const totals: Totals = { rowsRead: 0, rowsStored: 0, rowsQuarantined: 0, notes: [] };
  // Chunks go straight into the store (engine/bulk-staging.ts, loadInPlace: no scratch copy to move).
  await loadInPlace(context.store, () => readSheets(workbook, context, layout, constants, totals));
  if (!totals.notes.some((n) => n.includes('header')) && totals.rowsRead === 0) totals.notes.push(`no sheet holds ${layout.name}`);
  return totals;
}

async function readSheets(workbook: Awaited<ReturnType<typeof openWorkbook>>, context: IngestContext, layout: Layout,
  constants: Record<string, string>, totals: Totals): Promise<void> {
  for (const sheet of workbook.sheets) {
    // The header is looked for in the sheet's first rows, read as strings; the rows after it are read
    // again from the start by the byte transcoder (Workbook.stageCsv), which skips the rows up to it.
    let scanned = 0;
    let header: { row: number; cells: Cells } | null = null;
    for await (const row of workbook.rows(sheet.name)) {
      scanned++;
      header = findHeaderRow(layout, [row]);
      if (header || scanned >= HEADER_SCAN_ROWS) break;
    }
    const where = `sheet ${JSON.stringify(sheet.name)}`;
    if (!header) {
      totals.notes.push(`${where}: no ${layout.name} header in its first ${HEADER_SCAN_ROWS} rows; read as notes, not data`);
      continue;
    }
    const headerRow = header.row;
    const mapping = mapHeader(layout, header.cells);
    const width = Math.max(header.cells.length, 1);
    const stage = `stage_${context.sourceId}`;
    const dateColumns = [...new Set(mapping.columns.filter((m) => m.parse.kind === 'date').map((m) => m.from))];
    const unknownCounts = new Map<number, number>(mapping.unknown.map((u) => [u.index, 0]));
    // Extra cells wait for the end: a chunk may be using the store's connection meanwhile.
    const extraCells: RowIssue[] = [];
    const lines = workbook.stageCsv({
      sheet: sheet.name, width, skipRows: scanned, dateColumns,
      onBeyond(row, cells) {
        extraCells.push({ file: context.file, sheet: sheet.name, row, column: null, value: cells.filter((c) => c.trim() !== '').join(' | '),
          problem: `cells beyond the header's ${width} columns (the header on row ${headerRow} names no column there)` });
      },
    });
    const base = totals.rowsRead;
    const result = await loadCsvChunks(lines, {
      db: context.store, stage, width, chunkRows: CHUNKS.workbookRows, onProgress: (n) => context.progress(base + n),
      async store(store, staged, rows, { nbsp }) {
        for (const index of unknownCounts.keys()) unknownCounts.set(index, unknownCounts.get(index)! + await nonBlankCount(store, staged, index));
        return storeChunk(store, context, layout, staged, rows, width, mapping, where, constants, nbsp);
      },
    });
    await context.quarantine(extraCells);
    totals.rowsRead += result.staged + extraCells.length;
    totals.rowsStored += result.stored;
    totals.rowsQuarantined += result.quarantined + extraCells.length;
    context.progress(totals.rowsRead);
    totals.notes.push(...headerNotes(layout, where, mapping, unknownCounts));
    if (mapping.missingRequired.length) totals.notes.push(`${missingRequiredProblem(layout, where, mapping)} (all rows of the sheet are in row_issues)`);
  }
}

/**
 * A Parquet file whose columns follow the layout: DuckDB reads it directly and the mapping is compiled
 * against the file's own column types (engine/parquet-load.ts), in one INSERT inside the file's transaction.
 */
export async function ingestParquetLayout(context: IngestContext, path: string, layout: Layout, constants: Record<string, string>): Promise<SourceCounts> {
  const columns = await parquetColumns(context.store, path);
  const mapping = mapHeader(layout, columns.map((c) => c.name));
  const where = 'the Parquet file';
  const { sourceId, file } = context;
  const counts = mapping.missingRequired.length > 0
    ? await (async () => {
      const quarantined = await quarantineParquet(context.store, { path, sourceId, file, column: mapping.missingRequired[0].header, problem: missingRequiredProblem(layout, where, mapping) });
      return { rowsRead: quarantined, rowsStored: 0, rowsQuarantined: quarantined };
    })()
    : await loadParquet(context.store, { path, columns, table: layout.table, sourceId, file, mapping: mapping.columns, constants })
      .then((r) => ({ rowsRead: r.rowsRead, rowsStored: r.stored, rowsQuarantined: r.quarantined }));
  context.progress(counts.rowsRead);
  return { ...counts, notes: headerNotes(layout, where, mapping, new Map()) };
}

/** A delimited text file (ARTS `|`-separated exports): the header within the first lines, then one row per line. */
export async function ingestDelimitedLayout(head: FileHead, context: IngestContext, layout: Layout, delimiter: string, constants: Record<string, string>): Promise<SourceCounts> {
  const index = head.lines.slice(0, HEADER_SCAN_ROWS).findIndex((line) => line.includes(delimiter) && isLayoutHeader(layout, splitCsvLine(line, delimiter)));
  if (index < 0) throw new UserError(`${context.file}: no ${layout.name} header (${layout.signature.join(', ')}) in its first ${HEADER_SCAN_ROWS} lines`);
  const header = splitCsvLine(head.lines[index], delimiter);
  const mapping = mapHeader(layout, header);
  if (mapping.missingRequired.length) throw new UserError(`${context.file}: ${missingRequiredProblem(layout, 'the header', mapping)}`);
  const result = await loadCsv(context.store,
    { stage: `stage_${context.sourceId}`, path: head.path, file: context.file, firstDataLine: index + 2, delimiter, columnCount: header.length, lines: context.lines },
    { table: layout.table, sourceId: context.sourceId, columns: mapping.columns, constants });
  context.progress(result.rowsRead);
  return { rowsRead: result.rowsRead, rowsStored: result.stored, rowsQuarantined: result.quarantined, notes: headerNotes(layout, 'the file', mapping, new Map()) };
}
