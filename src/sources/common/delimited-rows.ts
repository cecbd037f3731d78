/**
 * Delimited text (CSV, pipe-separated) for the small files the flight sources read in JavaScript
 * (tracker exports and observers' logs, a few MB at most), through the project's one CSV reader
 * (src/domain/csv.ts); and the cleaning of their padded cells.
 */
import { csvRows, type CsvRow } from '../../domain/csv.ts';

export type DelimitedRow = CsvRow;

/** The rows that hold something, each with its starting line. */
export function readDelimited(text: string, delimiter: string): DelimitedRow[] {
  return csvRows(text, delimiter).filter((r) => r.cells.some((c) => c.trim() !== ''));
}

const MESSY_SPACE = /\s\s|[^\S ]/;

/** Trims ordinary and non-breaking spaces (tracker exports pad cells with both) and collapses runs of spaces. */
export function clean(cell: string | undefined): string {
  if (!cell) return '';
  // Most cells have single ordinary spaces only: trimming is all they need.
  if (!MESSY_SPACE.test(cell)) return cell.trim();
  return cell.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}
