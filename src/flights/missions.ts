/**
 * Missions: one aircraft's legs chained into the sequence it flew (KAEX → KBRO → MGGT → KBRO), so that a
 * removal flight is counted once however many stops it made. Pure; rules in docs/flights.md.
 */
import { isoFromMs, type LegCategory } from '../domain/flights.ts';

export interface MissionLeg {
  legId: number;
  aircraftKey: string;
  departureDate: string;
  departureTimeUtc: string | null;
  arrivalTimeUtc: string | null;
  /** The same times as epoch milliseconds (NaN when unknown), when the caller has them parsed already (the store does). */
  departureMs?: number;
  arrivalMs?: number;
  departureAirport: string | null;
  arrivalAirport: string | null;
  arrivalCountry: string | null;
  category: LegCategory | 'unresolved';
}

export interface Mission {
  missionId: string;
  aircraftKey: string;
  startDate: string;
  startTimeUtc: string | null;
  endTimeUtc: string | null;
  /** startTimeUtc / endTimeUtc as epoch milliseconds (null when no leg has a time). */
  startMs: number | null;
  endMs: number | null;
  /** Airports in flying order: KAEX-KBRO-MGGT-KBRO; a break in continuity shows as "…". */
  stops: string;
  legIds: number[];
  removalLegs: number;
  removalCountries: string[];
  category: LegCategory | 'unresolved';
}

/** A gap longer than this between landing and the next take-off ends a mission (an overnight stop stays in). */
export const MISSION_GAP_HOURS = 12;
/** No mission spans more than this from its first take-off (a shuttle flying every day is many missions). */
export const MISSION_MAX_HOURS = 36;

const HOUR = 3600_000;
const CATEGORY_ORDER: MissionLeg['category'][] = ['removal', 'lateral', 'domestic_transfer', 'return', 'repositioning', 'unresolved', 'non_ice'];

const dayCache = new Map<string, number>();

/** Midnight UTC of a YYYY-MM-DD date (cached: a batch has a few dozen dates and thousands of legs). */
function dayMs(date: string): number {
  let ms = dayCache.get(date);
  if (ms === undefined) {
    ms = Date.parse(`${date}T00:00:00Z`);
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(date, ms);
  }
  return ms;
}

/** A leg with its times parsed once (a mission pass compares each leg several times). */
interface Timed { leg: MissionLeg; dep: number; arr: number; day: number }

function timed(leg: MissionLeg): Timed {
  const dep = leg.departureMs ?? (leg.departureTimeUtc ? Date.parse(leg.departureTimeUtc) : NaN);
  const arr = leg.arrivalMs ?? (leg.arrivalTimeUtc ? Date.parse(leg.arrivalTimeUtc) : NaN);
  return { leg, dep, arr, day: dayMs(leg.departureDate) };
}

const known = (ms: number) => ms === ms;

/** Orders one aircraft's legs: by date, then time; a leg without a time goes after the leg that lands where it takes off. */
export function orderLegs(legs: MissionLeg[]): MissionLeg[] {
  return orderTimed(legs.map(timed)).map((t) => t.leg);
}

function byDateTimeId(a: Timed, b: Timed): number {
  return a.day - b.day || (known(a.dep) ? a.dep : a.arr) - (known(b.dep) ? b.dep : b.arr) || a.leg.legId - b.leg.legId;
}

function orderTimed(legs: Timed[]): Timed[] {
  // Every leg timed (ADS-B, most tracker rows): one sort by date, time, id.
  let untimedCount = 0;
  for (const t of legs) if (!known(t.dep) && !known(t.arr)) untimedCount++;
  if (untimedCount === 0) return legs.sort(byDateTimeId);
  const byDate = new Map<string, Timed[]>();
  for (const t of legs) {
    const list = byDate.get(t.leg.departureDate);
    if (list) list.push(t); else byDate.set(t.leg.departureDate, [t]);
  }
  const ordered: Timed[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const day = byDate.get(date)!;
    const at = (t: Timed) => (known(t.dep) ? t.dep : t.arr);
    const seq = day.filter((t) => known(t.dep) || known(t.arr)).sort((a, b) => at(a) - at(b) || a.leg.legId - b.leg.legId);
    const untimed = day.filter((t) => !known(t.dep) && !known(t.arr)).sort((a, b) => a.leg.legId - b.leg.legId);
    for (const t of untimed) {
      // After a leg landing where this one takes off (and not already followed from there), else before
      // a leg taking off where this one lands, else at the end of the day.
      const leg = t.leg;
      let i = seq.findIndex((s, k) => s.leg.arrivalAirport != null && s.leg.arrivalAirport === leg.departureAirport && seq[k + 1]?.leg.departureAirport !== s.leg.arrivalAirport);
      if (i >= 0) i += 1;
      else i = seq.findIndex((s) => leg.arrivalAirport != null && s.leg.departureAirport === leg.arrivalAirport);
      seq.splice(i >= 0 ? i : seq.length, 0, t);
    }
    for (const t of seq) ordered.push(t);
  }
  return ordered;
}

function startMs(t: Timed): number {
  return known(t.dep) ? t.dep : known(t.arr) ? t.arr - 2 * HOUR : t.day + 12 * HOUR;
}

function endMs(t: Timed): number {
  return known(t.arr) ? t.arr : known(t.dep) ? t.dep + 2 * HOUR : t.day + 12 * HOUR;
}

/**
 * Chains one aircraft's legs. The next leg continues the mission when it takes off at most 12 hours
 * after the previous landing and within 36 hours of the mission's first take-off; legs without times
 * continue it when they are on the same or next day and take off where the previous leg landed.
 * A leg that does not take off where the previous one landed starts a new mission (a leg is missing).
 * Legs of an unknown aircraft (no tail, hex or flight number) are each their own mission.
 */
export function buildMissions(legs: MissionLeg[]): Mission[] {
  const byAircraft = new Map<string, Timed[]>();
  for (const leg of legs) {
    const key = leg.aircraftKey === 'unknown' ? `unknown:${leg.legId}` : leg.aircraftKey;
    const list = byAircraft.get(key);
    if (list) list.push(timed(leg)); else byAircraft.set(key, [timed(leg)]);
  }
  const missions: Mission[] = [];
  for (const list of byAircraft.values()) {
    let current: Timed[] = [];
    const flush = () => { if (current.length) missions.push(summarise(current)); current = []; };
    for (const t of list.length === 1 ? list : orderTimed(list)) {
      const prev = current[current.length - 1];
      if (prev) {
        const bothTimed = (known(prev.arr) || known(prev.dep)) && (known(t.dep) || known(t.arr));
        const gap = startMs(t) - endMs(prev);
        const span = endMs(t) - startMs(current[0]);
        const days = (t.day - prev.day) / (24 * HOUR);
        const continues = bothTimed
          ? gap <= MISSION_GAP_HOURS * HOUR && span <= MISSION_MAX_HOURS * HOUR
          : days <= 1 && prev.leg.arrivalAirport != null && prev.leg.arrivalAirport === t.leg.departureAirport && span <= MISSION_MAX_HOURS * HOUR;
        // A gap in continuity (the next leg leaves from elsewhere: a leg is missing from the data) also ends it.
        const broken = prev.leg.arrivalAirport != null && t.leg.departureAirport != null && prev.leg.arrivalAirport !== t.leg.departureAirport;
        if (!continues || broken) flush();
      }
      current.push(t);
    }
    flush();
  }
  return missions;
}

function iso(ms: number): string {
  return isoFromMs(ms).replace('.000Z', 'Z');
}

const CATEGORY_RANK = new Map(CATEGORY_ORDER.map((c, i) => [c, i]));

function summarise(timedLegs: Timed[]): Mission {
  const firstLeg = timedLegs[0].leg;
  let stops = firstLeg.departureAirport ?? '?';
  let removalLegs = 0, first = Infinity, last = -Infinity, minId = Infinity, best = CATEGORY_ORDER.length;
  let countries: Set<string> | null = null;
  const legIds: number[] = new Array(timedLegs.length);
  for (let i = 0; i < timedLegs.length; i++) {
    const t = timedLegs[i], leg = t.leg;
    if (i > 0 && timedLegs[i - 1].leg.arrivalAirport !== leg.departureAirport) stops += `-…-${leg.departureAirport ?? '?'}`;
    stops += `-${leg.arrivalAirport ?? '?'}`;
    if (leg.category === 'removal') { removalLegs++; if (leg.arrivalCountry) (countries ??= new Set()).add(leg.arrivalCountry); }
    const rank = CATEGORY_RANK.get(leg.category) ?? CATEGORY_ORDER.length;
    if (rank < best) best = rank;
    if (known(t.dep)) { if (t.dep < first) first = t.dep; if (t.dep > last) last = t.dep; }
    if (known(t.arr)) { if (t.arr < first) first = t.arr; if (t.arr > last) last = t.arr; }
    if (leg.legId < minId) minId = leg.legId;
    legIds[i] = leg.legId;
  }
  return new MissionRecord(`M${minId}`, firstLeg.aircraftKey, firstLeg.departureDate, first === Infinity ? null : first, last === -Infinity ? null : last,
    stops, legIds, removalLegs, countries ? [...countries].sort() : [], CATEGORY_ORDER[best] ?? 'non_ice');
}

/** A mission; its ISO times are made when read (a batch of 50,000 legs stores the numbers only). */
class MissionRecord implements Mission {
  constructor(
    readonly missionId: string, readonly aircraftKey: string, readonly startDate: string, readonly startMs: number | null, readonly endMs: number | null,
    readonly stops: string, readonly legIds: number[], readonly removalLegs: number, readonly removalCountries: string[], readonly category: Mission['category'],
  ) {}

  get startTimeUtc(): string | null { return this.startMs == null ? null : iso(this.startMs); }
  get endTimeUtc(): string | null { return this.endMs == null ? null : iso(this.endMs); }

  toJSON(): Mission {
    return { ...this, startTimeUtc: this.startTimeUtc, endTimeUtc: this.endTimeUtc };
  }
}
