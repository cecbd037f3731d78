/**
 * Checking a claim against the loaded data: for each way the data can compute the claim's metric — each
 * record release, each official aggregate table, and each definition of "criminal record" that applies —
 * the number, through the report layer (runReport, so it is the number `deportwatch report` shows), the
 * request that produced it, the rows behind it, the sources' caveats, and a verdict (./verdict.ts). The
 * claim's verdict combines them: `consistent`, `inconsistent`, `definitions_differ` (consistent under one
 * definition, inconsistent under another), or `not_checkable` with the reason.
 *
 * Read-only: `checkClaims` writes nothing, so the HTTP API can call it on a read-only database;
 * `recordClaimChecks` stores results in claim_checks. See docs/claims.md.
 */
import type { Store } from '../engine/db.ts';
import { insertClaimCheck, releaseCoverage, storedClaims, viewExists, type ClaimCheckRow, type ReleaseCoverage } from './store.ts';
import { reportTable } from '../reports/catalog.ts';
import { runReport } from '../reports/report.ts';
import type { Filter, ReportRequest } from '../reports/types.ts';
import { cliOf, rowsLinkOf, rowsSqlOf } from './evidence.ts';
import type { DefinitionCheck } from './definition-check.ts';
import { detentionPopulationChecks, officialRemovalsChecks } from './official.ts';
import { loadClaims, criminalityDefinitionsFor, type Claim } from './ledger.ts';
import { CRIMINALITY_DEFINITIONS, METRICS, type CriminalityDefinition } from './metrics.ts';
import { compare, describeClaimed, describeRecords, recordsInterval, TOLERANCE, type Coverage } from './verdict.ts';

export type ClaimVerdict = 'consistent' | 'inconsistent' | 'definitions_differ' | 'not_checkable';
export const VERDICT_TEXT: Record<ClaimVerdict, string> = {
  consistent: 'consistent',
  inconsistent: 'inconsistent',
  definitions_differ: 'definitions differ',
  not_checkable: 'not checkable with the loaded data',
};

export type { DefinitionCheck } from './definition-check.ts';

export interface ClaimCheck {
  claimId: string;
  claim: { id: string; summary: string; metric: string; period: string; value: number; qualifier: string; unit: string; date: string; speaker: string };
  checkedAt: string;
  verdict: ClaimVerdict;
  verdictText: string;
  why: string;
  definitions: DefinitionCheck[];
  tolerance: string;
  metricCaveats: string[];
}

type RecordTable = 'arrests' | 'removals';

/** How completely each release counts what the metric counts, nationwide, within the dates it holds. */
const RELEASE_COVERAGE: Record<RecordTable, Record<string, { coverage: Coverage; why?: string }>> = {
  arrests: {
    'ddp-latest': { coverage: 'complete' },
  },
  removals: {
    'ddp-2012-2023': { coverage: 'complete' },
    'ddp-latest': { coverage: 'lower_bound', why: "the Deportation Data Project warns that its latest removals table is incomplete (below ICE's own annual figures), so its count is a lower bound" },
    'ero-lesa': { coverage: 'lower_bound', why: 'an ERO-LESA release covers one ICE area of responsibility, so its count is a lower bound for a national figure' },
  },
};

const METRIC_ROUTES: Record<string, { records?: RecordTable; aggregateMeasure?: string; kind: 'total' | 'with' | 'without'; partial?: string; flights?: 'legs' | 'passengers'; official?: 'removals' | 'detention_population' }> = {
  arrests_total: { records: 'arrests', aggregateMeasure: 'arrests', kind: 'total' },
  arrests_with_criminal_record: { records: 'arrests', aggregateMeasure: 'arrests', kind: 'with' },
  arrests_without_criminal_record: { records: 'arrests', aggregateMeasure: 'arrests', kind: 'without' },
  removals_total: { records: 'removals', aggregateMeasure: 'removals', kind: 'total', official: 'removals' },
  removals_with_criminal_record: { records: 'removals', aggregateMeasure: 'removals', kind: 'with' },
  removals_and_returns_total: { records: 'removals', aggregateMeasure: 'removals', kind: 'total', official: 'removals', partial: 'returns and repatriations are not in removal records, so removals are only part of the claimed figure' },
  removal_flights: { kind: 'total', flights: 'legs' },
  removal_flight_passengers: { kind: 'total', flights: 'passengers' },
  detention_population: { kind: 'total', official: 'detention_population' },
};

/** Criminality values (the report's `criminality` dimension) counted under each definition. */
const CRIMINAL: Record<CriminalityDefinition, string[]> = { convicted: ['convicted'], convicted_or_pending: ['convicted', 'pending_charges'] };
const NOT_CRIMINAL: Record<CriminalityDefinition, string[]> = { convicted: ['pending_charges', 'other_immigration_violator'], convicted_or_pending: ['other_immigration_violator'] };
const UNPLACED = ['unknown', 'unclassified'];

function periodFilters(claim: Claim, dimension = 'date'): Filter[] {
  return [{ dimension, op: '>=', values: [claim.period.startDate] }, { dimension, op: '<=', values: [claim.period.endDate] }];
}

interface Group { definition: CriminalityDefinition | null; label: string; values: string[] | null }

/** The groups of the criminality dimension counted under each definition (null values = every row). */
function groupsFor(claim: Claim, kind: 'total' | 'with' | 'without'): Group[] {
  if (kind === 'total') return [{ definition: null, label: '', values: null }];
  return criminalityDefinitionsFor(claim).map((d) => ({
    definition: d,
    label: `; criminal record = ${d}`,
    values: kind === 'with' ? CRIMINAL[d] : NOT_CRIMINAL[d],
  }));
}

function describeRange(c: ReleaseCoverage): string {
  const files = c.files.length > 3 ? `${c.files.slice(0, 3).join(', ')} and ${c.files.length - 3} more` : c.files.join(', ');
  return `the ${c.release} release (${c.rows.toLocaleString('en-US')} rows, ${c.firstDate} … ${c.lastDate}, from ${files})`;
}

interface Context { store: Store; inventory: Map<string, ReleaseCoverage[] | null> }

async function coverageOf(ctx: Context, table: string, options: { dateColumn?: string; releaseColumn?: string | null } = {}): Promise<ReleaseCoverage[] | null> {
  if (!ctx.inventory.has(table)) ctx.inventory.set(table, await releaseCoverage(ctx.store, reportTable(table).view, options));
  return ctx.inventory.get(table)!;
}

/** What the database holds, in a sentence, for "not checkable" reasons. */
async function loadedSummary(ctx: Context): Promise<string> {
  const parts: string[] = [];
  for (const table of ['removals', 'arrests'] as const) {
    const cov = await coverageOf(ctx, table);
    if (cov && cov.length) parts.push(`${table} of ${cov.map(describeRange).join(' and of ')}`);
  }
  return parts.length ? `only ${parts.join('; and ')} are loaded` : 'no removal or arrest records are loaded';
}

function judge(claim: Claim, value: number, unknownRows: number, coverage: Coverage, reasons: string[]): { verdict: DefinitionCheck['verdict']; why: string } {
  const records = recordsInterval(value, unknownRows, coverage);
  const verdict = compare(claim, records);
  const claimed = describeClaimed(claim);
  const basis = [
    ...(unknownRows > 0 ? [`${unknownRows.toLocaleString('en-US')} rows have no criminality recorded and may count either way`] : []),
    ...reasons,
  ];
  const computed = `the data give ${describeRecords(records)}${basis.length ? ` (${basis.join('; ')})` : ''}`;
  if (verdict === 'consistent') return { verdict, why: `${computed}, which the claim of ${claimed} allows` };
  if (verdict === 'inconsistent') return { verdict, why: `${computed}, which the claim of ${claimed} does not allow` };
  return { verdict, why: `${computed}: the claim of ${claimed} can be neither confirmed nor ruled out` };
}

function scopeProblem(claim: Claim, route: 'records' | 'flights'): string | null {
  for (const [key, value] of Object.entries(claim.scope)) {
    if (key === 'agency' || key === 'criminality') continue;
    if (route === 'flights' && key === 'destination_country') continue;
    if (route === 'flights' && key === 'aircraft') return `the flight data do not say whether an aircraft is ${value.replace('_', ' ')} (scope aircraft=${value})`;
    return `the checks do not yet filter records by ${key} (scope ${key}=${value})`;
  }
  return null;
}

/** ICE records: a CBP figure is out of reach; a DHS or ICE+CBP figure is only partly ICE's. */
function agencyEffect(claim: Claim): { blocked: string | null; partial: string | null } {
  const agency = claim.scope.agency;
  if (agency === 'CBP') return { blocked: 'the records and aggregates loaded are ICE\'s, and the claim counts CBP', partial: null };
  if (agency === 'DHS' || agency === 'ICE+CBP') return { blocked: null, partial: `ICE's records are only part of a ${agency} figure` };
  return { blocked: null, partial: null };
}

async function recordsChecks(ctx: Context, claim: Claim, table: RecordTable, kind: 'total' | 'with' | 'without', extraPartial: string | null): Promise<{ checks: DefinitionCheck[]; reasons: string[] }> {
  const reasons: string[] = [];
  const scope = scopeProblem(claim, 'records');
  if (scope) return { checks: [], reasons: [scope] };
  const agency = agencyEffect(claim);
  if (agency.blocked) return { checks: [], reasons: [agency.blocked] };
  const coverage = await coverageOf(ctx, table);
  const period = claim.period.text;
  if (!coverage || coverage.length === 0) return { checks: [], reasons: [`no ${table} table rows for ${period}: ${await loadedSummary(ctx)}`] };
  const overlapping = coverage.filter((c) => c.firstDate !== null && c.lastDate !== null && c.firstDate <= claim.period.endDate && c.lastDate >= claim.period.startDate);
  if (overlapping.length === 0) return { checks: [], reasons: [`no ${table} table rows for ${period}: the loaded ${table} are those of ${coverage.map(describeRange).join(' and of ')}`] };
  const checks: DefinitionCheck[] = [];
  for (const release of overlapping) {
    const known = RELEASE_COVERAGE[table][release.release] ?? { coverage: 'lower_bound' as Coverage, why: `how completely the ${release.release} release counts ${table} is not documented, so its count is a lower bound` };
    const partial: string[] = [];
    if (known.why) partial.push(known.why);
    if (release.firstDate! > claim.period.startDate || release.lastDate! < claim.period.endDate) partial.push(`its rows run from ${release.firstDate} to ${release.lastDate}, only part of ${period}`);
    if (agency.partial) partial.push(agency.partial);
    if (extraPartial) partial.push(extraPartial);
    const cover: Coverage = known.coverage === 'complete' && partial.length === 0 ? 'complete' : 'lower_bound';
    const eroLesa = table === 'removals' && release.release === 'ero-lesa';
    const groupBy = kind === 'total' ? 'release' : eroLesa ? 'has_conviction' : 'criminality';
    const where: Filter[] = [{ dimension: 'release', op: '=', values: [release.release] }, ...periodFilters(claim)];
    const request: ReportRequest = { table, by: [groupBy], where };
    const result = await runReport(ctx.store, request);
    const count = (values: string[] | null) => result.rows.filter((r) => values === null || values.includes(String(r[groupBy]))).reduce((s, r) => s + Number(r.n), 0);
    for (const group of groupsFor(claim, kind)) {
      const label = `${table} records of the ${release.release} release${group.label}`;
      const base = { route: 'records' as const, table, release: release.release, dataset: null, criminality: group.definition, criminalityMeans: group.definition && CRIMINALITY_DEFINITIONS[group.definition], caveats: [...result.caveats, ...partial], sourceIds: result.sources.map((s) => s.source_id), synthetic: result.synthetic };
      let values = group.values;
      let unknownRows = 0;
      if (group.values !== null && eroLesa) {
        // ERO-LESA releases record a Most Serious Conviction, nothing about pending charges.
        if (group.definition === 'convicted_or_pending') {
          checks.push({ ...base, definition: label, request, cli: cliOf(request), rowsLink: null, rowsSql: null, value: null, unknownRows: 0, coverage: null, verdict: 'not_checkable', why: 'ERO-LESA releases publish convictions only, not pending charges' });
          continue;
        }
        values = kind === 'with' ? ['true'] : ['false'];
      } else if (group.values !== null) {
        unknownRows = count(UNPLACED);
        if (unknownRows === result.total && result.total > 0) {
          checks.push({ ...base, definition: label, request, cli: cliOf(request), rowsLink: null, rowsSql: null, value: null, unknownRows, coverage: null, verdict: 'not_checkable', why: `the ${release.release} ${table} rows for ${period} have no criminality recorded` });
          continue;
        }
      }
      const value = count(values);
      const rowFilters = values === null ? where : [...where, { dimension: groupBy, op: '=' as const, values }];
      checks.push({
        ...base, definition: label, request, cli: cliOf(request), rowsLink: rowsLinkOf(table, rowFilters), rowsSql: rowsSqlOf(table, rowFilters),
        value, unknownRows, coverage: cover, ...judge(claim, value, unknownRows, cover, partial),
      });
    }
  }
  return { checks, reasons };
}

/** Whole months of a period, when it is made of whole months (a month, a fiscal year, or such a range). */
function monthsOf(claim: Claim): string[] | null {
  const { startDate, endDate } = claim.period;
  if (!startDate.endsWith('-01')) return null;
  const [ey, em, ed] = endDate.split('-').map(Number);
  if (new Date(Date.UTC(ey, em - 1, ed + 1)).getUTCDate() !== 1) return null;
  const months: string[] = [];
  let [y, m] = startDate.split('-').map(Number);
  while (y < ey || (y === ey && m <= em)) { months.push(`${y}-${String(m).padStart(2, '0')}`); m++; if (m > 12) { m = 1; y++; } }
  return months;
}

async function aggregateChecks(ctx: Context, claim: Claim, measure: string, kind: 'total' | 'with' | 'without', extraPartial: string | null): Promise<{ checks: DefinitionCheck[]; reasons: string[] }> {
  const agency = agencyEffect(claim);
  if (agency.blocked) return { checks: [], reasons: [agency.blocked] };
  if (!await viewExists(ctx.store, reportTable('aggregates').view)) return { checks: [], reasons: ['no aggregate table is loaded'] };
  const inventory = await runReport(ctx.store, { table: 'aggregates', by: ['dataset', 'fiscal_year', 'month'], where: [{ dimension: 'measure', op: '=', values: [measure] }] });
  const datasets = [...new Set(inventory.rows.map((r) => String(r.dataset)))];
  if (datasets.length === 0) return { checks: [], reasons: [`no aggregate table (published totals) of ${measure} is loaded`] };
  const period = claim.period.text;
  const months = monthsOf(claim);
  const checks: DefinitionCheck[] = [];
  const reasons: string[] = [];
  for (const dataset of datasets) {
    const rows = inventory.rows.filter((r) => r.dataset === dataset);
    const years = [...new Set(rows.map((r) => r.fiscal_year).filter((v): v is string => typeof v === 'string'))].sort();
    const held = [...new Set(rows.map((r) => r.month).filter((v): v is string => typeof v === 'string'))].sort();
    const partial: string[] = [];
    let filter: Filter[] | null = null;
    if (claim.period.kind === 'fiscal_year' && years.includes(period)) filter = [{ dimension: 'fiscal_year', op: '=', values: [period] }];
    else if (months && held.some((m) => months.includes(m))) {
      filter = [{ dimension: 'month', op: '>=', values: [months[0]] }, { dimension: 'month', op: '<=', values: [months[months.length - 1]] }];
      const missing = months.filter((m) => !held.includes(m));
      if (missing.length) partial.push(`the table holds ${months.length - missing.length} of the ${months.length} months of ${period}`);
    }
    if (!filter) {
      const holds = [...(years.length ? [years.join(', ')] : []), ...(held.length ? [`months ${held[0]} … ${held[held.length - 1]}`] : [])].join('; ') || 'no dated values';
      reasons.push(`the loaded aggregate table ${dataset} holds ${holds}, not ${period}`);
      continue;
    }
    const where: Filter[] = [{ dimension: 'dataset', op: '=', values: [dataset] }, { dimension: 'measure', op: '=', values: [measure] }, ...filter];
    const request: ReportRequest = { table: 'aggregates', by: ['criminality', 'state'], where };
    const result = await runReport(ctx.store, request);
    if (result.rows.some((r) => r.state !== null && r.state !== undefined)) partial.push('the table counts by state and may not include every state');
    if (agency.partial) partial.push(agency.partial);
    if (extraPartial) partial.push(extraPartial);
    const cover: Coverage = partial.length === 0 ? 'complete' : 'lower_bound';
    const sum = (values: string[] | null) => result.rows.filter((r) => values === null || values.includes(String(r.criminality))).reduce((s, r) => s + Number(r.value ?? 0), 0);
    for (const group of groupsFor(claim, kind)) {
      const label = `aggregate table ${dataset}${group.label}`;
      const base = { route: 'aggregates' as const, table: 'aggregates', release: null, dataset, criminality: group.definition, criminalityMeans: group.definition && CRIMINALITY_DEFINITIONS[group.definition], request, cli: cliOf(request), caveats: [...result.caveats, ...partial], sourceIds: result.sources.map((s) => s.source_id), synthetic: result.synthetic };
      const unknownRows = group.values === null ? 0 : sum(UNPLACED);
      if (group.values !== null && unknownRows === sum(null)) {
        checks.push({ ...base, definition: label, rowsLink: null, rowsSql: null, value: null, unknownRows, coverage: null, verdict: 'not_checkable', why: `the table ${dataset} does not break the count down by criminality` });
        continue;
      }
      const value = sum(group.values);
      const rowFilters = group.values === null ? where : [...where, { dimension: 'criminality', op: '=' as const, values: group.values }];
      checks.push({ ...base, definition: label, rowsLink: rowsLinkOf('aggregates', rowFilters), rowsSql: rowsSqlOf('aggregates', rowFilters), value, unknownRows, coverage: cover, ...judge(claim, value, unknownRows, cover, partial) });
    }
  }
  return { checks, reasons };
}

async function flightChecks(ctx: Context, claim: Claim, what: 'legs' | 'passengers'): Promise<{ checks: DefinitionCheck[]; reasons: string[] }> {
  if (what === 'passengers') return { checks: [], reasons: ['passenger counts are not summed by the checks yet: observers\' counts are of different kinds (counted, estimated from vans or from other flights) and must not be added blindly (docs/flights.md)'] };
  const scope = scopeProblem(claim, 'flights');
  if (scope) return { checks: [], reasons: [scope] };
  const coverage = await coverageOf(ctx, 'flights', { dateColumn: 'departure_date', releaseColumn: null });
  if (!coverage || coverage.length === 0 || coverage[0].rows === 0) return { checks: [], reasons: [`no flight legs are loaded for ${claim.period.text}`] };
  const c = coverage[0];
  if (c.firstDate! > claim.period.endDate || c.lastDate! < claim.period.startDate) return { checks: [], reasons: [`no flight legs for ${claim.period.text}: the loaded legs run from ${c.firstDate} to ${c.lastDate}`] };
  const where: Filter[] = [{ dimension: 'category', op: '=', values: ['removal'] }, ...periodFilters(claim, 'departure_date'),
    ...(claim.scope.destination_country ? [{ dimension: 'arrival_country', op: '=' as const, values: [claim.scope.destination_country] }] : [])];
  const request: ReportRequest = { table: 'flights', by: ['arrival_country'], where };
  const result = await runReport(ctx.store, request);
  const partial = ['flight tracking misses flights (military aircraft, blocked tail numbers, coverage gaps), so a count of tracked removal legs is a lower bound'];
  const value = result.total;
  return {
    checks: [{
      definition: `removal flight legs tracked${claim.scope.destination_country ? ` to ${claim.scope.destination_country}` : ''}`, route: 'flights', table: 'flights', release: null, dataset: null, criminality: null, criminalityMeans: null,
      request, cli: cliOf(request), rowsLink: rowsLinkOf('flights', where), rowsSql: null, value, unknownRows: 0, coverage: 'lower_bound',
      ...judge(claim, value, 0, 'lower_bound', partial), caveats: [...result.caveats, ...partial], sourceIds: result.sources.map((s) => s.source_id), synthetic: result.synthetic,
    }],
    reasons: [],
  };
}

function combine(claim: Claim, checks: DefinitionCheck[], reasons: string[]): { verdict: ClaimVerdict; why: string } {
  const decisive = checks.filter((c) => c.verdict !== 'not_checkable');
  const undecided = [...reasons, ...checks.filter((c) => c.verdict === 'not_checkable').map((c) => `${c.definition}: ${c.why}`)];
  if (decisive.length === 0) return { verdict: 'not_checkable', why: [...new Set(undecided)].join('; ') || `no data can compute ${claim.metric}` };
  const list = (cs: DefinitionCheck[]) => cs.map((c) => `${c.definition}: ${c.why}`).join('; ');
  const consistent = decisive.filter((c) => c.verdict === 'consistent');
  const inconsistent = decisive.filter((c) => c.verdict === 'inconsistent');
  const also = undecided.length ? ` (other data: ${[...new Set(undecided)].join('; ')})` : '';
  if (inconsistent.length === 0) return { verdict: 'consistent', why: `${list(consistent)}${also}` };
  if (consistent.length === 0) return { verdict: 'inconsistent', why: `${list(inconsistent)}${also}` };
  return { verdict: 'definitions_differ', why: `consistent under ${list(consistent)}; inconsistent under ${list(inconsistent)}${also}` };
}

/** Checks one claim against the data in `store`. Writes nothing. */
export async function checkClaim(store: Store, claim: Claim, ctx: Context = { store, inventory: new Map() }, checkedAt = new Date().toISOString()): Promise<ClaimCheck> {
  const metric = METRICS[claim.metric];
  const plan = METRIC_ROUTES[claim.metric];
  const checks: DefinitionCheck[] = [];
  const reasons: string[] = [];
  if (!plan) {
    reasons.push(`${claim.metric} is not checkable: ${metric.check.how}`);
  } else if (plan.flights) {
    const r = await flightChecks(ctx, claim, plan.flights);
    checks.push(...r.checks); reasons.push(...r.reasons);
  } else {
    if (plan.records) {
      const r = await recordsChecks(ctx, claim, plan.records, plan.kind, plan.partial ?? null);
      checks.push(...r.checks); reasons.push(...r.reasons);
    }
    if (plan.aggregateMeasure) {
      const r = await aggregateChecks(ctx, claim, plan.aggregateMeasure, plan.kind, plan.partial ?? null);
      checks.push(...r.checks); reasons.push(...r.reasons);
    }
    // Official tables answer what records cannot: a fiscal year's total, a population on a day.
    if (plan.official === 'removals' && agencyEffect(claim).blocked === null && scopeProblem(claim, 'records') === null) {
      const r = await officialRemovalsChecks(store, claim, [plan.partial, agencyEffect(claim).partial].filter((x): x is string => !!x).join('; ') || null);
      checks.push(...r.checks); reasons.push(...r.reasons);
    }
    if (plan.official === 'detention_population') {
      const r = await detentionPopulationChecks(store, claim);
      checks.push(...r.checks); reasons.push(...r.reasons);
    }
  }
  const { verdict, why } = combine(claim, checks, reasons);
  return {
    claimId: claim.id,
    claim: { id: claim.id, summary: claim.summary, metric: claim.metric, period: claim.period.text, value: claim.value, qualifier: claim.qualifier, unit: claim.unit, date: claim.date, speaker: claim.speaker },
    checkedAt, verdict, verdictText: VERDICT_TEXT[verdict], why, definitions: checks, tolerance: TOLERANCE, metricCaveats: [...metric.caveats],
  };
}

/**
 * Checks claims against the data in `store` (default: every claim in the store's ledger, or the seed
 * ledger when the database has no claims table). Writes nothing: for the CLI and the HTTP API.
 */
export async function checkClaims(store: Store, claims?: Claim[]): Promise<ClaimCheck[]> {
  const list = claims ?? await storedClaimsOrSeed(store);
  const ctx: Context = { store, inventory: new Map() };
  const checkedAt = new Date().toISOString();
  const results: ClaimCheck[] = [];
  for (const claim of list) results.push(await checkClaim(store, claim, ctx, checkedAt));
  return results;
}

/** The claims of the store's ledger; the seed ledger when the database predates migration 5. */
export async function storedClaimsOrSeed(store: Store): Promise<Claim[]> {
  return await viewExists(store, 'claims') ? storedClaims(store) : loadClaims();
}

/** Stores checks in claim_checks: one row per definition (one `(none)` row when nothing could be computed). */
export async function recordClaimChecks(store: Store, checks: ClaimCheck[]): Promise<void> {
  await store.transaction(async () => {
    for (const c of checks) {
      const common = { claimId: c.claimId, claimVerdict: c.verdict, claimWhy: c.why };
      const rows: ClaimCheckRow[] = c.definitions.length === 0
        ? [{ ...common, definition: '(none)', route: null, criminalityDefinition: null, computedValue: null, unknownRows: null, coverage: null, verdict: 'not_checkable', why: c.why, query: null, cli: null, rowsLink: null, rowsSql: null, caveats: c.metricCaveats, sourceIds: [], synthetic: null }]
        : c.definitions.map((d) => ({
          ...common, definition: d.definition, route: d.route, criminalityDefinition: d.criminality, computedValue: d.value, unknownRows: d.unknownRows,
          coverage: d.coverage, verdict: d.verdict, why: d.why, query: d.request ? JSON.stringify(d.request) : null, cli: d.cli, rowsLink: d.rowsLink,
          rowsSql: d.rowsSql, caveats: [...d.caveats, ...c.metricCaveats], sourceIds: d.sourceIds, synthetic: d.synthetic,
        }));
      await insertClaimCheck(store, c.checkedAt, rows);
    }
  });
}

