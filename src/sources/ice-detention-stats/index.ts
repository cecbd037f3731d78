/**
 * ICE's detention statistics workbook (ice.gov, detention management: `FY19-detentionstats.xlsx` …
 * `FY26_detentionStats_02122026.xlsx`), recognised by its sheets: a `Detention …` sheet of tables, a
 * `Facilities …` list and a `Footnotes` sheet. The official-statistics domain reads it
 * (src/official/detention-workbook.ts); this source stores what it found:
 *
 *   - every figure of a recognised table → `official_figures` (sheet + cell);
 *   - every table found, recognised or not → `official_tables` (sheet + range);
 *   - every facility listed → `detention_facilities` (sheet + row), with ICE's own facility code where
 *     the workbook's stateless-detainees table prints it beside the name;
 *   - the workbook's vintage, sheets and footnotes → `official_releases`.
 *
 * Rows read = figures + facilities + tables not recognised; a table not recognised (or a block of
 * numbers outside every table) is quarantined with its sheet, title and range, and named in the notes.
 * Each release of a fiscal year is its own file and its own source, so all are kept.
 */
import { basename } from 'node:path';
import type { RowIssue } from '../../domain/provenance.ts';
import { facilityCodesFromFigures, makeFacilityMatcher } from '../../official/facility-match.ts';
import { appendOfficialRows } from '../../official/store.ts';
import { detentionFacilityRow, officialFigureRow, officialTableRow } from '../../official/tables.ts';
import type { FileHead, Source } from '../types.ts';
import { readDetentionWorkbook } from './workbook.ts';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The sheet names that make a workbook ICE's detention statistics. */
export function detentionWorkbookSheets(names: string[]): { detention: boolean; facilities: boolean; footnotes: boolean } {
  const trimmed = names.map((n) => n.trim());
  return {
    detention: trimmed.some((n) => /^Detention\b/i.test(n)),
    facilities: trimmed.some((n) => /^Facilities\b/i.test(n)),
    footnotes: trimmed.some((n) => /^Footnotes$/i.test(n)),
  };
}

export const iceDetentionStats: Source = {
  kind: 'ice-detention-stats',
  title: 'ICE detention statistics workbook (XLSX: Detention, Facilities, ATD, Footnotes sheets), one release',
  tables: ['official_figures', 'official_tables', 'detention_facilities', 'official_releases'],
  sniff(head: FileHead) {
    if (!head.workbook) return { confidence: 0 };
    const s = detentionWorkbookSheets(head.workbook.sheets.map((x) => x.name));
    if (s.detention && s.facilities && s.footnotes) return { confidence: 0.95, reason: 'sheets Detention …, Facilities … and Footnotes of ICE\'s detention statistics' };
    if (s.detention && (s.facilities || s.footnotes)) return { confidence: 0.7, reason: 'a Detention … sheet beside Facilities or Footnotes' };
    return { confidence: 0 };
  },
  async ingest(head, context) {
    const w = await readDetentionWorkbook(head.path);
    const name = basename(context.file);
    const match = makeFacilityMatcher(facilityCodesFromFigures(w.figures));
    const figures = w.figures.map(officialFigureRow);
    const facilities = w.facilities.map((f) => detentionFacilityRow(f, w.vintage, match(f.name, f.city, f.state)));
    await appendOfficialRows(context.store, 'official_figures', context.sourceId, figures);
    await appendOfficialRows(context.store, 'official_tables', context.sourceId, w.tables.map((t) => officialTableRow(t, w.vintage.releaseDate)));
    await appendOfficialRows(context.store, 'detention_facilities', context.sourceId, facilities);
    await appendOfficialRows(context.store, 'official_releases', context.sourceId, [{
      publisher: 'ICE', workbook: w.workbook, fiscal_year: w.vintage.fiscalYear, release_date: w.vintage.releaseDate, release_date_source: w.vintage.releaseDateSource,
      data_pull_date: w.vintage.dataPullDate, data_pull_source: w.vintage.dataPullSource, sheets_json: JSON.stringify(w.sheets),
      figures: figures.length, tables: w.tables.length, unrecognised: w.unrecognised.length, facilities: facilities.length,
      footnotes_json: JSON.stringify(w.footnotes), facility_notes_json: JSON.stringify(w.facilityNotes),
    }]);
    // A table not recognised is a quarantined row with its position; cell issues of stored rows (a
    // facility's numeric column holding text) are recorded too, but the row itself is stored.
    const unrecognised: RowIssue[] = w.unrecognised.map((u) => ({
      file: context.file, sheet: u.sheet, row: rowOf(u.range), column: u.range, value: u.title, problem: `table not recognised: ${u.reason}`,
    }));
    await context.quarantine([...unrecognised, ...w.issues.map((i) => ({ ...i, file: context.file }))]);
    const rowsStored = figures.length + facilities.length;
    context.progress(rowsStored + unrecognised.length);
    const vintage = w.vintage.releaseDate ? `release ${w.vintage.releaseDate} (${w.vintage.releaseDateSource})` : 'no release date in the file name or Header sheet';
    return {
      rowsRead: rowsStored + unrecognised.length, rowsStored, rowsQuarantined: unrecognised.length,
      notes: [
        `${name}: fiscal year ${w.vintage.fiscalYear ?? 'unknown'}, ${vintage}${w.vintage.dataPullDate ? `, data pulled ${w.vintage.dataPullDate}` : ''}`,
        `${fmt(figures.length)} figures from ${fmt(w.tables.length - w.unrecognised.length)} tables recognised on ${w.sheets.length} sheets; ${fmt(facilities.length)} facilities listed`,
        ...w.unrecognised.map((u) => `not recognised: ${u.sheet}!${u.range} "${u.title}": ${u.reason}`),
        ...(w.issues.length ? [`${w.issues.length} cell issue${w.issues.length === 1 ? '' : 's'} (stored as NULL, listed in row_issues)`] : []),
      ],
    };
  },
};

function rowOf(range: string): number | null {
  const m = /^[A-Z]+(\d+)/.exec(range);
  return m ? Number(m[1]) : null;
}
