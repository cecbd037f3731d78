/**
 * What a report is, independent of how it is run or shown. Each reportable table declares its
 * dimensions (columns of its enriched view, defined in src/app/views.ts) with the definition a
 * reader needs to trust the number; the CLI, the API and the claims checks all go through here.
 */
export interface Dimension {
  /** Column of the table's view. */
  column?: string;
  /** What a value of this dimension means, with its rule and source. */
  definition: string;
  /**
   * For maps (the API's `.geojson` routes): where a value of this dimension is, as [longitude, latitude]
   * (an airport code → its coordinates from the airport reference), or undefined when unknown (never
   * guessed). Grouped by one such dimension a report gives points; by two or more, lines through them in
   * `by` order (origin → destination).
   */
  geo?: { locate(value: string): [number, number] | undefined };
  /** A date (or a UTC timestamp) column: it takes a time bin (`--by departed_date:week_ending_sun`, `--bin`). */
  time?: 'date' | 'timestamp';
}

/** A numeric column a measure can sum, average, take the median, minimum or maximum of (`--measure mean:age_at_removal`). */
export interface NumericField {
  column: string;
  /** What one value is, with its unit. */
  definition: string;
}

/** A value computed per group beside the count `n` (a sum of published totals, a median of durations). */
export interface Measure {
  aggregate: 'sum' | 'count' | 'median' | 'mean' | 'min' | 'max';
  /** Column of the table's view. */
  column: string;
  definition: string;
}

export interface ReportTable {
  /** Name used on the command line and in URLs: `report removals`, `/reports/removals.json`. */
  name: string;
  /** The view that holds one row per counted thing plus every dimension as a column. */
  view: string;
  /** What one counted row is. */
  unit: string;
  dimensions: Record<string, Dimension>;
  /** Publisher caveats that travel with any figure drawn from a given release/kind of source. */
  caveats?: (context: { releases: string[]; kinds: string[] }) => string[];
  /** Default `--by` when none is given. */
  defaultBy: string[];
  /**
   * Columns of the view that identify one row, in a stable order, for the API's keyset pagination of
   * `/<name>.json` (default: source_id, source_sheet, source_row, when the view has them).
   */
  rowKey?: string[];
  /** Values computed per group beside `n`, in this order (shown after `n`). */
  measures?: Record<string, Measure>;
  /**
   * Columns of the view naming the source files a row draws on (default: source_id). A view that
   * links rows of several files (the journeys view) lists each, so every file counted is cited.
   */
  sourceColumns?: string[];
  /**
   * Other units n can count, by name (`--count flight_number_days`): distinct values of a column of the
   * view. The table's own unit (one row) is the default and is named by `defaultCount`.
   */
  counts?: Record<string, { column: string; unit: string }>;
  defaultCount?: string;
  /** Numeric columns for sum, mean, median, min and max measures. */
  fields?: Record<string, NumericField>;
  /**
   * A MAP(VARCHAR, VARCHAR) column holding each row's cells exactly as published, keyed by the file's
   * header: the dimension `raw.<header>` groups by them. `recover`: the view does not store them; they
   * are read back from the files by line number when asked for (src/engine/raw-cells.ts).
   */
  raw?: { column: string; definition: string; recover?: boolean };
}

export type { FilterOp } from '../domain/filters.ts';
import type { FilterOp } from '../domain/filters.ts';

export interface Filter {
  dimension: string;
  op: FilterOp;
  /** One value, or several (comma-separated on the command line) meaning "any of". */
  values: string[];
  /** values = [from, to], inclusive (`departed_date=2019-01-01..2019-03-31`; with != outside it). */
  range?: boolean;
  /** Alternatives: the filter holds when it or any of these does (`--where 'a=x|b=y'`). */
  or?: Filter[];
}

export interface ReportRequest {
  table: string;
  /** Dimensions, each optionally with a time bin: `departed_date:week_ending_sun`, `raw.Aircraft`. */
  by: string[];
  where: Filter[];
  /** Cap on the number of groups returned (the total still counts every row). */
  limit?: number;
  /** Measures beside n: `distinct:registration`, `mean:age_at_removal`, `share`, `share:fiscal_year`, `change`, `change_pct:2019-01`. */
  measures?: string[];
  /** What n counts, among the table's named units (`legs`, `flight_number_days` …); default: its rows. */
  count?: string;
  /** Time bin for every date dimension of `by` given without one. */
  bin?: string;
  /** IANA time zone that timestamps are binned in (default UTC). */
  timeZone?: string;
  /** Output columns to sort by; `-n` or `n:desc` for descending. */
  sort?: string[];
  /** Keep the first N groups after sorting (by n, largest first, unless sorted otherwise). */
  top?: number;
  /** With top: add one "(all others)" row for the rest. */
  others?: boolean;
}

export interface ReportResult {
  table: string;
  by: string[];
  where: Filter[];
  rows: Record<string, unknown>[];
  total: number;
  unit: string;
  definitions: Record<string, string>;
  sources: { source_id: number; path: string; sha256: string; kind: string; synthetic: boolean }[];
  caveats: string[];
  /** True when any counted row comes from synthetic demo data. */
  synthetic: boolean;
  truncated: boolean;
  /** The named unit n counts, when the table offers several. */
  count?: string;
  /** Output columns in order: the groups, n, the measures. */
  columns?: string[];
  sort?: string[];
  top?: number;
  /** Names of the measure columns in `rows`, after `n` (absent when the table has none). */
  measures?: string[];
  /** Over all groups, for additive measures (sum, count). */
  measureTotals?: Record<string, number>;
}
