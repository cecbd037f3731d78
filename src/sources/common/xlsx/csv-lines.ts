/**
 * The output side of the worksheet → stage CSV transcoder (sheet-csv.ts): the stage lines as bytes in
 * one buffer, and the field writers. A line is the sheet name, the sheet's row number, then `width`
 * fields: a value quoted with `"` doubled, a missing cell an empty unquoted field (DuckDB reads it as
 * NULL); see docs/xlsx.md.
 * SheetCsv extends this class, so the buffer and its length are fields of the transcoder itself: the
 * cell loop reads and writes them with no object in between.
 */

/** Shared strings as quoted CSV fields, back to back: field i is `bytes[start[i]..start[i+1])`, empty for a null string. */
export interface SharedFields { bytes: Buffer; start: Int32Array }

/** Staged lines: `bytes`, with the end of each line in `rowEnds` (for cutting a piece between rows). */
export interface CsvPiece { bytes: Buffer; rowEnds: Int32Array; rows: number }

/**
 * Room for a piece (Workbook.stageCsv takes one once a megabyte has gathered) and the lines of one more
 * input chunk: each piece's buffer is handed over, so its size is what each piece allocates.
 */
const OUT_BYTES = (1 << 20) + (1 << 18);

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

export class CsvLines {
  protected out = Buffer.allocUnsafe(OUT_BYTES);
  protected len = 0;
  private rowEnds = new Int32Array(8192);
  private rows = 0;
  private readonly sheetField: Buffer;
  protected readonly width: number;
  private readonly isDateColumn: Uint8Array;

  /** `dateColumns`: columns whose ISO date-times are cut to the date (cutTime). */
  constructor(sheet: string, width: number, dateColumns: readonly number[] | undefined) {
    this.sheetField = Buffer.from(`${csvField(sheet)},`);
    this.width = width;
    this.isDateColumn = new Uint8Array(width);
    for (const c of dateColumns ?? []) if (c < width) this.isDateColumn[c] = 1;
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

  /** A whole line from a row read as strings (the old `dataRows`): date columns cut, every value quoted. */
  protected stringLine(row: number, cells: readonly (string | null)[]): void {
    const width = this.width;
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
  protected startLine(row: number): void {
    this.ensure(this.sheetField.length + 16);
    this.len += this.sheetField.copy(this.out, this.len);
    if (row < 10) this.out[this.len++] = 48 + row;
    else this.len += this.out.write(String(row), this.len, 'latin1');
  }

  /** The missing fields after the last written one, and the line break. */
  protected endLine(next: number): void {
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

  /** A field already quoted (`src[from..to)`), at column `col`. */
  protected field(src: Buffer, from: number, to: number, col: number, next: number): void {
    const length = to - from;
    this.ensure(col - next + 1 + length);
    this.commas(col, next);
    const out = this.out;
    const at = this.len;
    if (length <= 24) for (let q = from, o = at; q < to; q++, o++) out[o] = src[q];
    else src.copy(out, at, from, to);
    this.len = at + length;
    if (this.isDateColumn[col] === 1) this.len = cutDateTimeField(out, at, this.len);
  }

  /** Raw text bytes (no entity to decode) as a quoted field, `"` doubled. */
  protected quoted(src: Buffer, from: number, to: number, col: number, next: number): void {
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
    if (this.isDateColumn[col] === 1) this.len = cutDateTimeField(out, at, o);
  }

  /** A decoded value as a field. */
  protected text(value: string, col: number, next: number): void {
    const field = csvField(value);
    this.ensure(col - next + 1 + Buffer.byteLength(field));
    this.commas(col, next);
    const at = this.len;
    this.len += this.out.write(field, at, 'utf8');
    if (this.isDateColumn[col] === 1) this.len = cutDateTimeField(this.out, at, this.len);
  }
}

/**
 * `2025-01-23T14:02:51` (a date-time cell) or `2025-01-23 14:02:51` (text) → `2025-01-23`, in a date
 * column: ICE's date-times are dates (the parse rule drops the time anyway), and a plain ISO date
 * matches the first date format, where each failed format costs DuckDB ~3 µs a cell. Only a
 * well-formed ISO date followed by a time is cut; anything else reaches the parser (and its message)
 * as published. (cutDateTimeField applies the same rule to a written field.)
 */
export function cutTime(cell: string): string {
  return cell.length > 10 && cell.charCodeAt(4) === 45 && cell.charCodeAt(7) === 45 && (cell.charCodeAt(10) === 84 || cell.charCodeAt(10) === 32)
    && /^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}/.test(cell) ? cell.slice(0, 10) : cell;
}

/**
 * cutTime's rule on the field written at `out[at..len)`: `"2025-01-23T14:02:51"` or
 * `"2025-01-23 14:02"` becomes `"2025-01-23"`; anything else stays as published. Returns the field's
 * new end.
 */
export function cutDateTimeField(out: Buffer, at: number, len: number): number {
  const c = at + 1; // the value, after the opening quote
  if (len - at - 2 <= 10) return len;
  const sep = out[c + 10];
  if (out[c + 4] !== 45 || out[c + 7] !== 45 || (sep !== 84 && sep !== 32)) return len;
  for (const k of [0, 1, 2, 3, 5, 6, 8, 9, 11]) if (!isDigit(out[c + k])) return len;
  // \d{1,2}:\d{2} after the separator.
  const ok = (out[c + 12] === 58 && isDigit(out[c + 13]) && isDigit(out[c + 14]))
    || (isDigit(out[c + 12]) && out[c + 13] === 58 && isDigit(out[c + 14]) && isDigit(out[c + 15]));
  if (!ok) return len;
  out[c + 10] = 34;
  return c + 11;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}
