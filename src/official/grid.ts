/**
 * A sheet held in memory as a grid of trimmed strings (read by workbook-grids.ts). ICE's detention workbooks are small (the largest
 * sheet has under 6,000 cells), and finding tables needs to look up, down and sideways, so the rows
 * the streaming reader yields are kept.
 */
export class Grid {
  /** Rows by 1-based row number; cells by 0-based column; null where empty. */
  constructor(readonly sheet: string, private readonly rows: Map<number, (string | null)[]>, readonly lastRow: number) {}

  get(row: number, col: number): string | null {
    return this.rows.get(row)?.[col] ?? null;
  }

  /** Cells of a row, trailing empties trimmed (an absent row is empty). */
  row(row: number): (string | null)[] {
    return this.rows.get(row) ?? [];
  }

  get rowCount(): number {
    return this.rows.size;
  }

  lastCol(): number {
    let max = 0;
    for (const cells of this.rows.values()) max = Math.max(max, cells.length - 1);
    return max;
  }

  /** True when no cell of the row in [from, to] holds anything. */
  blank(row: number, from: number, to: number): boolean {
    const cells = this.rows.get(row);
    if (!cells) return true;
    for (let c = from; c <= to && c < cells.length; c++) if (cells[c] !== null) return false;
    return true;
  }
}

/**
 * Trimmed, inner runs of spaces collapsed, as ICE's labels carry stray spaces ("ICE Average   ",
 * "FY2022 ", "Population "); a cell of spaces only is empty.
 */
export function tidy(value: string): string | null {
  const t = value.replace(/[\s\u00a0]+/g, ' ').trim();
  return t.length === 0 ? null : t;
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A cell the sheet stores as a number (the reader gives numbers as their XML text, e.g. `6.2174154187465337E-2`). */
export function isNumeric(value: string | null): boolean {
  return value !== null && NUMBER.test(value);
}

/** Years written as numbers in header rows (the ICLOS sheet's `2023 … 2024 … 2025`). */
export function isYearNumber(value: string | null): boolean {
  return value !== null && /^(19|20)\d\d$/.test(value);
}

/** 0 → A, 25 → Z, 26 → AA. */
export function colName(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function a1(row: number, col: number): string {
  return `${colName(col)}${row}`;
}

export function a1Range(top: number, left: number, bottom: number, right: number): string {
  return top === bottom && left === right ? a1(top, left) : `${a1(top, left)}:${a1(bottom, right)}`;
}

/** One sheet of a workbook as read: chart and dialog sheets have no cells (grid null). */
export interface WorkbookSheet {
  name: string;
  kind: 'worksheet' | 'chartsheet' | 'other';
  grid: Grid | null;
}
