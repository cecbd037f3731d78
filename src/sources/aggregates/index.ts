/**
 * Official aggregate tables — counts published by ICE or computed by researchers from ICE records —
 * kept as their own kind, `aggregates`, so record counts can be set beside official totals. Two
 * shapes are read (CSV):
 *   - wide by year: a dimension column then one column per year, e.g. ICE's removals by country of
 *     citizenship, `CountryOfCitizenship,2017,2018`. ICE reports by fiscal year, so a year column is
 *     the fiscal year of that name (2017 → FY2017).
 *   - long: dimension columns and one count column (`n`, `count`, `value`), e.g. UWCHR's
 *     `apprehension_criminality,month,apprehension_state,n` from Deportation Data Project arrests.
 * Cells `NA` (R's missing value, as written by the researchers' code), blanks and FOIA markers are
 * missing, never a value. What is counted (removals, arrests …) is not in the table itself: it is
 * taken from the file name's words and said in the `measure` column; the dataset is the file name.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseCsv } from '../../domain/csv.ts';
import { UserError } from '../../domain/errors.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { cleanCell } from '../../domain/records.ts';
import { insertAggregates, type AggregateRow } from '../../records/aggregates.ts';
import type { FileHead, Source } from '../types.ts';

type Dimension = 'fiscalYear' | 'month' | 'citizenshipCountry' | 'state' | 'criminalityRaw';

const DIMENSIONS: Record<string, Dimension> = {
  countryofcitizenship: 'citizenshipCountry', 'country of citizenship': 'citizenshipCountry', 'citizenship country': 'citizenshipCountry',
  'citizenship_country': 'citizenshipCountry', country: 'citizenshipCountry',
  month: 'month', 'fiscal_year': 'fiscalYear', 'fiscal year': 'fiscalYear',
  state: 'state', 'apprehension_state': 'state', 'apprehension state': 'state',
  criminality: 'criminalityRaw', 'apprehension_criminality': 'criminalityRaw', 'apprehension criminality': 'criminalityRaw',
};
const COUNT_COLUMNS = ['n', 'count', 'value', 'total'];
const MAX_BYTES = 64 * 1024 * 1024;

interface Shape { kind: 'wide' | 'long'; header: string[]; dims: { index: number; dim: Dimension }[]; years: { index: number; fy: string }[]; count: number }

function shapeOf(header: string[]): Shape | null {
  const names = header.map((h) => h.trim().toLowerCase());
  const yearColumns = names.map((n, index) => ({ index, m: /^(?:fy\s?)?(\d{4})$/.exec(n) })).filter((y) => y.m);
  const first = DIMENSIONS[names[0]];
  if (first && yearColumns.length >= 1 && yearColumns.length === names.length - 1) {
    return { kind: 'wide', header, dims: [{ index: 0, dim: first }], years: yearColumns.map((y) => ({ index: y.index, fy: `FY${y.m![1]}` })), count: -1 };
  }
  const count = names.findIndex((n) => COUNT_COLUMNS.includes(n));
  const dims = names.map((n, index) => ({ index, dim: DIMENSIONS[n] })).filter((d) => d.dim && d.index !== count);
  if (count >= 0 && dims.length >= 1 && dims.length === names.length - 1) return { kind: 'long', header, dims, years: [], count };
  return null;
}

function firstLine(head: FileHead): string | null {
  return head.lines.find((l) => l.trim() !== '') ?? null;
}

/** The file name's words for what is counted. */
function measureOf(fileName: string): string {
  const words = fileName.toLowerCase();
  for (const m of ['removals', 'arrests', 'encounters', 'detainers', 'book-ins', 'detentions', 'deportations']) if (words.includes(m)) return m;
  return 'count';
}

/** Missing: blank, FOIA-redacted, or R's `NA`. */
function cell(value: string | undefined): string | null {
  const v = cleanCell(value);
  return v === null || v === 'NA' ? null : v;
}

function dimensionValue(dim: Dimension, raw: string | null): string | null {
  if (raw === null) return null;
  if (dim === 'month') return /^\d{4}-\d{2}(-\d{2})?$/.test(raw) ? raw.slice(0, 7) : raw;
  if (dim === 'citizenshipCountry' || dim === 'state') return raw.toUpperCase();
  return raw;
}

export const officialAggregates: Source = {
  kind: 'official-aggregates',
  title: 'Official aggregate table (CSV): a dimension then one column per fiscal year, or dimension columns plus a count column n',
  tables: ['aggregates'],
  sniff(head) {
    if (head.text === null) return { confidence: 0 };
    const line = firstLine(head);
    if (!line || !line.includes(',')) return { confidence: 0 };
    const shape = shapeOf(parseCsv(line)[0] ?? []);
    return shape ? { confidence: 0.8, reason: `an aggregate table (${shape.kind} form: ${shape.header.join(', ')})` } : { confidence: 0 };
  },
  async ingest(head, context) {
    if ((await stat(head.path)).size > MAX_BYTES) throw new UserError(`${context.file}: larger than ${MAX_BYTES / 1048576} MB, too large for an aggregate table`);
    if (head.gzip) throw new UserError(`${context.file}: gzip-compressed aggregate tables are not read; decompress it first`);
    const rows = parseCsv((await readFile(head.path, 'utf8')).replace(/^\uFEFF/, ''));
    const headerIndex = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
    const shape = shapeOf(rows[headerIndex]);
    if (!shape) throw new UserError(`${context.file}: the header "${rows[headerIndex].join(',')}" is not an aggregate table deportwatch reads`);
    const dataset = basename(context.file).replace(/\.[^.]+$/, '');
    const measure = measureOf(basename(context.file));
    const stored: AggregateRow[] = [];
    const issues: RowIssue[] = [];
    let read = 0, storedLines = 0;
    for (let i = headerIndex + 1; i < rows.length; i++) {
      const cells = rows[i];
      const line = i + 1;
      read++;
      if (cells.every((c) => c.trim() === '')) { issues.push({ file: context.file, row: line, problem: 'blank row: no cell has a value' }); continue; }
      if (cells.length !== shape.header.length) {
        issues.push({ file: context.file, row: line, value: cells.join(','), problem: `${cells.length} cells where the header has ${shape.header.length}` });
        continue;
      }
      const base: AggregateRow = { sourceRow: line, dataset, measure, fiscalYear: null, month: null, citizenshipCountry: null, state: null, criminalityRaw: null, value: 0 };
      for (const d of shape.dims) base[d.dim] = dimensionValue(d.dim, cell(cells[d.index]));
      const values = shape.kind === 'wide'
        ? shape.years.map((y) => ({ column: shape.header[y.index].trim(), raw: cells[y.index], fy: y.fy }))
        : [{ column: shape.header[shape.count].trim(), raw: cells[shape.count], fy: null as string | null }];
      const bad = values.find((v) => !/^\s*\d+\s*$/.test(v.raw));
      if (bad) {
        issues.push({ file: context.file, row: line, column: bad.column, value: bad.raw, problem: 'not a whole number (a published count)' });
        continue;
      }
      for (const v of values) stored.push({ ...base, fiscalYear: v.fy ?? base.fiscalYear, value: Number(v.raw.trim()) });
      storedLines++;
    }
    await insertAggregates(context.store, context.sourceId, stored);
    await context.quarantine(issues);
    context.progress(read);
    return {
      rowsRead: read, rowsStored: storedLines, rowsQuarantined: issues.length,
      notes: [`dataset ${dataset}: ${stored.length.toLocaleString('en-US')} published values from ${storedLines.toLocaleString('en-US')} rows (${shape.kind} form); measure "${measure}" taken from the file name`],
    };
  },
};
