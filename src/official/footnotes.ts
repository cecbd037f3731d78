/**
 * The Footnotes sheet: ICE's definitions of terms ("ADP | Average daily population") and, per topic,
 * the caveats of its tables ("FY2026 ICE Initial Book-Ins | FY2026 YTD ICE Book-ins data is updated
 * through …"). A label in column A starts an entry; rows with column A empty continue it.
 *
 * Which tables an entry qualifies, since ICE names topics, not cells:
 * - a topic's texts are **caveats** when the topic and the table's title plus sheet name share at least two significant
 *   words and at least half the topic's words ("FY2026 ICE Average Daily Population and ICE Average
 *   Length of Stay" qualifies "ICE Average Length of Stay by Facility Type and Month"), or the topic's
 *   only word ("FY2026 ICE Removals" → "ICE Removals: FY2026");
 * - a term's text is a **definition** when the term appears as a whole word in the table's title, headers or labels
 *   (ADP, ALOS, ALIP, Order of Recognizance …). "ICE" itself is left out: it is in every table.
 */
import { a1, type Grid } from './grid.ts';
import type { Caveat } from './types.ts';

export interface FootnoteEntry {
  /**
   * ICE's sheet is a glossary of terms in alphabetical order (ADP … USCIS), then topic sections, the
   * first of which names a year ("FY2019 ICE Alternatives to Detention"): every label from that one on
   * is a topic.
   */
  kind: 'term' | 'topic';
  label: string;
  cells: string[];
  texts: string[];
}

export function readFootnotes(grid: Grid): FootnoteEntry[] {
  const entries: FootnoteEntry[] = [];
  let started = false;
  let current: FootnoteEntry | null = null;
  for (let r = 1; r <= grid.lastRow; r++) {
    const label = grid.get(r, 0);
    const text = grid.get(r, 1);
    if (!started) { started = label !== null && /^term$/i.test(label) && text !== null && /^definition$/i.test(text); continue; }
    if (label !== null) {
      const kind = entries.some((e) => e.kind === 'topic') || /\bFY\s?\d{4}\b/.test(label) ? 'topic' : 'term';
      current = { kind, label, cells: [], texts: [] };
      entries.push(current);
    }
    if (text !== null && current) { current.cells.push(`${grid.sheet}!${a1(r, 1)}`); current.texts.push(text); }
  }
  return entries;
}

const STOP = new Set(['ice', 'the', 'and', 'of', 'by', 'to', 'in', 'for', 'with', 'data', 'fy', 'fiscal', 'year', 'ytd', 'eofy', 'total',
  'month', 'type', 'an', 'on', 'as', 'thru', 'from', 'or']);
const EXPAND: [RegExp, string][] = [
  [/\bTPS\b/g, 'temporary protected status'],
  [/\bATD\b/g, 'alternatives to detention'],
  [/\bICLOS\b/g, 'iclos in custody length of stay'],
  [/book[\s-]*ins?\b/gi, 'bookin'],
  [/book[\s-]*outs?\b/gi, 'bookout'],
];

export function topicWords(text: string): Set<string> {
  let t = text;
  for (const [re, to] of EXPAND) t = t.replace(re, to);
  const words = t.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !/\d/.test(w) && !STOP.has(w));
  return new Set(words.map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w)));
}

/**
 * A topic of one word ("FY2026 ICE Removals") qualifies only a table whose title says nothing more
 * ("ICE Removals: FY2026"), not every table that mentions removals ("Parents of USC Removals").
 */
export function topicMatches(topic: string, title: string, sheet: string): boolean {
  const t = topicWords(topic);
  if (t.size === 0) return false;
  if (t.size === 1) return [...topicWords(title)].every((w) => t.has(w)) && topicWords(title).size > 0;
  const table = topicWords(`${title} ${sheet}`);
  const shared = [...t].filter((w) => table.has(w)).length;
  return shared >= 2 && shared * 2 >= t.size;
}

function termOccurs(term: string, text: string): boolean {
  if (term.length > 40 || /^ICE$/i.test(term)) return false;
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const acronym = /^[A-Z]{2,6}$/.test(term);
  return new RegExp(`(^|[^A-Za-z])${escaped}([^A-Za-z]|$)`, acronym ? '' : 'i').test(text);
}

/** The Footnotes entries that qualify a table: its caveats (by topic) and definitions (by term). */
export function footnotesFor(entries: FootnoteEntry[], title: string, sheet: string, tableText: string): { caveats: Caveat[]; definitions: Caveat[] } {
  const caveats: Caveat[] = [];
  const definitions: Caveat[] = [];
  for (const e of entries) {
    const target = e.kind === 'topic' ? (topicMatches(e.label, title, sheet) ? caveats : null) : termOccurs(e.label, tableText) ? definitions : null;
    if (target) e.texts.forEach((text, i) => target.push({ source: e.cells[i], label: e.label, text }));
  }
  return { caveats, definitions };
}
