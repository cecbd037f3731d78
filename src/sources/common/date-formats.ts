/** The date formats of the releases deportwatch reads, as DuckDB strptime patterns. */

/** Formats of dates seen in ICE releases: m/d/yyyy in ERO-LESA CSVs, ISO from workbooks and Parquet. */
export const ICE_DATE_FORMATS = ['%m/%d/%Y', '%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y %I:%M:%S %p'];

/**
 * DDP cells reach the parser as ISO dates: the workbook reader writes date cells as YYYY-MM-DD (a
 * time of day is cut off before staging, see ./layout-ingest.ts) and Parquet dates are staged as
 * YYYY-MM-DD. ISO comes first because DuckDB's try_strptime is slow when a format fails (~3 µs a
 * cell, measured): the common case must match on the first try. Text dates in other styles follow.
 */
export const DDP_DATE_FORMATS = ['%Y-%m-%d', ...ICE_DATE_FORMATS.filter((f) => f !== '%Y-%m-%d'), '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M'];
