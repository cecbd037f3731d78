/**
 * The project's own table of ICE case category codes → legal pathway and whether a judge decided.
 * Factual basis: ICE ERO code descriptions (Kerwin et al. 2015; ICE ERO) as compiled by UWCHR
 * (ice-air share/resources/status.csv), reviewed code by code; each row keeps its reason and source.
 * A code missing from this table is kept as published and reported as `unclassified`, never guessed.
 */
import { readFileSync } from 'node:fs';
import { parseCsvObjects } from '../domain/csv.ts';

export const PATHWAYS = [
  'immigration_judge_order', 'judicial_order', 'expedited_removal', 'reinstatement', 'administrative_removal',
  'visa_waiver', 'voluntary_departure', 'pending_before_judge', 'relief_granted', 'other',
] as const;
export type Pathway = (typeof PATHWAYS)[number];
export type JudgeDecided = 'yes' | 'no' | 'pending' | 'unknown';

export interface CaseCategory {
  code: string;
  description: string;
  pathway: Pathway;
  judgeDecided: JudgeDecided;
  reason: string;
  source: string;
}

let cached: CaseCategory[] | undefined;

export function caseCategories(): CaseCategory[] {
  cached ??= parseCsvObjects(readFileSync(new URL('./case-categories.csv', import.meta.url), 'utf8')).map((r) => {
    if (!(PATHWAYS as readonly string[]).includes(r.pathway)) throw new Error(`case-categories.csv: code ${r.code} has unknown pathway ${r.pathway}`);
    if (!['yes', 'no', 'pending', 'unknown'].includes(r.judge_decided)) throw new Error(`case-categories.csv: code ${r.code} has unknown judge_decided ${r.judge_decided}`);
    return { code: r.code, description: r.description, pathway: r.pathway as Pathway, judgeDecided: r.judge_decided as JudgeDecided, reason: r.reason, source: r.source };
  });
  return cached;
}

export function caseCategory(code: string): CaseCategory | undefined {
  return caseCategories().find((c) => c.code === code.toUpperCase());
}
