/**
 * The share of removals ordered without a judge's decision (judge_decided = no: expedited removal,
 * reinstatement, administrative removal … per src/reference/case-categories.csv), by any removals
 * dimension; by month and rule_period it shows the share before and after the nationwide designation of
 * 2025-01-21 (90 FR 8139). View: removals_judge_share (src/legal/tables.ts).
 */
import type { ReportTable } from '../types.ts';
import { removalsReport } from './removals.ts';

export const removalsJudgeShareReport: ReportTable = {
  name: 'removals_judge_share',
  view: 'removals_judge_share',
  unit: removalsReport.unit,
  defaultBy: ['month', 'rule_period'],
  dimensions: removalsReport.dimensions,
  measures: {
    without_judge: { aggregate: 'sum', column: 'without_judge', definition: 'removal records whose case category says no judge decided the removal (judge_decided = no)' },
    judge_unknown: { aggregate: 'sum', column: 'judge_unknown', definition: 'removal records whose case category (or its absence) does not say whether a judge decided (judge_decided = unknown); counted in n, never folded into either side' },
    without_judge_pct: { aggregate: 'mean', column: 'without_judge_pct', definition: 'without_judge as a percentage of n (all removal records in the group), rounded to 0.1' },
    without_judge_pct_of_known: { aggregate: 'mean', column: 'without_judge_pct_of_known', definition: 'without_judge as a percentage of the records whose judge_decided is known (yes, no or pending), rounded to 0.1; empty when none is known' },
  },
  caveats: (context) => [
    ...(removalsReport.caveats?.(context) ?? []),
    'A month that contains a change of rules (January 2025: 90 FR 8139 took effect on 2025-01-21) is split by rule_period when grouped by both; the rule period is that of the departed date, not of the arrest.',
  ],
};
