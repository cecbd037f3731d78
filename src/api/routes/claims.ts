/**
 * `/claims.json|.csv`: the claims ledger in the database (seed claims from src/reference/claims.csv and
 * those added) with each claim checked against the loaded records and official aggregates by the claims
 * module (`checkClaims`, read-only: the API shows checks, it does not record them). `POST /claims`
 * (token) adds claims the way `deportwatch claims add` does: validated by the ledger's parser, refused
 * whole on an id already in the ledger, stored with origin `added`.
 */
import { checkClaims, parseClaimsText, storedClaimsOrSeed, type Claim, type ClaimCheck } from '../../claims/index.ts';
import { describeIssue } from '../../domain/provenance.ts';
import { existingClaimIds, insertClaims } from '../../claims/store.ts';
import { claimSource } from '../../claims/source.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { csv, json, shapeRows } from '../output.ts';
import { checkOptions, parseQuery, shapeOption } from '../query.ts';
import type { ApiRequest, RouteSpec } from '../route.ts';

const COLUMNS = ['id', 'kind', 'date', 'speaker', 'quote', 'summary', 'metric', 'scope', 'period', 'value', 'qualifier', 'unit', 'sources', 'citation', 'source_tier', 'timeline_id', 'confidence', 'notes', 'origin', 'verdict', 'check'];
const FILTERS: Record<string, string> = {
  id: 'claim id', kind: 'claim or baseline', metric: 'metric id (docs/claims.md)', speaker: 'who said it', confidence: 'high, medium, low',
  verdict: 'verdict of the check (consistent, inconsistent, not_checkable …, docs/claims.md)', origin: 'seed, file or added',
  date: 'date of the statement, YYYY-MM-DD (compared as text, so date>=2025-01 works)',
};

function claimRow(claim: Claim & { origin?: string }, check: ClaimCheck | undefined): Record<string, unknown> {
  const { claim: _repeated, claimId: _id, ...result } = check ?? ({} as Partial<ClaimCheck>);
  return {
    id: claim.id, kind: claim.kind, date: claim.date, speaker: claim.speaker, quote: claim.quote, summary: claim.summary, metric: claim.metric,
    scope: claim.scope, period: claim.period, value: claim.value, qualifier: claim.qualifier, unit: claim.unit, sources: claim.sources,
    citation: claimSource(claim).citation, source_tier: claimSource(claim).sourceTier,
    timeline_id: claim.timelineId, confidence: claim.confidence, notes: claim.notes, origin: claim.origin ?? 'seed',
    verdict: check?.verdict ?? 'unchecked', check: check ? result : null,
  };
}

async function listing(ctx: ApiContext, request: ApiRequest, known: string[]) {
  const { options, filters } = parseQuery(request.rawQuery);
  checkOptions(options, known);
  for (const f of filters) {
    if (!(f.dimension in FILTERS)) throw new HttpError(400, `"${f.dimension}" is not a claims filter; filters: ${Object.keys(FILTERS).join(', ')}`);
  }
  const rows = await ctx.db.read(async (store) => {
    const claims = await storedClaimsOrSeed(store);
    const checks = await checkClaims(store, claims);
    return claims.map((c, i) => claimRow(c, checks[i]));
  });
  const kept = rows.filter((row) => filters.every((f) => {
    const value = String(row[f.dimension] ?? '');
    switch (f.op) {
      case '=': return f.values.includes(value);
      case '!=': return !f.values.includes(value);
      case '>=': return value >= f.values[0];
      case '<=': return value <= f.values[0];
      case '>': return value > f.values[0];
      default: return value < f.values[0];
    }
  }));
  return { options, rows: kept };
}

export function claimsRoutes(ctx: ApiContext): RouteSpec[] {
  return [
    {
      method: 'GET', path: '/claims.json', template: '/claims.json', tag: 'claims', format: 'json', filters: FILTERS, cached: true,
      summary: 'the claims ledger, each claim with its check against the loaded records: verdict, why, and per definition the number, the request and the rows counted',
      params: [{ name: '_shape', description: 'rows as objects (default) or arrays', enum: ['objects', 'arrays'] }],
      async handler(request) {
        const { options, rows } = await listing(ctx, request, ['_shape']);
        return json({ ok: true, columns: COLUMNS, count: rows.length, rows: shapeRows(COLUMNS, rows, shapeOption(options)) });
      },
    },
    {
      method: 'GET', path: '/claims.csv', template: '/claims.csv', tag: 'claims', format: 'csv', filters: FILTERS, cached: true,
      summary: 'the claims with their verdicts as CSV (scope and period as JSON, sources joined with " | ", the check\'s reason as `why`)',
      params: [],
      async handler(request) {
        const { rows } = await listing(ctx, request, []);
        const columns = [...COLUMNS.filter((c) => c !== 'check'), 'why'];
        return csv(columns, rows.map((r) => ({ ...r, sources: (r.sources as string[]).join(' | '), why: (r.check as { why?: string } | null)?.why ?? null })), 'claims.csv');
      },
    },
    {
      method: 'POST', path: '/claims', template: '/claims', tag: 'write', format: 'json', write: true, accepts: ['application/json'],
      summary: 'add claims to the ledger (a claim object, an array, or {"claims": [...]} in ledger fields; needs the token)',
      params: [],
      async handler(request) {
        const body = request.body;
        if (typeof body !== 'object' || body === null || typeof (body as { pipe?: unknown }).pipe === 'function') {
          throw new HttpError(415, 'send the claims as JSON (Content-Type: application/json)');
        }
        const items: unknown[] = Array.isArray(body) ? body
          : Array.isArray((body as { claims?: unknown }).claims) ? (body as { claims: unknown[] }).claims
          : [body];
        const { claims, issues } = parseClaimsText(JSON.stringify(items), { file: 'POST /claims', format: 'json' });
        if (issues.length) throw new HttpError(400, `${issues.length} problem${issues.length === 1 ? '' : 's'} in the claims sent; first: ${describeIssue(issues[0])}`, issues.map(describeIssue));
        if (claims.length === 0) throw new HttpError(400, 'no claims in the body: send a claim object, an array of them, or {"claims": [...]}');
        await ctx.db.write(async (store) => {
          const clash = await existingClaimIds(store, claims.map((c) => c.id));
          if (clash.length) {
            throw new HttpError(409, `claim id${clash.length > 1 ? 's' : ''} already in the ledger: ${clash.map((c) => `${c.id} (${c.origin})`).join(', ')}; nothing was added. Pick new ids.`);
          }
          await insertClaims(store, claims, 'added');
        });
        return json({ ok: true, added: claims.map((c) => claimRow({ ...c, origin: 'added' }, undefined)), data_version: ctx.db.dataVersion }, 201);
      },
    },
  ];
}
