/**
 * A streaming XLSX writer for the synthetic data generator and the benchmarks: rows go out as they
 * come, deflated by fflate and written to disk in chunks, so a million-row sheet needs no more
 * memory than a small one. The package is the minimum Excel and LibreOffice open cleanly
 * (ECMA-376: content types, relationships, workbook, styles, shared strings, sheets).
 */
import { open, rename, rm } from 'node:fs/promises';
import { Zip, ZipDeflate } from 'fflate';
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
  const level = options.level ?? 3;
  const sharedLimit = options.sharedStringLimit ?? 65536;
  const partial = `${path}.partial`;
  const fh = await open(partial, 'w');
  const pending: Uint8Array[] = [];
  let zipError: Error | null = null;
  let bytes = 0;
  const zip = new Zip((error, data) => { if (error) zipError = error; else { pending.push(data); bytes += data.length; } });
  const flush = async (): Promise<void> => {
    if (zipError) throw zipError;
    if (pending.length > 0) await fh.writev(pending.splice(0));
  };
  const encoder = new TextEncoder();
  /** fflate's Zip emits a part only after the parts before it end, so parts are written one by one. */
  const startPart = (name: string): ZipDeflate => {
    const part = new ZipDeflate(name, { level });
    part.mtime = ENTRY_TIME;
    zip.add(part);
    return part;
  };
  const writePart = async (name: string, xml: string): Promise<void> => {
    startPart(name).push(encoder.encode(xml), true);
    await flush();
  };
  try {
    await writePart('[Content_Types].xml', contentTypes(sheets.length));
    await writePart('_rels/.rels', `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
    await writePart('xl/workbook.xml', workbookXml(sheets.map((s) => s.name)));
    await writePart('xl/_rels/workbook.xml.rels', workbookRels(sheets.length));
    await writePart('xl/styles.xml', STYLES);

    const shared = new Map<string, number>();
    let sharedCount = 0;
    const summary: WriteXlsxResult['sheets'] = [];
    for (let n = 0; n < sheets.length; n++) {
      const sheet = sheets[n];
      const part = startPart(`xl/worksheets/sheet${n + 1}.xml`);
      let xml = `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetFormatPr defaultColWidth="12" defaultRowHeight="15"/><sheetData>`;
      let rowNumber = 0;
      const addRow = (cells: XlsxCell[]): void => {
        rowNumber++;
        if (!Array.isArray(cells)) throw new TypeError(`sheet "${sheet.name}" row ${rowNumber}: expected an array of cells, got ${typeof cells}`);
        let row = '';
        for (let c = 0; c < cells.length; c++) {
          const value = cells[c];
          if (value === null || value === undefined || value === '') continue;
          const ref = columnRef(c) + rowNumber;
          if (typeof value === 'string') {
            if (value.length > MAX_CELL_TEXT) throw new RangeError(`sheet "${sheet.name}" cell ${ref}: ${value.length} characters, more than Excel's ${MAX_CELL_TEXT} per cell`);
            let index = shared.get(value);
            if (index === undefined && shared.size < sharedLimit && value.length <= MAX_SHARED_LENGTH) {
              index = shared.size;
              shared.set(value, index);
            }
            if (index !== undefined) { row += `<c r="${ref}" t="s"><v>${index}</v></c>`; sharedCount++; }
            else row += `<c r="${ref}" t="inlineStr"><is>${textElement(value)}</is></c>`;
          } else if (typeof value === 'number') {
            if (!Number.isFinite(value)) throw new RangeError(`sheet "${sheet.name}" cell ${ref}: ${value} is not a number a spreadsheet can hold`);
            row += `<c r="${ref}"><v>${value}</v></c>`;
          } else if (typeof value === 'object' && typeof value.date === 'string') {
            row += `<c r="${ref}" s="${DATE_STYLE}"><v>${dateSerial(value.date, sheet.name, ref)}</v></c>`;
          } else {
            throw new TypeError(`sheet "${sheet.name}" cell ${ref}: cannot write ${JSON.stringify(value)} (expected text, a number, {date: 'YYYY-MM-DD'} or null)`);
          }
        }
        // A row with nothing in it is left out; the next row keeps its own number, as in Excel.
        if (row.length > 0) xml += `<row r="${rowNumber}">${row}</row>`;
      };
      const rows = sheet.rows;
      if (Symbol.asyncIterator in rows) {
        for await (const cells of rows as AsyncIterable<XlsxCell[]>) {
          addRow(cells);
          if (xml.length >= CHUNK_CHARS) { part.push(encoder.encode(xml)); xml = ''; await flush(); }
        }
      } else {
        for (const cells of rows as Iterable<XlsxCell[]>) {
          addRow(cells);
          if (xml.length >= CHUNK_CHARS) { part.push(encoder.encode(xml)); xml = ''; await flush(); }
        }
      }
      part.push(encoder.encode(`${xml}</sheetData></worksheet>`), true);
      await flush();
      summary.push({ name: sheet.name, rows: rowNumber });
    }

    const sst = startPart('xl/sharedStrings.xml');
    let xml = `${XML_DECL}<sst xmlns="${NS_MAIN}" count="${sharedCount}" uniqueCount="${shared.size}">`;
    for (const text of shared.keys()) {
      xml += `<si>${textElement(text)}</si>`;
      if (xml.length >= CHUNK_CHARS) { sst.push(encoder.encode(xml)); xml = ''; await flush(); }
    }
    sst.push(encoder.encode(`${xml}</sst>`), true);
    zip.end();
    await flush();
    await fh.close();
    await rename(partial, path);
    return { sheets: summary, bytes };
  } catch (error) {
    zip.terminate();
    await fh.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
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
