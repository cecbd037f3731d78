import type { ReportTable } from '../types.ts';
import { CRIMINALITY_DIMENSION } from './records-common.ts';

export const aggregatesReport: ReportTable = {
  name: 'aggregates',
  view: 'aggregates_enriched',
  unit: 'published aggregate values (rows of official or researchers\' totals, not records)',
  defaultBy: ['dataset'],
  dimensions: {
    dataset: { definition: 'the published table a value comes from (its file name)' },
    measure: { definition: 'what the value counts (removals, arrests …), from the file name since the table does not say' },
    fiscal_year: { definition: 'fiscal year of the value; a year column of an ICE annual table is that fiscal year (ICE reports by fiscal year)' },
    month: { definition: 'month of the value, YYYY-MM' },
    citizenship_country: { definition: 'country of citizenship as published' },
    state: { definition: 'state as published; empty where the table writes NA (not recorded)' },
    criminality: CRIMINALITY_DIMENSION('the table\'s criminality column (e.g. apprehension_criminality)'),
    source: { definition: 'file the value was ingested from' },
  },
  measures: {
    value: { aggregate: 'sum', column: 'value', definition: 'sum of the published counts in the group (n is the number of published values summed)' },
  },
  rowKey: ['source_id', 'source_row', 'fiscal_year'],
  fields: {
    value: { column: 'value', definition: 'a published count' },
  },
  caveats: () => ['Published totals as released: sums across datasets that overlap (e.g. two releases of the same counts) double count; compare datasets side by side, not added.'],
};
