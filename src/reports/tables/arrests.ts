import type { ReportTable } from '../types.ts';
import { RULE_PERIOD_DIMENSION } from './legal-common.ts';
import { CRIMINALITY_DIMENSION, DATE_DIMENSIONS, ddpCaveats, PATHWAY_DIMENSIONS, PERSON_DIMENSIONS } from './records-common.ts';

export const arrestsReport: ReportTable = {
  name: 'arrests',
  view: 'arrests_enriched',
  unit: 'ICE administrative arrests (one row per arrest as released; a person arrested twice counts twice)',
  defaultBy: ['month'],
  dimensions: {
    ...DATE_DIMENSIONS('Apprehension date'),
    criminality: CRIMINALITY_DIMENSION('Apprehension Criminality (at the arrest)'),
    case_criminality: { definition: 'ICE "Case Criminality" as published (the case\'s criminality when the data were extracted, which may differ from the arrest\'s)' },
    aor: { definition: 'ICE Area of Responsibility of the arresting officer ("TOA Current Duty AOR"), as published' },
    state: { definition: 'state of the arrest as published ("State")' },
    apprehension_method: { definition: 'how the person was arrested (e.g. CAP Local Incarceration, Located, Non-Custodial Arrest), as published' },
    final_program: { definition: 'ICE program credited with the arrest ("Apprehension Final Program"), as published' },
    rule_period: RULE_PERIOD_DIMENSION('apprehension date'),
    ...PATHWAY_DIMENSIONS,
    ...PERSON_DIMENSIONS,
  },
  caveats: ({ releases }) => [
    ...ddpCaveats(releases),
    'Which criminality: this report counts ICE\'s "Apprehension Criminality" recorded at the arrest, in three categories (convicted, pending_charges, other_immigration_violator). An official "N for criminal activity" may mean convicted only or convicted + pending_charges: compare both sums.',
  ],
};
