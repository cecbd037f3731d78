/**
 * Table routes answer `{rows: [...]}` (with `_shape=objects`), a bare array, or `{columns, rows: [[…]]}`
 * (`_shape=arrays`); the dashboard asks for objects and accepts all three.
 */
export type Row = Record<string, unknown>;

export interface RowsBody { rows?: unknown[]; columns?: string[]; next?: string | null; total?: number; truncated?: boolean }

export function rowsOf(body: unknown): Row[] {
  if (Array.isArray(body)) return body as Row[];
  if (body && typeof body === 'object') {
    const { rows, columns } = body as RowsBody;
    if (Array.isArray(rows)) {
      if (rows.length > 0 && Array.isArray(rows[0]) && columns) {
        return (rows as unknown[][]).map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
      }
      return rows as Row[];
    }
    for (const value of Object.values(body)) if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) return value as Row[];
  }
  return [];
}

export function columnsOf(body: unknown, rows: Row[]): string[] {
  if (body && typeof body === 'object' && Array.isArray((body as RowsBody).columns)) return (body as RowsBody).columns!;
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
