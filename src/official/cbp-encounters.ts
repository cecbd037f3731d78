/**
 * CBP's southwest land border encounters as published on its public data portal (CSV; columns
 * `Fiscal Year, Month Grouping, Month (abbv), Component, Demographic, Citizenship Grouping, Title of
 * Authority, Encounter Type, Encounter Count`). The current year is marked in the fiscal-year column
 * itself (`2025 (FYTD)`: fiscal year to date, so its months are incomplete and will be revised); that
 * mark becomes `fytd: true`. Every line is either an encounter row or an issue with its line and
 * column: `rowsRead = rows.length + rejected lines`, nothing is dropped silently.
 */
import { splitCsvLine } from '../domain/csv.ts';
import type { RowIssue } from '../domain/provenance.ts';

export interface CbpEncounterRow {
  sourceFile: string;
  /** Physical line in the file (the header is line 1). */
  sourceRow: number;
  fiscalYear: number;
  /** The year is marked "(FYTD)": CBP's fiscal year to date, still open. */
  fytd: boolean;
  /** CBP's `Month Grouping` as published: `FYTD` or `Remaining`. */
  monthGrouping: string;
  /** `OCT` … `SEP` as published, and its calendar month number. */
  month: string;
  monthNumber: number;
  component: string;
  demographic: string;
  citizenship: string;
  titleOfAuthority: string;
  encounterType: string;
  encounterCount: number;
}

export interface CbpEncounters {
  file: string;
  rows: CbpEncounterRow[];
  issues: RowIssue[];
  rowsRead: number;
}

const COLUMNS = ['Fiscal Year', 'Month Grouping', 'Month (abbv)', 'Component', 'Demographic', 'Citizenship Grouping', 'Title of Authority', 'Encounter Type', 'Encounter Count'] as const;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function parseCbpEncounters(text: string, file: string): CbpEncounters {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const issues: RowIssue[] = [];
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    issues.push({ file, row: 1, problem: `not CBP's encounters layout: no column ${missing.map((m) => `"${m}"`).join(', ')} (its columns are ${header.join(', ')})` });
    return { file, rows: [], issues, rowsRead: 0 };
  }
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const rows: CbpEncounterRow[] = [];
  let rowsRead = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    rowsRead++;
    const line = i + 1;
    const cells = splitCsvLine(lines[i]).map((v) => v.trim());
    if (cells.length !== header.length) { issues.push({ file, row: line, value: lines[i], problem: `${cells.length} fields where the header has ${header.length}` }); continue; }
    const row = readRow(cells, at, file, line, issues);
    if (row) rows.push(row);
  }
  return { file, rows, issues, rowsRead };
}

function readRow(cells: string[], at: Record<(typeof COLUMNS)[number], number>, file: string, line: number, issues: RowIssue[]): CbpEncounterRow | null {
  const before = issues.length;
  const bad = (column: string, value: string, problem: string): void => { issues.push({ file, row: line, column, value, problem }); };
  const fy = /^(\d{4})(\s*\(FYTD\))?$/i.exec(cells[at['Fiscal Year']]);
  if (!fy) bad('Fiscal Year', cells[at['Fiscal Year']], 'not a fiscal year (expected e.g. 2024 or "2025 (FYTD)")');
  const month = cells[at['Month (abbv)']].toUpperCase();
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) bad('Month (abbv)', cells[at['Month (abbv)']], 'not a month abbreviation (JAN … DEC)');
  const countText = cells[at['Encounter Count']].replace(/,/g, '');
  if (!/^\d+$/.test(countText)) bad('Encounter Count', cells[at['Encounter Count']], 'not a whole number of encounters');
  for (const c of ['Component', 'Demographic', 'Citizenship Grouping', 'Title of Authority', 'Encounter Type'] as const) {
    if (cells[at[c]] === '') bad(c, '', 'empty');
  }
  if (issues.length > before || !fy) return null;
  return {
    sourceFile: file, sourceRow: line, fiscalYear: Number(fy[1]), fytd: fy[2] !== undefined, monthGrouping: cells[at['Month Grouping']],
    month: cells[at['Month (abbv)']], monthNumber: monthIndex + 1, component: cells[at.Component], demographic: cells[at.Demographic],
    citizenship: cells[at['Citizenship Grouping']], titleOfAuthority: cells[at['Title of Authority']], encounterType: cells[at['Encounter Type']],
    encounterCount: Number(countText),
  };
}

/** Totals per fiscal year, for checking against CBP's own published totals. */
export function totalsByFiscalYear(rows: CbpEncounterRow[]): Map<number, number> {
  const totals = new Map<number, number>();
  for (const r of rows) totals.set(r.fiscalYear, (totals.get(r.fiscalYear) ?? 0) + r.encounterCount);
  return totals;
}
