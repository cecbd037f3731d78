/**
 * The one reader of delimited text in JavaScript, for the small files read that way: the project's
 * reference tables, the policy timeline and claims ledger, tracker exports and observers' logs, and the
 * head lines of files being sniffed. RFC 4180: quoted cells may hold the delimiter, doubled quotes and
 * line breaks (observers' free-text notes do); lines may end in \n, \r\n or \r, mixed. Every row
 * keeps the physical line it starts on, so that a message names the line a reviewer sees in an editor.
 * Bulk record releases go through DuckDB's CSV reader instead (src/engine/staging.ts).
 *
 * Hand-written rather than csv-parse, measured (docs/decisions/csv-reader.md): csv-parse took 5–7× as
 * long on the same rows once it reports line numbers, and its line count is off by one for each line
 * break inside a quoted cell of a \r\n file.
 */

export interface CsvRow {
  /** 1-based physical line the row starts on (a quoted cell may span lines, so row N is not line N). */
  line: number;
  cells: string[];
}

/** Every row, blank ones included, each with its starting line; a leading byte-order mark is dropped. */
export function csvRows(text: string, delimiter = ','): CsvRow[] {
  // One pass over character codes; an unquoted cell is one slice of the text (no string built per character).
  const rows: CsvRow[] = [];
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
  return rows;
}

/** The rows' cells only. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  return csvRows(text, delimiter).map((r) => r.cells);
}

/** Rows with a header line → objects keyed by the header (trimmed); blank rows are skipped. */
export function parseCsvObjects(text: string, delimiter = ','): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, delimiter);
  if (!header) return [];
  return rows.filter((r) => r.some((c) => c !== '')).map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}

/** A curated table's record (header on line 1): the line it starts on and its fields, trimmed. */
export interface CsvRecord {
  line: number;
  fields: Record<string, string>;
}

export function csvRecords(text: string): { header: string[]; records: CsvRecord[] } {
  const [head, ...data] = csvRows(text);
  const header = (head?.cells ?? []).map((h) => h.trim());
  const records = data.filter((r) => r.cells.some((cell) => cell.trim() !== ''))
    .map((r) => ({ line: r.line, fields: Object.fromEntries(header.map((h, i) => [h, (r.cells[i] ?? '').trim()])) }));
  return { header, records };
}

/** One line (a file's header, a sniffed head line) split by a delimiter, honouring double quotes. */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  return parseCsv(line.replace(/[\r\n]+$/, ''), delimiter)[0] ?? [];
}
