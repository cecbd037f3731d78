/** One way of computing a claim's metric and its verdict (shared by ./check.ts and ./official.ts). */
import type { ReportRequest } from '../reports/types.ts';
import type { CriminalityDefinition } from './metrics.ts';
import type { Coverage } from './verdict.ts';

export interface DefinitionCheck {
  /** What was counted, in words: the data used and the definition of criminal record. */
  definition: string;
  route: 'records' | 'aggregates' | 'flights' | 'official';
  /** Report table the number comes from. */
  table: string;
  release: string | null;
  dataset: string | null;
  criminality: CriminalityDefinition | null;
  /** What that definition of criminal record counts (CRIMINALITY_DEFINITIONS). */
  criminalityMeans: string | null;
  request: ReportRequest | null;
  /** The same request on the command line. */
  cli: string | null;
  /** API link to the rows counted (`/arrests.json?…`). */
  rowsLink: string | null;
  /** A SELECT for `deportwatch query` that lists the rows counted (source file and row of each). */
  rowsSql: string | null;
  value: number | null;
  /** Rows that may or may not belong (criminality not recorded). */
  unknownRows: number;
  coverage: Coverage | null;
  verdict: 'consistent' | 'inconsistent' | 'not_checkable';
  why: string;
  caveats: string[];
  sourceIds: number[];
  synthetic: boolean;
}
