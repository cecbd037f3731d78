/**
 * `rulesInForce(date)`: what the policy timeline says applied on a date — the expedited-removal
 * designation, the asylum bar and the other parts of Proclamation 10888, third-country removal rules,
 * Alien Enemies Act removals, the court orders that stood, and troop deployments — each with the
 * timeline rows (and so the sources) behind it.
 *
 * Only what the timeline records: `none_recorded` means the timeline holds no such rule on that date,
 * not that none existed (it records no asylum restriction before 2025, for example).
 */
import { isIsoDate } from '../domain/dates.ts';
import { UsageError } from '../domain/errors.ts';
import { PARTIAL_SCOPES, param, paramList, type Effect } from './effects.ts';
import { evaluatorFor, isBlocking, or, type Evaluator, type Tri } from './evaluate.ts';
import { expeditedRemovalOn, known, type ExpeditedRemovalOnDate, type Known } from './expedited-removal.ts';
import { rulePeriodOf } from './periods.ts';
import { loadTimeline, refOf, type Timeline, type TimelineRef, type TimelineRow } from './timeline.ts';

export interface TopicEntry {
  row: TimelineRef;
  effect: Effect;
  operative: Known;
  /** Court orders that blocked it in full on the date. */
  blockedBy: TimelineRef[];
  /** Court orders that blocked it for some people only (a class, the plaintiffs, a district, a group). */
  partlyBlockedBy: { row: TimelineRef; population: string | null; scope: string | null }[];
}

export interface TopicState {
  status: 'in_force' | 'partly_blocked' | 'blocked' | 'uncertain' | 'none_recorded';
  entries: TopicEntry[];
}

export interface CourtOrderOnDate {
  row: TimelineRef;
  action: string;
  target: string;
  scope: string | null;
  population: string | null;
  /** Effect types of the target it reaches (null = all). */
  effects: string[] | null;
  operative: Known;
  /** Effect types for which a higher court had stayed this order on the date. */
  stayedFor: string[];
}

export interface RequirementOnDate {
  row: TimelineRef;
  topic: string;
  requires: string[];
  scope: string | null;
  operative: Known;
  /** Orders (e.g. a stay pending appeal) that suspended it on the date. */
  blockedBy: TimelineRef[];
}

export interface RulesInForce {
  date: string;
  /** Name of the expedited-removal rule period the date falls in (see rulePeriods()); null before 1997-04-01. */
  rulePeriod: string | null;
  expeditedRemoval: ExpeditedRemovalOnDate;
  asylumBar: TopicState;
  /** Proclamation 10888's restriction of withholding of removal / CAT screening. */
  protectionScreeningRestricted: TopicState;
  /** Proclamation 10888's direction to remove people outside INA procedures. */
  removalOutsideIna: TopicState;
  thirdCountryRemoval: { policy: TopicState; courtRequirements: RequirementOnDate[]; noticeRequiredByCourt: Known };
  alienEnemiesAct: { authority: TopicState; courtRequirements: RequirementOnDate[] };
  /** Injunctions, stays and vacaturs that stood on the date, on any subject, while what they act on still stood. */
  courtOrders: CourtOrderOnDate[];
  /** Troop deployments, National Defense Areas, commands and emergencies recorded from their start (no end dates are recorded). */
  deployments: { row: TimelineRef; effects: Effect[] }[];
  basis: TimelineRef[];
  caveats: string[];
}

const DEPLOYMENT_TYPES = ['troop_deployment', 'national_defense_area', 'military_command', 'military_jurisdiction', 'national_emergency'];

function topic(ev: Evaluator, type: string, date: string, cite: (row: TimelineRow) => TimelineRef): TopicState {
  const entries: TopicEntry[] = [];
  for (const { row, effect } of ev.effectsOfType(type)) {
    if (ev.stands(row, effect, date) === 'no') continue;
    const operative = ev.operative(row, effect, type, date);
    const blockedBy = ev.fullBlockers(row.id, type, effect).filter((b) => ev.operative(b.row, b.effect, type, date) !== 'no').map((b) => cite(b.row));
    const partlyBlockedBy = ev.partialBlocks(row.id, type, date, 'end_of_day', effect).map((p) => ({ row: cite(p.order.row), population: param(p.order.effect, 'population'), scope: param(p.order.effect, 'scope') }));
    entries.push({ row: cite(row), effect, operative: known(operative), blockedBy, partlyBlockedBy });
  }
  let status: TopicState['status'] = 'none_recorded';
  if (entries.some((e) => e.operative === 'yes')) status = entries.some((e) => e.operative === 'yes' && e.partlyBlockedBy.length > 0) ? 'partly_blocked' : 'in_force';
  else if (entries.some((e) => e.operative === 'uncertain')) status = 'uncertain';
  else if (entries.length > 0) status = 'blocked';
  return { status, entries };
}

function requirements(ev: Evaluator, topicName: string, date: string, cite: (row: TimelineRow) => TimelineRef): RequirementOnDate[] {
  return ev.effectsOfType('court_requirement')
    .filter((o) => param(o.effect, 'topic') === topicName && ev.stands(o.row, o.effect, date) !== 'no')
    .map((o) => ({
      row: cite(o.row), topic: topicName, requires: paramList(o.effect, 'requires') ?? [], scope: param(o.effect, 'scope'),
      operative: known(ev.operative(o.row, o.effect, 'court_requirement', date)),
      blockedBy: ev.fullBlockers(o.row.id, 'court_requirement').filter((b) => ev.operative(b.row, b.effect, 'court_requirement', date) !== 'no').map((b) => cite(b.row)),
    }));
}

export function rulesInForce(date: string, timeline: Timeline = loadTimeline()): RulesInForce {
  if (!isIsoDate(date)) throw new UsageError(`not a date: ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  const ev = evaluatorFor(timeline);
  const basis = new Map<string, TimelineRef>();
  const cite = (row: TimelineRow) => { const r = refOf(row); basis.set(r.id, r); return r; };

  const expeditedRemoval = expeditedRemovalOn(ev, date);
  for (const r of expeditedRemoval.basis) basis.set(r.id, r);

  const thirdCountryRequirements = requirements(ev, 'third_country_removal', date, cite);
  let noticeRequired: Tri = 'no';
  for (const r of thirdCountryRequirements) noticeRequired = or(noticeRequired, r.operative === 'uncertain' ? 'maybe' : r.operative);

  const courtOrders: CourtOrderOnDate[] = [];
  for (const { row, effect } of ev.effectsOfType('court_order')) {
    // An order on an act (or order) that no longer stands is history, not an order in force.
    const target = timeline.byId.get(param(effect, 'target')!)!;
    if (!isBlocking(effect) || ev.stands(row, effect, date) === 'no' || target.effects.every((e) => ev.stands(target, e, date) === 'no')) continue;
    const types = paramList(effect, 'effects') ?? ['*'];
    let operative: Tri = 'no';
    const stayedFor: string[] = [];
    for (const type of types) {
      const t = ev.operative(row, effect, type, date);
      operative = or(operative, t);
      if (t === 'no' && type !== '*') stayedFor.push(type);
    }
    if (operative === 'no') continue;
    courtOrders.push({
      row: cite(row), action: param(effect, 'action')!, target: param(effect, 'target')!, scope: param(effect, 'scope'),
      population: param(effect, 'population'), effects: paramList(effect, 'effects'), operative: known(operative), stayedFor,
    });
  }

  const deployments: RulesInForce['deployments'] = [];
  for (const row of timeline.rows) {
    const effects = row.effects.filter((e) => DEPLOYMENT_TYPES.includes(e.type) && ev.stands(row, e, date) !== 'no');
    if (effects.length > 0) deployments.push({ row: cite(row), effects });
  }

  const result: Omit<RulesInForce, 'basis' | 'caveats'> = {
    date,
    rulePeriod: rulePeriodOf(date, timeline)?.period ?? null,
    expeditedRemoval,
    asylumBar: topic(ev, 'asylum_bar', date, cite),
    protectionScreeningRestricted: topic(ev, 'protection_screening_restricted', date, cite),
    removalOutsideIna: topic(ev, 'removal_outside_ina', date, cite),
    thirdCountryRemoval: { policy: topic(ev, 'third_country_removal_policy', date, cite), courtRequirements: thirdCountryRequirements, noticeRequiredByCourt: known(noticeRequired) },
    alienEnemiesAct: { authority: topic(ev, 'removal_authority', date, cite), courtRequirements: requirements(ev, 'alien_enemies_act', date, cite) },
    courtOrders,
    deployments,
  };

  const caveats = ['Only what the policy timeline records: "none_recorded" means the timeline holds no such rule on this date, not that none existed.'];
  if (!expeditedRemoval.certain) caveats.push('The expedited-removal designation on this date is uncertain: a ruling that changed it is known only to the month, or its status is not verified.');
  if (expeditedRemoval.changedDuringDay) caveats.push(`The expedited-removal designation changed during this day, at ${expeditedRemoval.changedDuringDay.effectiveTime} (${expeditedRemoval.changedDuringDay.rowId}); the values above are those in force at the end of the day.`);
  const uncertainRows = [...basis.values()].filter((r) => r.status === 'uncertain').map((r) => r.id);
  if (uncertainRows.length > 0) caveats.push(`Status not verified after its start: ${uncertainRows.join(', ')}.`);
  if (deployments.length > 0) caveats.push('Deployments are listed from their start date; the timeline records no end dates for them.');
  if (courtOrders.some((o) => o.population !== null || (PARTIAL_SCOPES as readonly string[]).includes(o.scope ?? ''))) {
    caveats.push('Orders with a class, plaintiff, district or population scope protect only those people.');
  }
  return { ...result, basis: [...basis.values()], caveats };
}
