/**
 * ICE ERO-LESA removal spreadsheets (FOIA productions, e.g. UWCHR's Seattle-area releases), as CSV or
 * XLSX. A banner of agency, handling and production lines and often a title line precede the header;
 * a footnotes tab may follow the data. Layout: ../shared/SCHEMAS.md "ICE ERO-LESA FOIA spreadsheets".
 */
import { splitCsvLine } from '../../domain/csv.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { insertFromStageDirect, loadCsv, type ColumnMapping } from '../../engine/staging.ts';
import { ICE_DATE_FORMATS } from '../common/date-formats.ts';
import { loadInPlace } from '../../engine/bulk-staging.ts';
import { recordConvictionCategories } from '../../records/conviction-categories.ts';
import { columnsOf } from '../../engine/rows.ts';
import { recordSourceColumns } from '../../engine/source-columns.ts';
import type { Store } from '../../engine/db.ts';
import { openWorkbook, type CsvPiece } from '../common/xlsx/index.ts';
import { loadCsvChunks } from '../common/workbook-load.ts';
import type { FileHead, IngestContext, Source, SourceCounts } from '../types.ts';

/** Published header → removals column and parse rule. Nationwide releases add the later ones. */
const KNOWN_COLUMNS: Record<string, Omit<ColumnMapping, 'from' | 'header'>> = {
  'departed date': { target: 'departed_date', parse: { kind: 'date', formats: ICE_DATE_FORMATS, expected: 'm/d/yyyy' }, required: true },
  'removal date': { target: 'departed_date', parse: { kind: 'date', formats: ICE_DATE_FORMATS, expected: 'm/d/yyyy' }, required: true },
  'date of birth': { target: 'birth_date', parse: { kind: 'date', formats: ICE_DATE_FORMATS, expected: 'm/d/yyyy' } },
  'gender': { target: 'gender', parse: { kind: 'text' } },
  'country of citizenship': { target: 'citizenship_country', parse: { kind: 'upper' } },
  'citizenship country': { target: 'citizenship_country', parse: { kind: 'upper' } },
  'event number': { target: 'event_number', parse: { kind: 'text' } },
  'most serious conviction': { target: 'most_serious_conviction', parse: { kind: 'text' } },
  'area of responsibility': { target: 'aor', parse: { kind: 'text' } },
  'processing disposition': { target: 'processing_disposition', parse: { kind: 'text' } },
  'arrest date': { target: 'apprehension_date', parse: { kind: 'date', formats: ICE_DATE_FORMATS, expected: 'm/d/yyyy' } },
};
const CASE_CATEGORY = 'case category';
/** Where a file's rows go: workbooks and layouts with more fields to the first, a CSV with only the common fields to the second (migration 008). */
const WIDE_TABLE = 'ero_lesa_removals';
const NARROW_TABLE = 'ero_lesa_removals_narrow';

/** The narrow table when it has a column for every field the file publishes (its columns as the schema has them). */
async function csvTable(store: Store, columns: ColumnMapping[]): Promise<string> {
  const narrow = new Set((await columnsOf(store, NARROW_TABLE)).map((c) => c.name));
  return columns.every((c) => narrow.has(c.target)) ? NARROW_TABLE : WIDE_TABLE;
}
/** Rows parsed at a time from a workbook (~20 MB of temporary CSV at ERO-LESA widths). Settable for tests. */
export const WORKBOOK_CHUNK = { rows: 250_000 };

function normaliseHeader(cell: string | null | undefined): string {
  return (cell ?? '').replace(/\u00a0/g, ' ').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A header row names the removal date and the case category (or the citizenship). */
function isHeader(cells: (string | null)[]): boolean {
  const names = new Set(cells.map(normaliseHeader));
  return (names.has('departed date') || names.has('removal date')) && (names.has(CASE_CATEGORY) || names.has('country of citizenship'));
}

function findHeaderLine(lines: string[]): { index: number; delimiter: string } | null {
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    for (const delimiter of [',', '\t', '|', ';']) {
      if (lines[i].includes(delimiter) && isHeader(splitCsvLine(lines[i], delimiter))) return { index: i, delimiter };
    }
  }
  return null;
}

/**
 * Date cells of a workbook reach the parser as ISO dates (the reader writes them as YYYY-MM-DD), so
 * for workbooks ISO is tried first: DuckDB's try_strptime is slow when a format fails (~3 µs a cell,
 * measured in layout-ingest.ts), and the formats exclude each other, so the order changes no result.
 */
const WORKBOOK_DATE_FORMATS = ['%Y-%m-%d', ...ICE_DATE_FORMATS.filter((f) => f !== '%Y-%m-%d')];

function mappingFor(header: (string | null)[], workbook = false): { columns: ColumnMapping[]; ignored: string[] } {
  const columns: ColumnMapping[] = [];
  const ignored: string[] = [];
  const taken = new Set<string>();
  header.forEach((cell, from) => {
    const name = normaliseHeader(cell);
    if (name === '') return;
    if (name === CASE_CATEGORY) {
      const published = (cell ?? '').trim();
      columns.push({ target: 'case_category_raw', from, header: published, parse: { kind: 'text' } });
      columns.push({ target: 'case_category_code', from, header: published, parse: { kind: 'bracket_code' } });
      return;
    }
    const known = KNOWN_COLUMNS[name];
    if (known && !taken.has(known.target)) {
      taken.add(known.target);
      const parse = workbook && known.parse.kind === 'date' ? { ...known.parse, formats: WORKBOOK_DATE_FORMATS } : known.parse;
      columns.push({ ...known, parse, from, header: (cell ?? '').trim() });
    } else ignored.push((cell ?? '').trim());
  });
  return { columns, ignored };
}

/** Each header cell and the stored columns it was parsed into (`deportwatch sources show`). */
function storedAs(header: (string | null)[], columns: ColumnMapping[], table: string): { published: string; storedAs: string | null }[] {
  return header.map((cell, i) => {
    const targets = columns.filter((c) => c.from === i).map((c) => `${table}.${c.target} (${c.parse.kind})`);
    return { published: cell ?? '', storedAs: targets.length ? targets.join(', ') : null };
  });
}

function ignoredNote(ignored: string[]): string[] {
  return ignored.length ? [`columns not stored (no removals field for them): ${ignored.join(', ')}`] : [];
}

async function ingestCsv(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  const found = findHeaderLine(head.lines)!;
  const header = splitCsvLine(head.lines[found.index], found.delimiter);
  const { columns, ignored } = mappingFor(header);
  const table = await csvTable(context.store, columns);
  const loaded = await loadCsv(context.store, {
    stage: `stage_${context.sourceId}`, path: head.path, file: context.file, firstDataLine: found.index + 2, delimiter: found.delimiter, columnCount: header.length,
    lines: context.lines,
  }, { table, sourceId: context.sourceId, columns });
  context.progress(loaded.rowsRead);
  await recordConvictionCategories(context.store, table, context.sourceId);
  await recordSourceColumns(context.store, context.sourceId, storedAs(header, columns, table), { headerLine: found.index + 1, delimiter: found.delimiter });
  return { rowsRead: loaded.rowsRead, rowsStored: loaded.stored, rowsQuarantined: loaded.quarantined, notes: ignoredNote(ignored) };
}

/**
 * Workbooks: ICE puts one fiscal year per sheet, each with its own banner and the same header, then a
 * footnotes tab. Headers are found from the head of each sheet; sheets with the same header are staged
 * together and parsed in one pass, so a ten-sheet workbook costs one parse, not ten.
 */
async function ingestWorkbook(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  const workbook = await openWorkbook(head.path);
  const notes: string[] = [];
  const groups = new Map<string, { header: (string | null)[]; sheets: { name: string; headerRow: number }[] }>();
  for (const sheet of head.workbook?.sheets ?? []) {
    const header = sheet.rows.find((r) => isHeader(r.cells));
    if (!header) {
      notes.push(`sheet ${JSON.stringify(sheet.name)}: no removals header in its first rows, read as notes, not data`);
      continue;
    }
    const signature = header.cells.map(normaliseHeader).join('|');
    const group = groups.get(signature) ?? { header: header.cells, sheets: [] };
    group.sheets.push({ name: sheet.name, headerRow: header.row });
    groups.set(signature, group);
  }
  let rowsRead = 0, rowsStored = 0, rowsQuarantined = 0;
  // Where every stored row goes: workbook rows keep their sheet's name.
  const into = { table: WIDE_TABLE, sourceId: context.sourceId, file: context.file };
  // Each chunk goes straight into the store with no staged or parsed copy (insertFromStageDirect), so
  // memory stays bounded by a chunk inside the file's transaction (a whole workbook staged inside it
  // held 1.2 GB at 1,000,000 rows; engine/bulk-staging.ts, loadInPlace).
  await loadInPlace(context.store, async () => {
    for (const { header, sheets } of groups.values()) {
      const { columns, ignored } = mappingFor(header, true);
      notes.push(...ignoredNote(ignored).map((n) => `sheets ${sheets.map((s) => JSON.stringify(s.name)).join(', ')}: ${n}`));
      const width = header.length;
      // Extra cells wait for the end: a chunk may be using the store's connection meanwhile.
      const extraCells: RowIssue[] = [];
      // The sheets of a group as one run of stage CSV (Workbook.stageCsv: no string per cell); the
      // banner, title and header rows (up to the header's row) are not staged.
      async function* lines(): AsyncGenerator<CsvPiece> {
        for (const sheet of sheets) {
          yield* workbook.stageCsv({
            sheet: sheet.name, width, skipThroughRow: sheet.headerRow,
            onBeyond(row, cells) {
              extraCells.push({ file: context.file, sheet: sheet.name, row, column: null, value: cells.join(' | '), problem: `cells beyond the header's ${width} columns` });
            },
          });
        }
      }
      const base = rowsRead;
      const result = await loadCsvChunks(lines(), {
        db: context.store, stage: `stage_${context.sourceId}`, width, chunkRows: WORKBOOK_CHUNK.rows, onProgress: (n) => context.progress(base + n),
        store: (store, stage, rows, { nbsp }) => insertFromStageDirect(store, { ...into, stage, columnCount: width, columns, rows, nbsp }),
      });
      await context.quarantine(extraCells);
      rowsRead += result.staged + extraCells.length;
      rowsStored += result.stored;
      rowsQuarantined += result.quarantined + extraCells.length;
    }
  });
  await recordConvictionCategories(context.store, WIDE_TABLE, context.sourceId);
  return { rowsRead, rowsStored, rowsQuarantined, notes };
}

export const eroLesaRemovals: Source = {
  kind: 'ero-lesa-removals',
  title: 'ICE ERO-LESA removals spreadsheet (CSV or XLSX, banner lines before the header)',
  tables: ['removals'],
  sniff(head) {
    if (head.workbook) {
      const hit = head.workbook.sheets.some((s) => s.rows.some((r) => isHeader(r.cells)));
      return hit ? { confidence: 0.9, reason: 'a sheet has the Departed Date / Case Category header' } : { confidence: 0 };
    }
    if (head.text === null) return { confidence: 0 };
    const found = findHeaderLine(head.lines);
    if (!found) {
      const banner = head.lines.slice(0, 6).some((l) => /ERO-LESA|Statistical Tracking Unit/i.test(l));
      return banner ? { confidence: 0.3, reason: 'has an ERO-LESA banner but no Departed Date / Case Category header in the first 40 lines' } : { confidence: 0 };
    }
    return { confidence: 0.9, reason: `header on line ${found.index + 1}` };
  },
  ingest(head, context) {
    return head.workbook ? ingestWorkbook(head, context) : ingestCsv(head, context);
  },
};
