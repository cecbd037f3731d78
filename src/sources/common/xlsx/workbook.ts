/**
 * Opening an XLSX package (ECMA-376 Part 2, Open Packaging Conventions): find the workbook through
 * the package relationships, list its sheets in workbook order, and load what every sheet read
 * needs — shared strings (fully in memory: cells refer to them by index from anywhere) and which
 * cell styles are dates. Sheets themselves are streamed: as rows of strings by `Workbook.rows`, as stage
 * CSV bytes for bulk loads by `Workbook.stageCsv`.
 */
import type { FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { isBuiltinDateFormat, isDateFormatCode } from './excel-dates.ts';
import { SheetScanner, SheetXmlError, type SheetContext, type SheetRow } from './sheet-scanner.ts';
import { encodeSharedFields, SheetCsv, type CsvPiece, type SharedFields, type SheetCsvOptions } from './sheet-csv.ts';
import { closeTag, findTags, ownString, richText, richTextTags } from './xml.ts';
import { entryChunks, openFile, readEntryText, readZipDirectory, XlsxError, XmlDecoder, type ZipDirectory, type ZipEntry } from './zip.ts';

export interface SheetInfo {
  name: string;
  /** The sheet's part inside the zip, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
  /** Hidden sheets are still read; FOIA releases sometimes hide the footnotes tab. */
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Chart sheets and dialog sheets have no cells; reading one yields no rows. */
  kind: 'worksheet' | 'chartsheet' | 'other';
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;

export class Workbook {
  constructor(
    readonly file: string,
    readonly sheets: SheetInfo[],
    /** The workbook counts dates from 1904-01-01 (`<workbookPr date1904="1">`, old Mac Excel). */
    readonly date1904: boolean,
    private readonly context: SheetContext,
    private readonly directory: ZipDirectory,
  ) {}

  /** The sheet's rows in order. Memory stays bounded by one text chunk of the sheet, whatever its size. */
  rows(sheetName: string): AsyncIterable<SheetRow> {
    const batches = this.rowBatches(sheetName);
    return {
      [Symbol.asyncIterator](): AsyncIterator<SheetRow> {
        const inner = batches[Symbol.asyncIterator]();
        let batch: SheetRow[] = [];
        let i = 0;
        return {
          async next(): Promise<IteratorResult<SheetRow>> {
            while (i >= batch.length) {
              const step = await inner.next();
              if (step.done) return { done: true, value: undefined };
              batch = step.value;
              i = 0;
            }
            return { done: false, value: batch[i++] };
          },
          async return(): Promise<IteratorResult<SheetRow>> {
            await inner.return?.();
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  /**
   * The same rows, a decoded chunk's worth at a time (a few thousand), since each `await` costs more
   * than scanning a row. (Bulk loads do not make strings at all: stageCsv.)
   */
  rowBatches(sheetName: string): AsyncIterable<SheetRow[]> {
    const entry = this.sheetEntry(sheetName);
    const { file, context } = this;
    // Each iteration opens the file afresh, so the same iterable can be read twice.
    return { [Symbol.asyncIterator]: () => streamRows(file, entry, context) };
  }

  /**
   * The sheet as stage CSV for the bulk load (sheet-csv.ts): pieces of about a megabyte of lines, with
   * no string per cell. `options.sheet` names the sheet in the lines; rows are staged or handed to
   * `options.onBeyond` by the same rules as reading `rows` and checking them.
   */
  stageCsv(options: SheetCsvOptions): AsyncIterable<CsvPiece> {
    const entry = this.sheetEntry(options.sheet);
    const { file, context } = this;
    // Shared strings are encoded as CSV fields once per workbook, on first use.
    const shared = (this.sharedFields ??= encodeSharedFields(context.sharedStrings));
    return { [Symbol.asyncIterator]: () => streamCsv(file, entry, context, shared, options) };
  }

  private sharedFields: SharedFields | undefined;

  private sheetEntry(sheetName: string): ZipEntry {
    // Excel treats sheet names case-insensitively, so an exact match wins and a case-blind one follows.
    const sheet = this.sheets.find((s) => s.name === sheetName) ?? this.sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
    if (!sheet) {
      const names = this.sheets.map((s) => `"${s.name}"`).join(', ');
      throw new XlsxError(this.file, `no sheet named "${sheetName}" (its sheets are ${names || 'none'})`);
    }
    const entry = this.directory.get(sheet.path.toLowerCase());
    if (!entry) throw new XlsxError(this.file, `sheet "${sheet.name}" points to ${sheet.path}, which is not in the zip`);
    return entry;
  }
}

/** Output is handed on once a megabyte has gathered: each piece costs an await and a write. */
const CSV_PIECE_BYTES = 1 << 20;

async function* streamCsv(file: string, entry: ZipEntry, context: SheetContext, shared: SharedFields, options: SheetCsvOptions): AsyncGenerator<CsvPiece> {
  const fh = await openFile(file);
  try {
    const csv = new SheetCsv(context, shared, options);
    for await (const chunk of entryChunks(file, fh, entry)) {
      csv.push(chunk);
      if (csv.pending >= CSV_PIECE_BYTES) yield csv.take();
      if (csv.done) break; // nothing after </sheetData> is needed: stop inflating
    }
    csv.end();
    if (csv.pending > 0) yield csv.take();
  } catch (error) {
    if (error instanceof SheetXmlError) throw new XlsxError(file, `${entry.name}: ${error.message}`);
    throw error;
  } finally {
    await fh.close();
  }
}

async function* streamRows(file: string, entry: ZipEntry, context: SheetContext): AsyncGenerator<SheetRow[]> {
  const fh = await openFile(file);
  try {
    const scanner = new SheetScanner(context);
    const decoder = new XmlDecoder();
    for await (const chunk of entryChunks(file, fh, entry)) {
      const rows = scanner.push(decoder.decode(chunk));
      if (rows.length > 0) yield rows;
      if (scanner.done) return; // nothing after </sheetData> is needed: stop inflating
    }
    const rows = scanner.push(decoder.end());
    if (rows.length > 0) yield rows;
    scanner.end();
  } catch (error) {
    if (error instanceof SheetXmlError) throw new XlsxError(file, `${entry.name}: ${error.message}`);
    throw error;
  } finally {
    await fh.close();
  }
}

export async function openWorkbook(path: string): Promise<Workbook> {
  const fh = await openFile(path);
  try {
    const directory = await readZipDirectory(path, fh);
    const workbookPath = await findWorkbookPart(path, fh, directory);
    const workbookXml = await readEntryText(path, fh, directory.get(workbookPath.toLowerCase())!);
    const rels = await readRelationships(path, fh, directory, workbookPath);
    const date1904 = findTags(workbookXml, 'workbookPr').some((t) => t.attrs.date1904 === '1' || t.attrs.date1904 === 'true');
    const sheets: SheetInfo[] = [];
    for (const tag of findTags(workbookXml, 'sheet')) {
      const rel = rels.get(tag.attrs['r:id'] ?? tag.attrs.id ?? '');
      const name = tag.attrs.name ?? '';
      if (!rel) throw new XlsxError(path, `the workbook lists sheet "${name}" but not where its part is (no relationship ${tag.attrs['r:id'] ?? ''})`);
      const state = tag.attrs.state === 'hidden' || tag.attrs.state === 'veryHidden' ? tag.attrs.state : 'visible';
      const kind = rel.type.endsWith('/worksheet') ? 'worksheet' : rel.type.endsWith('/chartsheet') ? 'chartsheet' : 'other';
      sheets.push({ name, path: rel.target, state, kind });
    }
    const stylesRel = [...rels.values()].find((r) => r.type.endsWith('/styles'));
    const stringsRel = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'));
    const stylesEntry = stylesRel && directory.get(stylesRel.target.toLowerCase());
    const stringsEntry = stringsRel && directory.get(stringsRel.target.toLowerCase());
    const dateStyles = stylesEntry ? parseDateStyles(await readEntryText(path, fh, stylesEntry)) : new Uint8Array(0);
    const sharedStrings = stringsEntry ? await readSharedStrings(path, fh, stringsEntry) : [];
    return new Workbook(path, sheets, date1904, { sharedStrings, dateStyles, date1904 }, directory);
  } finally {
    await fh.close();
  }
}

/** The first rows of every sheet, for sniffing a file's layout; each sheet stops inflating after `maxRows`. */
export async function readWorkbookHead(path: string, maxRows = 40): Promise<{ sheets: { name: string; rows: SheetRow[] }[] }> {
  const workbook = await openWorkbook(path);
  const sheets: { name: string; rows: SheetRow[] }[] = [];
  for (const sheet of workbook.sheets) {
    const rows: SheetRow[] = [];
    if (maxRows > 0) {
      for await (const row of workbook.rows(sheet.name)) {
        rows.push(row);
        if (rows.length >= maxRows) break;
      }
    }
    sheets.push({ name: sheet.name, rows });
  }
  return { sheets };
}

/** Other Office and OpenDocument files are zips too; saying which one helps more than "not a workbook". */
const LOOKALIKES: [string, string][] = [
  ['word/document.xml', 'a Word document (.docx)'],
  ['ppt/presentation.xml', 'a PowerPoint presentation (.pptx)'],
  ['content.xml', 'an OpenDocument file (.ods/.odt; save it as .xlsx)'],
];

async function findWorkbookPart(path: string, fh: FileHandle, directory: ZipDirectory): Promise<string> {
  const rootRels = directory.get('_rels/.rels');
  if (rootRels) {
    const xml = await readEntryText(path, fh, rootRels);
    for (const tag of findTags(xml, 'Relationship')) {
      if (!REL_OFFICE_DOCUMENT.test(tag.attrs.Type ?? '')) continue;
      const target = resolveTarget('', tag.attrs.Target ?? '');
      if (directory.has(target.toLowerCase()) && /workbook/i.test(target)) return target;
    }
  }
  if (directory.has('xl/workbook.xml')) return 'xl/workbook.xml';
  const lookalike = LOOKALIKES.find(([part]) => directory.has(part));
  const names = [...directory.values()].map((e) => e.name);
  const listing = names.length === 0 ? 'it is empty' : `it holds ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
  throw new XlsxError(path, `a zip file but not an XLSX workbook (${lookalike ? `it looks like ${lookalike[1]}` : `no xl/workbook.xml; ${listing}`})`);
}

interface Relationship { type: string; target: string }

/** `xl/_rels/workbook.xml.rels`: relationship id → part, with targets resolved against the workbook's folder. */
async function readRelationships(path: string, fh: FileHandle, directory: ZipDirectory, partPath: string): Promise<Map<string, Relationship>> {
  const dir = posix.dirname(partPath);
  const relsPath = `${dir === '.' ? '' : `${dir}/`}_rels/${posix.basename(partPath)}.rels`;
  const entry = directory.get(relsPath.toLowerCase());
  const rels = new Map<string, Relationship>();
  if (!entry) return rels;
  const xml = await readEntryText(path, fh, entry);
  for (const tag of findTags(xml, 'Relationship')) {
    if (tag.attrs.TargetMode === 'External') continue;
    rels.set(tag.attrs.Id ?? '', { type: tag.attrs.Type ?? '', target: resolveTarget(dir === '.' ? '' : dir, tag.attrs.Target ?? '') });
  }
  return rels;
}

/** A relationship target is relative to the source part's folder, or absolute from the package root. */
function resolveTarget(baseDir: string, target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : posix.join(baseDir, target);
  return posix.normalize(joined).replace(/^\.\//, '');
}

/** cellXfs (§18.8.10) in order: an index is a cell's `s`; 1 where its number format shows a date or time. */
export function parseDateStyles(xml: string): Uint8Array {
  const custom = new Map<number, string>();
  for (const tag of findTags(xml, 'numFmt')) custom.set(Number(tag.attrs.numFmtId), tag.attrs.formatCode ?? '');
  const cellXfs = findTags(xml, 'cellXfs')[0];
  if (!cellXfs || cellXfs.selfClosing) return new Uint8Array(0);
  const prefix = /^<([\w.-]+:)?/.exec(xml.slice(cellXfs.start, cellXfs.start + 40))?.[1] ?? '';
  const end = closeTag(xml, `${prefix}cellXfs`, cellXfs.contentStart);
  const xfs = findTags(xml, 'xf', cellXfs.contentStart, end < 0 ? xml.length : end);
  const dates = new Uint8Array(xfs.length);
  xfs.forEach((xf, i) => {
    const id = Number(xf.attrs.numFmtId ?? 0);
    const code = custom.get(id);
    dates[i] = (code !== undefined ? isDateFormatCode(code) : isBuiltinDateFormat(id)) ? 1 : 0;
  });
  return dates;
}

/**
 * `xl/sharedStrings.xml` (§18.4), streamed like a sheet: every `<si>` before the last `<si` start
 * in the buffer is complete, so chunk boundaries need no other care.
 */
async function readSharedStrings(path: string, fh: FileHandle, entry: ZipEntry): Promise<(string | null)[]> {
  const strings: (string | null)[] = [];
  const decoder = new XmlDecoder();
  let prefix: string | null = null;
  let rest = '';
  let open = '<si';
  let close = '</si>';
  let tags = richTextTags('');
  const parse = (buf: string, to: number): void => {
    let pos = 0;
    for (;;) {
      const i = buf.indexOf(open, pos);
      if (i < 0 || i >= to) return;
      const next = buf.charCodeAt(i + open.length);
      if (next !== 62 && next !== 32 && next !== 47 && next !== 9 && next !== 10 && next !== 13) { pos = i + open.length; continue; }
      const gt = buf.indexOf('>', i);
      if (buf.charCodeAt(gt - 1) === 47) { strings.push(null); pos = gt + 1; continue; }
      let end = buf.indexOf(close, gt);
      if (end < 0 || end > to) end = to;
      const text = richText(buf, gt + 1, end, tags);
      strings.push(text.length === 0 ? null : ownString(text));
      pos = end + close.length;
    }
  };
  for await (const chunk of entryChunks(path, fh, entry)) {
    let buf = rest + decoder.decode(chunk);
    if (prefix === null) {
      const m = /<([A-Za-z_][\w.-]*:)?sst(?=[\s>])/.exec(buf);
      if (!m) { rest = buf; continue; }
      prefix = m[1] ?? '';
      open = `<${prefix}si`;
      close = `</${prefix}si>`;
      tags = richTextTags(prefix);
      buf = buf.slice(m.index + m[0].length);
    }
    const cut = buf.lastIndexOf(open);
    if (cut > 0) { parse(buf, cut); rest = buf.slice(cut); } else rest = buf;
  }
  rest += decoder.end();
  parse(rest, rest.length);
  return strings;
}
