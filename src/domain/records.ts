/**
 * Cell-level rules shared by every ICE FOIA release (ERO-LESA, Deportation Data Project, ARTS).
 */

/**
 * FOIA exemption markers that ICE writes in place of withheld values: 5 U.S.C. 552(b)(6) and (b)(7)(C)
 * (personal privacy) and (b)(7)(E) (law-enforcement techniques). Seen as `(b)(6),(b)(7)(c )`,
 * `(b)(7)(E )`, `b(6), b(7)c`, `b(6), b(7)C`. A redacted cell is missing data, never a value.
 */
export const REDACTION = /^\s*\(?b\)?\s*\(\s*[67]\s*\)/i;

/** U+00A0 (no-break space) in UTF-8: no other character's encoding holds these two bytes, so a byte search finds it. */
export const NBSP_UTF8 = Buffer.from([0xc2, 0xa0]);

export function isRedacted(cell: string): boolean {
  return REDACTION.test(cell);
}

/** A cell as data: redaction markers and blanks become null; surrounding spaces are dropped. */
export function cleanCell(cell: string | null | undefined): string | null {
  if (cell == null) return null;
  const trimmed = cell.replace(/\u00a0/g, ' ').trim();
  if (trimmed === '' || isRedacted(trimmed)) return null;
  return trimmed;
}


/** `[8C] Excludable / Inadmissible - …` → { code: '8C', description: 'Excludable / Inadmissible - …' }. */
export function splitCaseCategory(cell: string): { code: string | null; description: string } {
  const m = /^\s*\[\s*([0-9A-Za-z]+)\s*\]\s*(.*)$/.exec(cell);
  if (!m) return { code: null, description: cell.trim() };
  return { code: m[1].toUpperCase(), description: m[2].trim() };
}
