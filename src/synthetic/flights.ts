/**
 * Synthetic flight files in the real layouts, for the demo, tests and benchmarks: a RadarBox
 * flight-history export (2025-style TYSON/GXA missions from ICE hubs to Guatemala, Honduras,
 * El Salvador and Mexico, laterals, and the same carriers' non-ICE charters: Miami–Havana shuttles and
 * sports charters) and observers' logs in the Minneapolis and Yakima layouts. Every file name says
 * `synthetic`; no real row is copied. Aircraft come from the built-in registry's 2025 airframes.
 */
import { writeFile } from 'node:fs/promises';
import { airportIndex, haversineKm } from '../reference/airports.ts';
import { Random } from './random.ts';

const RADARBOX_HEADER = ',Date,Flight,Departure,STD,Arrival,STA,Aircraft,Status,Duration,Unnamed: 9,Airline,ArrivalLoc,ArrivalIATA,ArrivalICAO,DepartureLoc,DepartureIATA,DepartureICAO';

/** 2025 airframes of the built-in registry (wiseman/ice-air list) with their type and carrier name as trackers show it. */
const FLEET = [
  { reg: 'N289GX', hex: 'a2f016', type: 'A320', airline: 'Global Crossing Airlines', prefix: 'GXA' },
  { reg: 'N291GX', hex: 'a2f9dd', type: 'A320', airline: 'Global Crossing Airlines', prefix: 'GXA' },
  { reg: 'N570TA', hex: 'a75013', type: 'A321', airline: 'Global Crossing Airlines', prefix: 'GXA' },
  { reg: 'N660CP', hex: 'a8b479', type: 'B737', airline: 'Eastern Air Express', prefix: 'BBQ' },
  { reg: 'N917XA', hex: 'acb2ba', type: 'B738', airline: 'Hillwood Airways', prefix: 'BBQ' },
];
const CHARTER_FLEET = [
  { reg: 'N281GX', type: 'A320', airline: 'Global Crossing Airlines' },
  { reg: 'N282GX', type: 'A320', airline: 'Global Crossing Airlines' },
];

/** Removal routes: hub, optional lateral/pick-up stop, destination (weights roughly as monitors report for 2025). */
const MISSIONS: { stops: string[]; weight: number }[] = [
  { stops: ['KAEX', 'KBRO', 'MGGT', 'KBRO'], weight: 5 },
  { stops: ['KAEX', 'MGGT', 'KAEX'], weight: 3 },
  { stops: ['KIWA', 'KELP', 'MGGT', 'KIWA'], weight: 2 },
  { stops: ['KAEX', 'MHLM', 'KAEX'], weight: 3 },
  { stops: ['KHRL', 'MHTG', 'KHRL'], weight: 2 },
  { stops: ['KAEX', 'MSLP', 'KAEX'], weight: 2 },
  { stops: ['KBRO', 'KELP', 'KSAN', 'KBRO'], weight: 1 },
  { stops: ['KSAT', 'MMMX', 'KSAT'], weight: 1 },
  { stops: ['KAEX', 'KMSP', 'KOMA', 'KAEX'], weight: 2 },
];

/** Zone abbreviation and UTC offset by airport for 2025 (U.S. DST 9 Mar–2 Nov; Cuba alike; Central America none). */
function zone(icao: string, utcMs: number): { abbr: string; offset: number } {
  const dst = utcMs >= Date.parse('2025-03-09T08:00:00Z') && utcMs < Date.parse('2025-11-02T06:00:00Z');
  if (icao === 'KIWA') return { abbr: 'MST', offset: -7 };
  if (icao === 'KELP') return dst ? { abbr: 'MDT', offset: -6 } : { abbr: 'MST', offset: -7 };
  if (icao === 'KSAN' || icao === 'KLAS') return dst ? { abbr: 'PDT', offset: -7 } : { abbr: 'PST', offset: -8 };
  if (icao === 'KDEN') return dst ? { abbr: 'MDT', offset: -6 } : { abbr: 'MST', offset: -7 };
  if (icao === 'KMIA') return dst ? { abbr: 'EDT', offset: -4 } : { abbr: 'EST', offset: -5 };
  if (icao === 'MUHA') return dst ? { abbr: 'CDT', offset: -4 } : { abbr: 'CST', offset: -5 };
  if (icao.startsWith('M')) return { abbr: 'CST', offset: -6 };
  return dst ? { abbr: 'CDT', offset: -5 } : { abbr: 'CST', offset: -6 };
}

function local(icao: string, utcMs: number): { date: string; clock: string; abbr: string } {
  const z = zone(icao, utcMs);
  const iso = new Date(utcMs + z.offset * 3600_000).toISOString();
  return { date: iso.slice(0, 10), clock: iso.slice(11, 16), abbr: z.abbr };
}

function airportCell(icao: string): { cell: string; city: string; iata: string } {
  const a = airportIndex().byIcao(icao)!;
  const city = a.countryCode === 'US' ? `${a.city}, ${a.region.replace('US-', '')}` : a.city;
  return { cell: `${city}(${a.iata ?? ''}/${a.icao})`, city, iata: a.iata ?? '' };
}

function blockMs(from: string, to: string): number {
  const index = airportIndex();
  const a = index.byIcao(from)!, b = index.byIcao(to)!;
  return Math.round((haversineKm(a.latDeg, a.lonDeg, b.latDeg, b.lonDeg) / 760 + 0.35) * 60) * 60_000;
}

function csvCell(text: string): string {
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface SyntheticLeg {
  flight: string; reg: string | null; type: string; airline: string; from: string; to: string; departUtc: number; arriveUtc: number; ice: boolean;
}

/** The legs behind the synthetic files (also used by the observers' logs, so logs and export agree). */
export function syntheticLegs(options: { seed: number; from: string; days: number; missionsPerDay: number }): SyntheticLeg[] {
  const random = new Random(options.seed);
  const legs: SyntheticLeg[] = [];
  const total = MISSIONS.reduce((s, m) => s + m.weight, 0);
  const start = Date.parse(`${options.from}T00:00:00Z`);
  for (let day = 0; day < options.days; day++) {
    const dayMs = start + day * 86400_000;
    const busy = new Set<string>();
    for (let k = 0; k < options.missionsPerDay; k++) {
      const aircraft = random.pick(FLEET);
      if (busy.has(aircraft.reg)) continue;
      busy.add(aircraft.reg);
      let pick = random.next() * total;
      const mission = MISSIONS.find((m) => (pick -= m.weight) < 0) ?? MISSIONS[0];
      const callsign = random.chance(0.7) ? `TYSON${random.int(40, 62)}` : aircraft.prefix === 'GXA' ? `GXA6${random.int(100, 299)}` : `BBQ82${random.int(50, 90)}`;
      let t = dayMs + (12 + random.int(0, 4)) * 3600_000 + random.int(0, 3) * 15 * 60_000;
      for (let i = 0; i + 1 < mission.stops.length; i++) {
        const [from, to] = [mission.stops[i], mission.stops[i + 1]];
        const arrive = t + blockMs(from, to);
        legs.push({ flight: callsign, reg: aircraft.reg, type: aircraft.type, airline: aircraft.airline, from, to, departUtc: t, arriveUtc: arrive, ice: true });
        t = arrive + (60 + random.int(0, 6) * 15) * 60_000;
      }
    }
    // The same carrier's public charters: a Miami–Havana shuttle (paired numbers) and a sports charter now and then.
    const shuttle = CHARTER_FLEET[day % 2];
    for (const [hour, n] of [[11, 101], [16, 105]] as const) {
      const out = dayMs + hour * 3600_000;
      const back = out + blockMs('KMIA', 'MUHA') + 75 * 60_000;
      legs.push({ flight: `GXA${n}`, reg: shuttle.reg, type: shuttle.type, airline: shuttle.airline, from: 'KMIA', to: 'MUHA', departUtc: out, arriveUtc: out + blockMs('KMIA', 'MUHA'), ice: false });
      legs.push({ flight: `GXA${n + 1}`, reg: shuttle.reg, type: shuttle.type, airline: shuttle.airline, from: 'MUHA', to: 'KMIA', departUtc: back, arriveUtc: back + blockMs('MUHA', 'KMIA'), ice: false });
    }
    if (random.chance(0.3)) {
      const out = dayMs + 19 * 3600_000;
      const other = CHARTER_FLEET[(day + 1) % 2];
      legs.push({ flight: `GXA3${random.int(10, 99)}`, reg: other.reg, type: other.type, airline: other.airline, from: 'KLAS', to: 'KDEN', departUtc: out, arriveUtc: out + blockMs('KLAS', 'KDEN'), ice: false });
    }
  }
  return legs;
}

/** A RadarBox export of those legs, messy as real ones: leading spaces, non-breaking spaces, a repeated row, a tail hidden. */
export async function writeRadarboxCsv(path: string, options: { seed: number; from: string; days: number; missionsPerDay: number }): Promise<number> {
  const random = new Random(options.seed + 1);
  const legs = syntheticLegs(options).sort((a, b) => b.departUtc - a.departUtc);
  const lines = [RADARBOX_HEADER];
  let index = 0;
  for (const leg of legs) {
    const dep = airportCell(leg.from), arr = airportCell(leg.to);
    const d = local(leg.from, leg.departUtc), a = local(leg.to, leg.arriveUtc);
    const hidden = leg.ice && random.chance(0.1); // tails blocked on commercial trackers since March 2025
    const minutes = Math.round((leg.arriveUtc - leg.departUtc) / 60_000);
    const cells = [
      String(index++), d.date, `${random.chance(0.5) ? ' ' : ''}${leg.flight}`, dep.cell, random.chance(0.85) ? `${d.clock}\u00a0${d.abbr}` : '',
      arr.cell, '', hidden ? leg.type : `${leg.type} (${leg.reg})`, `Landed\u00a0${a.clock} ${a.abbr}`,
      `${String(Math.floor(minutes / 60)).padStart(2, '0')}h${String(minutes % 60).padStart(2, '0')}m`, random.chance(0.05) ? ' ' : '', leg.airline,
      arr.city, arr.iata, leg.to, dep.city, dep.iata, leg.from,
    ];
    lines.push(cells.map(csvCell).join(','));
    if (index === 7) lines.push([String(index++), ...cells.slice(1)].map(csvCell).join(',')); // one repeated row
  }
  await writeFile(path, `${lines.join('\n')}\n`);
  return lines.length - 1;
}

const MSP_HEADER = ['Minibus', 'Origin', 'Detainees on, observed', 'Aircraft Route (Day)', 'Callsign', 'Tracking', 'Depart', 'Non-Van', 'Arrive', 'Destination',
  'Count Method (Detainees On)', 'Reg', 'Notes', 'Day', 'Vans', 'Airline', 'Detainees Off', 'Convoy detainee estimate', 'Security', 'Detainees On', 'Date'];

/** A Minneapolis-layout log of the synthetic legs through KMSP, with counts and how each was made. */
export async function writeMinneapolisLog(path: string, options: { seed: number; from: string; days: number; missionsPerDay: number }): Promise<number> {
  const random = new Random(options.seed + 2);
  const legs = syntheticLegs(options);
  const rows = [MSP_HEADER.map(csvCell).join(',')];
  for (const arrive of legs.filter((l) => l.to === 'KMSP')) {
    const depart = legs.find((l) => l.from === 'KMSP' && l.reg === arrive.reg && l.departUtc > arrive.arriveUtc);
    if (!depart) continue;
    const hex = FLEET.find((f) => f.reg === arrive.reg)?.hex ?? '';
    const vans = random.int(1, 4);
    const counted = random.chance(0.65);
    const on = counted ? random.int(12, 70) : vans * 12;
    const method = counted ? 'Counted, by in situ observer' : random.chance(0.7) ? 'Estimated, derived from ICE convoy vehicles' : 'Estimated, average of similar adjacent flights';
    const date = new Date(arrive.arriveUtc).toISOString().slice(0, 10);
    rows.push([
      '0.0', arrive.from.slice(1), counted ? `${on}.0` : '', `${arrive.from.slice(1)}-MSP-${depart.to.slice(1)}`, arrive.flight,
      `https://adsb.lol/?icao=${hex}&showTrace=${date}`, new Date(depart.departUtc).toISOString(), '0.0', new Date(arrive.arriveUtc).toISOString(), depart.to.slice(1),
      method, arrive.reg ?? '', 'synthetic demo row', new Date(arrive.arriveUtc).toDateString(), `${vans}.0`, arrive.airline,
      random.chance(0.4) ? `${random.int(0, 5)}.0` : '', `${vans * 12}.0`, '0.0', `${on}.0`, date,
    ].map(csvCell).join(','));
  }
  await writeFile(path, `${rows.join('\n')}\n`);
  return rows.length - 1;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A Yakima-layout log (pipe-separated), weekly Tuesday flights, one misspelt weekday and one "no flight" note, as in the real log. */
export async function writeYakimaLog(path: string, options: { seed: number; from: string; weeks: number }): Promise<number> {
  const random = new Random(options.seed + 3);
  const q = (s: string | number) => (typeof s === 'number' ? String(s) : `"${s.replace(/"/g, '""')}"`);
  const header = ['Date', 'Flight count', 'Flight number', 'Tail number', 'Operator', 'Owner', 'Previous Airport', 'Next Airport', 'From NWDC - Boarded Plane',
    'From Plane - Boarded Bus to NWDC', 'From NWDC - Boarded Plane', 'From Plane - Boarded Bus to NWDC', 'Snoq Pass', 'White Pass', '# Buses', 'Observations', 'Link'];
  const rows = [header.map(q).join('|')];
  let t = Date.parse(`${options.from}T00:00:00Z`);
  while (new Date(t).getUTCDay() !== 2) t += 86400_000;
  for (let w = 0; w < options.weeks; w++, t += 7 * 86400_000) {
    const d = new Date(t);
    const weekday = w === 3 ? 'Tusday' : WEEKDAYS[d.getUTCDay()];
    const date = `${weekday}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
    if (w === 5) { rows.push([q(date), '', '', q('flight CANCELLED - synthetic note'), '', '', '', '', '', '', '', '', '', '', '', '', ''].join('|')); continue; }
    const plane = random.pick(FLEET);
    const flight = `TYSON${random.int(40, 62)}`;
    const on = random.int(20, 90), off = random.int(0, 30);
    const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
    rows.push([q(date), w + 1, q(flight), q(plane.reg), q(plane.airline), q(plane.airline), q('KIWA'), q('KELP'), on, off, on + random.int(0, 3), off,
      q(''), q(''), random.int(1, 4), q('synthetic demo row'), q(`https://flightaware.com/live/flight/${flight}/history/${ymd}/1730Z/KYKM/KELP`)].join('|'));
  }
  await writeFile(path, `${rows.join('\n')}\n`);
  return rows.length - 1;
}

/** The demo's flight files (registered in demo-files.ts). */
export const FLIGHT_DEMO_FILES: { name: string; description: string; write(path: string): Promise<void> }[] = [
  {
    name: 'synthetic-radarbox-ice-air-2025.csv',
    description: 'RadarBox flight-history export layout, 2025-style TYSON/GXA/BBQ missions to GT, HN, SV, MX plus the same carrier\'s Miami–Havana shuttles and sports charters (90 days)',
    write: async (path) => { await writeRadarboxCsv(path, { seed: 2025, from: '2025-03-01', days: 90, missionsPerDay: 3 }); },
  },
  {
    name: 'synthetic-observers-msp-2025.csv',
    description: 'Minneapolis observers\' log layout: the synthetic aircraft visits to MSP with detainee counts and how each was made',
    write: async (path) => { await writeMinneapolisLog(path, { seed: 2025, from: '2025-03-01', days: 90, missionsPerDay: 3 }); },
  },
  {
    name: 'synthetic-observers-ykm-2025.psv',
    description: 'Yakima observers\' log layout (pipe-separated), weekly flights, one misspelt weekday and one "no flight" note',
    write: async (path) => { await writeYakimaLog(path, { seed: 2025, from: '2025-03-01', weeks: 12 }); },
  },
];
