/**
 * Reads one ICE detention statistics workbook (ice.gov detention-management page; `FY19-detentionstats.xlsx`
 * … `FY26_detentionStats_02122026.xlsx`) into official figures: every sheet is visited, every table
 * found by its shape (find-tables.ts), every table whose title names a known measure turned into
 * figures, and every other table listed as unrecognised with the reason. Pure reader: nothing is stored.
 */
import type { RowIssue } from '../domain/provenance.ts';
import { findTables, type FoundTable } from './find-tables.ts';
import { footnotesFor, readFootnotes, type FootnoteEntry } from './footnotes.ts';
import { readFacilities, type DetentionFacility } from './facilities.ts';
import { tableFigures } from './figures.ts';
import { a1, a1Range, isNumeric, type Grid } from './grid.ts';
import { fiscalYearInText, measureFor } from './measures.ts';
import type { Caveat, OfficialFigure, OfficialTable, SheetVisit, Vintage } from './types.ts';
import { dataPullDate, fiscalYearFromName, releaseDate } from './vintage.ts';
import type { WorkbookSheet } from './grid.ts';

export interface DetentionWorkbook {
  workbook: string;
  path: string;
  vintage: Vintage;
  sheets: SheetVisit[];
  tables: OfficialTable[];
  figures: OfficialFigure[];
  unrecognised: { sheet: string; title: string; range: string; reason: string }[];
  facilities: DetentionFacility[];
  /** Notes printed under the facility list. */
  facilityNotes: Caveat[];
  footnotes: FootnoteEntry[];
  issues: RowIssue[];
}

type SheetKind = SheetVisit['kind'];

function kindOf(name: string): SheetKind {
  const n = name.trim();
  if (/^header$/i.test(n)) return 'header';
  if (/footnote/i.test(n)) return 'footnotes';
  if (/^facilities\b/i.test(n)) return 'facilities';
  return 'tables';
}

/** A workbook's figures, tables, footnotes and facilities from its sheets already read (src/sources/ice-detention-stats/workbook.ts): pure, no I/O. */
export function interpretDetentionWorkbook(workbook: string, path: string, sheets: WorkbookSheet[]): DetentionWorkbook {
  const grids = new Map<string, Grid>();
  for (const s of sheets) if (s.grid) grids.set(s.name, s.grid);
  const header = [...grids.values()].find((g) => kindOf(g.sheet) === 'header');
  const headerLines = header ? Array.from({ length: header.lastRow }, (_, i) => header.row(i + 1).filter((v): v is string => v !== null).join(' ')) : [];
  const footnotes = [...grids.values()].filter((g) => kindOf(g.sheet) === 'footnotes').flatMap(readFootnotes);
  const fileYear = fiscalYearFromName(workbook);
  const release = releaseDate(workbook, headerLines);
  const vintage: Vintage = { fiscalYear: fileYear, releaseDate: release.date, releaseDateSource: release.source, dataPullDate: null, dataPullSource: null };
  const out: DetentionWorkbook = { workbook, path, vintage, sheets: [], tables: [], figures: [], unrecognised: [], facilities: [], facilityNotes: [], footnotes, issues: [] };

  for (const s of sheets) {
    const grid = grids.get(s.name);
    if (!grid) { out.issues.push({ file: workbook, sheet: s.name, row: null, problem: `a ${s.kind} sheet, not a worksheet: it has no cells to read` }); continue; }
    const kind = kindOf(s.name);
    if (kind === 'facilities') {
      readFacilitySheet(grid, out);
      out.sheets.push({ sheet: s.name, kind, rows: grid.rowCount, tables: 0 });
      continue;
    }
    // The Header sheet is searched for tables too, so a table ICE adds there is not missed; the Footnotes sheet is read as footnotes.
    const found = kind === 'footnotes' ? [] : findTables(grid);
    const sheetYear = fiscalYearInText(s.name) ?? fileYear;
    const preamble = sheetPreamble(grid, found);
    for (const t of found) addTable(grid, t, sheetYear, preamble, out);
    if (kind !== 'footnotes') reportStrayNumbers(grid, found, out);
    out.sheets.push({ sheet: s.name, kind, rows: grid.rowCount, tables: found.length });
  }
  return out;
}

function readFacilitySheet(grid: Grid, out: DetentionWorkbook): void {
  const list = readFacilities(grid, out.workbook);
  out.facilities.push(...list.facilities);
  out.facilityNotes.push(...list.notes);
  out.issues.push(...list.issues);
  for (let r = 1; r <= Math.min(grid.lastRow, 12) && !out.vintage.dataPullDate; r++) {
    for (const v of grid.row(r)) {
      const date = v ? dataPullDate(v) : null;
      if (date) { out.vintage.dataPullDate = date; out.vintage.dataPullSource = `${grid.sheet}!A${r}: "${v}"`; break; }
    }
  }
}

function tableText(grid: Grid, t: FoundTable): string {
  const parts = [t.title];
  for (const r of t.headerRows) parts.push(...grid.row(r).slice(t.col, t.lastCol + 1).filter((v): v is string => v !== null));
  for (const row of t.rows) parts.push(...row.labels.filter((v): v is string => v !== null), row.group ?? '');
  return parts.join(' | ');
}

/**
 * Text above a sheet's first table qualifies all its tables: ICE explains a sheet there ("The data
 * contained within this Semiannual page …", "This Segregation Review Management System (SRMS) data
 * represents …"). Short banner lines (the agency's name, "ICE DETENTION DATA, FY2026") are left out.
 */
function sheetPreamble(grid: Grid, found: FoundTable[]): Caveat[] {
  const first = Math.min(...found.map((t) => t.titleRow));
  const out: Caveat[] = [];
  for (let r = 1; r < first && r <= grid.lastRow; r++) {
    grid.row(r).forEach((v, c) => { if (v !== null && v.length >= 50) out.push({ source: `${grid.sheet}!${a1(r, c)}`, label: 'sheet preamble', text: v }); });
  }
  return out;
}

function addTable(grid: Grid, t: FoundTable, sheetYear: number | null, preamble: Caveat[], out: DetentionWorkbook): void {
  const rule = measureFor(t.title, grid.sheet);
  const reason = t.problem ?? (rule ? null : 'no measure is known for this title (measures.ts)');
  const notes: Caveat[] = t.notes.map((n) => ({ source: `${grid.sheet}!${n.cell}`, label: null, text: n.text }));
  const { caveats, definitions } = footnotesFor(out.footnotes, t.title, grid.sheet, tableText(grid, t));
  const figures = rule && !reason ? tableFigures(grid, t, rule, sheetYear) : [];
  out.tables.push({ workbook: out.workbook, sheet: grid.sheet, title: t.title, range: t.range, recognised: reason === null, reason,
    measure: rule?.measure ?? null, figures: figures.length, caveats: [...notes, ...preamble, ...caveats], definitions });
  if (reason) { out.unrecognised.push({ sheet: grid.sheet, title: t.title, range: t.range, reason }); return; }
  for (const f of figures) {
    out.figures.push({ publisher: 'ICE', workbook: out.workbook, releaseDate: out.vintage.releaseDate, releaseDateSource: out.vintage.releaseDateSource, fiscalYear: f.fiscalYear, sheet: grid.sheet,
      tableTitle: t.title, tableRange: t.range, cell: f.cell, measure: f.measure, dimensions: f.dimensions, value: f.value, unit: f.unit, caveat: f.caveat });
  }
}

/**
 * Numbers that no table found covers: a table the finder could not shape (no title, no header). They
 * are listed as one unrecognised block per sheet, so a layout ICE invents next year shows up here.
 */
function reportStrayNumbers(grid: Grid, found: FoundTable[], out: DetentionWorkbook): void {
  let top = Infinity, left = Infinity, bottom = 0, right = 0, count = 0;
  for (let r = 1; r <= grid.lastRow; r++) {
    grid.row(r).forEach((v, c) => {
      if (!isNumeric(v) || found.some((t) => r >= t.titleRow && r <= t.lastRow && c >= t.col && c <= t.lastCol)) return;
      count++; top = Math.min(top, r); bottom = Math.max(bottom, r); left = Math.min(left, c); right = Math.max(right, c);
    });
  }
  if (count === 0) return;
  const range = a1Range(top, left, bottom, right);
  const reason = `${count} number${count === 1 ? '' : 's'} outside any table found (no title, header and data rows around them)`;
  out.unrecognised.push({ sheet: grid.sheet, title: '(no title)', range, reason });
  out.tables.push({ workbook: out.workbook, sheet: grid.sheet, title: '(no title)', range, recognised: false, reason, measure: null, figures: 0, caveats: [], definitions: [] });
}
