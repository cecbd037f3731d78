/**
 * The values of the cells the transcoder (sheet-csv.ts) reads itself, as stage CSV fields: shared
 * strings copied from the table encoded once per workbook, date-styled serials through the scanner's
 * serial → ISO rule (cell-dates.ts), other numbers copied, booleans as TRUE/FALSE, plain inline
 * strings copied; a value that needs decoding (an entity, an `_xHHHH_` escape, rich text) goes
 * through the scanner's own functions (xml.ts), that cell alone. ECMA-376 Part 1 §18.3.1.4 (`c`),
 * §18.18.11 (cell types).
 */
import { DateFields, dateText } from './cell-dates.ts';
import { CsvLines, type SharedFields } from './csv-lines.ts';
import type { SheetContext } from './sheet-scanner.ts';
import { decodeXml, decodeXmlText, richText, richTextTags, type RichTextTags } from './xml.ts';

export const enum CellType { Number, Shared, InlineString, FormulaString, Boolean, Error, IsoDate }

const TRUE_FIELD = Buffer.from('"TRUE"');
const FALSE_FIELD = Buffer.from('"FALSE"');

/** The field writers of CsvLines, plus the values of cells; SheetCsv extends it with the reading of rows and cells. */
export class CellFields extends CsvLines {
  /** The rich-text tags under the sheet's namespace prefix (SheetCsv sets them when it finds the prefix). */
  protected rich: RichTextTags = richTextTags('');
  private readonly dates: DateFields;

  constructor(protected readonly ctx: SheetContext, private readonly shared: SharedFields, sheet: string, width: number, dateColumns: readonly number[] | undefined) {
    super(sheet, width, dateColumns);
    this.dates = new DateFields(ctx.date1904);
  }

  /**
   * Writes the field of a `<v>` value at column `col`: 1 when written, 0 when the value is empty
   * (nothing to write), -1 when the scanner must read the row (a shared-string index out of range).
   */
  protected value(buf: Buffer, start: number, end: number, type: CellType, style: number, col: number, next: number): number {
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
          const field = this.dates.field(buf, start, end);
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
  protected valueText(buf: Buffer, start: number, end: number, type: CellType, style: number): string | null | undefined {
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
  protected inline(buf: Buffer, start: number, end: number, col: number, next: number): boolean {
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

  protected richText(buf: Buffer, start: number, end: number): string {
    const text = buf.toString('utf8', start, end);
    return richText(text, 0, text.length, this.rich);
  }
}

/** Text with nothing to decode: no entity (`&`) and no `_x` (a possible `_xHHHH_` escape). */
function plainText(buf: Buffer, from: number, to: number): boolean {
  for (let q = from; q < to; q++) {
    const b = buf[q];
    if (b === 38 || (b === 95 && buf[q + 1] === 120)) return false;
  }
  return true;
}

export function cellType(buf: Buffer, start: number, end: number): CellType {
  const first = buf[start];
  const length = end - start;
  if (first === 115 /* s */) return length === 1 ? CellType.Shared : CellType.FormulaString; // s | str
  if (first === 105 /* i */) return CellType.InlineString;
  if (first === 98 /* b */) return CellType.Boolean;
  if (first === 101 /* e */) return CellType.Error;
  if (first === 100 /* d */) return CellType.IsoDate;
  return CellType.Number;
}

export function emptyToNull(text: string): string | null {
  return text.length === 0 ? null : text;
}
