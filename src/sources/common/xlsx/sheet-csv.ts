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
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { serialToIso } from './excel-dates.ts';
import { SheetScanner, SheetXmlError, type SheetContext, type SheetRow } from './sheet-scanner.ts';
import { decodeXml, decodeXmlText, richText, richTextTags, type RichTextTags } from './xml.ts';

/** Shared strings as quoted CSV fields, back to back: field i is `bytes[start[i]..start[i+1])`, empty for a null string. */
export interface SharedFields { bytes: Buffer; start: Int32Array }

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

/** Staged lines: `bytes`, with the end of each line in `rowEnds` (for cutting a piece between rows). */
export interface CsvPiece { bytes: Buffer; rowEnds: Int32Array; rows: number }

const enum CellType { Number, Shared, InlineString, FormulaString, Boolean, Error, IsoDate }

const SHEET_DATA = /<([A-Za-z_][\w.-]*:)?sheetData(?=[\s/>])/;
const DATE_CACHE_LIMIT = 50_000;
/** Whole-day serials up to 2100-01-01 (73,051) are cached in an array indexed by the serial (as in the scanner). */
const DAY_CACHE_SIZE = 73_051;
const TRUE_FIELD = Buffer.from('"TRUE"');
const FALSE_FIELD = Buffer.from('"FALSE"');
/**
 * Room for a piece (Workbook.stageCsv takes one once a megabyte has gathered) and the lines of one more
 * input chunk: each piece's buffer is handed over, so its size is what each piece allocates.
 */
const OUT_BYTES = (1 << 20) + (1 << 18);

function isTagEnd(ch: number): boolean {
  // After a tag name: space, tab, newline, carriage return, '>' or '/'.
  return ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13;
}

/** A value as a stage CSV field: every value quoted, `"` doubled (cells may hold commas, quotes and line breaks). */
export function csvField(value: string): string {
  return value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
}

/** The shared-string table as CSV fields, encoded once per workbook. */
export function encodeSharedFields(strings: readonly (string | null)[]): SharedFields {
  const start = new Int32Array(strings.length + 1);
  let total = 0;
  const fields: string[] = new Array<string>(strings.length);
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    const field = s === null ? '' : csvField(s);
    fields[i] = field;
    start[i] = total;
    total += Buffer.byteLength(field);
  }
  start[strings.length] = total;
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < fields.length; i++) bytes.write(fields[i], start[i], 'utf8');
  return { bytes, start };
}

export class SheetCsv {
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
  private rich: RichTextTags = richTextTags('');
  private lastRow = 0;
  /** Rows seen, in document order (for skipRows). */
  private index = 0;
  private out = Buffer.allocUnsafe(OUT_BYTES);
  private len = 0;
  private rowEnds = new Int32Array(8192);
  private rows = 0;
  private readonly sheetField: Buffer;
  private readonly width: number;
  private readonly skipRows: number;
  private readonly skipThroughRow: number;
  private readonly isDateColumn: Uint8Array;
  private readonly scanner: SheetScanner;
  private readonly dateCache = new Map<string, Buffer>();
  /** Filled ahead so the array keeps fast elements (see the scanner's dayCache). */
  private readonly dayCache: (Buffer | undefined)[] = new Array<Buffer | undefined>(DAY_CACHE_SIZE).fill(undefined);

  constructor(private readonly ctx: SheetContext, private readonly shared: SharedFields, private readonly options: SheetCsvOptions) {
    this.sheetField = Buffer.from(`${csvField(options.sheet)},`);
    this.width = options.width;
    this.skipRows = options.skipRows ?? 0;
    this.skipThroughRow = options.skipThroughRow ?? 0;
    this.isDateColumn = new Uint8Array(options.width);
    for (const c of options.dateColumns ?? []) if (c < options.width) this.isDateColumn[c] = 1;
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

  /** Bytes of output waiting. */
  get pending(): number { return this.len; }

  /** The lines staged since the last take; the piece's bytes are the caller's. */
  take(): CsvPiece {
    // The buffer is handed over and a fresh one started (a copy of it cost more).
    const piece = { bytes: this.out.subarray(0, this.len), rowEnds: this.rowEnds.slice(0, this.rows), rows: this.rows };
    this.out = Buffer.allocUnsafe(OUT_BYTES);
    this.len = 0;
    this.rows = 0;
    return piece;
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
      // No row starts here: keep only a tail that could hold a cut `<row` or `</sheetData>` (keeping all
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
    const width = this.width;
    let beyond: string[] | null = null;
    let beyondCol = -1;
    let lastCol = -1;
    /** Fields written so far. */
    let next = 0;
    let pos = gt + 1;
    for (;;) {
      let ch = buf[pos];
      while (ch === 32 || ch === 10 || ch === 13 || ch === 9) ch = buf[++pos];
      if (pos >= to) return this.fallBack(buf, i, to, previous, lineStart);
      if (ch !== 60) return this.fallBack(buf, i, to, previous, lineStart);
      if (buf[pos + 1] !== 99 || !isTagEnd(buf[pos + 2])) {
        // `</row>` ends the row; anything else (an extension element) is the scanner's to read.
        if (buf[pos + 1] === 47 && buf[pos + 2] === 114 && buf[pos + 3] === 111 && buf[pos + 4] === 119 && buf[pos + 5] === 62) { pos += 6; break; }
        return this.fallBack(buf, i, to, previous, lineStart);
      }
      // The attributes, as the scanner reads them (any order, either quote, any whitespace).
      let col = -1;
      let style = 0;
      let type = CellType.Number;
      let p = pos + 2;
      let selfClosing = false;
      for (;;) {
        ch = buf[p];
        if (ch === 62) break;
        if (ch === 47) { selfClosing = true; p++; break; }
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13) { p++; continue; }
        if (p >= to) return this.fallBack(buf, i, to, previous, lineStart);
        const nameStart = p;
        while (ch !== 61 /* = */ && ch !== 32 && p < to) ch = buf[++p];
        const nameLength = p - nameStart;
        while (ch !== 34 && ch !== 39 && p < to) ch = buf[++p];
        const valueStart = p + 1;
        let valueEnd = valueStart;
        while (buf[valueEnd] !== ch && valueEnd < to) valueEnd++;
        if (valueEnd >= to) return this.fallBack(buf, i, to, previous, lineStart);
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
      if (col < 0) col = lastCol + 1;
      lastCol = col;
      if (selfClosing) { pos = p + 1; continue; }
      // Where the cell's field goes: a staged column in order, or beyond the header.
      const staged = col < width;
      if (staged ? col < next : col <= beyondCol) return this.fallBack(buf, i, to, previous, lineStart);
      if (type !== CellType.InlineString && buf[p + 1] === 60 && buf[p + 2] === 118 && buf[p + 3] === 62) {
        // `<v>…</v></c>`: the value's text cannot hold a '<', so its end is the next one.
        const vStart = p + 4;
        let vEnd = vStart;
        while (buf[vEnd] !== 60 && vEnd < to) vEnd++;
        if (vEnd >= to || buf[vEnd + 1] !== 47 || buf[vEnd + 2] !== 118) return this.fallBack(buf, i, to, previous, lineStart);
        pos = vEnd + 4;
        if (buf[pos] === 60 && buf[pos + 1] === 47 && buf[pos + 2] === 99 && buf[pos + 3] === 62) pos += 4;
        else return this.fallBack(buf, i, to, previous, lineStart);
        if (vEnd === vStart) continue;
        if (staged) {
          const before = this.len;
          const written = this.value(buf, vStart, vEnd, type, style, col, next);
          if (written < 0) { this.len = lineStart; return this.stringRow(buf, i, to, previous, false); }
          if (written === 0) { this.len = before; continue; }
          next = col + 1;
        } else {
          const value = this.valueText(buf, vStart, vEnd, type, style);
          if (value === undefined) { this.len = lineStart; return this.stringRow(buf, i, to, previous, false); }
          if (value !== null) { (beyond ??= []).push(value); beyondCol = col; }
        }
      } else if (type === CellType.InlineString) {
        // `</c>`: its '<' is the first after the `<is>` content's last tag end.
        let close = p + 1;
        while (close < to && !(buf[close] === 60 && buf[close + 1] === 47 && buf[close + 2] === 99 && buf[close + 3] === 62)) close++;
        if (close >= to) return this.fallBack(buf, i, to, previous, lineStart);
        pos = close + 4;
        if (staged) {
          const before = this.len;
          if (this.inline(buf, p + 1, close, col, next)) next = col + 1;
          else this.len = before;
        } else {
          const value = emptyToNull(this.richText(buf, p + 1, close));
          if (value !== null) { (beyond ??= []).push(value); beyondCol = col; }
        }
      } else return this.fallBack(buf, i, to, previous, lineStart); // a formula, `<v>` with attributes, `<v/>`, …
    }
    if (beyond !== null && beyond.some((c) => c.trim() !== '')) {
      this.len = lineStart;
      this.options.onBeyond(row, beyond);
      return pos;
    }
    this.endLine(next);
    return pos;
  }

  private readonly cClose = Buffer.from('</c>');

  /** Undoes the row's output so far and lets the scanner read the row. */
  private fallBack(buf: Buffer, i: number, to: number, previous: number, lineStart: number): number {
    this.len = lineStart;
    return this.stringRow(buf, i, to, previous, false);
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
    let line = '';
    for (let c = 0; c < width; c++) {
      let cell = cells[c];
      if (cell != null && this.isDateColumn[c] === 1) cell = cutTime(cell);
      line += cell == null ? ',' : `,${csvField(cell)}`;
    }
    this.startLine(row);
    const bytes = Buffer.byteLength(line);
    this.ensure(bytes + 1);
    this.len += this.out.write(line, this.len, 'utf8');
    this.out[this.len++] = 10;
    this.pushRowEnd();
  }

  /** The sheet field and the row number. */
  private startLine(row: number): void {
    this.ensure(this.sheetField.length + 16);
    this.len += this.sheetField.copy(this.out, this.len);
    if (row < 10) this.out[this.len++] = 48 + row;
    else this.len += this.out.write(String(row), this.len, 'latin1');
  }

  /** The missing fields after the last written one, and the line break. */
  private endLine(next: number): void {
    const missing = this.width - next;
    this.ensure(missing + 1);
    const out = this.out;
    let len = this.len;
    for (let k = 0; k < missing; k++) out[len++] = 44;
    out[len++] = 10;
    this.len = len;
    this.pushRowEnd();
  }

  private pushRowEnd(): void {
    if (this.rows === this.rowEnds.length) {
      const grown = new Int32Array(this.rowEnds.length * 2);
      grown.set(this.rowEnds);
      this.rowEnds = grown;
    }
    this.rowEnds[this.rows++] = this.len;
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.len + extra));
    this.out.copy(grown, 0, 0, this.len);
    this.out = grown;
  }

  /** The commas up to column `col` (from the `next` field to write). */
  private commas(col: number, next: number): void {
    const out = this.out;
    let len = this.len;
    for (let k = next; k <= col; k++) out[len++] = 44;
    this.len = len;
  }

  /**
   * Writes the field of a `<v>` value at column `col`: 1 when written, 0 when the value is empty
   * (nothing to write), -1 when the scanner must read the row (a shared-string index out of range).
   */
  private value(buf: Buffer, start: number, end: number, type: CellType, style: number, col: number, next: number): number {
    switch (type) {
      case CellType.Shared: {
        let index = 0;
        for (let q = start; q < end; q++) index = index * 10 + buf[q] - 48;
        const starts = this.shared.start;
        if (!(index < starts.length - 1)) return -1;
        const from = starts[index];
        const to = starts[index + 1];
        if (from === to) return 0;
        this.field(this.shared.bytes, from, to, col, next);
        return 1;
      }
      case CellType.Number:
        if (style < this.ctx.dateStyles.length && this.ctx.dateStyles[style] === 1) {
          const field = this.dateField(buf, start, end);
          this.field(field, 0, field.length, col, next);
        } else this.quoted(buf, start, end, col, next);
        return 1;
      case CellType.Boolean: {
        const field = buf[start] === 49 ? TRUE_FIELD : FALSE_FIELD;
        this.field(field, 0, field.length, col, next);
        return 1;
      }
      case CellType.FormulaString:
        if (plainText(buf, start, end)) { this.quoted(buf, start, end, col, next); return 1; }
        break;
      case CellType.Error:
        if (!buf.subarray(start, end).includes(38)) { this.quoted(buf, start, end, col, next); return 1; }
        break;
    }
    const text = this.valueText(buf, start, end, type, style);
    if (text === undefined) return -1;
    if (text === null) return 0;
    this.text(text, col, next);
    return 1;
  }

  /** The value as the scanner's cellValue gives it (undefined: a shared string out of range, for the scanner to report). */
  private valueText(buf: Buffer, start: number, end: number, type: CellType, style: number): string | null | undefined {
    switch (type) {
      case CellType.Shared: {
        let index = 0;
        for (let q = start; q < end; q++) index = index * 10 + buf[q] - 48;
        const strings = this.ctx.sharedStrings;
        return index < strings.length ? strings[index] : undefined;
      }
      case CellType.Number:
        return style < this.ctx.dateStyles.length && this.ctx.dateStyles[style] === 1
          ? dateText(buf, start, end, this.ctx.date1904)
          : buf.toString('utf8', start, end);
      case CellType.Boolean:
        return buf[start] === 49 ? 'TRUE' : 'FALSE';
      case CellType.Error:
        return decodeXml(buf.toString('utf8', start, end));
      case CellType.IsoDate:
        // t="d" (ISO 8601 in the cell, §18.18.11): a midnight time adds nothing to a date.
        return buf.toString('utf8', start, end).replace(/T00:00(:00(\.0+)?)?Z?$/, '');
      default:
        return emptyToNull(decodeXmlText(buf.toString('utf8', start, end)));
    }
  }

  /** An inline string (`<is>` content between `start` and `end`); false when it is empty. */
  private inline(buf: Buffer, start: number, end: number, col: number, next: number): boolean {
    // The common shape, `<is><t>text</t></is>` (or `<t xml:space="preserve">`) with nothing to decode, is copied.
    if (buf[start] === 60 && buf[start + 1] === 105 && buf[start + 2] === 115 && buf[start + 3] === 62
      && buf[start + 4] === 60 && buf[start + 5] === 116 && (buf[start + 6] === 62 || buf[start + 6] === 32)) {
      let gt = start + 6;
      while (buf[gt] !== 62 && gt < end) gt++;
      let tEnd = gt;
      while (buf[tEnd] !== 60 && tEnd < end) tEnd++;
      if (gt < end && buf[gt - 1] !== 47 && tEnd + 9 === end && buf[tEnd + 1] === 47 && buf[tEnd + 2] === 116 && buf[tEnd + 3] === 62
        && buf[tEnd + 4] === 60 && buf[tEnd + 5] === 47 && buf[tEnd + 6] === 105 && buf[tEnd + 7] === 115 && buf[tEnd + 8] === 62
        && plainText(buf, gt + 1, tEnd)) {
        if (tEnd === gt + 1) return false;
        this.quoted(buf, gt + 1, tEnd, col, next);
        return true;
      }
    }
    const text = this.richText(buf, start, end);
    if (text.length === 0) return false;
    this.text(text, col, next);
    return true;
  }

  private richText(buf: Buffer, start: number, end: number): string {
    const text = buf.toString('utf8', start, end);
    return richText(text, 0, text.length, this.rich);
  }

  /** A field already quoted (`src[from..to)`), at column `col`. */
  private field(src: Buffer, from: number, to: number, col: number, next: number): void {
    const length = to - from;
    this.ensure(col - next + 1 + length);
    this.commas(col, next);
    const out = this.out;
    const at = this.len;
    if (length <= 24) for (let q = from, o = at; q < to; q++, o++) out[o] = src[q];
    else src.copy(out, at, from, to);
    this.len = at + length;
    if (this.isDateColumn[col] === 1) this.cutDateTime(at);
  }

  /** Raw text bytes (no entity to decode) as a quoted field, `"` doubled. */
  private quoted(src: Buffer, from: number, to: number, col: number, next: number): void {
    this.ensure(col - next + 1 + 2 * (to - from) + 2);
    this.commas(col, next);
    const out = this.out;
    const at = this.len;
    let o = at;
    out[o++] = 34;
    for (let q = from; q < to; q++) {
      const b = src[q];
      out[o++] = b;
      if (b === 34) out[o++] = 34;
    }
    out[o++] = 34;
    this.len = o;
    if (this.isDateColumn[col] === 1) this.cutDateTime(at);
  }

  /** A decoded value as a field. */
  private text(value: string, col: number, next: number): void {
    const field = csvField(value);
    this.ensure(col - next + 1 + Buffer.byteLength(field));
    this.commas(col, next);
    const at = this.len;
    this.len += this.out.write(field, at, 'utf8');
    if (this.isDateColumn[col] === 1) this.cutDateTime(at);
  }

  /**
   * cutTime's rule on the field just written at `at`: `"2025-01-23T14:02:51"` or
   * `"2025-01-23 14:02"` becomes `"2025-01-23"`; anything else stays as published.
   */
  private cutDateTime(at: number): void {
    const out = this.out;
    const c = at + 1; // the value, after the opening quote
    if (this.len - at - 2 <= 10) return;
    const sep = out[c + 10];
    if (out[c + 4] !== 45 || out[c + 7] !== 45 || (sep !== 84 && sep !== 32)) return;
    for (const k of [0, 1, 2, 3, 5, 6, 8, 9, 11]) if (!isDigit(out[c + k])) return;
    // \d{1,2}:\d{2} after the separator.
    const ok = (out[c + 12] === 58 && isDigit(out[c + 13]) && isDigit(out[c + 14]))
      || (isDigit(out[c + 12]) && out[c + 13] === 58 && isDigit(out[c + 14]) && isDigit(out[c + 15]));
    if (!ok) return;
    out[c + 10] = 34;
    this.len = c + 11;
  }

  /** A date-styled number as its quoted ISO field. Whole-day serials (most dates) are cached by day. */
  private dateField(buf: Buffer, start: number, end: number): Buffer {
    let day = 0;
    let q = start;
    for (let ch = buf[q]; ch >= 48 && ch <= 57 && q < end; ch = buf[++q]) day = day * 10 + ch - 48;
    if (q === end && day < DAY_CACHE_SIZE) {
      return this.dayCache[day] ?? (this.dayCache[day] = Buffer.from(csvField(dateText(buf, start, end, this.ctx.date1904))));
    }
    const raw = buf.toString('utf8', start, end);
    let field = this.dateCache.get(raw);
    if (field === undefined) {
      field = Buffer.from(csvField(serialToIso(Number(raw), this.ctx.date1904) ?? raw));
      if (this.dateCache.size >= DATE_CACHE_LIMIT) this.dateCache.clear();
      this.dateCache.set(raw, field);
    }
    return field;
  }
}

/** The scanner's dateValue: the serial as ISO text, or the number as written when no date can be it. */
function dateText(buf: Buffer, start: number, end: number, date1904: boolean): string {
  const raw = buf.toString('utf8', start, end);
  return serialToIso(Number(raw), date1904) ?? raw;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

/** Text with nothing to decode: no entity (`&`) and no `_x` (a possible `_xHHHH_` escape). */
function plainText(buf: Buffer, from: number, to: number): boolean {
  for (let q = from; q < to; q++) {
    const b = buf[q];
    if (b === 38 || (b === 95 && buf[q + 1] === 120)) return false;
  }
  return true;
}

/**
 * `2025-01-23T14:02:51` (a date-time cell) or `2025-01-23 14:02:51` (text) → `2025-01-23`, in a date
 * column: ICE's date-times are dates (the parse rule drops the time anyway), and a plain ISO date
 * matches the first date format, where each failed format costs DuckDB ~3 µs a cell. Only a
 * well-formed ISO date followed by a time is cut; anything else reaches the parser (and its message)
 * as published. (The byte path's cutDateTime applies the same rule to a written field.)
 */
function cutTime(cell: string): string {
  return cell.length > 10 && cell.charCodeAt(4) === 45 && cell.charCodeAt(7) === 45 && (cell.charCodeAt(10) === 84 || cell.charCodeAt(10) === 32)
    && /^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}/.test(cell) ? cell.slice(0, 10) : cell;
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

function cellType(buf: Buffer, start: number, end: number): CellType {
  const first = buf[start];
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

