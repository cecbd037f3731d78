/**
 * The policy timeline: the project's own curated table of policies, court rulings, deployments and
 * official statements (src/reference/policy-timeline.csv), derived row by row from the sourced research
 * timeline (shared data policy/timeline.csv) and reviewed. Every row is validated on load; a bad row is
 * an error that names the file, the line, the row id and the field, and nothing is loaded.
 *
 * Dates: `start_date` is the first day the row applied; `end_date` is the LAST day it applied
 * (inclusive), empty while it still applies. Either may be a month (`2026-06`) when only the month is
 * known; rules on dates inside that month are then reported as uncertain, never guessed.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../domain/errors.ts';
import { describeIssue, type RowIssue } from '../domain/provenance.ts';
import { csvRecords } from '../domain/csv.ts';
import { parsePartialDate, type PartialDate } from './days.ts';
import { parseEffects, param, type Effect } from './effects.ts';

export const TIMELINE_KINDS = ['policy', 'ruling', 'deployment', 'statement', 'statistic', 'event'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Status as last verified. `statement` covers rows with no legal force (statements, statistics, events);
 * `uncertain` means the row's standing after its start is not verified: its effects count as "maybe".
 */
export const TIMELINE_STATUSES = ['in_force', 'stayed', 'vacated', 'enjoined', 'superseded', 'statement', 'uncertain'] as const;
export type TimelineStatus = (typeof TIMELINE_STATUSES)[number];

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export const TIMELINE_COLUMNS = ['id', 'kind', 'title', 'start_date', 'end_date', 'status', 'effect', 'jurisdiction', 'source_url', 'citation', 'source_tier', 'confidence', 'notes'] as const;

/**
 * How a row's source is ranked (docs/sources-policy.md): 1 a primary document (a Federal Register
 * notice, a court's order or docket, an agency's own release), 2 an established news organisation,
 * 3 an established legal or policy organisation. A row with no acceptable link has no tier and says
 * `needs_source` in its notes; its citation still names the document.
 */
export const SOURCE_TIERS = [1, 2, 3] as const;
export type SourceTier = (typeof SOURCE_TIERS)[number];
export const TIER_NAMES: Record<SourceTier, string> = { 1: 'primary document', 2: 'established news organisation', 3: 'established legal or policy organisation' };

export interface TimelineRow {
  id: string;
  kind: TimelineKind;
  title: string;
  start: PartialDate;
  /** Last day it applied (inclusive); null while it still applies. */
  end: PartialDate | null;
  status: TimelineStatus;
  effects: Effect[];
  jurisdiction: string;
  sources: string[];
  /** The formal citation of the source (the document, its issuer and date). */
  citation: string;
  /** Null when no acceptable source was found (`needs_source`). */
  sourceTier: SourceTier | null;
  confidence: Confidence;
  notes: string;
  /** Line of the row in its file. */
  line: number;
}

export interface Timeline {
  file: string;
  rows: TimelineRow[];
  byId: Map<string, TimelineRow>;
}

/** Raised when a timeline file has bad rows; `issues` lists every one, `details` their text. */
export class TimelineError extends UserError {
  constructor(readonly issues: RowIssue[]) {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the policy timeline; first: ${describeIssue(issues[0])}`, 1, issues.map(describeIssue));
    this.name = 'TimelineError';
  }
}

const ID = /^[A-Z0-9][A-Za-z0-9-]*$/;
const URL_PATTERN = /^https?:\/\/\S+$/;

export function parseTimeline(text: string, file = 'policy-timeline.csv'): Timeline {
  const { header, records } = csvRecords(text);
  const issues: RowIssue[] = [];
  const missing = TIMELINE_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new TimelineError([{ file, row: 1, column: missing.join(', '), problem: `missing column${missing.length > 1 ? 's' : ''}; expected ${TIMELINE_COLUMNS.join(',')}` }]);

  const rows: TimelineRow[] = [];
  const byId = new Map<string, TimelineRow>();
  for (const { line, fields: f } of records) {
    const label = f.id ? `${file} (id ${f.id})` : file;
    const problem = (column: string, value: string, what: string) => issues.push({ file: label, row: line, column, value, problem: what });
    let bad = false;
    const fail = (column: string, value: string, what: string) => { problem(column, value, what); bad = true; };

    if (!ID.test(f.id)) fail('id', f.id, 'id must be letters, digits and hyphens, starting with a capital or digit');
    else if (byId.has(f.id)) fail('id', f.id, `duplicate id (first on line ${byId.get(f.id)!.line})`);
    if (!(TIMELINE_KINDS as readonly string[]).includes(f.kind)) fail('kind', f.kind, `unknown kind (known: ${TIMELINE_KINDS.join(', ')})`);
    if (f.title === '') fail('title', f.title, 'title is empty');
    const start = parsePartialDate(f.start_date);
    if (!start) fail('start_date', f.start_date, 'not a date: write YYYY-MM-DD, or YYYY-MM when only the month is known');
    let end: PartialDate | null = null;
    if (f.end_date !== '') {
      end = parsePartialDate(f.end_date);
      if (!end) fail('end_date', f.end_date, 'not a date: write YYYY-MM-DD, YYYY-MM, or leave empty while the row still applies');
      else if (start && end.last < start.first) fail('end_date', f.end_date, `end_date is before start_date ${f.start_date} (end_date is the last day the row applied)`);
    }
    if (!(TIMELINE_STATUSES as readonly string[]).includes(f.status)) fail('status', f.status, `unknown status (known: ${TIMELINE_STATUSES.join(', ')})`);
    const parsed = parseEffects(f.effect);
    for (const p of parsed.problems) fail('effect', p.value, p.problem);
    if (f.jurisdiction === '') fail('jurisdiction', f.jurisdiction, 'jurisdiction is empty');
    const sources = f.source_url.split(/\s+;\s+/).map((s) => s.trim()).filter((s) => s !== '');
    for (const s of sources) if (!URL_PATTERN.test(s)) fail('source_url', s, 'not an http(s) link; separate several links with " ; "');
    if (f.citation.trim() === '') fail('citation', f.citation, 'every row needs a formal citation (issuer, document, date)');
    const tier = f.source_tier === '' ? null : Number(f.source_tier);
    if (tier !== null && !(SOURCE_TIERS as readonly number[]).includes(tier)) fail('source_tier', f.source_tier, 'source_tier is 1 (primary document), 2 (news organisation) or 3 (legal or policy organisation)');
    else if (tier === null && !/needs_source/.test(f.notes)) fail('source_tier', f.source_tier, 'a row without a tier must say needs_source in its notes');
    else if (tier !== null && sources.length === 0) fail('source_url', f.source_url, 'a row with a source tier needs the link to that source');
    if (!(CONFIDENCE_LEVELS as readonly string[]).includes(f.confidence)) fail('confidence', f.confidence, `unknown confidence (known: ${CONFIDENCE_LEVELS.join(', ')})`);

    if (bad) continue;
    const row: TimelineRow = {
      id: f.id, kind: f.kind as TimelineKind, title: f.title, start: start!, end, status: f.status as TimelineStatus,
      effects: parsed.effects, jurisdiction: f.jurisdiction, sources, citation: f.citation, sourceTier: tier as SourceTier | null, confidence: f.confidence as Confidence, notes: f.notes, line,
    };
    rows.push(row);
    byId.set(row.id, row);
  }

  // References between rows: every target exists, and court orders never form a loop (the rules
  // engine follows them, an order on an order on an act …).
  for (const row of rows) {
    for (const effect of row.effects) {
      const target = param(effect, 'target');
      if (target === null) continue;
      if (target === row.id) issues.push({ file: `${file} (id ${row.id})`, row: row.line, column: 'effect', value: target, problem: `${effect.type} targets its own row` });
      else if (!byId.has(target)) issues.push({ file: `${file} (id ${row.id})`, row: row.line, column: 'effect', value: target, problem: `${effect.type} targets ${target}, which is not a row of the timeline` });
    }
  }
  if (issues.length === 0) {
    const cycle = findTargetCycle(rows, byId);
    if (cycle) {
      const first = byId.get(cycle[0])!;
      issues.push({ file: `${file} (id ${first.id})`, row: first.line, column: 'effect', value: cycle.join(' → '), problem: 'court orders target each other in a loop' });
    }
  }
  if (issues.length > 0) throw new TimelineError(issues);
  return { file, rows, byId };
}

function findTargetCycle(rows: TimelineRow[], byId: Map<string, TimelineRow>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const effect of byId.get(id)?.effects ?? []) {
      const target = effect.type === 'court_order' ? param(effect, 'target') : null;
      if (target) { const found = visit(target); if (found) return found; }
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const row of rows) { const found = visit(row.id); if (found) return found; }
  return null;
}

export const TIMELINE_URL = new URL('../reference/policy-timeline.csv', import.meta.url);
let cached: Timeline | undefined;

/** The project's policy timeline, validated once per process. */
export function loadTimeline(): Timeline {
  cached ??= parseTimeline(readFileSync(TIMELINE_URL, 'utf8'), 'src/reference/policy-timeline.csv');
  return cached;
}

/** What reports and the API show for a row: enough to cite it. */
export interface TimelineRef {
  id: string;
  kind: TimelineKind;
  title: string;
  startDate: string;
  endDate: string | null;
  status: TimelineStatus;
  confidence: Confidence;
  sources: string[];
  citation: string;
  /** 1 primary document, 2 news organisation, 3 legal or policy organisation; null: needs a source. */
  sourceTier: SourceTier | null;
}

export function refOf(row: TimelineRow): TimelineRef {
  return { id: row.id, kind: row.kind, title: row.title, startDate: row.start.text, endDate: row.end?.text ?? null, status: row.status, confidence: row.confidence, sources: row.sources, citation: row.citation, sourceTier: row.sourceTier };
}
