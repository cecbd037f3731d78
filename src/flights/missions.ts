/**
 * Missions: one aircraft's legs chained into the sequence it flew (KAEX → KBRO → MGGT → KBRO), so that a
 * removal flight is counted once however many stops it made. Pure; rules in docs/flights.md.
 */
import type { LegCategory } from '../domain/flights.ts';

export interface MissionLeg {
  legId: number;
  aircraftKey: string;
  departureDate: string;
  departureTimeUtc: string | null;
  arrivalTimeUtc: string | null;
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

function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Orders one aircraft's legs: by date, then time; a leg without a time goes after the leg that lands where it takes off. */
export function orderLegs(legs: MissionLeg[]): MissionLeg[] {
  const byDate = new Map<string, MissionLeg[]>();
  for (const leg of legs) {
    const list = byDate.get(leg.departureDate) ?? [];
    list.push(leg);
    byDate.set(leg.departureDate, list);
  }
  const ordered: MissionLeg[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const day = byDate.get(date)!;
    const timed = day.filter((l) => l.departureTimeUtc || l.arrivalTimeUtc)
      .sort((a, b) => Date.parse((a.departureTimeUtc ?? a.arrivalTimeUtc)!) - Date.parse((b.departureTimeUtc ?? b.arrivalTimeUtc)!) || a.legId - b.legId);
    const untimed = day.filter((l) => !l.departureTimeUtc && !l.arrivalTimeUtc).sort((a, b) => a.legId - b.legId);
    const seq = [...timed];
    for (const leg of untimed) {
      // After a leg landing where this one takes off (and not already followed from there), else before
      // a leg taking off where this one lands, else at the end of the day.
      let at = seq.findIndex((s, i) => s.arrivalAirport != null && s.arrivalAirport === leg.departureAirport && seq[i + 1]?.departureAirport !== s.arrivalAirport);
      if (at >= 0) at += 1;
      else at = seq.findIndex((s) => leg.arrivalAirport != null && s.departureAirport === leg.arrivalAirport);
      seq.splice(at >= 0 ? at : seq.length, 0, leg);
    }
    ordered.push(...seq);
  }
  return ordered;
}

function startMs(leg: MissionLeg): number {
  return leg.departureTimeUtc ? Date.parse(leg.departureTimeUtc) : leg.arrivalTimeUtc ? Date.parse(leg.arrivalTimeUtc) - 2 * HOUR : dayMs(leg.departureDate) + 12 * HOUR;
}

function endMs(leg: MissionLeg): number {
  return leg.arrivalTimeUtc ? Date.parse(leg.arrivalTimeUtc) : leg.departureTimeUtc ? Date.parse(leg.departureTimeUtc) + 2 * HOUR : dayMs(leg.departureDate) + 12 * HOUR;
}

/**
 * Chains one aircraft's legs. The next leg continues the mission when it takes off at most 12 hours
 * after the previous landing and within 36 hours of the mission's first take-off; legs without times
 * continue it when they are on the same or next day and take off where the previous leg landed.
 * A leg that does not take off where the previous one landed starts a new mission (a leg is missing).
 * Legs of an unknown aircraft (no tail, hex or flight number) are each their own mission.
 */
export function buildMissions(legs: MissionLeg[]): Mission[] {
  const byAircraft = new Map<string, MissionLeg[]>();
  for (const leg of legs) {
    const key = leg.aircraftKey === 'unknown' ? `unknown:${leg.legId}` : leg.aircraftKey;
    const list = byAircraft.get(key) ?? [];
    list.push(leg);
    byAircraft.set(key, list);
  }
  const missions: Mission[] = [];
  for (const list of byAircraft.values()) {
    let current: MissionLeg[] = [];
    const flush = () => { if (current.length) missions.push(summarise(current)); current = []; };
    for (const leg of orderLegs(list)) {
      const prev = current[current.length - 1];
      if (prev) {
        const timed = (prev.arrivalTimeUtc || prev.departureTimeUtc) && (leg.departureTimeUtc || leg.arrivalTimeUtc);
        const gap = startMs(leg) - endMs(prev);
        const span = endMs(leg) - startMs(current[0]);
        const days = (dayMs(leg.departureDate) - dayMs(prev.departureDate)) / (24 * HOUR);
        const continues = timed
          ? gap <= MISSION_GAP_HOURS * HOUR && span <= MISSION_MAX_HOURS * HOUR
          : days <= 1 && prev.arrivalAirport != null && prev.arrivalAirport === leg.departureAirport && span <= MISSION_MAX_HOURS * HOUR;
        // A gap in continuity (the next leg leaves from elsewhere: a leg is missing from the data) also ends it.
        const broken = prev.arrivalAirport != null && leg.departureAirport != null && prev.arrivalAirport !== leg.departureAirport;
        if (!continues || broken) flush();
      }
      current.push(leg);
    }
    flush();
  }
  return missions;
}

function summarise(legs: MissionLeg[]): Mission {
  const stops: string[] = [legs[0].departureAirport ?? '?'];
  legs.forEach((leg, i) => {
    if (i > 0 && legs[i - 1].arrivalAirport !== leg.departureAirport) stops.push('…', leg.departureAirport ?? '?');
    stops.push(leg.arrivalAirport ?? '?');
  });
  const removal = legs.filter((l) => l.category === 'removal');
  const category = CATEGORY_ORDER.find((c) => legs.some((l) => l.category === c)) ?? 'non_ice';
  const times = legs.flatMap((l) => [l.departureTimeUtc, l.arrivalTimeUtc]).filter((t): t is string => !!t).sort();
  return {
    missionId: `M${Math.min(...legs.map((l) => l.legId))}`,
    aircraftKey: legs[0].aircraftKey,
    startDate: legs[0].departureDate,
    startTimeUtc: times[0] ?? null,
    endTimeUtc: times[times.length - 1] ?? null,
    stops: stops.join('-'),
    legIds: legs.map((l) => l.legId),
    removalLegs: removal.length,
    removalCountries: [...new Set(removal.map((l) => l.arrivalCountry).filter((c): c is string => !!c))].sort(),
    category,
  };
}
