/**
 * Dimensions that place records against the rules in force (src/legal, docs/rules.md), shared by the
 * removals, arrests and judge-share reports so the same word means the same thing in each.
 */
import type { Dimension } from '../types.ts';

export const RULE_PERIOD_DIMENSION = (dateName: string): Dimension => ({
  definition: `expedited-removal rule period in force at the end of the ${dateName} (src/reference/policy-timeline.csv, docs/rules.md): e.g. er-100mi-2022 (within 100 air miles of a land border, 14 days; 87 FR 16022), er-nationwide-2025 (anywhere, two years; 90 FR 8139, from 2025-01-21), er-nationwide-stayed-2025-08-29 (stayed by Make the Road New York v. Noem); empty before 1997-04-01`,
});

export const DUE_PROCESS_NOTE_DIMENSION: Dimension = {
  definition: 'whether an expedited removal was within the designation in force on the apprehension date, given what the record publishes (docs/rules.md, "Due-process notes"): consistent_with_rules, outside_designation, cannot_tell (a fact the answer depends on is not published — the place of apprehension is in no release, so under the 100-mile designation it is always cannot_tell; or no apprehension date; or the rules that day are uncertain), not_applicable (the pathway is not expedited removal). Days in the U.S. = entry date to apprehension date; the reason of each row is in the column due_process_why',
};
