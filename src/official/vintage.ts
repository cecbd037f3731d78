/**
 * Which release a workbook is. ICE republishes the current year's workbook every few weeks, and its
 * figures change until the year is "locked" (ICE, Header sheet: "Data fluctuate until 'locked' at the
 * conclusion of the fiscal year"), so each file is a vintage.
 *
 * Rule, in order:
 * 1. The file name: `FY26_detentionStats_02122026.xlsx` and `FY25_detentionStats09242025.xlsx` end in the
 *    release date as MMDDYYYY (ICE's own naming since FY2025) → 2026-02-12, 2025-09-24.
 * 2. The Header sheet, when it names a date (`as of 10/07/2024`, `updated 10/07/2024` or a bare
 *    m/d/yyyy). None of the nine workbooks of FY2019–FY2026 seen so far does.
 * 3. Otherwise no release date (null). The Facilities sheet's data pull date ("Data Source: ICE
 *    Integrated Decision Support (IIDS), 09/30/2023") is kept apart as `dataPullDate`: it says when the
 *    data were pulled, not when ICE published the file.
 * The fiscal year is the `FYnn` at the start of the file name.
 */
import { isValidYmd, parseUsDate } from '../domain/dates.ts';
import type { ReleaseDateSource } from './types.ts';

export function fiscalYearFromName(fileName: string): number | null {
  const m = /^FY\s*(\d{2}|\d{4})(?!\d)/i.exec(fileName);
  if (!m) return null;
  return m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
}

/** The MMDDYYYY release date at the end of the name, before `.xlsx`; null when absent or not a calendar day. */
export function releaseDateFromName(fileName: string): string | null {
  const m = /(?:^|[^\d])(\d{2})(\d{2})(\d{4})\.xlsx$/i.exec(fileName);
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidYmd(year, month, day) || year < 2000) return null;
  return `${m[3]}-${m[1]}-${m[2]}`;
}

/** A date named in the Header sheet's text, if any (rule 2 above). */
export function releaseDateFromHeader(lines: string[]): string | null {
  for (const line of lines) {
    const m = /\b(\d{1,2}\/\d{1,2}\/\d{4})\b/.exec(line);
    if (m) return parseUsDate(m[1]);
  }
  return null;
}

export function releaseDate(fileName: string, headerLines: string[]): { date: string | null; source: ReleaseDateSource } {
  const fromName = releaseDateFromName(fileName);
  if (fromName) return { date: fromName, source: 'file-name' };
  const fromHeader = releaseDateFromHeader(headerLines);
  if (fromHeader) return { date: fromHeader, source: 'header-sheet' };
  return { date: null, source: null };
}

/** "Data Source: ICE Integrated Decision Support (IIDS), 09/30/2023" → 2023-09-30. */
export function dataPullDate(text: string): string | null {
  if (!/IIDS|Data Source/i.test(text)) return null;
  const m = /(\d{1,2}\/\d{1,2}\/\d{4})/.exec(text);
  return m ? parseUsDate(m[1]) : null;
}
