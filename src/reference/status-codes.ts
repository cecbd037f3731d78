/**
 * The project's own table normalising the status and disposition words ICE writes instead of a case
 * category — ARTS manifest `Status` (`ER`, `REINST`, `TRANSFER - F/O` …) and EID `Processing
 * Disposition` (`ER/CF`, `ADMDPT`, `VOLUNTARY RETURN` …) — to an ICE case category code, which
 * case-categories.csv then turns into a legal pathway. Factual basis: UWCHR's ARTS status counts
 * (`Clean` column) and the processing-disposition map in ../shared/data/codes/, reviewed row by row;
 * each row keeps its basis. A value that is itself a case code (`16`, `8F`) needs no row here.
 * A value this table does not have is reported as `unclassified`, never guessed.
 */
import { readFileSync } from 'node:fs';
import { parseCsvObjects } from '../domain/csv.ts';
import { caseCategory, PATHWAYS, type JudgeDecided, type Pathway } from './case-categories.ts';

export const STATUS_FIELDS = ['arts_status', 'processing_disposition'] as const;
export type StatusField = (typeof STATUS_FIELDS)[number];

export interface StatusCode {
  field: StatusField;
  /** The raw value as normalised for lookup: upper case, spaces collapsed (see `statusKey`). */
  raw: string;
  /** An ICE case category code, or null when the value names no category. */
  caseCategory: string | null;
  /** Only for values without a case category whose pathway is still clear (a Notice to Appear). */
  pathway: Pathway | null;
  judgeDecided: JudgeDecided | null;
  basis: string;
}

/** How a raw cell is looked up: trimmed, upper case, inner spaces collapsed. Mirrored in SQL by statusKeySql. */
export function statusKey(raw: string): string {
  return raw.replace(/\u00a0/g, ' ').trim().toUpperCase().replace(/\s+/g, ' ');
}

let cached: StatusCode[] | undefined;

export function statusCodes(): StatusCode[] {
  cached ??= parseCsvObjects(readFileSync(new URL('./status-codes.csv', import.meta.url), 'utf8')).map((r, i) => {
    const where = `status-codes.csv line ${i + 2} (${r.field} ${r.raw})`;
    if (!(STATUS_FIELDS as readonly string[]).includes(r.field)) throw new Error(`${where}: unknown field`);
    const code = r.case_category.trim() || null;
    if (code && !caseCategory(code)) throw new Error(`${where}: case category ${code} is not in case-categories.csv`);
    const pathway = r.pathway.trim() || null;
    if (pathway && !(PATHWAYS as readonly string[]).includes(pathway)) throw new Error(`${where}: unknown pathway ${pathway}`);
    if (code && pathway) throw new Error(`${where}: give a case category or a pathway, not both`);
    const judge = r.judge_decided.trim() || null;
    if (judge && !['yes', 'no', 'pending', 'unknown'].includes(judge)) throw new Error(`${where}: unknown judge_decided ${judge}`);
    return { field: r.field as StatusField, raw: statusKey(r.raw), caseCategory: code, pathway: pathway as Pathway | null, judgeDecided: judge as JudgeDecided | null, basis: r.basis };
  });
  return cached;
}

/** The case category a raw status or disposition stands for: the code itself, the table's code, or null. */
export function normaliseStatus(field: StatusField, raw: string): { caseCategory: string | null; pathway: Pathway | null } {
  const key = statusKey(raw);
  const bracket = /^\[\s*([0-9A-Z]+)\s*\]/.exec(key)?.[1];
  const direct = caseCategory(bracket ?? key);
  if (direct) return { caseCategory: direct.code, pathway: direct.pathway };
  const row = statusCodes().find((s) => s.field === field && s.raw === key);
  if (!row) return { caseCategory: null, pathway: null };
  return { caseCategory: row.caseCategory, pathway: row.caseCategory ? caseCategory(row.caseCategory)!.pathway : row.pathway };
}
