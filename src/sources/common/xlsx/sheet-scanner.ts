/**
 * The hot loop: worksheet XML (ECMA-376 Part 1 §18.3) in, rows of strings out, fed one decoded text
 * chunk at a time. It is indexOf-based over the text with no DOM and no tokenizer; a chunk boundary
 * may fall anywhere (inside a tag, an entity, a number), so each push parses only the rows that are
 * known to be complete — everything before the last `<row` start — and carries the rest over.
 */
import { serialToIso } from './excel-dates.ts';
import { decodeXml, decodeXmlText, ownString, richText, richTextTags, type RichTextTags } from './xml.ts';

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

/** Largest row (its XML) carried from one chunk to the next. */
const MAX_ROW_CHARS = 32 << 20;

const enum CellType { Number, Shared, InlineString, FormulaString, Boolean, Error, IsoDate }

const SHEET_DATA = /<([A-Za-z_][\w.-]*:)?sheetData(?=[\s/>])/;
const DATE_CACHE_LIMIT = 50_000;
/** Whole-day serials up to 2100-01-01 (73,051) are cached in an array indexed by the serial. */
const DAY_CACHE_SIZE = 73_051;

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
  private plain = true;
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
  /** Filled ahead so the array keeps fast elements (V8 turns an array written sparsely at index 40,000 into a dictionary). */
  private readonly dayCache: (string | undefined)[] = new Array<string | undefined>(DAY_CACHE_SIZE).fill(undefined);
  /** Index just past the row parseCells last read. */
  private pos = 0;

  constructor(private readonly ctx: SheetContext) {}

  /** Rows completed by this chunk of text. */
  push(text: string): SheetRow[] {
    const out: SheetRow[] = [];
    if (this.done) return out;
    let buf = this.rest.length === 0 ? text : this.rest + text;
    if (!this.started) {
      const m = SHEET_DATA.exec(buf);
      // Keep only a tail that could hold the start of a cut `<x:sheetData`: what comes before the
      // sheet data (views, column widths) is not needed, and rescanning it would grow with it.
      if (!m) { this.rest = buf.length > 256 ? buf.slice(-256) : buf; return out; }
      const gt = buf.indexOf('>', m.index);
      if (gt < 0) { this.rest = buf.slice(m.index); return out; }
      this.setPrefix(m[1] ?? '');
      this.started = true;
      if (buf.charCodeAt(gt - 1) === 47) { this.done = true; this.rest = ''; return out; } // <sheetData/>
      buf = buf.slice(gt + 1);
    }
    // The last row start bounds the complete rows, and `</sheetData>` can only follow it, so the
    // search for the end starts there ('<' is every few characters in XML: searching the whole
    // chunk for `</sheetData>` costs as much as scanning it).
    const cut = buf.lastIndexOf(this.rowOpen);
    const isRow = cut >= 0 && isTagEnd(buf.charCodeAt(cut + this.rowOpen.length));
    const end = buf.indexOf(this.sheetDataClose, isRow ? cut : 0);
    if (end >= 0) {
      this.parseRows(buf, end, out);
      this.done = true;
      this.rest = '';
    } else if (isRow && cut > 0) {
      this.parseRows(buf, cut, out);
      this.rest = buf.slice(cut);
    } else if (cut < 0) {
      // No row starts here (padding, or markup between rows): only a tail that could hold the start of
      // a cut `<row` or `</sheetData>` is kept. Keeping it all made every later chunk rescan it, and a
      // workbook padded with spaces took minutes (time grew with the square of the padding).
      this.rest = buf.length > 64 ? buf.slice(-64) : buf;
    } else {
      if (buf.length > MAX_ROW_CHARS) throw new SheetXmlError(`a row of more than ${MAX_ROW_CHARS / (1 << 20)} MB of XML (after row ${this.lastRow}); no real sheet row is that large`);
      this.rest = buf;
    }
    return out;
  }

  /** The text has ended: a sheet that opened its data must have closed it. */
  end(): void {
    if (this.started && !this.done) throw new SheetXmlError('its XML ends inside the sheet data (the part is cut short)');
  }

  /**
   * One complete row at the start of `text` (its `<row` tag), read by the same rules as `push`, with
   * `lastRow` the row before it (for a row without `r`). The byte transcoder (sheet-csv.ts) hands
   * over the rows it does not read itself (rare shapes, XML errors), so both paths give the same
   * values and the same errors. Returns the row and the index just past it.
   */
  rowAt(text: string, lastRow: number, prefix: string): { row: SheetRow; end: number } {
    if (this.rowOpen !== `<${prefix}row`) this.setPrefix(prefix);
    this.lastRow = lastRow;
    const out: SheetRow[] = [];
    this.pos = -1;
    this.parseRows(text, text.length, out, true);
    if (out.length !== 1) throw new SheetXmlError(`a <row> tag is not closed (near row ${lastRow + 1})`);
    return { row: out[0], end: this.pos };
  }

  private setPrefix(prefix: string): void {
    this.plain = prefix === '';
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

  /** Complete rows in `buf` before `to`, read in one pass: each row and cell starts where the last ended. */
  private parseRows(buf: string, to: number, out: SheetRow[], one = false): void {
    const rowOpen = this.rowOpen;
    const openLength = rowOpen.length;
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
      if (buf.charCodeAt(gt - 1) === 47) { out.push({ row, cells: [] }); pos = this.pos = gt + 1; if (one) return; continue; }
      out.push({ row, cells: this.parseCells(buf, gt + 1, to, row) });
      pos = this.pos;
      if (one) return;
    }
  }

  private parseCells(buf: string, start: number, to: number, row: number): (string | null)[] {
    const cells: (string | null)[] = [];
    // Without a namespace prefix (nearly every file), tags are matched by character codes: a
    // startsWith or indexOf call per tag costs more than the rest of the cell.
    const plain = this.plain;
    const cOpen = this.cOpen;
    const openLength = cOpen.length;
    const cClose = this.cClose;
    const closeLength = cClose.length;
    const vOpenLength = this.vOpenPlain.length;
    const vCloseLength = this.vClose.length;
    const rowClose = this.rowClose;
    let lastCol = -1;
    let pos = start;
    for (;;) {
      let ch = buf.charCodeAt(pos);
      while (ch === 32 || ch === 10 || ch === 13 || ch === 9) ch = buf.charCodeAt(++pos);
      if (pos >= to) throw new SheetXmlError(`row ${row} is not closed`);
      const isCell = plain
        ? ch === 60 && buf.charCodeAt(pos + 1) === 99 && isTagEnd(buf.charCodeAt(pos + 2))
        : buf.startsWith(cOpen, pos) && isTagEnd(buf.charCodeAt(pos + openLength));
      if (!isCell) {
        if (buf.startsWith(rowClose, pos)) { this.pos = pos + rowClose.length; return cells; }
        // Something other than a cell (an extension element): skip to the next cell or the row's end.
        const close = buf.indexOf(rowClose, pos);
        let next = buf.indexOf(cOpen, pos + 1);
        while (next >= 0 && !isTagEnd(buf.charCodeAt(next + openLength))) next = buf.indexOf(cOpen, next + 1);
        if (close < 0 || close >= to) throw new SheetXmlError(`row ${row} is not closed`);
        pos = next >= 0 && next < close ? next : close;
        continue;
      }
      // The attributes, char by char: a cell tag is short (`<c r="B7" s="3" t="s">`), and this
      // accepts any order, either quote and any whitespace.
      let col = -1;
      let style = 0;
      let type = CellType.Number;
      let p = pos + openLength;
      let selfClosing = false;
      for (;;) {
        ch = buf.charCodeAt(p);
        if (ch === 62) break;
        if (ch === 47) { selfClosing = true; p++; break; }
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13) { p++; continue; }
        if (p >= to) throw new SheetXmlError(`a cell tag in row ${row} is not closed`);
        const nameStart = p;
        while (ch !== 61 /* = */ && ch !== 32 && p < to) ch = buf.charCodeAt(++p);
        const nameLength = p - nameStart;
        while (ch !== 34 && ch !== 39 && p < to) ch = buf.charCodeAt(++p); // to the opening quote
        const valueStart = p + 1;
        let valueEnd = valueStart;
        while (buf.charCodeAt(valueEnd) !== ch && valueEnd < to) valueEnd++;
        if (valueEnd >= to) throw new SheetXmlError(`a cell tag in row ${row} is malformed`);
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
      } else if (type !== CellType.InlineString && (plain
        ? buf.charCodeAt(p + 1) === 60 && buf.charCodeAt(p + 2) === 118 && buf.charCodeAt(p + 3) === 62
        : buf.startsWith(this.vOpenPlain, p + 1))) {
        // The common shape, `<v>…</v></c>`: the value's text cannot hold a '<', so its end is the next one.
        const vStart = p + 1 + vOpenLength;
        let vEnd = vStart;
        while (buf.charCodeAt(vEnd) !== 60 && vEnd < to) vEnd++;
        if (vEnd >= to || !(plain ? buf.charCodeAt(vEnd + 1) === 47 && buf.charCodeAt(vEnd + 2) === 118 : buf.startsWith(this.vClose, vEnd))) {
          throw new SheetXmlError(`cell ${columnName(col)}${row} is malformed`);
        }
        value = vEnd === vStart ? null : this.cellValue(buf, vStart, vEnd, type, style, row, col);
        pos = vEnd + vCloseLength;
        if (plain ? buf.charCodeAt(pos) === 60 && buf.charCodeAt(pos + 1) === 47 && buf.charCodeAt(pos + 2) === 99 && buf.charCodeAt(pos + 3) === 62 : buf.startsWith(cClose, pos)) {
          pos += closeLength;
        } else {
          const close = buf.indexOf(cClose, pos);
          if (close < 0 || close >= to) throw new SheetXmlError(`cell ${columnName(col)}${row} is not closed`);
          pos = close + closeLength;
        }
      } else {
        const close = buf.indexOf(cClose, p);
        if (close < 0 || close >= to) throw new SheetXmlError(`cell ${columnName(col)}${row} is not closed`);
        if (type === CellType.InlineString) value = emptyToNull(richText(buf, p + 1, close, this.rich));
        else {
          const v = this.findValue(buf, p + 1, close);
          if (v >= 0) value = this.cellValue(buf, v, buf.indexOf(this.vClose, v), type, style, row, col);
        }
        pos = close + closeLength;
      }
      if (value === null) continue;
      if (col === cells.length) cells.push(value);
      else {
        while (cells.length < col) cells.push(null);
        cells[col] = value;
      }
    }
  }

  /** Where the text of `<v>` starts inside a cell (after a formula, or with attributes); -1 when empty or absent. */
  private findValue(buf: string, start: number, end: number): number {
    const vOpen = this.vOpen;
    let v = buf.indexOf(vOpen, start);
    while (v >= 0 && v < end && !isTagEnd(buf.charCodeAt(v + vOpen.length))) v = buf.indexOf(vOpen, v + 1);
    if (v < 0 || v >= end) return -1;
    const gt = buf.indexOf('>', v);
    if (buf.charCodeAt(gt - 1) === 47) return -1; // <v/>
    const vEnd = buf.indexOf(this.vClose, gt);
    return vEnd === gt + 1 ? -1 : gt + 1;
  }

  /** The cell's value from the text of its `<v>` (between `start` and `end`). */
  private cellValue(buf: string, start: number, end: number, type: CellType, style: number, row: number, col: number): string | null {
    switch (type) {
      case CellType.Shared: {
        let index = 0;
        for (let q = start; q < end; q++) index = index * 10 + buf.charCodeAt(q) - 48;
        const strings = this.ctx.sharedStrings;
        if (!(index < strings.length)) {
          throw new SheetXmlError(`cell ${columnName(col)}${row} refers to shared string ${buf.slice(start, end)}, but the workbook has ${strings.length}`);
        }
        return strings[index];
      }
      case CellType.Number:
        return style < this.ctx.dateStyles.length && this.ctx.dateStyles[style] === 1 ? this.dateValue(buf, start, end) : buf.slice(start, end);
      case CellType.Boolean:
        return buf.charCodeAt(start) === 49 ? 'TRUE' : 'FALSE';
      case CellType.Error:
        return decodeXml(buf.slice(start, end));
      case CellType.IsoDate:
        // t="d" (ISO 8601 in the cell, §18.18.11): a midnight time adds nothing to a date.
        return buf.slice(start, end).replace(/T00:00(:00(\.0+)?)?Z?$/, '');
      default:
        return emptyToNull(decodeXmlText(buf.slice(start, end)));
    }
  }

  /** A date-styled number as ISO text. Whole-day serials (most dates) are cached by day, without slicing the text. */
  private dateValue(buf: string, start: number, end: number): string {
    let day = 0;
    let q = start;
    for (let ch = buf.charCodeAt(q); ch >= 48 && ch <= 57 && q < end; ch = buf.charCodeAt(++q)) day = day * 10 + ch - 48;
    if (q === end && day < DAY_CACHE_SIZE) {
      return this.dayCache[day] ?? (this.dayCache[day] = serialToIso(day, this.ctx.date1904) ?? buf.slice(start, end));
    }
    const raw = buf.slice(start, end);
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

/** Text values become null when empty, and own copies otherwise (see ownString). */
function emptyToNull(text: string): string | null {
  return text.length === 0 ? null : ownString(text);
}

/** 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
