/**
 * A streaming XLSX writer for the synthetic data generator and the benchmarks: rows go out as they
 * come, deflated by fflate and written to disk in chunks, so a million-row sheet needs no more
 * memory than a small one. The package is the minimum Excel and LibreOffice open cleanly
 * (ECMA-376: content types, relationships, workbook, styles, shared strings, sheets).
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { Zip, ZipDeflate, type DeflateOptions } from 'fflate';
import { isIsoDate } from '../../../domain/dates.ts';
import { isoToSerial } from './excel-dates.ts';
import { columnName } from './sheet-scanner.ts';

/** A cell to write: text, a number, a calendar date (written as a date-formatted serial), or empty. */
export type XlsxCell = string | number | { date: string } | null;

export interface XlsxSheetInput {
  name: string;
  rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>;
}

export interface WriteXlsxOptions {
  /** Deflate level, 0–9. Default 3: the synthetic sheets compress nearly as well as at 6, much faster. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /**
   * At most this many distinct strings go into the shared-string table (Excel's own layout, and
   * the faster one to read: categories, countries and redaction markers repeat); strings first
   * seen after it is full, or longer than 255 characters, are written inline. This bounds memory
   * whatever the sheet size. 0 writes every string inline. Default 65,536.
   */
  sharedStringLimit?: number;
}

export interface WriteXlsxResult {
  sheets: { name: string; rows: number }[];
  bytes: number;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Excel's limit on the text in one cell. */
const MAX_CELL_TEXT = 32767;
const MAX_SHARED_LENGTH = 255;
const CHUNK_CHARS = 1 << 18;
/** Fixed (local) timestamp on every zip entry, so the same rows always make the same bytes. */
const ENTRY_TIME = new Date(2000, 0, 1);
/** Style index 1 in styles.xml below: yyyy-mm-dd, unambiguous in every locale. */
const DATE_STYLE = 1;

const STYLES = `${XML_DECL}<styleSheet xmlns="${NS_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

export async function writeXlsx(path: string, sheets: XlsxSheetInput[], options: WriteXlsxOptions = {}): Promise<WriteXlsxResult> {
  validateSheetNames(sheets.map((s) => s.name));
  const partial = `${path}.partial`;
  const out = await ZipOut.open(partial, options.level ?? 3);
  try {
    await out.writePart('[Content_Types].xml', contentTypes(sheets.length));
    await out.writePart('_rels/.rels', `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
    await out.writePart('xl/workbook.xml', workbookXml(sheets.map((s) => s.name)));
    await out.writePart('xl/_rels/workbook.xml.rels', workbookRels(sheets.length));
    await out.writePart('xl/styles.xml', STYLES);
    const shared = new SharedStrings(options.sharedStringLimit ?? 65536);
    const summary: WriteXlsxResult['sheets'] = [];
    for (let n = 0; n < sheets.length; n++) {
      summary.push({ name: sheets[n].name, rows: await writeSheet(out, `xl/worksheets/sheet${n + 1}.xml`, sheets[n], shared) });
    }
    const sst = out.part('xl/sharedStrings.xml', `${XML_DECL}<sst xmlns="${NS_MAIN}" count="${shared.uses}" uniqueCount="${shared.size}">`);
    for (const text of shared.texts()) {
      sst.add(`<si>${textElement(text)}</si>`);
      if (sst.full) await sst.flush();
    }
    await sst.end('</sst>');
    const bytes = await out.finish();
    await rename(partial, path);
    return { sheets: summary, bytes };
  } catch (error) {
    await out.abort();
    await rm(partial, { force: true });
    throw error;
  }
}

/** The zip being written: parts deflated by fflate and written to the file as they come. */
class ZipOut {
  private readonly pending: Uint8Array[] = [];
  private error: Error | null = null;
  private bytes = 0;
  private readonly zip: Zip;
  private readonly encoder = new TextEncoder();

  private constructor(private readonly fh: FileHandle, private readonly level: DeflateOptions['level']) {
    this.zip = new Zip((error, data) => { if (error) this.error = error; else { this.pending.push(data); this.bytes += data.length; } });
  }

  static async open(path: string, level: DeflateOptions['level']): Promise<ZipOut> {
    return new ZipOut(await open(path, 'w'), level);
  }

  async writePart(name: string, xml: string): Promise<void> {
    this.startPart(name).push(this.encoder.encode(xml), true);
    await this.flush();
  }

  /** A part written in pieces of about CHUNK_CHARS: add text, flush when full, end with its tail. */
  part(name: string, head: string): PartWriter {
    return new PartWriter(this.startPart(name), head, this.encoder, () => this.flush());
  }

  /** Ends the zip and closes the file; returns its size in bytes. */
  async finish(): Promise<number> {
    this.zip.end();
    await this.flush();
    await this.fh.close();
    return this.bytes;
  }

  async abort(): Promise<void> {
    this.zip.terminate();
    await this.fh.close().catch(() => undefined);
  }

  /** fflate's Zip emits a part only after the parts before it end, so parts are written one by one. */
  private startPart(name: string): ZipDeflate {
    const part = new ZipDeflate(name, { level: this.level });
    part.mtime = ENTRY_TIME;
    this.zip.add(part);
    return part;
  }

  private async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.pending.length > 0) await this.fh.writev(this.pending.splice(0));
  }
}

/** The workbook's shared strings: short repeated texts are written once and referred to by index. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  /** Cells that refer to a shared string (the `count` of sharedStrings.xml). */
  uses = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.index.size;
  }

  /** The text's index, made when there is room and the text is short; undefined: write the text inline. */
  indexOf(text: string): number | undefined {
    let i = this.index.get(text);
    if (i === undefined && this.index.size < this.limit && text.length <= MAX_SHARED_LENGTH) {
      i = this.index.size;
      this.index.set(text, i);
    }
    if (i !== undefined) this.uses++;
    return i;
  }

  texts(): Iterable<string> {
    return this.index.keys();
  }
}

/** One part's XML, handed to the deflater in pieces of about CHUNK_CHARS. */
class PartWriter {
  constructor(private readonly part: ZipDeflate, private xml: string, private readonly encoder: TextEncoder, private readonly write: () => Promise<void>) {}

  add(text: string): void {
    this.xml += text;
  }

  get full(): boolean {
    return this.xml.length >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    this.part.push(this.encoder.encode(this.xml));
    this.xml = '';
    await this.write();
  }

  async end(tail: string): Promise<void> {
    this.part.push(this.encoder.encode(this.xml + tail), true);
    this.xml = '';
    await this.write();
  }
}

/** One worksheet; returns its number of rows (empty rows included). Rows of a sync iterable are not awaited one by one. */
async function writeSheet(out: ZipOut, name: string, sheet: XlsxSheetInput, shared: SharedStrings): Promise<number> {
  const part = out.part(name, `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetFormatPr defaultColWidth="12" defaultRowHeight="15"/><sheetData>`);
  let rowNumber = 0;
  const addRow = (cells: XlsxCell[]): void => {
    rowNumber++;
    if (!Array.isArray(cells)) throw new TypeError(`sheet "${sheet.name}" row ${rowNumber}: expected an array of cells, got ${typeof cells}`);
    const row = rowCellsXml(cells, rowNumber, sheet.name, shared);
    // A row with nothing in it is left out; the next row keeps its own number, as in Excel.
    if (row.length > 0) part.add(`<row r="${rowNumber}">${row}</row>`);
  };
  const rows = sheet.rows;
  if (Symbol.asyncIterator in rows) {
    for await (const cells of rows as AsyncIterable<XlsxCell[]>) { addRow(cells); if (part.full) await part.flush(); }
  } else {
    for (const cells of rows as Iterable<XlsxCell[]>) { addRow(cells); if (part.full) await part.flush(); }
  }
  await part.end('</sheetData></worksheet>');
  return rowNumber;
}

/** The `<c>` elements of one row: text shared or inline, numbers, dates with the date style; blanks left out. */
function rowCellsXml(cells: XlsxCell[], rowNumber: number, sheetName: string, shared: SharedStrings): string {
  let row = '';
  for (let c = 0; c < cells.length; c++) {
    const value = cells[c];
    if (value === null || value === undefined || value === '') continue;
    const ref = columnRef(c) + rowNumber;
    if (typeof value === 'string') {
      if (value.length > MAX_CELL_TEXT) throw new RangeError(`sheet "${sheetName}" cell ${ref}: ${value.length} characters, more than Excel's ${MAX_CELL_TEXT} per cell`);
      const index = shared.indexOf(value);
      row += index !== undefined ? `<c r="${ref}" t="s"><v>${index}</v></c>` : `<c r="${ref}" t="inlineStr"><is>${textElement(value)}</is></c>`;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`sheet "${sheetName}" cell ${ref}: ${value} is not a number a spreadsheet can hold`);
      row += `<c r="${ref}"><v>${value}</v></c>`;
    } else if (typeof value === 'object' && typeof value.date === 'string') {
      row += `<c r="${ref}" s="${DATE_STYLE}"><v>${dateSerial(value.date, sheetName, ref)}</v></c>`;
    } else {
      throw new TypeError(`sheet "${sheetName}" cell ${ref}: cannot write ${JSON.stringify(value)} (expected text, a number, {date: 'YYYY-MM-DD'} or null)`);
    }
  }
  return row;
}

const columnRefs: string[] = [];
function columnRef(index: number): string {
  return columnRefs[index] ?? (columnRefs[index] = columnName(index));
}

/** Dates repeat (a release covers a few thousand days), so each one is validated and converted once. */
const serialCache = new Map<string, number>();

function dateSerial(iso: string, sheet: string, ref: string): number {
  const cached = serialCache.get(iso);
  if (cached !== undefined) return cached;
  const serial = isIsoDate(iso) ? isoToSerial(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))) : null;
  if (serial === null) throw new RangeError(`sheet "${sheet}" cell ${ref}: date ${JSON.stringify(iso)} is not a YYYY-MM-DD calendar date from 1900-01-01 on`);
  if (serialCache.size >= 100_000) serialCache.clear();
  serialCache.set(iso, serial);
  return serial;
}

const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const ESCAPES = /[&<>\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;

/**
 * `<t>` with text escaped for XML, and for Excel's ST_Xstring: characters XML 1.0 cannot carry
 * (control characters; a carriage return, which XML parsers turn into a line feed) become
 * `_xHHHH_`, and an underscore that would start such an escape becomes `_x005F_`.
 */
function textElement(text: string): string {
  const escaped = NEEDS_ESCAPE.test(text)
    ? text.replace(ESCAPES, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`))
    : text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  // Leading or trailing whitespace survives only with xml:space="preserve".
  return first <= 32 || last <= 32 ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}

/** Excel refuses a workbook whose sheet names break its rules, so they are checked before anything is written. */
function validateSheetNames(names: string[]): void {
  if (names.length === 0) throw new RangeError('an XLSX workbook needs at least one sheet');
  const seen = new Set<string>();
  for (const name of names) {
    const problem =
      name.length === 0 ? 'is empty'
      : name.length > 31 ? 'is longer than 31 characters'
      : /[:\\/?*[\]]/.test(name) ? 'contains one of : \\ / ? * [ ]'
      : name.startsWith("'") || name.endsWith("'") ? 'starts or ends with an apostrophe'
      : name.toLowerCase() === 'history' ? 'is reserved by Excel'
      : seen.has(name.toLowerCase()) ? 'is used twice (Excel compares sheet names ignoring case)'
      : null;
    if (problem) throw new RangeError(`sheet name ${JSON.stringify(name)} ${problem}`);
    seen.add(name.toLowerCase());
  }
}

function contentTypes(sheetCount: number): string {
  let xml = `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`;
  for (let n = 1; n <= sheetCount; n++) xml += `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${CT}.worksheet+xml"/>`;
  return `${xml}<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/></Types>`;
}

function workbookXml(names: string[]): string {
  const sheets = names.map((name, i) => `<sheet name="${escapeAttribute(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`;
}

function workbookRels(sheetCount: number): string {
  let xml = `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">`;
  for (let n = 1; n <= sheetCount; n++) xml += `<Relationship Id="rId${n}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${n}.xml"/>`;
  return `${xml}<Relationship Id="rId${sheetCount + 1}" Type="${NS_REL}/styles" Target="styles.xml"/><Relationship Id="rId${sheetCount + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
}
