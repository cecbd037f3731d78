/**
 * A found table → its figures: one per numeric cell, with the row labels, group label and column
 * headers as dimensions and the table's measure. Empty cells are not figures: ICE leaves a cell blank
 * where a category did not exist that year (Semiannual: Afghanistan before FY2022).
 */
import { CHILD_VOCABULARIES, columnDimension, fiscalYearOf, monthNumber, rowDimension } from './dimensions.ts';
import type { FoundTable } from './find-tables.ts';
import { a1, isNumeric, type Grid } from './grid.ts';
import { columnMeasure, fiscalYearInText, rowUnit, type MeasureRule } from './measures.ts';
import type { FigureUnit } from './types.ts';

export interface TableFigure {
  caveat: string | null;
  cell: string;
  measure: string;
  dimensions: Record<string, string>;
  value: number;
  unit: FigureUnit;
  fiscalYear: number | null;
}

interface ColumnHead {
  col: number;
  dims: Record<string, string>;
  measure: string;
  unit: FigureUnit;
}

/** Header cells over each value column; a label over a merged span (a year over its months) is filled right. */
function columnHeads(grid: Grid, t: FoundTable, rule: MeasureRule): ColumnHead[] {
  const heads: ColumnHead[] = t.valueCols.map((col) => ({ col, dims: {}, measure: rule.measure, unit: rule.unit }));
  t.headerRows.forEach((hr, i) => {
    const last = i === t.headerRows.length - 1;
    let carry: string | null = null;
    const cells = t.valueCols.map((c) => {
      const v = grid.get(hr, c);
      if (v !== null) carry = v;
      return v ?? (last ? null : carry);
    });
    const dim = columnDimension(cells.filter((v): v is string => v !== null));
    cells.forEach((v, k) => {
      if (v === null) return;
      const head = heads[k];
      const own = columnMeasure(v, rule);
      if (own) { head.measure = own.measure; head.unit = own.unit; }
      if (dim) head.dims[dim] = dim === 'arrestingAgency' ? v.replace(/^percent\s+/i, '') : v;
      else if (!own && t.valueCols.length > 1) head.dims.column = v;
    });
  });
  return heads;
}

/** Names of the label columns, from the last header row that has text over them. */
function labelNames(grid: Grid, t: FoundTable): string[][] {
  return t.labelCols.map((c) => {
    const header = [...t.headerRows].reverse().map((r) => grid.get(r, c)).find((v) => v !== null) ?? null;
    return rowDimension(header);
  });
}

/** Row dimensions of every data row, with parents for a label column that mixes parents and children. */
function rowDims(grid: Grid, t: FoundTable): Record<string, string>[] {
  const names = labelNames(grid, t);
  const single = t.labelCols.length === 1 ? t.rows.map((r) => r.labels[0]).filter((v): v is string => v !== null) : [];
  const vocab = CHILD_VOCABULARIES.find((v) => single.some(v.test) && single.some((l) => !v.test(l) && !/^total$/i.test(l)));
  const groupName = names[0]?.[0] ?? 'category';
  let parent: string | null = null;
  return t.rows.map((r) => {
    const dims: Record<string, string> = {};
    if (r.group !== null) dims[groupName] = r.group;
    const label = r.labels[0];
    if (vocab && label !== null) {
      const [parentName, childName] = names[0].length === 2 ? names[0] : [names[0][0], vocab.dimension];
      if (vocab.test(label) && parent !== null) { dims[parentName] = parent; dims[childName] = label; } else { parent = label; dims[parentName] = label; }
      return dims;
    }
    t.labelCols.forEach((_, i) => {
      const label = r.labels[i];
      if (label === null) return;
      let name = names[i][0];
      if (r.group !== null && name === groupName) name = /days/i.test(label) ? 'lengthOfStay' : 'category';
      dims[name] = label;
    });
    return dims;
  });
}

export function tableFigures(grid: Grid, t: FoundTable, rule: MeasureRule, fallbackFiscalYear: number | null): TableFigure[] {
  const heads = columnHeads(grid, t, rule);
  const dimsByRow = rowDims(grid, t);
  const titleDim = rule.titleDimension ? rule.titleDimension.pattern.exec(t.title)?.[1] : undefined;
  const titleYear = fiscalYearInText(t.title) ?? fallbackFiscalYear;
  const out: TableFigure[] = [];
  t.rows.forEach((r, i) => {
    const unitOfRow = r.labels.map((l) => (l ? rowUnit(l) : null)).find((u) => u !== null) ?? null;
    for (const head of heads) {
      const text = grid.get(r.row, head.col);
      if (!isNumeric(text)) continue;
      const dimensions: Record<string, string> = { ...dimsByRow[i], ...head.dims };
      if (titleDim && rule.titleDimension) dimensions[rule.titleDimension.name] = titleDim;
      out.push({ caveat: null, cell: a1(r.row, head.col), measure: head.measure, dimensions, value: Number(text), unit: unitOfRow ?? head.unit,
        fiscalYear: figureFiscalYear(dimensions, titleYear) });
    }
  });
  markUnreportedMonths(out);
  return out;
}

export const UNREPORTED_MONTH = 'ICE prints 0 for months after the data date of this release: this month and every later one is 0 in every row of the table, so the 0 means not yet reported, not none';

/**
 * Months after a release's data date: a month column whose every figure is 0, like every month column
 * after it, following a month with a figure that is not 0. Only whole columns at the end of the year
 * qualify, so a real 0 in one row (no parole decisions that month) is never marked.
 */
function markUnreportedMonths(figures: TableFigure[]): void {
  const byMonth = new Map<string, TableFigure[]>();
  for (const f of figures) {
    const m = f.dimensions.month;
    if (!m || monthNumber(m) === null) continue;
    const key = `${f.dimensions.calendarYear ?? ''}|${f.measure}|${m}`;
    byMonth.set(key, [...(byMonth.get(key) ?? []), f]);
  }
  const columns = [...byMonth.values()];
  const zero = columns.map((fs) => fs.every((f) => f.value === 0));
  const lastNonZero = zero.lastIndexOf(false);
  if (lastNonZero < 0) return;
  for (let i = lastNonZero + 1; i < columns.length; i++) for (const f of columns[i]) f.caveat = UNREPORTED_MONTH;
}

/**
 * The figure's own fiscal year first (a `FY2018` row or column), then the calendar month and year of
 * the ICLOS and bond tables (October–December belong to the next fiscal year, 31 U.S.C. 1102), then the
 * title's, the sheet's or the file's.
 */
function figureFiscalYear(dims: Record<string, string>, fallback: number | null): number | null {
  if (dims.fiscalYear) return fiscalYearOf(dims.fiscalYear) ?? fallback;
  const month = dims.month ? monthNumber(dims.month) : null;
  const iso = dims.month && /^\d{4}-\d{2}-\d{2}$/.test(dims.month) ? Number(dims.month.slice(0, 4)) : null;
  const year = iso ?? (dims.calendarYear ? Number(dims.calendarYear) : null);
  if (month !== null && year !== null) return month >= 10 ? year + 1 : year;
  return fallback;
}
