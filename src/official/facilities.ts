/**
 * The Facilities sheet: one row per facility with a population when ICE pulled the data ("This list
 * is limited to facilities that have a population count of greater than or equal to 1 as the time of the
 * data pull"). The header row is the one holding Name, Address, City and State; the row above it groups
 * the columns ("FY26 ADP: Detainee Classification Level" …). Rows under the list with a name and no
 * address are ICE's notes ("[1] (BCORCPA) BERKS COUNTY RESIDENTIAL CENTER houses single adults …")
 * and travel as caveats. Columns are found by their header text, as ICE added and renamed inspection
 * columns from year to year; every column is also kept as published.
 */
import type { RowIssue } from '../domain/provenance.ts';
import { a1, isNumeric, type Grid } from './grid.ts';
import type { Caveat } from './types.ts';

export interface DetentionFacility {
  workbook: string;
  sheet: string;
  sourceRow: number;
  name: string;
  address: string | null;
  city: string | null;
  state: string | null;
  /** As published: ICE stores ZIP codes as numbers, so New England codes lose their leading zero ("4102"). */
  zip: string | null;
  aor: string | null;
  typeDetailed: string | null;
  /** The "Male/Female" column: which genders the facility holds. */
  gender: string | null;
  alosDays: number | null;
  adpLevelA: number | null; adpLevelB: number | null; adpLevelC: number | null; adpLevelD: number | null;
  adpMaleCrim: number | null; adpMaleNonCrim: number | null; adpFemaleCrim: number | null; adpFemaleNonCrim: number | null;
  adpThreatLevel1: number | null; adpThreatLevel2: number | null; adpThreatLevel3: number | null; adpNoThreatLevel: number | null;
  adpMandatory: number | null;
  guaranteedMinimum: number | null;
  /** Inspection columns as published (their names changed: "Last Inspection Rating - Final", "ODO Final Rating", "Last Final Rating" …). */
  inspections: Record<string, string | null>;
  /** Every column, header → cell as published. */
  published: Record<string, string | null>;
}

export interface FacilityList {
  facilities: DetentionFacility[];
  headerRange: string | null;
  notes: Caveat[];
  issues: RowIssue[];
}

const NUMERIC_FIELDS: [keyof DetentionFacility, RegExp][] = [
  ['alosDays', /\bALOS\b/i],
  ['adpLevelA', /^Level A$/i], ['adpLevelB', /^Level B$/i], ['adpLevelC', /^Level C$/i], ['adpLevelD', /^Level D$/i],
  ['adpMaleCrim', /^Male Crim$/i], ['adpMaleNonCrim', /^Male Non-Crim$/i], ['adpFemaleCrim', /^Female Crim$/i], ['adpFemaleNonCrim', /^Female Non-Crim$/i],
  ['adpThreatLevel1', /^ICE Threat Level 1$/i], ['adpThreatLevel2', /^ICE Threat Level 2$/i], ['adpThreatLevel3', /^ICE Threat Level 3$/i],
  ['adpNoThreatLevel', /^No ICE Threat Level$/i], ['adpMandatory', /^Mandatory$/i], ['guaranteedMinimum', /^Guaranteed Minimum$/i],
];
const TEXT_FIELDS: [keyof DetentionFacility, RegExp][] = [
  ['address', /^Address$/i], ['city', /^City$/i], ['state', /^State$/i], ['zip', /^Zip$/i], ['aor', /^AOR$/i],
  ['typeDetailed', /^Type Detailed$/i], ['gender', /^Male\/Female$/i],
];

function findHeader(grid: Grid): number | null {
  for (let r = 1; r <= Math.min(grid.lastRow, 40); r++) {
    const cells = grid.row(r).map((v) => v?.toLowerCase());
    if (['name', 'address', 'city', 'state'].every((h) => cells.includes(h))) return r;
  }
  return null;
}

export function readFacilities(grid: Grid, workbook: string): FacilityList {
  const headerRow = findHeader(grid);
  const issues: RowIssue[] = [];
  if (headerRow === null) {
    issues.push({ file: workbook, sheet: grid.sheet, row: null, problem: 'no header row with Name, Address, City and State in the first 40 rows' });
    return { facilities: [], headerRange: null, notes: [], issues };
  }
  const headers = grid.row(headerRow);
  const nameCol = headers.findIndex((h) => h?.toLowerCase() === 'name');
  const col = (re: RegExp): number => headers.findIndex((h) => h !== null && re.test(h));
  const facilities: DetentionFacility[] = [];
  const notes: Caveat[] = [];
  for (let r = headerRow + 1; r <= grid.lastRow; r++) {
    const cells = grid.row(r);
    const name = cells[nameCol] ?? null;
    if (name === null) continue;
    const filled = cells.filter((v) => v !== null).length;
    if (filled === 1) { notes.push({ source: `${grid.sheet}!${a1(r, nameCol)}`, label: null, text: name }); continue; }
    const published: Record<string, string | null> = {};
    headers.forEach((h, c) => { if (h !== null) published[h] = cells[c] ?? null; });
    const f = { workbook, sheet: grid.sheet, sourceRow: r, name, inspections: {}, published } as unknown as DetentionFacility;
    const record = f as unknown as Record<string, unknown>;
    for (const [field, re] of TEXT_FIELDS) { const c = col(re); record[field] = c >= 0 ? cells[c] ?? null : null; }
    for (const [field, re] of NUMERIC_FIELDS) {
      const c = col(re);
      const v = c >= 0 ? cells[c] ?? null : null;
      if (v !== null && !isNumeric(v)) issues.push({ file: workbook, sheet: grid.sheet, row: r, column: headers[c], value: v, problem: 'not a number' });
      record[field] = v !== null && isNumeric(v) ? Number(v) : null;
    }
    headers.forEach((h, c) => { if (h !== null && /inspection|rating|standard/i.test(h)) f.inspections[h] = cells[c] ?? null; });
    facilities.push(f);
  }
  return { facilities, headerRange: `${a1(headerRow, 0)}:${a1(headerRow, headers.length - 1)}`, notes, issues };
}
