/**
 * Synthetic ICE Air ARTS tables in the layout of the UWCHR installments (../shared/SCHEMAS.md): a
 * pipe-separated passenger table and a mission workbook. Missions fly from U.S. hubs (Alexandria,
 * Harlingen, Brownsville, El Paso, San Antonio, Mesa) to Central America and Mexico, with domestic
 * transfer legs; passengers carry ARTS statuses in the mix of raw values seen in the real data
 * (codes like 16 and 8F, words like REMOVAL, ER, REINST, NTA-TFRD), so the status table is exercised.
 * Every file name and banner says SYNTHETIC: these are not real manifests.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { writeXlsx, type XlsxCell } from '../sources/common/xlsx/index.ts';
import { dayNumberFromIso, isoFromDayNumber, Random, Weighted } from './random.ts';

export const ARTS_PASSENGER_HEADER = ['Status', 'Sex', 'Convictions', 'GangMember', 'ClassLvl', 'Age', 'MissionNumber', 'PULOC', 'DropLoc',
  'StrikeFromList', 'ReasonStruck', 'R-T', 'Code', 'CountryOfCitizenship', 'Juvenile', 'MissionWeek', 'MissionQuarter', 'MissionYear', 'MissionMonth',
  'Criminality', 'FamilyUnitFlag', 'UnaccompaniedFlag', 'AlienMasterID', 'MissionID', 'air_AirportID', 'air_AirportName', 'air_City', 'st_StateID',
  'st_StateAbbr', 'AOR_AORID', 'AOR_AOR', 'AOR_AORName', 'air_Country', 'air2_AirportID', 'air2_AirportName', 'air2_City', 'st2_StateID',
  'st2_StateAbbr', 'AOR2_AORID', 'AOR2_AOR', 'AOR2_AORName', 'air2_Country', 'MissionDate'];

export const ARTS_MISSION_HEADER = ['MissionID', 'MissionNumber', 'MissionDate', 'MsnStart', 'MsnStpOne', 'MsnStpTwo', 'MsnStpThree', 'MsnStpFour',
  'MsnStpFive', 'MsnStpSix', 'MsnStpSeven', 'MsnStpEight', 'MsnEnd', 'MsnTailNumber', 'msnVendor', 'msnCharterDesignation', 'msnFlightHoursPlanned',
  'msnFlightHoursActual', 'MissionTotalCost', 'MissionPassengers', 'LegPassengers', 'MissionUtilization', 'LegUtilization', 'msnCancelReason',
  'msnDelayReason', 'msnInvoiceNumber', 'msnProposedFines', 'msnEnforcedFines'];

/** [ICAO, name, city, state, AOR, country]. */
type Airport = [string, string, string, string, string, string];
const HUBS: Airport[] = [
  ['KAEX', 'ALEXANDRIA INTERNATIONAL', 'ALEXANDRIA', 'LA', 'NOL', 'UNITED STATES'],
  ['KHRL', 'VALLEY INTERNATIONAL', 'HARLINGEN', 'TX', 'HOU', 'UNITED STATES'],
  ['KBRO', 'BROWNSVILLE SOUTH PADRE ISLAND INTL', 'BROWNSVILLE', 'TX', 'HOU', 'UNITED STATES'],
  ['KELP', 'EL PASO INTERNATIONAL', 'EL PASO', 'TX', 'ELP', 'UNITED STATES'],
  ['KSAT', 'SAN ANTONIO INTERNATIONAL', 'SAN ANTONIO', 'TX', 'SNA', 'UNITED STATES'],
  ['KIWA', 'PHOENIX-MESA GATEWAY', 'MESA', 'AZ', 'PHO', 'UNITED STATES'],
];
const DESTINATIONS: [Airport, string, number][] = [
  [['MGGT', 'LA AURORA INTERNATIONAL', 'GUATEMALA CITY', '', '', 'GUATEMALA'], 'GUATEMALA', 34],
  [['MHLM', 'RAMON VILLEDA MORALES INTERNATIONAL', 'SAN PEDRO SULA', '', '', 'HONDURAS'], 'HONDURAS', 28],
  [['MSLP', 'MONSENOR OSCAR ARNULFO ROMERO INTL', 'SAN SALVADOR', '', '', 'EL SALVADOR'], 'EL SALVADOR', 16],
  [['MMMX', 'BENITO JUAREZ INTERNATIONAL', 'MEXICO CITY', '', '', 'MEXICO'], 'MEXICO', 8],
  [['MDSD', 'LAS AMERICAS INTERNATIONAL', 'SANTO DOMINGO', '', '', 'DOMINICAN REPUBLIC'], 'DOMINICAN REPUBLIC', 5],
  [['SKBO', 'EL DORADO INTERNATIONAL', 'BOGOTA', '', '', 'COLOMBIA'], 'COLOMBIA', 4],
  [['SEQM', 'MARISCAL SUCRE INTERNATIONAL', 'QUITO', '', '', 'ECUADOR'], 'ECUADOR', 5],
];
const DESTINATION = new Weighted(DESTINATIONS.map((d) => [d, d[2]] as const));

/** Raw ARTS statuses in the proportions of the real data's most common values (arts-status-raw-counts.csv). */
const STATUSES = new Weighted<string>([
  ['16', 324], ['REMOVAL', 295], ['8F', 239], ['8C', 169], ['8G', 129], ['RM', 99], ['ER', 77], ['VR', 54], ['', 51], ['3', 37],
  ['REINST', 32], ['11', 29], ['TRANSFER - F/O', 20], ['NTA-TFRD', 16], ['8A', 13], ['STAGER', 5],
]);
const VENDORS = ['SWIFT AIR LLC', 'WORLD ATLANTIC AIRLINES', 'SYNTHETIC CHARTER CO'];
const CONVICTIONS = new Weighted<string>([['', 55], ['Illegal Entry', 12], ['Illegal Re-Entry', 10], ['Driving Under Influence Liquor', 9], ['Assault', 5], ['Traffic Offense', 6], ['Drug Possession', 3]]);

export interface ArtsOptions { missions: number; seed?: number; from?: string; to?: string }

interface Mission { id: number; number: string; day: number; hub: Airport; transfer: Airport | null; destination: [Airport, string, number]; tail: string; vendor: string; passengers: number; cancelled: boolean }

function missions(options: ArtsOptions): Mission[] {
  const random = new Random(options.seed ?? 2019);
  const first = dayNumberFromIso(options.from ?? '2019-01-01');
  const span = dayNumberFromIso(options.to ?? '2019-12-31') - first + 1;
  return Array.from({ length: options.missions }, (_, i) => {
    const day = first + Math.floor((i / options.missions) * span);
    return {
      id: 90_000 + i, number: `${String(day % 100).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}-SYN`, day, hub: random.pick(HUBS),
      transfer: random.chance(0.4) ? random.pick(HUBS) : null, destination: DESTINATION.pick(random),
      tail: `N${random.int(100, 999)}SY`, vendor: random.pick(VENDORS), passengers: random.int(40, 135), cancelled: random.chance(0.02),
    };
  });
}

export function* artsMissionRows(options: ArtsOptions): Generator<XlsxCell[]> {
  const random = new Random((options.seed ?? 2019) + 1);
  for (const m of missions(options)) {
    // A transfer mission picks people up at the transfer airport, lands at the hub and flies on (as the passenger rows say).
    const transfer = m.transfer && m.transfer[0] !== m.hub[0] ? m.transfer[0] : null;
    const hours = Math.round((3 + random.next() * 4) * 10) / 10;
    const values: Record<string, XlsxCell> = {
      MissionID: m.id, MissionNumber: m.number, MissionDate: { date: isoFromDayNumber(m.day) }, MsnStart: transfer ?? m.hub[0], MsnStpOne: transfer ? m.hub[0] : null,
      MsnEnd: m.destination[0][0], MsnTailNumber: m.tail, msnVendor: m.vendor, msnCharterDesignation: 'SYN', msnFlightHoursPlanned: hours,
      msnFlightHoursActual: m.cancelled ? 0 : Math.round((hours + (random.next() - 0.5)) * 10) / 10, MissionTotalCost: Math.round(hours * 8_500),
      MissionPassengers: m.cancelled ? 0 : m.passengers, LegPassengers: m.cancelled ? 0 : m.passengers, MissionUtilization: Math.round((m.passengers / 135) * 100) / 100,
      LegUtilization: Math.round((m.passengers / 135) * 100) / 100, msnCancelReason: m.cancelled ? 'Weather' : null, msnInvoiceNumber: `SYN-${m.id}`,
    };
    yield ARTS_MISSION_HEADER.map((h) => values[h] ?? null);
  }
}

/** Passenger rows as text cells (the pipe-separated export writes everything as text). */
export function* artsPassengerRows(options: ArtsOptions): Generator<string[]> {
  const random = new Random((options.seed ?? 2019) + 2);
  let person = 1_000_000;
  for (const m of missions(options)) {
    if (m.cancelled) continue;
    const iso = isoFromDayNumber(m.day);
    const legs: [Airport, Airport, 'R' | 'T', string | null][] = [[m.hub, m.destination[0], 'R', m.destination[1]]];
    if (m.transfer && m.transfer[0] !== m.hub[0]) legs.unshift([m.transfer, m.hub, 'T', null]);
    for (const [from, to, rt, country] of legs) {
      const count = rt === 'R' ? m.passengers : Math.floor(m.passengers / 3);
      for (let k = 0; k < count; k++) {
        const citizenship = country ?? DESTINATION.pick(random)[1];
        const convictions = CONVICTIONS.pick(random);
        const juvenile = random.chance(0.03);
        const values: Record<string, string> = {
          Status: STATUSES.pick(random), Sex: random.chance(0.85) ? 'M' : 'F', Convictions: convictions, GangMember: random.chance(0.01) ? 'Y' : 'N',
          ClassLvl: convictions ? String(random.int(1, 3)) : '', Age: String(juvenile ? random.int(6, 17) : random.int(18, 64)), MissionNumber: m.number,
          PULOC: from[0], DropLoc: to[0], StrikeFromList: random.chance(0.01) ? 'Y' : '', ReasonStruck: '', 'R-T': rt, Code: '', CountryOfCitizenship: citizenship,
          Juvenile: juvenile ? 'TRUE' : 'FALSE', MissionWeek: String(Math.floor((m.day - dayNumberFromIso(`${iso.slice(0, 4)}-01-01`)) / 7) + 1),
          MissionQuarter: String(Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1), MissionYear: iso.slice(0, 4), MissionMonth: String(Number(iso.slice(5, 7))),
          Criminality: convictions ? 'Criminal' : 'Non-Criminal', FamilyUnitFlag: juvenile && random.chance(0.5) ? 'Y' : 'N', UnaccompaniedFlag: juvenile && random.chance(0.3) ? 'Y' : 'N',
          AlienMasterID: String(person++), MissionID: String(m.id),
          air_AirportName: from[1], air_City: from[2], st_StateAbbr: from[3], AOR_AOR: from[4], air_Country: from[5],
          air2_AirportName: to[1], air2_City: to[2], st2_StateAbbr: to[3], AOR2_AOR: to[4], air2_Country: to[5], MissionDate: iso,
        };
        yield ARTS_PASSENGER_HEADER.map((h) => values[h] ?? '');
      }
    }
  }
}

export async function writeArtsPassengersPsv(path: string, options: ArtsOptions): Promise<void> {
  const stream = createWriteStream(path);
  let buffer = ARTS_PASSENGER_HEADER.join('|') + '\n';
  for (const row of artsPassengerRows(options)) {
    buffer += row.map((c) => c.replace(/\|/g, '/')).join('|') + '\n';
    if (buffer.length > 1 << 20) { if (!stream.write(buffer)) await once(stream, 'drain'); buffer = ''; }
  }
  stream.end(buffer);
  await once(stream, 'finish');
}

export async function writeArtsMissionsXlsx(path: string, options: ArtsOptions): Promise<void> {
  await writeXlsx(path, [
    { name: 'Missions', rows: [ARTS_MISSION_HEADER as XlsxCell[], ...artsMissionRows(options)] },
    { name: 'Notes', rows: [['SYNTHETIC DEMO DATA generated by deportwatch - not ICE ARTS records.']] },
  ]);
}
