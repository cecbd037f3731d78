/**
 * The one place src/official/ touches the xlsx format: a workbook's sheets, in workbook order, each read
 * into a Grid by the project's streaming reader (src/sources/common/xlsx/). Everything else in this folder
 * works on Grids, so moving this file (e.g. under sources/ when the readers are wired into ingest) is
 * all a change of layering needs.
 */
import { openWorkbook } from '../sources/common/xlsx/index.ts';
import { Grid, tidy } from './grid.ts';

export interface WorkbookSheet {
  name: string;
  /** Chart sheets and dialog sheets have no cells: their grid is null. */
  kind: 'worksheet' | 'chartsheet' | 'other';
  grid: Grid | null;
}

export async function readWorkbookGrids(path: string): Promise<WorkbookSheet[]> {
  const workbook = await openWorkbook(path);
  const out: WorkbookSheet[] = [];
  for (const sheet of workbook.sheets) {
    if (sheet.kind !== 'worksheet') { out.push({ name: sheet.name, kind: sheet.kind, grid: null }); continue; }
    const rows = new Map<number, (string | null)[]>();
    let lastRow = 0;
    for await (const batch of workbook.rowBatches(sheet.name)) {
      for (const { row, cells } of batch) {
        const clean = cells.map((v) => (v === null ? null : tidy(v)));
        while (clean.length > 0 && clean[clean.length - 1] === null) clean.pop();
        if (clean.length > 0) rows.set(row, clean);
        lastRow = Math.max(lastRow, row);
      }
    }
    out.push({ name: sheet.name, kind: sheet.kind, grid: new Grid(sheet.name, rows, lastRow) });
  }
  return out;
}
