/**
 * Delimited text (CSV, pipe-separated) read into rows with the physical line each row starts on, for
 * the small files the flight sources read in JavaScript (tracker exports and observers' logs, a few MB
 * at most). Quoted cells may hold the delimiter, doubled quotes and line breaks (observers' free-text
 * notes do). Bulk record releases go through DuckDB's reader instead (src/store/staging.ts).
 */
export interface DelimitedRow {
  /** 1-based physical line the row starts on. */
  line: number;
  cells: string[];
}

export function readDelimited(text: string, delimiter: string): DelimitedRow[] {
  const rows: DelimitedRow[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push({ line: rowLine, cells: row });
      row = []; cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push({ line: rowLine, cells: row }); }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/** Trims ordinary and non-breaking spaces (tracker exports pad cells with both). */
export function clean(cell: string | undefined): string {
  return (cell ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}
