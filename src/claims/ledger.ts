/**
 * The claims ledger: official statements with a number in them, each tied to its speaker, date, words,
 * source link, metric, scope and period, so that a later check can put the number next to the records.
 * The project's seed ledger is src/reference/claims.csv; users can keep their own in CSV or JSON.
 *
 * Reading a ledger validates every row and reports every problem at once, each naming the file, the
 * row (the physical line of a CSV, the item of a JSON array), the field and the value.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIsoDate } from '../domain/dates.ts';
import { UserError } from '../domain/errors.ts';
import { describeIssue, type RowIssue } from '../domain/provenance.ts';
import { csvRecords } from '../domain/csv.ts';
import { CRIMINALITY_DEFINITIONS, isMetricId, METRICS, type CriminalityDefinition, type MetricId } from './metrics.ts';
import { parseClaimPeriod, type ClaimPeriod } from './period.ts';

export const CLAIM_KINDS = ['claim', 'baseline'] as const;
/** How the number was stated: "538" (exact), "about 265", "more than 605,000", "at least …". */
export const QUALIFIERS = ['exact', 'approximately', 'more_than', 'at_least'] as const;
export const CLAIM_CONFIDENCE = ['high', 'medium', 'low'] as const;
export const CLAIM_FIELDS = ['id', 'kind', 'date', 'speaker', 'quote', 'summary', 'metric', 'scope', 'period', 'value', 'qualifier', 'unit', 'source_url', 'citation', 'source_tier', 'timeline_id', 'confidence', 'notes'] as const;
const REQUIRED_FIELDS = ['id', 'kind', 'date', 'speaker', 'summary', 'metric', 'period', 'value', 'qualifier', 'unit', 'confidence'] as const;

/** Keys a claim's scope may set, with the values each accepts. */
export const SCOPE_KEYS: Record<string, { pattern: RegExp; description: string }> = {
  agency: { pattern: /^(ICE|CBP|DHS|ICE\+CBP)$/, description: 'whose actions are counted: ICE, CBP, DHS or ICE+CBP' },
  destination_country: { pattern: /^[A-Z]{2}$/, description: 'ISO 3166-1 alpha-2 code of the country people were removed to' },
  aircraft: { pattern: /^(us_military|charter|commercial)$/, description: 'us_military, charter or commercial' },
  criminality: { pattern: /^(convicted|convicted_or_pending)$/, description: 'the definition of criminal record the speaker used, when stated' },
  geography: { pattern: /^[A-Za-z0-9_-]+$/, description: 'an area, e.g. a state code or an ICE area of responsibility' },
};

export interface Claim {
  id: string;
  /** `claim`: a statement to check; `baseline`: an official figure other claims are compared with. */
  kind: (typeof CLAIM_KINDS)[number];
  /** When it was said or published. */
  date: string;
  speaker: string;
  /** The speaker's own words, verbatim, when the source gives them; null otherwise. */
  quote: string | null;
  /** What was said, in neutral words. */
  summary: string;
  metric: MetricId;
  scope: Record<string, string>;
  period: ClaimPeriod;
  value: number;
  qualifier: (typeof QUALIFIERS)[number];
  unit: string;
  sources: string[];
  /** Row of src/reference/policy-timeline.csv recording the statement. */
  timelineId: string | null;
  confidence: (typeof CLAIM_CONFIDENCE)[number];
  notes: string | null;
  /** Where the claim was read from. */
  file: string;
  row: number;
}

export class ClaimsFileError extends UserError {
  constructor(readonly issues: RowIssue[]) {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the claims ledger; first: ${describeIssue(issues[0])}`, 1, issues.map(describeIssue));
    this.name = 'ClaimsFileError';
  }
}

export interface ParseClaimsOptions {
  /** Name used in error messages. */
  file: string;
  format: 'csv' | 'json';
  /** Today's date, YYYY-MM-DD (default: today in UTC). A claim dated later is an error. */
  today?: string;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

interface RawRow { row: number | null; label: string; fields: Record<string, string> }

function rawRows(text: string, file: string, format: 'csv' | 'json', issues: RowIssue[]): RawRow[] {
  if (format === 'csv') {
    const { header, records } = csvRecords(text);
    const missing = REQUIRED_FIELDS.filter((f) => !header.includes(f));
    if (missing.length > 0) issues.push({ file, row: 1, column: missing.join(', '), problem: `missing column${missing.length > 1 ? 's' : ''}; a claims CSV has the header ${CLAIM_FIELDS.join(',')}` });
    return records.map((r) => ({ row: r.line, label: file, fields: r.fields }));
  }
  let data: unknown;
  try { data = JSON.parse(text); } catch (e) {
    issues.push({ file, row: null, problem: `not valid JSON: ${(e as Error).message}` });
    return [];
  }
  const items = Array.isArray(data) ? data : (data as { claims?: unknown })?.claims;
  if (!Array.isArray(items)) {
    issues.push({ file, row: null, problem: 'a claims JSON file is an array of claim objects, or an object with a "claims" array' });
    return [];
  }
  return items.map((item, i) => {
    const fields: Record<string, string> = {};
    const label = `${file} [item ${i + 1}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      issues.push({ file: label, row: null, problem: 'each claim must be an object' });
      return { row: null, label, fields };
    }
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number') fields[k] = String(v).trim();
      else if (v !== null) issues.push({ file: label, row: null, column: k, value: JSON.stringify(v), problem: 'must be a string or a number' });
    }
    return { row: null, label, fields };
  });
}

export function parseClaimsText(text: string, options: ParseClaimsOptions): { claims: Claim[]; issues: RowIssue[] } {
  const today = options.today ?? todayUtc();
  const issues: RowIssue[] = [];
  const claims: Claim[] = [];
  const seen = new Map<string, string>();

  for (const { row, label, fields: f } of rawRows(text, options.file, options.format, issues)) {
    const get = (k: string) => f[k] ?? '';
    const where = get('id') ? `${label} (id ${get('id')})` : label;
    let bad = false;
    const fail = (column: string, value: string, problem: string) => { issues.push({ file: where, row, column, value, problem }); bad = true; };

    for (const k of REQUIRED_FIELDS) if (get(k) === '') fail(k, '', 'required field is empty');
    const id = get('id');
    if (id !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) fail('id', id, 'id may hold letters, digits and _ . -');
    else if (id !== '' && seen.has(id)) fail('id', id, `duplicate id (first at ${seen.get(id)})`);
    if (id !== '') seen.set(id, row !== null ? `row ${row}` : label);
    const kind = get('kind');
    if (kind !== '' && !(CLAIM_KINDS as readonly string[]).includes(kind)) fail('kind', kind, `unknown kind (known: ${CLAIM_KINDS.join(', ')})`);

    const date = get('date');
    if (date !== '') {
      if (!isIsoDate(date)) fail('date', date, 'not a calendar date; write YYYY-MM-DD');
      else if (date > today) fail('date', date, `claim date is in the future (today is ${today})`);
    }

    const metricId = get('metric');
    const metric = isMetricId(metricId) ? METRICS[metricId] : null;
    if (metricId !== '' && !metric) fail('metric', metricId, `unknown metric (known: ${Object.keys(METRICS).join(', ')})`);

    const scope: Record<string, string> = {};
    for (const part of get('scope').split(';').map((s) => s.trim()).filter((s) => s !== '')) {
      const eq = part.indexOf('=');
      const key = eq > 0 ? part.slice(0, eq).trim() : '';
      const value = eq > 0 ? part.slice(eq + 1).trim() : '';
      const spec = SCOPE_KEYS[key];
      if (!spec) { fail('scope', part, `scope is key=value; key=value with keys ${Object.keys(SCOPE_KEYS).join(', ')}`); continue; }
      if (!spec.pattern.test(value)) { fail('scope', part, `${key}: ${spec.description}`); continue; }
      if (key === 'criminality' && metric && !(metric.criminality as readonly string[]).includes(value)) {
        fail('scope', part, `metric ${metric.id} is not about criminality${metric.criminality.length ? ` under ${value}` : ''}`);
        continue;
      }
      scope[key] = value;
    }

    let period: ClaimPeriod | null = null;
    if (get('period') !== '') {
      const parsed = parseClaimPeriod(get('period'));
      if ('problem' in parsed) fail('period', get('period'), `malformed period: ${parsed.problem}`);
      else {
        period = parsed.period;
        if (isIsoDate(date) && period.startDate > date) fail('period', get('period'), `the period starts after the claim date ${date}`);
      }
    }

    const valueText = get('value');
    let value = NaN;
    if (valueText !== '') {
      if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(valueText)) fail('value', valueText, `not a plain number: write it without thousands separators (${valueText.replace(/,/g, '')}); say "more than" or "about" in qualifier`);
      else if (!/^\d+(\.\d+)?$/.test(valueText)) fail('value', valueText, 'value must be a non-negative number (digits, optionally a decimal point); words such as "about" or ">" go in qualifier');
      else value = Number(valueText);
    }
    const qualifier = get('qualifier');
    if (qualifier !== '' && !(QUALIFIERS as readonly string[]).includes(qualifier)) fail('qualifier', qualifier, `unknown qualifier (known: ${QUALIFIERS.join(', ')})`);
    const unit = get('unit');
    if (unit !== '' && metric && unit !== metric.unit) fail('unit', unit, `metric ${metric.id} counts ${metric.unit}`);

    const sources = get('source_url').split(/\s+;\s+/).map((s) => s.trim()).filter((s) => s !== '');
    // A link, or for a statement no acceptable link was found for, a formal citation (docs/sources-policy.md).
    if (sources.length === 0 && get('citation') === '') fail('source_url', '', 'required field is empty (give a link, or a citation when no acceptable link exists)');
    if (get('source_tier') !== '' && !/^[123]$/.test(get('source_tier'))) fail('source_tier', get('source_tier'), 'source_tier is 1 (primary document), 2 (news organisation) or 3 (legal or policy organisation)');
    for (const s of sources) if (!/^https?:\/\/\S+$/.test(s)) fail('source_url', s, 'not an http(s) link; separate several links with " ; "');
    const timelineId = get('timeline_id');
    if (timelineId !== '' && !/^[A-Z0-9][A-Za-z0-9-]*$/.test(timelineId)) fail('timeline_id', timelineId, 'not a policy-timeline row id');
    const confidence = get('confidence');
    if (confidence !== '' && !(CLAIM_CONFIDENCE as readonly string[]).includes(confidence)) fail('confidence', confidence, `unknown confidence (known: ${CLAIM_CONFIDENCE.join(', ')})`);
    const known = new Set<string>(CLAIM_FIELDS);
    for (const k of Object.keys(f)) if (!known.has(k) && f[k] !== '') fail(k, f[k], `unknown field (fields: ${CLAIM_FIELDS.join(', ')})`);

    if (bad || !metric || !period) continue;
    claims.push({
      id, kind: kind as Claim['kind'], date, speaker: get('speaker'), quote: get('quote') || null, summary: get('summary'),
      metric: metric.id, scope, period, value, qualifier: qualifier as Claim['qualifier'], unit, sources,
      timelineId: timelineId || null, confidence: confidence as Claim['confidence'], notes: get('notes') || null,
      file: options.file, row: row ?? 0,
    });
  }
  return { claims, issues };
}

/** Read a claims ledger (`.csv` or `.json`); throws ClaimsFileError listing every problem. */
export function parseClaimsFile(path: string, options: { today?: string; label?: string } = {}): Claim[] {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') throw new UserError(`${path}: unsupported claims file type "${ext || '(none)'}"; a claims ledger is .csv or .json`);
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) {
    throw new UserError(`${path}: cannot read the claims file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { claims, issues } = parseClaimsText(text, { file: options.label ?? path, format: ext === '.csv' ? 'csv' : 'json', today: options.today });
  if (issues.length > 0) throw new ClaimsFileError(issues);
  return claims;
}

export const SEED_CLAIMS_PATH = fileURLToPath(new URL('../reference/claims.csv', import.meta.url));
let seed: Claim[] | undefined;

/** The project's seed ledger (src/reference/claims.csv), or the ledger at `path`. */
export function loadClaims(path?: string): Claim[] {
  if (path !== undefined) return parseClaimsFile(path);
  seed ??= parseClaimsFile(SEED_CLAIMS_PATH, { label: 'src/reference/claims.csv' });
  return seed;
}

/** The definitions a check of this claim must report: the one the speaker stated, else every one that applies. */
export function criminalityDefinitionsFor(claim: Claim): CriminalityDefinition[] {
  const stated = claim.scope.criminality as CriminalityDefinition | undefined;
  if (stated) return [stated];
  return [...METRICS[claim.metric].criminality];
}

export { CRIMINALITY_DEFINITIONS };
