/**
 * The hot loop: worksheet XML (ECMA-376 Part 1 §18.3) in, rows of strings out, fed one decoded text
 * chunk at a time. It is indexOf-based over the text with no DOM and no tokenizer; a chunk boundary
 * may fall anywhere (inside a tag, an entity, a number), so each push parses only the rows that are
 * known to be complete — everything before the last `<row` start — and carries the rest over.
 */
import { serialToIso } from './excel-dates.ts';
import { decodeXml, decodeXmlText, richText, richTextTags, type RichTextTags } from './xml.ts';

export interface SheetRow {
  /** The 1-based row number in the sheet (`<row r>`), kept when rows in between are absent. */
  row: number;
  /**
   * Values by column (A = 0), null where a cell is absent or empty. Trailing nulls are trimmed, so
   * formatting that runs to column XFD does not make 16,384-wide rows.
   */
  cells: (string | null)[];
}

export interface SheetContext {
  /** Shared strings, with the empty string already turned into null. */
  sharedStrings: (string | null)[];
  /** 1 at each cellXfs index whose number format is a date or time. */
  dateStyles: Uint8Array;
  date1904: boolean;
}

/** A problem inside the sheet XML; the caller adds the file and part name. */
export class SheetXmlError extends Error {}

const enum CellType { Number, Shared, InlineString, FormulaString, Boolean, Error, IsoDate }

const SHEET_DATA = /<([A-Za-z_][\w.-]*:)?sheetData(?=[\s/>])/;
const DATE_CACHE_LIMIT = 50_000;

function isTagEnd(ch: number): boolean {
  // After a tag name: space, tab, newline, carriage return, '>' or '/'.
  return ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13;
}

export class SheetScanner {
  /** True once `</sheetData>` has been read: nothing after it matters, so the caller can stop inflating. */
  done = false;
  private started = false;
  private rest = '';
  private lastRow = 0;
  private rowOpen = '<row';
  private rowClose = '</row>';
  private cOpen = '<c';
  private cClose = '</c>';
  private vOpen = '<v';
  private vOpenPlain = '<v>';
  private vClose = '</v>';
  private sheetDataClose = '</sheetData>';
  private rich: RichTextTags = richTextTags('');
  private readonly dateCache = new Map<string, string>();

  constructor(private readonly ctx: SheetContext) {}

  /** Rows completed by this chunk of text. */
  push(text: string): SheetRow[] {
    const out: SheetRow[] = [];
    if (this.done) return out;
    let buf = this.rest.length === 0 ? text : this.rest + text;
    if (!this.started) {
      const m = SHEET_DATA.exec(buf);
      if (!m) { this.rest = buf; return out; }
      const gt = buf.indexOf('>', m.index);
      if (gt < 0) { this.rest = buf.slice(m.index); return out; }
      this.setPrefix(m[1] ?? '');
      this.started = true;
      if (buf.charCodeAt(gt - 1) === 47) { this.done = true; this.rest = ''; return out; } // <sheetData/>
      buf = buf.slice(gt + 1);
    }
    const end = buf.indexOf(this.sheetDataClose);
    if (end >= 0) {
      this.parseRows(buf, end, out);
      this.done = true;
      this.rest = '';
      return out;
    }
    const cut = buf.lastIndexOf(this.rowOpen);
    if (cut > 0) {
      this.parseRows(buf, cut, out);
      this.rest = buf.slice(cut);
    } else this.rest = buf;
    return out;
  }

  /** The text has ended: a sheet that opened its data must have closed it. */
  end(): void {
    if (this.started && !this.done) throw new SheetXmlError('its XML ends inside the sheet data (the part is cut short)');
  }

  private setPrefix(prefix: string): void {
    this.rowOpen = `<${prefix}row`;
    this.rowClose = `</${prefix}row>`;
    this.cOpen = `<${prefix}c`;
    this.cClose = `</${prefix}c>`;
    this.vOpen = `<${prefix}v`;
    this.vOpenPlain = `<${prefix}v>`;
    this.vClose = `</${prefix}v>`;
    this.sheetDataClose = `</${prefix}sheetData>`;
    this.rich = richTextTags(prefix);
  }

  private parseRows(buf: string, to: number, out: SheetRow[]): void {
    const rowOpen = this.rowOpen;
    const openLength = rowOpen.length;
    const rowClose = this.rowClose;
    let pos = 0;
    for (;;) {
      const i = buf.indexOf(rowOpen, pos);
      if (i < 0 || i >= to) return;
      if (!isTagEnd(buf.charCodeAt(i + openLength))) { pos = i + openLength; continue; }
      const gt = buf.indexOf('>', i + openLength);
      if (gt < 0 || gt >= to) throw new SheetXmlError(`a <row> tag is not closed (near row ${this.lastRow + 1})`);
      let row = 0;
      const r = attributeStart(buf, i + openLength, gt, 114 /* r */);
      if (r >= 0) for (let p = r, ch = buf.charCodeAt(p); ch >= 48 && ch <= 57; ch = buf.charCodeAt(++p)) row = row * 10 + ch - 48;
      // `r` is optional (§18.3.1.73): a row without one follows the previous row.
      if (row === 0) row = this.lastRow + 1;
      this.lastRow = row;
      if (buf.charCodeAt(gt - 1) === 47) { out.push({ row, cells: [] }); pos = gt + 1; continue; }
      let close = buf.indexOf(rowClose, gt);
      if (close < 0 || close > to) close = to;
      out.push({ row, cells: this.parseCells(buf, gt + 1, close, row) });
      pos = close + rowClose.length;
    }
  }

  private parseCells(buf: string, start: number, end: number, row: number): (string | null)[] {
    const cells: (string | null)[] = [];
    const cOpen = this.cOpen;
    const openLength = cOpen.length;
    const cClose = this.cClose;
    let lastCol = -1;
    let pos = start;
    for (;;) {
      const i = buf.indexOf(cOpen, pos);
      if (i < 0 || i >= end) break;
      if (!isTagEnd(buf.charCodeAt(i + openLength))) { pos = i + openLength; continue; }
      // The attributes, char by char: a cell tag is short (`<c r="B7" s="3" t="s">`), and this
      // accepts any order, either quote and any whitespace.
      let col = -1;
      let style = 0;
      let type = CellType.Number;
      let p = i + openLength;
      let selfClosing = false;
      for (;;) {
        let ch = buf.charCodeAt(p);
        if (ch === 62) break;
        if (ch === 47) { selfClosing = true; p++; break; }
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13) { p++; continue; }
        if (p >= end) throw new SheetXmlError(`a cell tag in row ${row} is not closed`);
        const nameStart = p;
        while (ch !== 61 /* = */ && ch !== 32 && p < end) ch = buf.charCodeAt(++p);
        const nameLength = p - nameStart;
        while (ch !== 34 && ch !== 39) ch = buf.charCodeAt(++p); // to the opening quote
        const valueStart = p + 1;
        const valueEnd = buf.indexOf(ch === 34 ? '"' : "'", valueStart);
        if (nameLength === 1) {
          const name = buf.charCodeAt(nameStart);
          if (name === 114 /* r */) {
            col = 0;
            for (let q = valueStart, c = buf.charCodeAt(q); c >= 65 && c <= 90; c = buf.charCodeAt(++q)) col = col * 26 + c - 64;
            col -= 1;
          } else if (name === 115 /* s */) {
            style = 0;
            for (let q = valueStart; q < valueEnd; q++) style = style * 10 + buf.charCodeAt(q) - 48;
          } else if (name === 116 /* t */) {
            type = cellType(buf, valueStart, valueEnd);
          }
        }
        p = valueEnd + 1;
      }
      // `r` is optional on cells too: a cell without one follows the previous cell.
      if (col < 0) col = lastCol + 1;
      lastCol = col;
      let value: string | null = null;
      if (selfClosing) {
        pos = p + 1;
      } else {
        let close = buf.indexOf(cClose, p);
        if (close < 0 || close > end) close = end;
        value = type === CellType.InlineString ? emptyToNull(richText(buf, p + 1, close, this.rich)) : this.cellValue(buf, p + 1, close, type, style, row, col);
        pos = close + cClose.length;
      }
      if (value === null) continue;
      if (col === cells.length) cells.push(value);
      else {
        while (cells.length < col) cells.push(null);
        cells[col] = value;
      }
    }
    return cells;
  }

  private cellValue(buf: string, start: number, end: number, type: CellType, style: number, row: number, col: number): string | null {
    let vStart: number;
    if (buf.startsWith(this.vOpenPlain, start)) vStart = start + this.vOpenPlain.length;
    else {
      // A formula (`<f>…</f>`) may come first, and `<v>` may carry attributes.
      let v = buf.indexOf(this.vOpen, start);
      while (v >= 0 && v < end && !isTagEnd(buf.charCodeAt(v + this.vOpen.length))) v = buf.indexOf(this.vOpen, v + 1);
      if (v < 0 || v >= end) return null;
      const gt = buf.indexOf('>', v);
      if (buf.charCodeAt(gt - 1) === 47) return null; // <v/>
      vStart = gt + 1;
    }
    const vEnd = buf.indexOf(this.vClose, vStart);
    if (vEnd < 0 || vEnd > end || vEnd === vStart) return null;
    switch (type) {
      case CellType.Shared: {
        let index = 0;
        for (let q = vStart; q < vEnd; q++) index = index * 10 + buf.charCodeAt(q) - 48;
        const strings = this.ctx.sharedStrings;
        if (!(index < strings.length)) {
          throw new SheetXmlError(`cell ${columnName(col)}${row} refers to shared string ${buf.slice(vStart, vEnd)}, but the workbook has ${strings.length}`);
        }
        return strings[index];
      }
      case CellType.Number: {
        const raw = buf.slice(vStart, vEnd);
        return style < this.ctx.dateStyles.length && this.ctx.dateStyles[style] === 1 ? this.dateValue(raw) : raw;
      }
      case CellType.Boolean:
        return buf.charCodeAt(vStart) === 49 ? 'TRUE' : 'FALSE';
      case CellType.Error:
        return decodeXml(buf.slice(vStart, vEnd));
      case CellType.IsoDate: {
        // t="d" (ISO 8601 in the cell, §18.18.11): a midnight time adds nothing to a date.
        const iso = buf.slice(vStart, vEnd);
        return iso.replace(/T00:00(:00(\.0+)?)?Z?$/, '');
      }
      default:
        return emptyToNull(decodeXmlText(buf.slice(vStart, vEnd)));
    }
  }

  private dateValue(raw: string): string {
    let iso = this.dateCache.get(raw);
    if (iso === undefined) {
      iso = serialToIso(Number(raw), this.ctx.date1904) ?? raw;
      if (this.dateCache.size >= DATE_CACHE_LIMIT) this.dateCache.clear();
      this.dateCache.set(raw, iso);
    }
    return iso;
  }
}

/** Index of the value of a one-letter attribute in the tag between `from` and `to`, or -1. */
function attributeStart(buf: string, from: number, to: number, letter: number): number {
  for (let p = from; p < to - 2; p++) {
    const ch = buf.charCodeAt(p);
    if ((ch === 32 || ch === 9 || ch === 10 || ch === 13) && buf.charCodeAt(p + 1) === letter) {
      let q = p + 2;
      while (buf.charCodeAt(q) === 32) q++;
      if (buf.charCodeAt(q) !== 61) continue;
      q++;
      while (buf.charCodeAt(q) === 32) q++;
      const quote = buf.charCodeAt(q);
      if (quote === 34 || quote === 39) return q + 1;
    }
  }
  return -1;
}

function cellType(buf: string, start: number, end: number): CellType {
  const first = buf.charCodeAt(start);
  const length = end - start;
  if (first === 115 /* s */) return length === 1 ? CellType.Shared : CellType.FormulaString; // s | str
  if (first === 105 /* i */) return CellType.InlineString;
  if (first === 98 /* b */) return CellType.Boolean;
  if (first === 101 /* e */) return CellType.Error;
  if (first === 100 /* d */) return CellType.IsoDate;
  return CellType.Number;
}

function emptyToNull(text: string): string | null {
  return text.length === 0 ? null : text;
}

/** 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
