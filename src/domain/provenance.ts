/**
 * Provenance: every stored row keeps the file it came from (`source_id` → `sources`) and its row in
 * that file (`source_row`: the physical line of a CSV, the row number of a spreadsheet sheet).
 * Rows that cannot be stored become RowIssues: data, not exceptions.
 */
export interface RowIssue {
  file: string;
  sheet?: string | null;
  row: number | null;
  column?: string | null;
  value?: string | null;
  problem: string;
}

export function describeIssue(issue: RowIssue): string {
  const where = [issue.file, issue.sheet ? `sheet ${issue.sheet}` : null, issue.row != null ? `row ${issue.row}` : null,
    issue.column ? `column ${issue.column}` : null].filter(Boolean).join(', ');
  const value = issue.value != null ? ` (value ${JSON.stringify(issue.value)})` : '';
  return `${where}: ${issue.problem}${value}`;
}

/** What one ingest of one file did; `rowsRead = rowsStored + rowsQuarantined` is checked for every file. */
export interface IngestSummary {
  sourceId: number;
  path: string;
  sha256: string;
  kind: string;
  status: 'stored' | 'already-ingested';
  rowsRead: number;
  rowsStored: number;
  rowsQuarantined: number;
  seconds: number;
  /** When already ingested: the earlier source row that holds the same bytes. */
  duplicateOf?: number;
  notes: string[];
}

/** What an ingest of one file counted: every row read is stored or quarantined, never lost. */
export interface SourceCounts {
  rowsRead: number;
  rowsStored: number;
  rowsQuarantined: number;
  notes?: string[];
}
