/**
 * `/claims.json|.csv`: the claims ledger (src/claims): the project's seed ledger
 * (src/reference/claims.csv) plus the claims added to this server. `POST /claims` (token) adds claims,
 * validated by the same parser as a ledger file; they are kept in `<database>.claims.json`, a ledger in
 * the JSON form the claims module reads, so they outlive the server and can be reviewed as a file.
 * Checks against the records (verdicts) are the claims module's to add; until then each claim says
 * `verdict: "unchecked"`.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { loadClaims, parseClaimsFile, parseClaimsText, type Claim } from '../../claims/index.ts';
import { describeIssue } from '../../domain/provenance.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { csv, json, shapeRows } from '../output.ts';
import { checkOptions, parseQuery, shapeOption } from '../query.ts';
import type { ApiRequest, RouteSpec } from '../route.ts';

const COLUMNS = ['id', 'kind', 'date', 'speaker', 'quote', 'summary', 'metric', 'scope', 'period', 'value', 'qualifier', 'unit', 'sources', 'timeline_id', 'confidence', 'notes', 'verdict', 'ledger', 'row'];

function claimRow(claim: Claim): Record<string, unknown> {
  return {
    id: claim.id, kind: claim.kind, date: claim.date, speaker: claim.speaker, quote: claim.quote, summary: claim.summary, metric: claim.metric,
    scope: claim.scope, period: claim.period, value: claim.value, qualifier: claim.qualifier, unit: claim.unit, sources: claim.sources,
    timeline_id: claim.timelineId, confidence: claim.confidence, notes: claim.notes, verdict: 'unchecked', ledger: claim.file, row: claim.row,
  };
}

/** The server's own ledger: claims added over HTTP, one JSON array of claim objects in ledger field names. */
export class ServerLedger {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  read(): Claim[] {
    return existsSync(this.path) ? parseClaimsFile(this.path, { label: this.path }) : [];
  }

  /** Validates `body` as ledger JSON, refuses ids already in use, and appends atomically (temp file + rename). */
  add(body: unknown, existing: Claim[]): Promise<Claim[]> {
    const run = async () => {
      const items: unknown[] = Array.isArray(body) ? body
        : body !== null && typeof body === 'object' && Array.isArray((body as { claims?: unknown }).claims) ? (body as { claims: unknown[] }).claims
        : [body];
      const { claims, issues } = parseClaimsText(JSON.stringify(items), { file: 'POST /claims', format: 'json' });
      if (issues.length) throw new HttpError(400, `${issues.length} problem${issues.length === 1 ? '' : 's'} in the claims sent; first: ${describeIssue(issues[0])}`, issues.map(describeIssue));
      if (claims.length === 0) throw new HttpError(400, 'no claims in the body: send a claim object, an array of them, or {"claims": [...]}');
      const taken = new Set(existing.map((c) => c.id));
      const clash = claims.filter((c) => taken.has(c.id)).map((c) => c.id);
      if (clash.length) throw new HttpError(409, `claim id${clash.length > 1 ? 's' : ''} already in the ledger: ${clash.join(', ')}; pick new ids`);
      const stored: unknown[] = existsSync(this.path) ? JSON.parse(await readFile(this.path, 'utf8')) as unknown[] : [];
      await writeFile(`${this.path}.tmp`, `${JSON.stringify([...stored, ...items], null, 2)}\n`);
      await rename(`${this.path}.tmp`, this.path);
      return claims;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

export function claimsRoutes(ctx: ApiContext): RouteSpec[] {
  const ledger = new ServerLedger(`${ctx.db.path}.claims.json`);
  const all = () => [...loadClaims(), ...ledger.read()];
  const listing = (request: ApiRequest, known: string[]) => {
    const { options, filters } = parseQuery(request.rawQuery);
    checkOptions(options, known);
    const rows = all().map(claimRow);
    for (const f of filters) {
      if (!['id', 'kind', 'metric', 'speaker', 'confidence', 'verdict', 'date'].includes(f.dimension)) {
        throw new HttpError(400, `"${f.dimension}" is not a claims filter; filters: id, kind, metric, speaker, confidence, verdict, date`);
      }
    }
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
  };
  const filterHelp = { id: 'claim id', kind: 'claim or baseline', metric: 'metric id (docs/rules.md)', speaker: 'who said it', confidence: 'high, medium, low', verdict: 'unchecked until checks exist', date: 'date of the statement, YYYY-MM-DD (compared as text, so date>=2025-01 works)' };
  return [
    {
      method: 'GET', path: '/claims.json', template: '/claims.json', tag: 'claims', format: 'json', filters: filterHelp,
      summary: 'the claims ledger: each official claim with its words, metric, scope, period, value and sources (verdict "unchecked" until checks exist)',
      params: [{ name: '_shape', description: 'rows as objects (default) or arrays', enum: ['objects', 'arrays'] }],
      async handler(request) {
        const { options, rows } = listing(request, ['_shape']);
        return json({ ok: true, columns: COLUMNS, count: rows.length, rows: shapeRows(COLUMNS, rows, shapeOption(options)) });
      },
    },
    {
      method: 'GET', path: '/claims.csv', template: '/claims.csv', tag: 'claims', format: 'csv', filters: filterHelp,
      summary: 'the claims ledger as CSV (scope and period as JSON, sources joined with " | ")',
      params: [],
      async handler(request) {
        const { rows } = listing(request, []);
        return csv(COLUMNS, rows.map((r) => ({ ...r, sources: (r.sources as string[]).join(' | ') })), 'claims.csv');
      },
    },
    {
      method: 'POST', path: '/claims', template: '/claims', tag: 'write', format: 'json', write: true, accepts: ['application/json'],
      summary: 'add claims to this server\'s ledger (a claim object, an array, or {"claims": [...]} in ledger fields; needs the token)',
      params: [],
      async handler(request) {
        if (typeof request.body !== 'object' || request.body === null || typeof (request.body as { pipe?: unknown }).pipe === 'function') {
          throw new HttpError(415, 'send the claims as JSON (Content-Type: application/json)');
        }
        const added = await ledger.add(request.body, all());
        return json({ ok: true, added: added.map(claimRow), ledger: ledger.path }, 201);
      },
    },
  ];
}
