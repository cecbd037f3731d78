/**
 * Dimension definitions and caveats shared by the record reports (DDP tables, ARTS,
 * journeys), so that the same word means the same thing in every report.
 */
import { CRIMINALITY_DEFINITION } from '../../domain/criminality.ts';
import type { Dimension } from '../types.ts';

export const DATE_DIMENSIONS = (what: string): Record<string, Dimension> => ({
  date: { time: 'date', definition: `${what}, as published (a time of day in the cell is dropped: ICE's date-times are dates)` },
  month: { definition: `calendar month of the ${what.toLowerCase()}, YYYY-MM` },
  fiscal_year: { definition: `U.S. federal fiscal year of the ${what.toLowerCase()}: October–September, named for the year it ends (FY2025 = 2024-10-01 … 2025-09-30)` },
  calendar_year: { definition: `calendar year of the ${what.toLowerCase()}` },
});

export const CRIMINALITY_DIMENSION = (field: string): Dimension => ({
  definition: `criminality recorded by ICE in "${field}". Definition used: ${CRIMINALITY_DEFINITION}`,
});

export const PATHWAY_DIMENSIONS: Record<string, Dimension> = {
  pathway: { definition: 'legal pathway: from the published case category through deportwatch\'s code table (src/reference/case-categories.csv); when no case category is published, from the processing disposition or ARTS status through src/reference/status-codes.csv (e.g. ER → [8F] expedited removal, REINST → [16] reinstatement). "unclassified" = a value neither table has; "unknown" = nothing published, or a value that names no order type' },
  judge_decided: { definition: 'whether a judge decided the case, from the same tables: yes, no, pending, unknown' },
  pathway_basis: { definition: 'what the pathway was read from: case_category, processing_disposition, arts_status, unclassified_<field> (a value the status table lacks) or none' },
  case_category: { column: 'case_category_code', definition: 'ICE case category code as published (e.g. 8F, 16); empty when blank or redacted' },
};

export const PERSON_DIMENSIONS: Record<string, Dimension> = {
  citizenship_country: { definition: 'country of citizenship as published (upper case)' },
  departure_country: { definition: 'country the person was removed to, as published; empty when not (yet) removed' },
  third_country: { definition: 'third-country removal: yes when the departure country differs from the country of citizenship (compared as published text), no when they are the same, unknown when either is blank' },
  departed: { definition: 'yes when the row carries a departed (removal) date' },
  gender: { definition: 'gender as published' },
  birth_year: { definition: 'birth year as published (birth dates are not stored)' },
  release: { definition: 'which FOIA release the row comes from (ddp-latest: Deportation Data Project, September 2023 on; ddp-2012-2023; arts; ero-lesa)' },
  source: { definition: 'file the row was ingested from' },
};

export const DDP_RELEASE_CAVEAT = 'Deportation Data Project release of ICE records (FOIA): rows as ICE produced them; the anonymized identifier links a person only within one release, never across releases.';

export const REMOVALS_INCOMPLETE_CAVEAT = "The Deportation Data Project warns that the removals table of its latest release is incomplete: it holds fewer removals than ICE's own annual figures. Counts drawn from it are a lower bound, and a person missing from it counts as not removed.";

export function ddpCaveats(releases: string[]): string[] {
  return releases.some((r) => r.startsWith('ddp-')) ? [DDP_RELEASE_CAVEAT] : [];
}
