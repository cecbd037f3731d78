/**
 * Delimited text (CSV, pipe-separated) read into rows with the physical line each row starts on, for
 * the small files the flight sources read in JavaScript (tracker exports and observers' logs, a few MB
 * at most). Quoted cells may hold the delimiter, doubled quotes and line breaks (observers' free-text
 * notes do). Bulk record releases go through DuckDB's reader instead (src/engine/staging.ts).
 */
export interface DelimitedRow {
  /** 1-based physical line the row starts on. */
  line: number;
  cells: string[];
}

export function readDelimited(text: string, delimiter: string): DelimitedRow[] {
  // One pass over character codes; an unquoted cell is one slice of the text (no string built per character).
  const rows: DelimitedRow[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  const DELIM = delimiter.charCodeAt(0), QUOTE = 34, LF = 10, CR = 13;
  let row: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let pending = false; // a cell has been started on this row (so a final empty cell counts)
  while (i < n) {
    let cell: string;
    if (src.charCodeAt(i) === QUOTE) {
      // Quoted: doubled quotes are one quote; the cell goes on after the closing quote up to the delimiter.
      let out = '';
      let start = ++i;
      for (;;) {
        if (i >= n) { out += src.slice(start, i); break; }
        const c = src.charCodeAt(i);
        if (c === QUOTE) {
          if (src.charCodeAt(i + 1) === QUOTE) { out += src.slice(start, i + 1); i += 2; start = i; continue; }
          out += src.slice(start, i); i++;
          break;
        }
        if (c === LF) line++;
        i++;
      }
      const restStart = i;
      while (i < n) { const c = src.charCodeAt(i); if (c === DELIM || c === LF || c === CR) break; i++; }
      cell = restStart < i ? out + src.slice(restStart, i) : out;
    } else {
      const start = i;
      while (i < n) { const c = src.charCodeAt(i); if (c === DELIM || c === LF || c === CR) break; i++; }
      cell = src.slice(start, i);
    }
    row.push(cell);
    pending = true;
    if (i >= n) break;
    const c = src.charCodeAt(i);
    if (c === DELIM) { i++; if (i >= n) row.push(''); continue; }
    // End of line (\n, \r or \r\n): the row ends.
    i += c === CR && src.charCodeAt(i + 1) === LF ? 2 : 1;
    rows.push({ line: rowLine, cells: row });
    row = [];
    pending = false;
    line++;
    rowLine = line;
  }
  if (pending) rows.push({ line: rowLine, cells: row });
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

const MESSY_SPACE = /\s\s|[^\S ]/;

/** Trims ordinary and non-breaking spaces (tracker exports pad cells with both) and collapses runs of spaces. */
export function clean(cell: string | undefined): string {
  if (!cell) return '';
  // Most cells have single ordinary spaces only: trimming is all they need.
  if (!MESSY_SPACE.test(cell)) return cell.trim();
  return cell.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}
