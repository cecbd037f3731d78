/**
 * County jail records of people booked on ICE detainers (Yakima County jail, released under
 * Washington's Public Records Act, via UWCHR/ice-air): `Booking ID, Date of Booking, Date of Release,
 * Length of Detention, Charge, …, County, Where (county)?, State, Where (state)?, …, Prior Entry Date,
 * Prior Entry Date, …, Count`. The header names two columns "Prior Entry Date": a CSV reader keyed by
 * name keeps one and loses the other, so columns are taken by position among those of the same name —
 * the first (Listed / Not Listed) → `prior_entry_date_listed`, the second (the date, or Unknown) →
 * `prior_entry_date_raw` and `prior_entry_date`. Dates are m/d/yyyy or m/d/yy, both in one column.
 * A row whose booking date is not a date is quarantined with its line; every other cell is kept as
 * published beside its parsed value (a length of "#VALUE!", a spreadsheet error, is kept raw, NULL parsed).
 */
import { readFile } from 'node:fs/promises';
import { csvRows } from '../../domain/csv.ts';
import { UserError } from '../../domain/errors.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import type { FileHead, Source } from '../types.ts';

/** Header (trimmed) → column, in order of appearance; a repeated header lists its columns in order. */
const COLUMNS: Record<string, string[]> = {
  'Booking ID': [],
  'Date of Booking': ['booking_date_raw'],
  'Date of Release': ['release_date_raw'],
  'Length of Detention': ['length_of_detention_raw'],
  Charge: ['charge'],
  'County/Family Connections': ['county_family_connections'],
  'Country of Origin': ['country_of_origin'],
  'Coming from Jail?': ['coming_from_jail'],
  'Prior Jail Location': ['prior_jail_location'],
  'Coming from Other County/location?': ['coming_from_other_location'],
  County: ['prior_county'],
  'Where (county)?': ['prior_county_where'],
  State: ['prior_state'],
  'Where (state)?': ['prior_state_where'],
  'Released to GEO?': ['released_to_geo'],
  'Probable Cause in Deporation': ['probable_cause'],
  'Prior Entry Date': ['prior_entry_date_listed', 'prior_entry_date_raw'],
  'Why the Suspect is a priority': ['priority_reason'],
  Notes: ['notes'],
  Count: ['count_raw'],
};

const TABLE_COLUMNS = ['jail', 'booking_date', 'booking_date_raw', 'release_date', 'release_date_raw', 'length_of_detention_days', 'length_of_detention_raw',
  'charge', 'county_family_connections', 'country_of_origin', 'coming_from_jail', 'prior_jail_location', 'coming_from_other_location',
  'prior_county', 'prior_county_where', 'prior_state', 'prior_state_where', 'released_to_geo', 'probable_cause',
  'prior_entry_date_listed', 'prior_entry_date_raw', 'prior_entry_date', 'priority_reason', 'notes', 'count'] as const;

function isHeader(line: string | undefined): boolean {
  if (!line) return false;
  const cells = line.split(',').map((c) => c.trim());
  return cells.includes('Date of Booking') && cells.filter((c) => c === 'Prior Entry Date').length === 2;
}

/** `10/1/2016` or `10/5/16` → ISO; null when not a calendar date. A two-digit year is 20yy (the release covers 2016–2017). */
export function jailDate(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return null;
  const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const iso = `${year}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

const blank = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

export const jailDetainers: Source = {
  kind: 'jail-detainers-yakima',
  title: 'County jail bookings on ICE detainers (Yakima County jail CSV: Date of Booking, …, two "Prior Entry Date" columns)',
  tables: ['jail_detainer_bookings'],
  sniff(head: FileHead) {
    if (head.text === null) return { confidence: 0 };
    return isHeader(head.lines.find((l) => l.trim() !== ''))
      ? { confidence: 0.95, reason: 'Date of Booking and two "Prior Entry Date" columns (Yakima County jail detainer records)' } : { confidence: 0 };
  },
  async ingest(head, context) {
    if (head.gzip) throw new UserError(`${context.file}: gzip-compressed jail records are not read; decompress it first`);
    const rows = csvRows(await readFile(head.path, 'utf8'));
    const headerAt = rows.findIndex((r) => r.cells.some((c) => c.trim() !== ''));
    const header = rows[headerAt].cells.map((c) => c.trim());
    const seen = new Map<string, number>();
    const target: (string | null)[] = header.map((h) => {
      const k = seen.get(h) ?? 0;
      seen.set(h, k + 1);
      return COLUMNS[h]?.[k] ?? null;
    });
    const unknown = header.filter((h, i) => target[i] === null && !(h in COLUMNS));
    const issues: RowIssue[] = [];
    const out: Record<string, string | number | null>[] = [];
    const lines: number[] = [];
    let read = 0;
    for (const { line, cells } of rows.slice(headerAt + 1)) {
      if (cells.every((c) => c.trim() === '')) continue;
      read++;
      if (cells.length !== header.length) { issues.push({ file: context.file, row: line, value: cells.join(','), problem: `${cells.length} cells where the header has ${header.length}` }); continue; }
      const raw: Record<string, string | null> = {};
      cells.forEach((c, i) => { if (target[i]) raw[target[i]!] = blank(c); });
      const booking = raw.booking_date_raw ? jailDate(raw.booking_date_raw) : null;
      if (!booking) { issues.push({ file: context.file, row: line, column: 'Date of Booking', value: raw.booking_date_raw ?? '', problem: 'not a date (m/d/yyyy or m/d/yy): a booking needs its date' }); continue; }
      const length = raw.length_of_detention_raw && /^\d+$/.test(raw.length_of_detention_raw) ? Number(raw.length_of_detention_raw) : null;
      const count = raw.count_raw && /^\d+$/.test(raw.count_raw) ? Number(raw.count_raw) : null;
      out.push({
        ...raw, jail: 'Yakima County jail', booking_date: booking, release_date: raw.release_date_raw ? jailDate(raw.release_date_raw) : null,
        length_of_detention_days: length, prior_entry_date: raw.prior_entry_date_raw ? jailDate(raw.prior_entry_date_raw) : null, count,
      });
      lines.push(line);
    }
    if (out.length) {
      const a = await context.store.appender('jail_detainer_bookings');
      for (const [i, r] of out.entries()) {
        a.appendInteger(context.sourceId);
        a.appendBigInt(BigInt(lines[i]));
        for (const c of TABLE_COLUMNS) {
          const v = r[c];
          if (v === null || v === undefined) a.appendNull(); else if (typeof v === 'number') a.appendInteger(v); else a.appendVarchar(v);
        }
        a.endRow();
      }
      a.closeSync();
    }
    await context.quarantine(issues);
    context.progress(read);
    const dates = out.filter((r) => r.release_date_raw !== null && r.release_date === null).length;
    return {
      rowsRead: read, rowsStored: out.length, rowsQuarantined: issues.length,
      notes: [
        'the two "Prior Entry Date" columns are stored as prior_entry_date_listed (the first: Listed / Not Listed) and prior_entry_date_raw / prior_entry_date (the second: the date or Unknown)',
        'Booking ID is not stored (an identifier no report needs)',
        ...(dates ? [`${dates} release dates are not dates (kept as published in release_date_raw)`] : []),
        ...(unknown.length ? [`columns not known, not stored: ${unknown.join(', ')}`] : []),
      ],
    };
  },
};
