/**
 * Published layouts of record tables (Deportation Data Project, ARTS): which header names a table
 * has, which column of ours each goes to, how it is parsed, and which are required. One header
 * matcher for every sheet, CSV and Parquet file, so a missing, extra or misspelled column is
 * reported the same way everywhere: by name, with the sheet, and with a suggestion when a header is
 * one or two letters away from a known one.
 */
import type { ColumnMapping, ParseRule } from '../../engine/staging.ts';

export interface FieldSpec {
  /** The header as the publisher writes it. */
  header: string;
  /** Other spellings of the same column; `note` is said when one is used (e.g. the publisher's own typo). */
  aliases?: (string | { name: string; note: string })[];
  /** Our column; null = a known column deliberately not stored (identifiers, sensitive personal fields). */
  target: string | null;
  parse?: ParseRule;
  /** A row without this value is quarantined; a sheet without this column stores none of its rows. */
  required?: boolean;
  /** `[8C] Excludable …`: stored as raw text, code and description (target is the prefix `case_category`). */
  caseCategory?: boolean;
}

export interface Layout {
  /** Table the rows land in. */
  table: string;
  /** Human name, e.g. "Deportation Data Project arrests". */
  name: string;
  /** Normalised headers that must all be present for a row to be taken as this layout's header
   * (`a|b`: either spelling). */
  signature: string[];
  fields: FieldSpec[];
  /** Why fields with target null are not stored, for the note. */
  notStoredReason?: string;
}

/** `Apprehension_Date`, ` APPREHENSION  DATE ` → `apprehension date` (Parquet exports use snake case). */
export function normaliseHeader(cell: string | null | undefined): string {
  return (cell ?? '').replace(/\u00a0/g, ' ').replace(/_/g, ' ').trim().toLowerCase().replace(/\s+/g, ' ');
}

function names(field: FieldSpec): { name: string; note?: string }[] {
  return [{ name: field.header }, ...(field.aliases ?? []).map((a) => (typeof a === 'string' ? { name: a } : a))];
}

/** Whether a row of cells is this layout's header. */
export function isLayoutHeader(layout: Layout, cells: (string | null)[]): boolean {
  const present = new Set(cells.map(normaliseHeader));
  return layout.signature.every((s) => s.split('|').some((alternative) => present.has(alternative)));
}

/** How many cells of a row name a field of the layout (to find a header that lacks a signature column). */
export function knownHeaderCount(layout: Layout, cells: (string | null)[]): number {
  const known = new Set(layout.fields.flatMap((f) => names(f).map((n) => normaliseHeader(n.name))));
  return cells.filter((c) => known.has(normaliseHeader(c))).length;
}

/** Levenshtein distance, cut off early above `max` (headers are short). */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

export interface HeaderMapping {
  columns: ColumnMapping[];
  /** Headers read through an alias that deserves a word (the publisher's misspelling …). */
  aliasNotes: string[];
  /** Headers not in the layout: their values are not stored. */
  unknown: { index: number; header: string; suggestion: string | null }[];
  /** Known columns deliberately not stored. */
  notStored: string[];
  /** Layout columns the header lacks. */
  missing: FieldSpec[];
  /** …of which required: no row of this header can be stored. */
  missingRequired: FieldSpec[];
}

export function mapHeader(layout: Layout, header: (string | null)[]): HeaderMapping {
  const lookup = new Map<string, { field: FieldSpec; note?: string }>();
  for (const field of layout.fields) for (const n of names(field)) lookup.set(normaliseHeader(n.name), { field, note: n.note });
  const result: HeaderMapping = { columns: [], aliasNotes: [], unknown: [], notStored: [], missing: [], missingRequired: [] };
  const seen = new Set<FieldSpec>();
  header.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    if (name === '') return;
    const published = (cell ?? '').trim();
    const hit = lookup.get(name);
    if (!hit || seen.has(hit.field)) {
      result.unknown.push({ index, header: published, suggestion: hit ? null : suggest(layout, name) });
      return;
    }
    seen.add(hit.field);
    if (hit.note) result.aliasNotes.push(`header "${published}" read as "${hit.field.header}" (${hit.note})`);
    const { field } = hit;
    if (field.target === null) { result.notStored.push(published); return; }
    if (field.caseCategory) {
      result.columns.push({ target: `${field.target}_raw`, from: index, header: published, parse: { kind: 'text' } });
      result.columns.push({ target: `${field.target}_code`, from: index, header: published, parse: { kind: 'bracket_code' } });
      result.columns.push({ target: `${field.target}_description`, from: index, header: published, parse: { kind: 'after_bracket' } });
      return;
    }
    result.columns.push({ target: field.target, from: index, header: published, parse: field.parse ?? { kind: 'text' }, required: field.required });
  });
  for (const field of layout.fields) {
    if (seen.has(field)) continue;
    result.missing.push(field);
    if (field.required) result.missingRequired.push(field);
  }
  return result;
}

/** The layout header a misspelled one most likely means (distance ≤ 2, and not already present). */
function suggest(layout: Layout, name: string): string | null {
  let best: { header: string; d: number } | null = null;
  for (const field of layout.fields) {
    for (const n of names(field)) {
      const d = distance(name, normaliseHeader(n.name), 2);
      if (d <= 2 && (!best || d < best.d)) best = { header: field.header, d };
    }
  }
  return best?.header ?? null;
}

/** Notes for a mapped header, named by sheet: aliases used, missing columns, columns not stored. */
export function headerNotes(layout: Layout, where: string, mapping: HeaderMapping, unknownCounts: Map<number, number>): string[] {
  const notes = mapping.aliasNotes.map((n) => `${where}: ${n}`);
  for (const u of mapping.unknown) {
    const count = unknownCounts.get(u.index);
    const suggestion = u.suggestion ? `; did you mean "${u.suggestion}"?` : '';
    notes.push(`${where}: column ${u.index + 1} "${u.header}" is not part of the ${layout.name} layout, so its values${count === undefined ? '' : ` (${count.toLocaleString('en-US')} non-blank)`} were not stored; they remain in the source file${suggestion}`);
  }
  const optional = mapping.missing.filter((f) => !f.required && f.target !== null);
  if (optional.length) notes.push(`${where}: no column ${optional.map((f) => `"${f.header}"`).join(', ')}; those fields are empty for its rows`);
  if (mapping.notStored.length) notes.push(`${where}: columns not stored on purpose (${layout.notStoredReason ?? 'not needed'}): ${mapping.notStored.join(', ')}`);
  return notes;
}

/** The problem given to every row of a sheet that lacks a required column. */
export function missingRequiredProblem(layout: Layout, where: string, mapping: HeaderMapping): string {
  const names = mapping.missingRequired.map((f) => `"${f.header}"`).join(', ');
  const near = mapping.unknown.filter((u) => u.suggestion && mapping.missingRequired.some((f) => f.header === u.suggestion));
  const hint = near.length ? ` (the header has ${near.map((u) => `"${u.header}"`).join(', ')}: a misspelling of ${near.map((u) => `"${u.suggestion}"`).join(', ')}?)` : '';
  return `${where} has no ${names} column, which every ${layout.table} row needs${hint}; the row is kept here, not stored`;
}
