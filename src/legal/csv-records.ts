/**
 * CSV records with the physical line each one starts on, so that an error in a curated table names the
 * line a reviewer sees in an editor (a quoted cell may span lines, so "data row N" is not "line N+1").
 * Used by the policy timeline and the claims ledger loaders.
 */
import { parseCsv } from '../domain/csv.ts';

export interface CsvRecord {
  /** Physical line (1-based) on which the record starts; the header is line 1. */
  line: number;
  fields: Record<string, string>;
}

export function csvRecords(text: string): { header: string[]; records: CsvRecord[] } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const [header = [], ...data] = rows;
  const names = header.map((h) => h.trim());
  const records: CsvRecord[] = [];
  let line = 2 + newlinesIn(header);
  for (const row of data) {
    if (row.some((cell) => cell.trim() !== '')) {
      records.push({ line, fields: Object.fromEntries(names.map((h, i) => [h, (row[i] ?? '').trim()])) });
    }
    line += 1 + newlinesIn(row);
  }
  return { header: names, records };
}

function newlinesIn(cells: string[]): number {
  let n = 0;
  for (const cell of cells) n += (cell.match(/\r\n|\r|\n/g) ?? []).length;
  return n;
}
