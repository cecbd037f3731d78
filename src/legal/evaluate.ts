/**
 * Whether an effect of a timeline row was operative on a date, in three values: `yes`, `no`, `maybe`.
 *
 * An effect is operative when its row stands on the date (between its start and its inclusive end,
 * shifted by `delay_days`) and no operative court order blocks it. Court orders are rows too, so a
 * stay of an injunction, or the reversal of a stay, is followed the same way: the injunction blocks
 * the designation only while the injunction itself is operative.
 *
 * `maybe` comes from dates known only to the month (`2026-06`: on 2026-06-15 we cannot say whether the
 * ruling had come yet) and from rows whose status is `uncertain`; it propagates by Kleene logic, so an
 * unknown never turns into a guess.
 *
 * A day has two instants: its start and its end. They differ only on the start day of an effect with an
 * `effective_time` (the 2025 designation took effect at 18:00 EST on 2025-01-21).
 */
import { shiftPartialDate, type PartialDate } from './days.ts';
import { BLOCKING_ACTIONS, PARTIAL_SCOPES, param, paramList, paramNumber, type Effect } from './effects.ts';
import type { Timeline, TimelineRow } from './timeline.ts';

export type Tri = 'yes' | 'no' | 'maybe';
export type Instant = 'start_of_day' | 'end_of_day';

export const and = (a: Tri, b: Tri): Tri => (a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes');
export const or = (a: Tri, b: Tri): Tri => (a === 'yes' || b === 'yes' ? 'yes' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'no');
export const not = (a: Tri): Tri => (a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'maybe');

/** Is `date` within [start, end] (end inclusive, null = open)? */
export function withinDates(start: PartialDate, end: PartialDate | null, date: string, startsLate = false, instant: Instant = 'end_of_day'): Tri {
  let fromStart: Tri;
  if (date < start.first) fromStart = 'no';
  else if (date > start.last) fromStart = 'yes';
  else if (start.precision === 'month') fromStart = 'maybe';
  else fromStart = startsLate && instant === 'start_of_day' ? 'no' : 'yes';
  let untilEnd: Tri = 'yes';
  if (end) {
    if (date > end.last) untilEnd = 'no';
    else if (date >= end.first && end.precision === 'month') untilEnd = 'maybe';
  }
  return and(fromStart, untilEnd);
}

/** A court order effect and its row. */
export interface Order {
  row: TimelineRow;
  effect: Effect;
}

export function isBlocking(effect: Effect): boolean {
  return effect.type === 'court_order' && (BLOCKING_ACTIONS as readonly string[]).includes(param(effect, 'action') ?? '');
}

/** A blocking order that covers only some people (a population, a class, the plaintiffs, a district). */
export function isPartial(effect: Effect): boolean {
  return param(effect, 'population') !== null || (PARTIAL_SCOPES as readonly string[]).includes(param(effect, 'scope') ?? '');
}

/**
 * Does the order reach this effect of its target? `effects=` lists the underlying act's effect types
 * (absent = all); `of_population=` narrows to the target's effects about that population.
 */
function covers(order: Effect, type: string, targetEffect?: Effect): boolean {
  const types = paramList(order, 'effects');
  if (types !== null && !types.includes(type)) return false;
  const of = param(order, 'of_population');
  return of === null || targetEffect === undefined || param(targetEffect, 'population') === of;
}

export class Evaluator {
  private readonly ordersByTarget = new Map<string, Order[]>();

  constructor(readonly timeline: Timeline) {
    for (const row of timeline.rows) {
      for (const effect of row.effects) {
        const target = effect.type === 'court_order' ? param(effect, 'target') : null;
        if (!target) continue;
        const list = this.ordersByTarget.get(target) ?? [];
        list.push({ row, effect });
        this.ordersByTarget.set(target, list);
      }
    }
  }

  /** Every court order (blocking or not) whose target is this row. */
  ordersOn(rowId: string): Order[] {
    return this.ordersByTarget.get(rowId) ?? [];
  }

  /** Does the row stand on the date, as far as this effect is concerned (its delay, its effective time)? */
  stands(row: TimelineRow, effect: Effect, date: string, instant: Instant = 'end_of_day'): Tri {
    const start = shiftPartialDate(row.start, paramNumber(effect, 'delay_days') ?? 0);
    const t = withinDates(start, row.end, date, param(effect, 'effective_time') !== null, instant);
    return row.status === 'uncertain' && t === 'yes' ? 'maybe' : t;
  }

  /** Is `effect` of `row` operative for the underlying effect type `type`? */
  operative(row: TimelineRow, effect: Effect, type: string, date: string, instant: Instant = 'end_of_day'): Tri {
    const standing = this.stands(row, effect, date, instant);
    if (standing === 'no') return 'no';
    return and(standing, not(this.blocked(row.id, type, date, instant, effect.type === type ? effect : undefined)));
  }

  /** Is the row (or one effect of it) blocked in full, for effects of `type`, by an operative court order? */
  blocked(rowId: string, type: string, date: string, instant: Instant = 'end_of_day', targetEffect?: Effect): Tri {
    let result: Tri = 'no';
    for (const o of this.fullBlockers(rowId, type, targetEffect)) {
      result = or(result, this.operative(o.row, o.effect, type, date, instant));
      if (result === 'yes') break;
    }
    return result;
  }

  /** The blocking orders that reach the whole of the row's effects of `type`. */
  fullBlockers(rowId: string, type: string, targetEffect?: Effect): Order[] {
    return this.ordersOn(rowId).filter((o) => isBlocking(o.effect) && !isPartial(o.effect) && covers(o.effect, type, targetEffect));
  }

  /** Blocking orders on the row that cover only some people, with whether each was operative. */
  partialBlocks(rowId: string, type: string, date: string, instant: Instant = 'end_of_day', targetEffect?: Effect): { order: Order; operative: Tri }[] {
    return this.ordersOn(rowId)
      .filter((o) => isBlocking(o.effect) && isPartial(o.effect) && covers(o.effect, type, targetEffect))
      .map((order) => ({ order, operative: this.operative(order.row, order.effect, type, date, instant) }))
      .filter((p) => p.operative !== 'no');
  }

  /** Every row whose effects of the given types exist, with the effect. */
  effectsOfType(...types: string[]): Order[] {
    const out: Order[] = [];
    for (const row of this.timeline.rows) for (const effect of row.effects) if (types.includes(effect.type)) out.push({ row, effect });
    return out;
  }
}

const evaluators = new WeakMap<Timeline, Evaluator>();

export function evaluatorFor(timeline: Timeline): Evaluator {
  let e = evaluators.get(timeline);
  if (!e) { e = new Evaluator(timeline); evaluators.set(timeline, e); }
  return e;
}
