/**
 * How a claim check shows its evidence: the same count as a command line, an API link to the rows and
 * a SELECT listing them, so a reader can rerun every number. Kept apart from the checking itself
 * (./check.ts), which decides verdicts and knows nothing of the CLI or the API's URLs.
 */
import { sqlString } from '../engine/sql.ts';
import { reportTable } from '../reports/catalog.ts';
import type { Filter, ReportRequest } from '../reports/types.ts';

/** The report request as a command anyone can rerun. */
export function cliOf(request: ReportRequest): string {
  const where = request.where.map((f) => ` --where '${f.dimension}${f.op}${f.values.join(',')}'`).join('');
  return `deportwatch report ${request.table}${request.by.length ? ` --by ${request.by.join(',')}` : ''}${where}`;
}

/** Filters as the API reads them (each part decoded whole, docs/api.md); `=` and `,` left readable. */
export function rowsLinkOf(table: string, where: Filter[]): string {
  const part = (f: Filter) => encodeURIComponent(`${f.dimension}${f.op}${f.values.join(',')}`).replace(/%3D/g, '=').replace(/%2C/g, ',');
  return `/${table}.json?${where.map(part).join('&')}`;
}

/** A SELECT for `deportwatch query` listing the rows counted, each with its source file and row. */
export function rowsSqlOf(table: string, where: Filter[]): string {
  const t = reportTable(table);
  const column = (d: string) => t.dimensions[d]?.column ?? d;
  const clauses = where.map((f) => {
    const col = `CAST(${column(f.dimension)} AS VARCHAR)`;
    if (f.values.length > 1) return `${col} ${f.op === '!=' ? 'NOT IN' : 'IN'} (${f.values.map(sqlString).join(', ')})`;
    return `${col} ${f.op} ${sqlString(f.values[0])}`;
  });
  const key = t.rowKey ?? ['source_id', 'source_sheet', 'source_row'];
  return `SELECT ${key.join(', ')}, source FROM ${t.view}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ${key.join(', ')}`;
}

/** A note or Footnotes entry ICE attaches to a table, with the cell it is in (official_tables.caveats_json). */
export interface TableFootnote { source: string; label: string | null; text: string }

/** How an official figure's provenance reads beside a check: the release used, then each footnote with its cell. */
export function officialCaveats(release: string, footnotes: TableFootnote[]): string[] {
  return [`vintage used: ${release}`, ...footnotes.map((f) => `${f.source}${f.label ? ` (${f.label})` : ''}: ${f.text}`)];
}
