/**
 * The bulk path of a worksheet: inflated sheet XML (ECMA-376 Part 1 §18.3) in, the stage CSV that
 * engine/staging.ts `viewStageCsv` reads out, as bytes, with no JavaScript string per cell. Each line
 * is the sheet name, the sheet's row number, then `width` fields: a value quoted with `"` doubled, a
 * missing cell an empty unquoted field.
 *
 * It keeps the rules of SheetScanner (sheet-scanner.ts) and of the ingest's row checks:
 * - a row with a non-blank cell beyond `width` is not staged but handed to `onBeyond` (the caller
 *   quarantines it with its message);
 * - ISO date-times in `dateColumns` are cut to the date (cutTime, below);
 * - rows with no cells are staged as blank rows.
 * The common shapes are read here byte by byte: `<c>` tags with `r`, `s` and `t` in any order,
 * `<v>` values (shared strings copied from their encoded bytes, date-styled serials through the same
 * serial → ISO rule as the scanner, cached per serial, numbers copied) and plain inline strings.
 * A cell whose text needs decoding (an entity, an `_xHHHH_` escape, rich text) is decoded by the
 * scanner's own functions, that cell alone; a row of any other shape (a namespace prefix, a formula,
 * an extension element, cells out of column order, an XML error) is read by the scanner itself
 * (`SheetScanner.rowAt`), so the values and the error messages are the scanner's.
 * Measured on the 300,000-row DDP stays workbook: the string path's reader took about 4.7 s of the
 * main thread, mostly allocation (a string per cell, an array per row) and garbage collection.
 * The output buffer and the field writers are csv-lines.ts (CsvLines, which this class extends);
 * date-styled serials are cell-dates.ts.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { CellFields, CellType, cellType, emptyToNull } from './cell-fields.ts';
import { csvField, encodeSharedFields, type CsvPiece, type SharedFields } from './csv-lines.ts';
import { SheetScanner, SheetXmlError, type SheetContext, type SheetRow } from './sheet-scanner.ts';
import { richTextTags } from './xml.ts';

export { csvField, encodeSharedFields, type CsvPiece, type SharedFields };

export interface SheetCsvOptions {
  /** The sheet's name, the first field of every line. */
  sheet: string;
  /** Staged columns; a row with a non-blank cell beyond them is not staged (see onBeyond). */
  width: number;
  /** Rows (in document order, blank ones included) that are not staged: banner and header rows. */
  skipRows?: number;
  /** Rows numbered up to this one are not staged either. */
  skipThroughRow?: number;
  /** Columns whose ISO date-times are cut to the date (cutTime). */
  dateColumns?: readonly number[];
  /**
   * A row with a non-blank cell beyond `width`: it is not staged, and `cells` are its non-empty
   * cells from column `width` on, in column order (as `cells.slice(width)` without the nulls).
   */
  onBeyond(row: number, cells: string[]): void;
}

const SHEET_DATA = /<([A-Za-z_][\w.-]*:)?sheetData(?=[\s/>])/;

function isTagEnd(ch: number): boolean {
  // After a tag name: space, tab, newline, carriage return, '>' or '/'.
  return ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13;
}

export class SheetCsv extends CellFields {
  /** True once `</sheetData>` has been read: the caller can stop inflating. */
  done = false;
  private started = false;
  private first = true;
  private utf16: TextDecoder | null = null;
  private rest: Buffer | null = null;
  private prefix = '';
  private plain = true;
  private rowOpen = Buffer.from('<row');
  private rowClose = Buffer.from('</row>');
  private sheetDataClose = Buffer.from('</sheetData>');
  private lastRow = 0;
  /** Rows seen, in document order (for skipRows). */
  private index = 0;
  /** The row being read by the byte path: fields written so far, and its non-empty cells beyond `width`. */
  private next = 0;
  private beyond: string[] | null = null;
  private beyondCol = -1;
  /** The `<c>` tag just read (cellTag): its column (-1 without `r`), style, type, and whether it closes itself. */
  private cellCol = -1;
  private cellStyle = 0;
  private cellType = CellType.Number;
  private cellClosed = false;
  private readonly skipRows: number;
  private readonly skipThroughRow: number;
  private readonly scanner: SheetScanner;

  constructor(ctx: SheetContext, shared: SharedFields, private readonly options: SheetCsvOptions) {
    super(ctx, shared, options.sheet, options.width, options.dateColumns);
    this.skipRows = options.skipRows ?? 0;
    this.skipThroughRow = options.skipThroughRow ?? 0;
    this.scanner = new SheetScanner(ctx);
  }

  /** Reads a chunk of the sheet's part; the lines it completes wait in the output (take). */
  push(chunk: Uint8Array): void {
    if (this.done) return;
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.first) {
      // The first three bytes decide the encoding, however the part is cut into chunks.
      if (this.rest !== null) { bytes = Buffer.concat([this.rest, bytes]); this.rest = null; }
      if (bytes.length < 3) { this.rest = Buffer.from(bytes); return; }
      this.first = false;
      // As XmlDecoder (zip.ts): UTF-16 when a byte-order mark says so, and a UTF-8 one is not text.
      if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
        this.utf16 = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be');
      } else if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    // A UTF-16 part (rare) is turned into UTF-8 and read by the same code.
    if (this.utf16) bytes = Buffer.from(this.utf16.decode(bytes, { stream: true }), 'utf8');
    this.read(bytes);
  }

  /** The part has ended: a sheet that opened its data must have closed it. */
  end(): void {
    if (this.first && this.rest !== null) { const head = this.rest; this.rest = null; this.first = false; this.read(head); }
    if (this.utf16 && !this.done) this.read(Buffer.from(this.utf16.decode(), 'utf8'));
    if (this.started && !this.done) throw new SheetXmlError('its XML ends inside the sheet data (the part is cut short)');
  }

  private read(bytes: Buffer): void {
    let buf = this.rest === null || this.rest.length === 0 ? bytes : Buffer.concat([this.rest, bytes]);
    this.rest = null;
    if (!this.started) {
      // Latin-1 keeps one character per byte, so the match's index is a byte offset.
      const m = SHEET_DATA.exec(buf.toString('latin1'));
      // Keep only a tail that could hold the start of a cut `<x:sheetData`.
      if (!m) { this.rest = Buffer.from(buf.length > 256 ? buf.subarray(buf.length - 256) : buf); return; }
      const gt = buf.indexOf(62, m.index);
      if (gt < 0) { this.rest = Buffer.from(buf.subarray(m.index)); return; }
      this.setPrefix(m[1] ?? '');
      this.started = true;
      if (buf[gt - 1] === 47) { this.done = true; return; } // <sheetData/>
      buf = buf.subarray(gt + 1);
    }
    // As in the scanner: the rows before the last row start are complete, and `</sheetData>` can only follow it.
    const cut = buf.lastIndexOf(this.rowOpen);
    const isRow = cut >= 0 && isTagEnd(buf[cut + this.rowOpen.length]);
    const end = buf.indexOf(this.sheetDataClose, isRow ? cut : 0);
    if (end >= 0) {
      this.parseRows(buf, end);
      this.done = true;
    } else if (isRow && cut > 0) {
      this.parseRows(buf, cut);
      this.rest = Buffer.from(buf.subarray(cut));
    } else if (cut < 0) {
      // No row starts here at all: keep only a tail that could hold a cut `<row` or `</sheetData>` (keeping all
      // of it made padding between rows cost time growing with its square).
      this.rest = Buffer.from(buf.length > 64 ? buf.subarray(buf.length - 64) : buf);
    } else {
      if (buf.length > 32 << 20) throw new SheetXmlError('a row of more than 32 MB of XML; no real sheet row is that large');
      this.rest = Buffer.from(buf);
    }
  }

  private setPrefix(prefix: string): void {
    this.prefix = prefix;
    this.plain = prefix === '';
    this.rowOpen = Buffer.from(`<${prefix}row`);
    this.rowClose = Buffer.from(`</${prefix}row>`);
    this.sheetDataClose = Buffer.from(`</${prefix}sheetData>`);
    this.rich = richTextTags(prefix);
  }

  private parseRows(buf: Buffer, to: number): void {
    // Bytes that are not UTF-8 are replaced as the text decoder replaces them (U+FFFD), so the
    // stage holds what the scanner would have read; the region ends at a '<', so no character is cut.
    if (!isAscii(buf.subarray(0, to)) && !isUtf8(buf.subarray(0, to))) {
      const fixed = Buffer.from(buf.toString('utf8', 0, to), 'utf8');
      buf = Buffer.concat([fixed, buf.subarray(to)]);
      to = fixed.length;
    }
    const rowOpen = this.rowOpen;
    const openLength = rowOpen.length;
    let pos = 0;
    for (;;) {
      // The next row nearly always starts where the last ended (after a line break at most): checked
      // in place before searching, as a native search per row costs more than the check.
      let i = pos;
      while (buf[i] === 10 || buf[i] === 13 || buf[i] === 32 || buf[i] === 9) i++;
      if (!(this.plain && buf[i] === 60 && buf[i + 1] === 114 && buf[i + 2] === 111 && buf[i + 3] === 119)) i = buf.indexOf(rowOpen, pos);
      if (i < 0 || i >= to) return;
      if (!isTagEnd(buf[i + openLength])) { pos = i + openLength; continue; }
      pos = this.row(buf, i, to);
    }
  }

  /** The row whose `<row` is at `i`; returns the index just past it. */
  private row(buf: Buffer, i: number, to: number): number {
    const previous = this.lastRow;
    let gt = i + this.rowOpen.length;
    while (buf[gt] !== 62 && gt < to) gt++;
    if (gt >= to) return this.stringRow(buf, i, to, previous, false);
    let row = 0;
    const r = attributeStart(buf, i + this.rowOpen.length, gt, 114 /* r */);
    if (r >= 0) for (let p = r, ch = buf[p]; ch >= 48 && ch <= 57; ch = buf[++p]) row = row * 10 + ch - 48;
    // `r` is optional (§18.3.1.73): a row without one follows the previous row.
    if (row === 0) row = previous + 1;
    const skip = this.index++ < this.skipRows || row <= this.skipThroughRow;
    if (buf[gt - 1] === 47) { // <row/>: a blank row
      this.lastRow = row;
      if (!skip) { this.startLine(row); this.endLine(0); }
      return gt + 1;
    }
    if (skip || !this.plain) return this.stringRow(buf, i, to, previous, skip);
    this.lastRow = row;
    const lineStart = this.len;
    this.startLine(row);
    const end = this.cells(buf, gt + 1, to);
    if (end < 0) {
      // Undo the row's output so far and let the scanner read the row.
      this.len = lineStart;
      return this.stringRow(buf, i, to, previous, false);
    }
    const beyond = this.beyond;
    if (beyond !== null && beyond.some((c) => c.trim() !== '')) {
      this.len = lineStart;
      this.options.onBeyond(row, beyond);
      return end;
    }
    this.endLine(this.next);
    return end;
  }

  /**
   * The cells of a row from `pos` (just past its `<row …>`) to its `</row>`, written to the line or
   * set aside beyond `width`. Returns the index just past `</row>`, or -1 when the row is not of a
   * shape read here (the scanner reads it).
   */
  private cells(buf: Buffer, pos: number, to: number): number {
    let next = 0;
    this.beyond = null;
    this.beyondCol = -1;
    let lastCol = -1;
    for (;;) {
      let ch = buf[pos];
      while (ch === 32 || ch === 10 || ch === 13 || ch === 9) ch = buf[++pos];
      if (pos >= to) return -1;
      if (ch !== 60) return -1;
      if (buf[pos + 1] !== 99 || !isTagEnd(buf[pos + 2])) {
        // `</row>` ends the row; anything else (an extension element) is the scanner's to read.
        if (buf[pos + 1] === 47 && buf[pos + 2] === 114 && buf[pos + 3] === 111 && buf[pos + 4] === 119 && buf[pos + 5] === 62) { this.next = next; return pos + 6; }
        return -1;
      }
      const p = this.cellTag(buf, pos + 2, to);
      if (p < 0) return -1;
      const col = this.cellCol < 0 ? lastCol + 1 : this.cellCol;
      lastCol = col;
      if (this.cellClosed) { pos = p + 1; continue; }
      // Where the cell's field goes: a staged column in order, or beyond the header.
      const staged = col < this.width;
      if (staged ? col < next : col <= this.beyondCol) return -1;
      const before = this.len;
      pos = this.cellType !== CellType.InlineString && buf[p + 1] === 60 && buf[p + 2] === 118 && buf[p + 3] === 62
        ? this.valueCell(buf, p, to, col, staged, next)
        : this.cellType === CellType.InlineString ? this.inlineCell(buf, p, to, col, staged, next)
        : -1; // a formula, `<v>` with attributes, `<v/>`, …
      if (pos < 0) return -1;
      // A field written (never empty: at least its quotes) moves the line on; an empty value leaves it as it was.
      if (this.len !== before) next = col + 1;
    }
  }

  /**
   * The attributes of a `<c>` tag from `p` (just past `<c`), as the scanner reads them (any order,
   * either quote, any whitespace), into cellCol, cellStyle, cellType and cellClosed. Returns the index
   * of the tag's '>', or -1 when the tag is cut short.
   */
  private cellTag(buf: Buffer, p: number, to: number): number {
    let col = -1;
    let style = 0;
    let type = CellType.Number;
    let closed = false;
    for (;;) {
      let ch = buf[p];
      if (ch === 62) break;
      if (ch === 47) { closed = true; p++; break; }
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) { p++; continue; }
      if (p >= to) return -1;
      const nameStart = p;
      while (ch !== 61 /* = */ && ch !== 32 && p < to) ch = buf[++p];
      const nameLength = p - nameStart;
      while (ch !== 34 && ch !== 39 && p < to) ch = buf[++p];
      const valueStart = p + 1;
      let valueEnd = valueStart;
      while (buf[valueEnd] !== ch && valueEnd < to) valueEnd++;
      if (valueEnd >= to) return -1;
      if (nameLength === 1) {
        const name = buf[nameStart];
        if (name === 114 /* r */) {
          col = 0;
          for (let q = valueStart, c = buf[q]; c >= 65 && c <= 90; c = buf[++q]) col = col * 26 + c - 64;
          col -= 1;
        } else if (name === 115 /* s */) {
          style = 0;
          for (let q = valueStart; q < valueEnd; q++) style = style * 10 + buf[q] - 48;
        } else if (name === 116 /* t */) {
          type = cellType(buf, valueStart, valueEnd);
        }
      }
      p = valueEnd + 1;
    }
    this.cellCol = col;
    this.cellStyle = style;
    this.cellType = type;
    this.cellClosed = closed;
    return p;
  }

  /**
   * `<v>…</v></c>` after the tag's '>' at `p`, at column `col`. Returns the index just past `</c>`, or
   * -1 when the scanner must read the row.
   */
  private valueCell(buf: Buffer, p: number, to: number, col: number, staged: boolean, next: number): number {
    // The value's text cannot hold a '<', so its end is the next one.
    const vStart = p + 4;
    let vEnd = vStart;
    while (buf[vEnd] !== 60 && vEnd < to) vEnd++;
    if (vEnd >= to || buf[vEnd + 1] !== 47 || buf[vEnd + 2] !== 118) return -1;
    let pos = vEnd + 4;
    if (buf[pos] === 60 && buf[pos + 1] === 47 && buf[pos + 2] === 99 && buf[pos + 3] === 62) pos += 4;
    else return -1;
    if (vEnd === vStart) return pos;
    if (staged) {
      const before = this.len;
      const written = this.value(buf, vStart, vEnd, this.cellType, this.cellStyle, col, next);
      if (written < 0) return -1;
      if (written === 0) this.len = before;
    } else {
      const value = this.valueText(buf, vStart, vEnd, this.cellType, this.cellStyle);
      if (value === undefined) return -1;
      if (value !== null) { (this.beyond ??= []).push(value); this.beyondCol = col; }
    }
    return pos;
  }

  /** An inline-string cell after the tag's '>' at `p`: the index just past its `</c>`, or -1 when it is cut short. */
  private inlineCell(buf: Buffer, p: number, to: number, col: number, staged: boolean, next: number): number {
    // `</c>`: its '<' is the first after the `<is>` content's last tag end.
    let close = p + 1;
    while (close < to && !(buf[close] === 60 && buf[close + 1] === 47 && buf[close + 2] === 99 && buf[close + 3] === 62)) close++;
    if (close >= to) return -1;
    if (staged) {
      const before = this.len;
      if (!this.inline(buf, p + 1, close, col, next)) this.len = before;
    } else {
      const value = emptyToNull(this.richText(buf, p + 1, close));
      if (value !== null) { (this.beyond ??= []).push(value); this.beyondCol = col; }
    }
    return close + 4;
  }

  /**
   * The row at `i`, read by the scanner from its decoded text (up to its first `</row>`, which is
   * its end, since no text or attribute holds a '<'); it throws the scanner's errors.
   */
  private stringRow(buf: Buffer, i: number, to: number, previous: number, skip: boolean): number {
    const close = buf.indexOf(this.rowClose, i);
    const stop = close >= 0 && close < to ? close + this.rowClose.length : to;
    let text = buf.toString('utf8', i, stop);
    let textStop = stop;
    let read: { row: SheetRow; end: number } | null = null;
    try {
      read = this.scanner.rowAt(text, previous, this.prefix);
      if (read.end !== text.length) read = null;
    } catch (error) {
      if (!(error instanceof SheetXmlError)) throw error;
    }
    if (read === null && stop < to) {
      // Malformed XML: the scanner sees all the complete rows, as it would have, for the same outcome.
      text = buf.toString('utf8', i, to);
      textStop = to;
      read = this.scanner.rowAt(text, previous, this.prefix);
    } else if (read === null) read = this.scanner.rowAt(text, previous, this.prefix);
    const { row, end } = read;
    this.lastRow = row.row;
    if (!skip) this.stageCells(row);
    return end === text.length ? textStop : i + Buffer.byteLength(text.slice(0, end));
  }

  /** A row read as strings, staged by the same rules as the byte path (the old `dataRows`). */
  private stageCells({ row, cells }: SheetRow): void {
    const width = this.width;
    if (cells.length > width) {
      const beyond = cells.slice(width).filter((c): c is string => c !== null);
      if (beyond.some((c) => c.trim() !== '')) { this.options.onBeyond(row, beyond); return; }
    }
    this.stringLine(row, cells);
  }

}

/** Index of the value of a one-letter attribute in the tag between `from` and `to`, or -1 (the scanner's rule, on bytes). */
function attributeStart(buf: Buffer, from: number, to: number, letter: number): number {
  for (let p = from; p < to - 2; p++) {
    const ch = buf[p];
    if ((ch === 32 || ch === 9 || ch === 10 || ch === 13) && buf[p + 1] === letter) {
      let q = p + 2;
      while (buf[q] === 32) q++;
      if (buf[q] !== 61) continue;
      q++;
      while (buf[q] === 32) q++;
      const quote = buf[q];
      if (quote === 34 || quote === 39) return q + 1;
    }
  }
  return -1;
}
