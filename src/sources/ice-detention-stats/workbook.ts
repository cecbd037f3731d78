/**
 * Reading an ICE detention statistics workbook from its file: each sheet, in workbook order, into a Grid
 * by the project's streaming reader (../common/xlsx/), then interpreted by the official-statistics
 * domain (src/official/detention-workbook.ts), which works on grids and never touches the format.
 */
import { basename } from 'node:path';
import { openWorkbook } from '../common/xlsx/index.ts';
import { Grid, tidy, type WorkbookSheet } from '../../official/grid.ts';
import { interpretDetentionWorkbook, type DetentionWorkbook } from '../../official/detention-workbook.ts';

/** A workbook file's figures, tables, footnotes and facilities. */
export async function readDetentionWorkbook(path: string): Promise<DetentionWorkbook> {
  return interpretDetentionWorkbook(basename(path), path, await readWorkbookGrids(path));
}

/** Every sheet of a workbook as a grid of tidied cells (trailing blanks cut). */
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
