/**
 * Finding the tables of an ICE statistics sheet by their shape, never by fixed addresses: ICE moves
 * tables, renames sheets and retitles tables from one year to the next.
 *
 * A table is:
 * - a **title**: a text cell with nothing in the cell to its left or the two to its right;
 * - within the next four rows, one to five **header rows**: text (or years written as numbers, as in the
 *   ICLOS sheet's `2023 … 2024`), starting in the title's column or up to two columns in; or none, when
 *   the title stands alone (blank row above) right over a label-and-number row;
 * - **data rows**: a label and numbers. A text-only row followed by data rows is a **group label**
 *   ("Adult Facility Aliens"); the data end at a blank row, the next title or a text row that is not
 *   followed by data. The `Total` row is one of the data rows (ICE puts it first or last);
 * - **notes**: text rows after the data, up to the next title ("Data from BI Inc. Participants Report …",
 *   "* Data represents 281 unique detainees …"); they travel with the table as caveats.
 * Side-by-side tables share rows: a table's columns end before the next title on its title or header
 * rows, and at the first gap of two empty columns in its header (one empty column is a merged cell).
 */
import { isMonth } from './dimensions.ts';
import { a1, a1Range, isNumeric, isYearNumber, type Grid } from './grid.ts';

export interface FoundTable {
  title: string;
  titleRow: number;
  col: number;
  lastCol: number;
  headerRows: number[];
  labelCols: number[];
  valueCols: number[];
  rows: FoundRow[];
  notes: { cell: string; text: string }[];
  lastRow: number;
  range: string;
  /** Why the table's figures cannot be read (e.g. no data rows); null when they can. */
  problem: string | null;
}

export interface FoundRow {
  row: number;
  /** Labels by label column, after carrying an outer label down (ICE leaves "Bonded Out" blank on its criminality rows). */
  labels: (string | null)[];
  /** The group label row above, if any. */
  group: string | null;
}

const MAX_HEADER_GAP = 4;
const MAX_HEADER_ROWS = 4;

function hasLetter(v: string): boolean {
  return /[A-Za-z]/.test(v);
}

/** Cells in [from, to] of a row: numbers that are not years, other cells. */
function profile(grid: Grid, row: number, from: number, to: number): { numbers: number; years: number; texts: number; first: number } {
  let numbers = 0, years = 0, texts = 0, first = -1;
  const cells = grid.row(row);
  for (let c = from; c <= to && c < cells.length; c++) {
    const v = cells[c];
    if (v === null) continue;
    if (first < 0) first = c;
    if (isNumeric(v)) { if (isYearNumber(v)) years++; else numbers++; } else texts++;
  }
  return { numbers, years, texts, first };
}

function isTitleShape(grid: Grid, row: number, col: number): boolean {
  const v = grid.get(row, col);
  if (v === null || isNumeric(v) || !hasLetter(v) || v.length < 6) return false;
  if (col > 0 && grid.get(row, col - 1) !== null) return false;
  // A bare month name is a merged header cell over its days (the ICLOS sheet's "January" over mid and end).
  if (isMonth(v)) return false;
  return grid.get(row, col + 1) === null && grid.get(row, col + 2) === null;
}

/** Title-shaped cells by row, each with the right edge left to it by the next title-shaped cell on its row. */
function candidates(grid: Grid): { row: number; col: number; bound: number }[] {
  const out: { row: number; col: number; bound: number }[] = [];
  const last = grid.lastCol();
  for (let r = 1; r <= grid.lastRow; r++) {
    const cols: number[] = [];
    grid.row(r).forEach((v, c) => { if (v !== null && isTitleShape(grid, r, c)) cols.push(c); });
    cols.forEach((c, i) => out.push({ row: r, col: c, bound: i + 1 < cols.length ? cols[i + 1] - 1 : last }));
  }
  return out;
}

/** The header rows under a title and the first data row, or null when the title heads no table. */
function headerBelow(grid: Grid, row: number, col: number, bound: number): { headers: number[]; dataRow: number } | null {
  let r = row + 1;
  while (r <= row + MAX_HEADER_GAP && grid.blank(r, col, bound)) r++;
  const headers: number[] = [];
  // ICE sometimes drops the header (FY2025 segregation sheet: "February 2025" straight over its facilities);
  // a title with a blank row above and data right under it is read with unnamed columns.
  const standalone = row === 1 || grid.blank(row - 1, col, bound);
  for (; r <= grid.lastRow && headers.length <= MAX_HEADER_ROWS; r++) {
    if (grid.blank(r, col, bound)) return null;
    const p = profile(grid, r, col, bound);
    // A header may start two columns in, past a merged, empty label cell (FY2019 "ICE Removals" table).
    if (p.first > col + 2 && headers.length === 0) return null;
    if (p.numbers > 0) return headers.length > 0 || (standalone && r === row + 1 && p.first === col && !isNumeric(grid.get(r, col))) ? { headers, dataRow: r } : null;
    // A lone label under a header of several cells is a group label: the data begin there.
    if (headers.length > 0 && p.texts + p.years === 1 && p.first === col) {
      const next = profile(grid, r + 1, col, bound);
      if (next.numbers > 0) return { headers, dataRow: r };
    }
    headers.push(r);
  }
  return null;
}

/** The last column of the header: the union of the header rows, up to a gap of two empty columns. */
function headerExtent(grid: Grid, headers: number[], col: number, bound: number): number {
  let last = col;
  let gap = 0;
  let seen = false;
  for (let c = col; c <= bound; c++) {
    if (headers.some((h) => grid.get(h, c) !== null)) { last = c; gap = 0; seen = true; } else if (seen && ++gap >= 2) break;
  }
  return last;
}

export function findTables(grid: Grid): FoundTable[] {
  const found: { row: number; col: number; bound: number; headers: number[]; dataRow: number }[] = [];
  for (const cand of candidates(grid)) {
    const below = headerBelow(grid, cand.row, cand.col, cand.bound);
    if (below) found.push({ ...cand, ...below });
  }
  // A title whose "header" holds another title in its own column (a sheet banner over the first table) is not a table.
  const lastHeader = (t: { row: number; headers: number[] }): number => t.headers[t.headers.length - 1] ?? t.row;
  const titles = found.filter((t) => !found.some((u) => u !== t && u.col >= t.col && u.col <= t.col + 1 && u.row > t.row && u.row <= lastHeader(t)));
  const isTitleAt = (row: number, from: number, to: number): boolean => titles.some((t) => t.row === row && t.col >= from && t.col <= to);
  return titles.map((t) => {
    // Another title on the title or header rows bounds this table on the right.
    let bound = t.bound;
    for (const u of titles) if (u.col > t.col && u.row >= t.row && u.row <= lastHeader(t)) bound = Math.min(bound, u.col - 1);
    const lastCol = t.headers.length > 0 ? headerExtent(grid, t.headers, t.col, bound) : headerExtent(grid, [t.dataRow], t.col, bound);
    return readBody(grid, t.row, t.col, lastCol, t.headers, t.dataRow, isTitleAt);
  });
}

function readBody(grid: Grid, titleRow: number, col: number, lastCol: number, headers: number[], dataRow: number,
  isTitleAt: (row: number, from: number, to: number) => boolean): FoundTable {
  const dataRows: number[] = [];
  const groups = new Map<number, string>();
  let r = dataRow;
  for (; r <= grid.lastRow; r++) {
    if (isTitleAt(r, col, lastCol) || grid.blank(r, col, lastCol)) break;
    const p = profile(grid, r, col, lastCol);
    if (p.numbers + p.years > 0) { dataRows.push(r); continue; }
    const next = profile(grid, r + 1, col, lastCol);
    if (next.numbers > 0 && p.texts === 1 && p.first === col) { groups.set(r, grid.get(r, col)!); continue; }
    break;
  }
  // Notes: text rows after the data, through blank rows, up to the next title or data.
  const notes: { cell: string; text: string }[] = [];
  let lastRow = dataRows.length > 0 ? dataRows[dataRows.length - 1] : dataRow;
  let blanks = 0;
  for (; r <= grid.lastRow && blanks < 3; r++) {
    if (isTitleAt(r, col, lastCol)) break;
    if (grid.blank(r, col, lastCol)) { blanks++; continue; }
    const p = profile(grid, r, col, lastCol);
    if (p.numbers + p.years > 0 || p.texts !== 1 || p.first > col + 1) break;
    notes.push({ cell: a1(r, p.first), text: grid.get(r, p.first)! });
    lastRow = r;
    blanks = 0;
  }
  const firstValue = firstValueCol(grid, dataRows, col, lastCol);
  // A label column empty on every data row is the second half of a merged label cell: not a dimension.
  const labelCols = range(col, firstValue - 1).filter((c) => dataRows.some((r) => grid.get(r, c) !== null));
  const valueCols = range(firstValue, lastCol);
  const rows = labelRows(grid, dataRows, groups, labelCols);
  const title = grid.get(titleRow, col)!;
  const problem = dataRows.length === 0 ? 'no data rows under the header' : labelCols.length === 0 ? 'no label column before the numbers' : null;
  return { title, titleRow, col, lastCol, headerRows: headers, labelCols, valueCols, rows, notes, lastRow,
    range: a1Range(titleRow, col, lastRow, lastCol), problem };
}

function firstValueCol(grid: Grid, dataRows: number[], col: number, lastCol: number): number {
  let first = lastCol + 1;
  for (const r of dataRows) {
    for (let c = col; c <= lastCol && c < first; c++) if (isNumeric(grid.get(r, c))) first = c;
  }
  return first;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let c = from; c <= to; c++) out.push(c);
  return out;
}

/** Carries outer labels down: ICE writes "Bonded Out" once and leaves it blank on the rows under it. */
function labelRows(grid: Grid, dataRows: number[], groups: Map<number, string>, labelCols: number[]): FoundRow[] {
  const out: FoundRow[] = [];
  let carried: (string | null)[] = labelCols.map(() => null);
  let group: string | null = null;
  let prev = 0;
  for (const r of dataRows) {
    for (const [g, text] of groups) if (g > prev && g < r) group = text;
    prev = r;
    const labels = labelCols.map((c) => grid.get(r, c));
    if (labels[0] !== null) carried = labelCols.map(() => null);
    for (let i = 0; i < labels.length - 1; i++) {
      if (labels[i] === null) labels[i] = carried[i];
      else carried[i] = labels[i];
    }
    out.push({ row: r, labels, group });
  }
  return out;
}
