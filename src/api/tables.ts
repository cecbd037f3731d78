/**
 * The tables the API serves row by row: each report table of src/reports/catalog.ts (its enriched view,
 * filtered by its dimensions, exactly as `deportwatch report --where` filters), plus `sources` and
 * `row_issues`, so every count can be followed to its files and to the rows that were not stored.
 */
import { REPORT_TABLES } from '../reports/catalog.ts';
import type { ReportTable } from '../reports/types.ts';
import type { RollupSpec } from '../engine/rollups.ts';
import { columnsOf, type ColumnInfo } from '../engine/rows.ts';
import type { ServedDatabase } from '../engine/served.ts';
import type { FilterTarget } from './query.ts';

export interface RowTable {
  name: string;
  relation: string;
  description: string;
  key: { name: string; type: string }[];
  columns: ColumnInfo[];
  filters: Record<string, FilterTarget & { definition: string }>;
  /** Positions of a row for GeoJSON: the columns of the dimensions that can be located, in declared order. */
  geo: { column: string; locate(value: string): [number, number] | undefined }[];
  report?: ReportTable;
}

const DEFAULT_KEY = ['source_id', 'source_sheet', 'source_row'];

/**
 * Tables served row by row as stored. `sources` has a primary key; `row_issues` and `source_fetches` have
 * none, and their insertion order (DuckDB's rowid) is the order they were written in.
 */
const RAW_TABLES: { name: string; relation?: string; description: string; key: string[] }[] = [
  // The server's folders stay out of public responses: sources are listed through a view without the path.
  { name: 'sources', relation: 'public_sources', description: 'files ingested: file name, SHA-256, kind, synthetic flag, rows read / stored / quarantined (not the server\'s path to the file)', key: ['source_id'] },
  { name: 'row_issues', description: 'rows not stored (quarantined) with file, sheet, row, column, value and the problem', key: ['rowid'] },
  { name: 'official_tables', description: 'every table found in an ICE detention statistics workbook, recognised or not: sheet, range, title, measure, the notes and Footnotes entries that qualify it (caveats_json) and the terms it uses (definitions_json)', key: ['source_id', 'source_sheet', 'source_range'] },
  { name: 'official_releases', description: 'each ICE detention statistics workbook ingested: fiscal year, release (vintage) date and where it comes from, data pull date, sheets, counts, the Footnotes sheet', key: ['source_id'] },
  { name: 'source_fetches', description: 'files downloaded by `deportwatch fetch`: catalog name, URL, retrieval time, HTTP status, ETag, Last-Modified, SHA-256, bytes', key: ['rowid'] },
];

export interface Catalog {
  rows: RowTable[];
  reports: { table: ReportTable; filters: Record<string, FilterTarget & { definition: string }>; geographic: boolean }[];
  /** Report tables whose view is missing or has no row key, with the reason (shown by /health.json). */
  skipped: { name: string; reason: string }[];
}

export async function loadCatalog(db: ServedDatabase): Promise<Catalog> {
  return db.read(async (store) => {
    const rows: RowTable[] = [];
    const reports: Catalog['reports'] = [];
    const skipped: Catalog['skipped'] = [];
    for (const table of REPORT_TABLES) {
      const columns = await columnsOf(store, table.view);
      if (columns.length === 0) {
        skipped.push({ name: table.name, reason: `its view ${table.view} does not exist in this database` });
        continue;
      }
      const types = new Map(columns.map((c) => [c.name, c.type]));
      const filters: Catalog['reports'][number]['filters'] = {};
      for (const [name, dimension] of Object.entries(table.dimensions)) {
        const column = dimension.column ?? name;
        filters[name] = { column, type: types.get(column) ?? 'VARCHAR', definition: dimension.definition };
      }
      const geo = Object.entries(table.dimensions).flatMap(([name, d]) => (d.geo ? [{ column: d.column ?? name, locate: d.geo.locate }] : []));
      reports.push({ table, filters, geographic: geo.length > 0 });
      const keyNames = table.rowKey ?? DEFAULT_KEY.filter((k) => types.has(k));
      if (keyNames.length === 0 || (!table.rowKey && !types.has('source_row')) || keyNames.some((k) => !types.has(k))) {
        skipped.push({ name: table.name, reason: `no row key: declare rowKey in its report table (the view ${table.view} has no source_id and source_row)` });
        continue;
      }
      rows.push({
        name: table.name, relation: table.view, report: table, columns, filters, geo,
        description: `${table.unit}, one row per counted record, with every dimension of the report as a column`,
        key: keyNames.map((name) => ({ name, type: types.get(name)! })),
      });
    }
    // Tables served as stored (no report of their own): provenance, and the official tables' context.
    for (const { name, relation = name, description, key } of RAW_TABLES) {
      const columns = await columnsOf(store, relation);
      if (columns.length === 0) { skipped.push({ name, reason: `the table ${name} does not exist in this database` }); continue; }
      const types = new Map(columns.map((c) => [c.name, c.type]));
      const filters = Object.fromEntries(columns.map((c) => [c.name, { column: c.name, type: c.type, definition: `column ${c.name} of ${name}` }]));
      // row_issues and source_fetches have no primary key; their insertion order (DuckDB's rowid) is the file's order.
      rows.push({ name, relation, description, key: key.map((k) => ({ name: k, type: k === 'rowid' ? 'BIGINT' : types.get(k)! })), columns, filters, geo: [] });
    }
    return { rows, reports, skipped };
  });
}

/** The columns a report request reads: its groups (or the default ones), its filters, its source columns. */
export function reportColumns(table: ReportTable, by: string[], filters: { dimension: string }[]): string[] {
  const column = (name: string) => table.dimensions[name]?.column ?? name;
  return [...(by.length ? by : table.defaultBy).map(column), ...filters.map((f) => column(f.dimension)), ...(table.sourceColumns ?? ['source_id'])];
}

/** Report views worth pre-aggregating: every table whose reports are plain counts (a median cannot be rolled up). */
export function rollupSpecs(tables: readonly ReportTable[] = REPORT_TABLES): RollupSpec[] {
  return tables.filter((t) => !t.measures || Object.keys(t.measures).length === 0).map((t) => ({
    view: t.view,
    columns: Object.entries(t.dimensions).map(([name, d]) => d.column ?? name),
    sourceColumns: t.sourceColumns,
  }));
}
