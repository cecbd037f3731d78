/**
 * Date-styled numbers in the stage CSV (sheet-csv.ts): the serial as a quoted ISO field, by the same
 * serial → ISO rule as the scanner (excel-dates.ts), cached per serial. (The cut of ISO date-times
 * in date columns is csv-lines.ts's cutTime.)
 */
import { csvField } from './csv-lines.ts';
import { serialToIso } from './excel-dates.ts';

const DATE_CACHE_LIMIT = 50_000;
/** Whole-day serials up to 2100-01-01 (73,051) are cached in an array indexed by the serial (as in the scanner). */
const DAY_CACHE_SIZE = 73_051;

/** The scanner's dateValue: the serial as ISO text, or the number as written when no date can be it. */
export function dateText(buf: Buffer, start: number, end: number, date1904: boolean): string {
  const raw = buf.toString('utf8', start, end);
  return serialToIso(Number(raw), date1904) ?? raw;
}

/** Date-styled numbers as their quoted ISO fields, cached; one per sheet (the 1904 flag is the workbook's). */
export class DateFields {
  private readonly dateCache = new Map<string, Buffer>();
  /** Filled ahead so the array keeps fast elements (see the scanner's dayCache). */
  private readonly dayCache: (Buffer | undefined)[] = new Array<Buffer | undefined>(DAY_CACHE_SIZE).fill(undefined);

  constructor(private readonly date1904: boolean) {}

  /** A date-styled number as its quoted ISO field. Whole-day serials (most dates) are cached by day. */
  field(buf: Buffer, start: number, end: number): Buffer {
    let day = 0;
    let q = start;
    for (let ch = buf[q]; ch >= 48 && ch <= 57 && q < end; ch = buf[++q]) day = day * 10 + ch - 48;
    if (q === end && day < DAY_CACHE_SIZE) {
      return this.dayCache[day] ?? (this.dayCache[day] = Buffer.from(csvField(dateText(buf, start, end, this.date1904))));
    }
    const raw = buf.toString('utf8', start, end);
    let field = this.dateCache.get(raw);
    if (field === undefined) {
      field = Buffer.from(csvField(serialToIso(Number(raw), this.date1904) ?? raw));
      if (this.dateCache.size >= DATE_CACHE_LIMIT) this.dateCache.clear();
      this.dateCache.set(raw, field);
    }
    return field;
  }
}
