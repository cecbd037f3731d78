/**
 * `/rules.json|.csv`: the policy timeline (src/legal, src/reference/policy-timeline.csv), one row per
 * policy, ruling, deployment or statement with its sources; with `?date=YYYY-MM-DD`, the legal layer's
 * answer for that date (rulesInForce: expedited-removal designation, topics, court orders, caveats) and,
 * on each row, whether the answer relies on it as operative that day. Nothing here decides a rule: the
 * per-row `applies` is read off rulesInForce's own entries.
 */
import { loadTimeline, rulePeriodRows, rulesInForce, type RulesInForce, type TimelineRow } from '../../legal/index.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { csv, json, shapeRows } from '../output.ts';
import { checkOptions, parseQuery, shapeOption } from '../query.ts';
import type { ApiRequest, RouteSpec } from '../route.ts';

const COLUMNS = ['id', 'kind', 'title', 'start_date', 'end_date', 'status', 'effects', 'jurisdiction', 'sources', 'citation', 'source_tier', 'confidence', 'notes', 'line'];

function timelineRow(row: TimelineRow): Record<string, unknown> {
  return {
    id: row.id, kind: row.kind, title: row.title, start_date: row.start.text, end_date: row.end?.text ?? null, status: row.status,
    effects: row.effects.map((e) => e.type), jurisdiction: row.jurisdiction, sources: row.sources,
    citation: row.citation, source_tier: row.sourceTier, confidence: row.confidence,
    notes: row.notes || null, line: row.line,
  };
}

type Known = 'yes' | 'no' | 'uncertain';
type Applies = Known | 'cited';
const RANK: Record<Known, number> = { no: 0, uncertain: 1, yes: 2 };

/**
 * For each timeline row the answer relies on, the strongest `operative` value it has there (a stayed
 * designation is cited with operative "no"); deployments, which the timeline lists from their start
 * with no end, count as "yes"; rows cited only in the reasoning (an appellate ruling on a stay) are
 * "cited". Rows the answer does not cite are "no".
 */
export function appliesByRow(rules: RulesInForce): Map<string, Applies> {
  const applies = new Map<string, Applies>();
  const note = (id: string, value: Known) => {
    const before = applies.get(id) as Known | undefined;
    if (before === undefined || RANK[value] > RANK[before]) applies.set(id, value);
  };
  const topics = [rules.asylumBar, rules.protectionScreeningRestricted, rules.removalOutsideIna, rules.thirdCountryRemoval.policy, rules.alienEnemiesAct.authority];
  for (const topic of topics) for (const entry of topic.entries) note(entry.row.id, entry.operative);
  for (const requirement of [...rules.thirdCountryRemoval.courtRequirements, ...rules.alienEnemiesAct.courtRequirements]) note(requirement.row.id, requirement.operative);
  for (const order of rules.courtOrders) note(order.row.id, order.operative);
  for (const deployment of rules.deployments) note(deployment.row.id, 'yes');
  const er = rules.expeditedRemoval;
  for (const designation of er.designations) note(designation.row.id, designation.operative);
  for (const extension of er.extendedTo) note(extension.rowId, extension.operative);
  for (const order of er.stayOrders) note(order.id, er.courtStay);
  for (const exclusion of er.excluded) for (const id of exclusion.rowIds) note(id, exclusion.certain ? 'yes' : 'uncertain');
  // Rows cited only as part of the reasoning (an appellate ruling on a stay): cited, with no operative value.
  for (const ref of rules.basis) if (!applies.has(ref.id)) applies.set(ref.id, 'cited');
  return applies;
}

async function answer(request: ApiRequest, known: string[]) {
  const { options, filters } = parseQuery(request.rawQuery, ['date']);
  checkOptions(options, known);
  if (filters.length) throw new HttpError(400, `unknown parameter "${filters[0].dimension}"; this route takes date=YYYY-MM-DD${known.includes('_shape') ? ' and _shape' : ''}`);
  const timeline = loadTimeline();
  const rules = options.date !== undefined ? rulesInForce(options.date, timeline) : null;
  const applies = rules ? appliesByRow(rules) : null;
  const rows: Record<string, unknown>[] = timeline.rows.map((row) => ({ ...timelineRow(row), ...(applies ? { applies: applies.get(row.id) ?? 'no' } : {}) }));
  return { options, rules, rows, columns: applies ? [...COLUMNS, 'applies'] : COLUMNS, file: timeline.file };
}

export function rulesRoutes(_ctx: ApiContext): RouteSpec[] {
  const date = { name: 'date', description: 'YYYY-MM-DD: add what the timeline says applied on that day (rulesInForce) and, per row, `applies` (yes, uncertain, cited, no)' };
  return [
    {
      method: 'GET', path: '/rules.json', template: '/rules.json', tag: 'rules', format: 'json', cached: true,
      summary: 'the policy timeline, and with date= the rules in force on that day with their basis and caveats',
      params: [date, { name: '_shape', description: 'rows as objects (default) or arrays', enum: ['objects', 'arrays'] }],
      async handler(request) {
        const { options, rules, rows, columns, file } = await answer(request, ['date', '_shape']);
        return json({ ok: true, file, columns, rows: shapeRows(columns, rows, shapeOption(options)), periods: rulePeriodRows(), ...(rules ? { rules } : {}) });
      },
    },
    {
      method: 'GET', path: '/rules.csv', template: '/rules.csv', tag: 'rules', format: 'csv', cached: true,
      summary: 'the policy timeline as CSV (effects and sources joined with " | "), with `applies` when date= is given',
      params: [date],
      async handler(request) {
        const { rows, columns } = await answer(request, ['date']);
        const flat = rows.map((r) => ({ ...r, effects: (r.effects as string[]).join(' | '), sources: (r.sources as string[]).join(' | ') }));
        return csv(columns, flat, 'rules.csv');
      },
    },
  ];
}
