/**
 * The claims ledger and claim checks in the store (migration 5), and the one metadata query the checks
 * need besides the reports: which releases a records view holds, over which dates, from which files.
 */
import type { Claim } from './ledger.ts';
import { parseClaimPeriod } from './period.ts';
import { isMetricId } from './metrics.ts';
import type { Param, Store } from '../engine/db.ts';
import { sqlIdent } from '../engine/sql.ts';

export type ClaimOrigin = 'seed' | 'file' | 'added';

export interface StoredClaim extends Claim {
  origin: ClaimOrigin;
}

const CLAIM_COLUMNS = ['id', 'kind', 'date', 'speaker', 'quote', 'summary', 'metric', 'scope', 'period', 'period_start', 'period_end', 'value',
  'qualifier', 'unit', 'source_url', 'timeline_id', 'confidence', 'notes', 'origin', 'origin_file', 'origin_row'];

export function scopeText(scope: Record<string, string>): string {
  return Object.entries(scope).map(([k, v]) => `${k}=${v}`).join('; ');
}

function claimParams(c: Claim, origin: ClaimOrigin): Param[] {
  return [c.id, c.kind, c.date, c.speaker, c.quote, c.summary, c.metric, scopeText(c.scope), c.period.text, c.period.startDate, c.period.endDate, c.value,
    c.qualifier, c.unit, c.sources.join(' ; '), c.timelineId, c.confidence, c.notes, origin, c.file, c.row || null];
}

async function insertClaimRows(store: Store, claims: Claim[], origin: ClaimOrigin): Promise<void> {
  if (claims.length === 0) return;
  const params: Param[] = [];
  const tuples = claims.map((c) => {
    const values = claimParams(c, origin).map((v, i) => {
      params.push(v);
      const name = CLAIM_COLUMNS[i];
      return name === 'date' || name === 'period_start' || name === 'period_end' ? `CAST($${params.length} AS DATE)` : `$${params.length}`;
    });
    return `(${values.join(', ')})`;
  });
  await store.run(`INSERT INTO claims (${CLAIM_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}

/**
 * Copies the seed ledger into `claims` (origin `seed`), replacing the earlier copy. A seed whose id a
 * user's claim already holds is left out (the user's claim stays); `claims list` shows which origin won.
 */
export async function refreshSeedClaims(store: Store, seeds: Claim[]): Promise<void> {
  await store.run(`DELETE FROM claims WHERE origin = 'seed'`);
  const taken = new Set((await store.all<{ id: string }>(`SELECT id FROM claims`)).map((r) => r.id));
  await insertClaimRows(store, seeds.filter((c) => !taken.has(c.id)), 'seed');
}

/** Ids of `claims` already in the store, with their origin and file, for a clear clash message. */
export async function existingClaimIds(store: Store, ids: string[]): Promise<{ id: string; origin: string; origin_file: string | null }[]> {
  if (ids.length === 0) return [];
  return store.all(`SELECT id, origin, origin_file FROM claims WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY id`, ids);
}

export async function insertClaims(store: Store, claims: Claim[], origin: Exclude<ClaimOrigin, 'seed'>): Promise<void> {
  await store.transaction(() => insertClaimRows(store, claims, origin));
}

interface ClaimRow {
  id: string; kind: string; date: string; speaker: string; quote: string | null; summary: string; metric: string; scope: string; period: string;
  value: number; qualifier: string; unit: string; source_url: string; timeline_id: string | null; confidence: string; notes: string | null;
  origin: ClaimOrigin; origin_file: string | null; origin_row: number | null;
}

/** The claims in the store, in ledger order (seeds first, then by date added), as Claim objects. */
export async function storedClaims(store: Store, ids?: string[]): Promise<StoredClaim[]> {
  const params: Param[] = ids ?? [];
  const where = ids ? `WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})` : '';
  const rows = await store.all<ClaimRow & Record<string, unknown>>(`SELECT id, kind, CAST(date AS VARCHAR) AS date, speaker, quote, summary, metric, scope, period,
    value, qualifier, unit, source_url, timeline_id, confidence, notes, origin, origin_file, origin_row
    FROM claims ${where} ORDER BY CASE origin WHEN 'seed' THEN 0 ELSE 1 END, CASE WHEN origin = 'seed' THEN origin_row END, added_at, id`, params);
  return rows.flatMap((r) => {
    const period = parseClaimPeriod(r.period);
    // Rows were validated when added; a metric dropped from the vocabulary since is skipped, not guessed.
    if ('problem' in period || !isMetricId(r.metric)) return [];
    const scope = Object.fromEntries(r.scope.split(';').map((p) => p.trim()).filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()]));
    return [{
      id: r.id, kind: r.kind as Claim['kind'], date: r.date, speaker: r.speaker, quote: r.quote, summary: r.summary, metric: r.metric, scope,
      period: period.period, value: Number(r.value), qualifier: r.qualifier as Claim['qualifier'], unit: r.unit, sources: r.source_url.split(' ; ').filter(Boolean),
      timelineId: r.timeline_id, confidence: r.confidence as Claim['confidence'], notes: r.notes, file: r.origin_file ?? '', row: r.origin_row ?? 0, origin: r.origin,
    }];
  });
}

/** One row of claim_checks (see migration 5). */
export interface ClaimCheckRow {
  claimId: string;
  claimVerdict: string;
  claimWhy: string;
  definition: string;
  route: string | null;
  criminalityDefinition: string | null;
  computedValue: number | null;
  unknownRows: number | null;
  coverage: string | null;
  verdict: string;
  why: string;
  query: string | null;
  cli: string | null;
  rowsLink: string | null;
  rowsSql: string | null;
  caveats: string[];
  sourceIds: number[];
  synthetic: boolean | null;
}

/** Stores one check of one claim (all its definitions) under a new check id; returns the id. */
export async function insertClaimCheck(store: Store, checkedAt: string, rows: ClaimCheckRow[]): Promise<number> {
  const checkId = Number(await store.scalar(`SELECT nextval('claim_check_ids')`));
  for (const r of rows) {
    const params: Param[] = [checkId, r.claimId, checkedAt, r.claimVerdict, r.claimWhy, r.definition, r.route, r.criminalityDefinition, r.computedValue,
      r.unknownRows, r.coverage, r.verdict, r.why, r.query, r.cli, r.rowsLink, r.rowsSql, r.synthetic];
    const caveats = r.caveats.map((c) => { params.push(c); return `$${params.length}`; });
    const ids = r.sourceIds.filter((id) => Number.isInteger(id)).join(', ');
    await store.run(`INSERT INTO claim_checks (check_id, claim_id, checked_at, claim_verdict, claim_why, definition, route, criminality_definition,
      computed_value, unknown_rows, coverage, verdict, why, query, cli, rows_link, rows_sql, synthetic, caveats, source_ids)
      VALUES ($1, $2, CAST($3 AS TIMESTAMP), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
      ${caveats.length ? `[${caveats.join(', ')}]` : '[]'}::VARCHAR[], [${ids}]::INTEGER[])`, params);
  }
  return checkId;
}

/** The latest check of each claim: its verdict and when, for `claims list` and the API. */
export async function latestClaimVerdicts(store: Store): Promise<Map<string, { checkId: number; checkedAt: string; verdict: string; why: string }>> {
  const rows = await store.all<{ claim_id: string; check_id: number; checked_at: string; claim_verdict: string; claim_why: string }>(
    `SELECT DISTINCT claim_id, check_id, CAST(checked_at AS VARCHAR) AS checked_at, claim_verdict, claim_why FROM claim_checks
     QUALIFY check_id = max(check_id) OVER (PARTITION BY claim_id)`);
  return new Map(rows.map((r) => [r.claim_id, { checkId: r.check_id, checkedAt: r.checked_at, verdict: r.claim_verdict, why: r.claim_why }]));
}

/** Per release: the first and last date, rows and source files of a records view (for the checks' coverage). */
export interface ReleaseCoverage {
  release: string;
  firstDate: string | null;
  lastDate: string | null;
  rows: number;
  sourceIds: number[];
  files: string[];
}

export async function viewExists(store: Store, view: string): Promise<boolean> {
  return Number(await store.scalar(`SELECT count(*) FROM information_schema.tables WHERE table_name = $1`, [view])) > 0;
}

export async function releaseCoverage(store: Store, view: string, options: { dateColumn?: string; releaseColumn?: string | null } = {}): Promise<ReleaseCoverage[] | null> {
  if (!await viewExists(store, view)) return null;
  const date = sqlIdent(options.dateColumn ?? 'date');
  const release = options.releaseColumn === null ? `'all'` : sqlIdent(options.releaseColumn ?? 'release');
  const rows = await store.all<{ release: string; first_date: string | null; last_date: string | null; n: number; source_ids: number[]; files: string[] }>(
    `SELECT ${release} AS release, CAST(min(${date}) AS VARCHAR) AS first_date, CAST(max(${date}) AS VARCHAR) AS last_date, count(*) AS n,
       list(DISTINCT source_id ORDER BY source_id) AS source_ids, list(DISTINCT source ORDER BY source) AS files
     FROM ${sqlIdent(view)} GROUP BY ALL ORDER BY 1`);
  return rows.map((r) => ({ release: r.release, firstDate: r.first_date, lastDate: r.last_date, rows: Number(r.n), sourceIds: (r.source_ids ?? []).map(Number), files: r.files ?? [] }));
}
