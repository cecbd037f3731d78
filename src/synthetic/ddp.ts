/**
 * Synthetic Deportation Data Project workbooks in the publisher's layouts (../shared/SCHEMAS.md):
 * 6 banner rows (5 in the 2012–2023 removals), the header, data split over several sheets, FOIA
 * redaction markers, Excel dates and date-times. Every file says SYNTHETIC in its name and banner.
 *
 * The rows come from a simulated release: people are arrested, most are booked into detention (one
 * to three stays, transfers between facilities), some are removed, each with one anonymized
 * identifier shared by their arrest, encounter, detainer, stays and removal rows, as in a real
 * release, so the journey view has something to link. Proportions are plausible, not copied: the
 * daily arrest rate rises in late January 2025 (so 2025-01-23 has a realistic day's count, several
 * hundred), and the criminality mix is drawn at random per person, not set to any official figure.
 */
import { writeXlsx, type XlsxCell } from '../sources/common/xlsx/index.ts';
import { writeParquet, type ParquetType } from '../engine/parquet-export.ts';
import { dayNumberFromIso, isoFromDayNumber, Random, Weighted } from './random.ts';

export const DDP_HEADERS = {
  arrests: ['Apprehension Date', 'Apprehension Type', 'State', 'County', 'TOA Current Duty AOR', 'Apprehension Final Program', 'Arresting Agency',
    'Apprehension Method', 'Apprehension Criminality', 'Case Status', 'Case Category', 'Departure Country', 'Final Order Yes No', 'Birth Date',
    'Birth Year', 'Citizenship Country', 'Gender', 'Departed Date', 'Final Order Date', 'Apprehension Site Landmark', 'Operation',
    'TOA Current Duty Site', 'Case Criminality', 'Case Threat Level', 'Anonymized Identifier'],
  encounters: ['Event Date', 'Responsible AOR', 'Responsible Site', 'Lead Event Type', 'Lead Source', 'Event Type', 'Final Program',
    'Final Program Group', 'Encounter Criminality', 'Processing Disposition', 'Case Status', 'Case Category', 'Departed Date', 'Departure Country',
    'Final Order Yes No', 'Final Order Date', 'Birth Date', 'Birth Year', 'Citizenship Country', 'Gender', 'Event Landmark', 'Alien File Number',
    'EID Case ID', 'EID Subject ID', 'Unique Identifier'],
  detainers: ['Detainer Prepare Date', 'Facility State', 'Facility AOR', 'Port of Departure', 'Departure Country', 'Departed Date', 'Case Status',
    'Detainer Prepared Criminality', 'Detention Facility', 'Detention Facility Code', 'Facility City', 'Detainer Prep Threat Level', 'Gender',
    'Citizenship Country', 'Birth Country', 'Birth Year', 'Processing Disposition', 'Case Category', 'Final Program', 'Apprehension Method',
    'Final Order Yes No', 'Final Order Date', 'Apprehension Date', 'Detainer Lift Reason', 'Detainer Type', 'Alien File Number', 'Unique Identifier'],
  detention_stays: ['Stay Book In Date Time', 'Book In Date Time', 'Detention Facility', 'Detention Facility Code', 'Detention Book Out Date Time',
    'Detention Release Reason', 'Stay Book Out Date Time', 'Stay Release Reason', 'Gender', 'Birth Year', 'Entry Status', 'Felon', 'Bond Posted Date',
    'Bond Posted Amount', 'Case Status', 'Case Category', 'Final Order Yes No', 'Final Order Date', 'Citizenship Country', 'Book In Criminality',
    'Final Charge', 'Departed Date', 'Departure Country', 'Initial Bond Set Amount', 'MSC Charge', 'MSC Charge Code', 'Case Threat Level',
    'Alien File Number', 'Unique Identifier'],
  removals_latest: ['Departed Date', 'Port of Departure', 'Departure Country', 'Docket AOR', 'Apprehension State', 'Apprehension County',
    'Birth Country', 'Citizenship Country', 'Entry Date', 'Entry Status', 'MSC NCIC Charge', 'MSC NCIC Charge Code', 'MSC NCIC Charge Date',
    'MSC NCIC Charge Status', 'MSC Conviction Date', 'Case Threat Level', 'Case Criminality', 'Felon', 'Processing Disposition', 'Case Category',
    'Final Program', 'Latest Arrest Program', 'Final Order Yes No', 'Final Order Date', 'Final Charge Code', 'Final Charge Section',
    'Prior Deport Yes No', 'Gender', 'Birth Year', 'Unique Identifier'],
  // The publisher's header really says "Identifer".
  removals_2012_2023: ['Departure Date', 'Port of Departure', 'Departure Country', 'Case Status', 'Case Category', 'Final Order Yes No',
    'Final Order Date', 'Case ID', 'Gender', 'Birth Country', 'Citizenship Country', 'Birth Date', 'Birth Year', 'Alien File Number', 'Entry Status',
    'Entry Date', 'MSC Charge', 'MSC Charge Date', 'MSC Charge Code', 'MSC Conviction Date', 'MSC Criminal Charge Status', 'Case Threat Level',
    'Processing Disposition Code', 'Processing Disposition', 'Current Program', 'Apprehension Date', 'Charge Section Code', 'Charge Code',
    'Anonymized Identifer'],
} as const;
export type DdpTableName = keyof typeof DDP_HEADERS;

const REDACTED = '(b)(6), (b)(7)(c)';
const REDACTED_E = '(b)(7)(E)';
export const CRIMINALITY_TEXT = ['1 Convicted Criminal', '2 Pending Criminal Charges', '3 Other Immigration Violator'] as const;

/** Case categories: weight, chance of removal within the release, median days from arrest to removal, disposition. */
const CATEGORIES = new Weighted<[string, number, number, string]>([
  [['[16] Reinstated Final Order', 0.9, 18, 'Reinstatement of Deport Order I-871'], 24],
  [['[8F] Expedited Removal', 0.9, 12, 'Expedited Removal (I-860)'], 16],
  [['[8C] Excludable / Inadmissible - Administrative Final Order Issued', 0.8, 45, 'Notice to Appear (I-862)'], 16],
  [['[8B] Excludable / Inadmissible - Under Adjudication by IJ', 0, 0, 'Notice to Appear Detained (I-862)'], 12],
  [['[3] Deportable - Administratively Final Order', 0.75, 50, 'Notice to Appear (I-862)'], 6],
  [['[2A] Deportable - Under Adjudication by IJ', 0, 0, 'Notice to Appear Detained (I-862)'], 6],
  [['[8A] Excludable / Inadmissible - Hearing Not Commenced', 0, 0, 'Notice to Appear Detained (I-862)'], 6],
  [['[8G] Expedited Removal - Credible Fear Referral', 0.5, 40, 'Expedited Removal with Credible Fear'], 4],
  [['[11] Administrative Deportation / Removal', 0.85, 25, 'Administrative Deportation I-851/I-851A'], 3],
  [['[1A] Voluntary Departure - Un-Expired and Un-Extended Departure Period', 0.7, 20, 'Voluntary Return'], 3],
  [['[9] VR Under Safeguards', 0.95, 3, 'Voluntary Return'], 3],
  [['[5C] Relief Granted - Withholding of Deportation / Removal', 0.2, 90, 'Notice to Appear (I-862)'], 1],
]);

const COUNTRIES = new Weighted<string>([
  ['MEXICO', 38], ['GUATEMALA', 16], ['HONDURAS', 14], ['EL SALVADOR', 7], ['VENEZUELA', 5], ['ECUADOR', 4], ['COLOMBIA', 3], ['NICARAGUA', 2],
  ['CUBA', 2], ['DOMINICAN REPUBLIC', 2], ['HAITI', 2], ['BRAZIL', 2], ['INDIA', 1], ['CHINA, PEOPLES REPUBLIC OF', 1], ['JAMAICA', 1],
]);

/** [state, AOR, county, duty site]. */
const PLACES = new Weighted<[string, string, string, string]>([
  [['TEXAS', 'Houston Area of Responsibility', 'HARRIS', 'HOUSTON, TX, DOCKET CONTROL OFFICE'], 14],
  [['TEXAS', 'Dallas Area of Responsibility', 'DALLAS', 'DALLAS, TX, DOCKET CONTROL OFFICE'], 9],
  [['TEXAS', 'San Antonio Area of Responsibility', 'BEXAR', 'SAN ANTONIO, TX, DOCKET CONTROL OFFICE'], 7],
  [['CALIFORNIA', 'Los Angeles Area of Responsibility', 'LOS ANGELES', 'LOS ANGELES, CA, DOCKET CONTROL OFFICE'], 8],
  [['FLORIDA', 'Miami Area of Responsibility', 'MIAMI-DADE', 'MIAMI, FL, DOCKET CONTROL OFFICE'], 9],
  [['GEORGIA', 'Atlanta Area of Responsibility', 'GWINNETT', 'ATLANTA, GA, DOCKET CONTROL OFFICE'], 7],
  [['NEW YORK', 'New York City Area of Responsibility', 'QUEENS', 'NEW YORK CITY, NY, DOCKET CONTROL OFFICE'], 5],
  [['ILLINOIS', 'Chicago Area of Responsibility', 'COOK', 'CHICAGO, IL, DOCKET CONTROL OFFICE'], 5],
  [['ARIZONA', 'Phoenix Area of Responsibility', 'MARICOPA', 'PHOENIX, AZ, DOCKET CONTROL OFFICE'], 6],
  [['WASHINGTON', 'Seattle Area of Responsibility', 'KING', 'SEATTLE, WA, DOCKET CONTROL OFFICE'], 3],
  [['LOUISIANA', 'New Orleans Area of Responsibility', 'JEFFERSON', 'NEW ORLEANS, LA, DOCKET CONTROL OFFICE'], 4],
]);

const METHODS = new Weighted<string>([
  ['CAP Local Incarceration', 42], ['Located', 18], ['Non-Custodial Arrest', 10], ['CAP State Incarceration', 9], ['Probation and Parole', 5],
  ['ERO Reprocessed Arrest', 6], ['Inspections', 5], ['Traffic Check', 2], ['Other efforts', 3],
]);

/** [name, code, state]: synthetic stand-ins shaped like ICE facility codes. */
const FACILITIES: [string, string, string][] = [
  ['SOUTH TEXAS ICE PROCESSING CENTER', 'STCDFTX', 'TEXAS'], ['STEWART DETENTION CENTER', 'STWRTGA', 'GEORGIA'],
  ['ADELANTO ICE PROCESSING CENTER', 'ADLNTCA', 'CALIFORNIA'], ['KROME NORTH SERVICE PROCESSING CENTER', 'KRMNFL', 'FLORIDA'],
  ['PORT ISABEL SERVICE PROCESSING CENTER', 'PISPCTX', 'TEXAS'], ['CENTRAL LOUISIANA ICE PROCESSING CENTER', 'CLICPLA', 'LOUISIANA'],
  ['OTERO COUNTY PROCESSING CENTER', 'OTRPCNM', 'NEW MEXICO'], ['NORTHWEST ICE PROCESSING CENTER', 'CSCNWWA', 'WASHINGTON'],
  ['ELOY FEDERAL CONTRACT FACILITY', 'EAZ', 'ARIZONA'], ['HOUSTON CONTRACT DETENTION FACILITY', 'HOUICDF', 'TEXAS'],
];

const PORTS: Record<string, string> = {
  MEXICO: 'BROWNSVILLE, TX, POE', GUATEMALA: 'ALEXANDRIA, LA, AIRPORT', HONDURAS: 'ALEXANDRIA, LA, AIRPORT', 'EL SALVADOR': 'HARLINGEN, TX, AIRPORT',
};

export interface StayRecord { inDay: number; inSeconds: number; outDay: number | null; facility: [string, string, string]; reason: string | null }

export interface SimulatedPerson {
  id: string;
  citizenship: string;
  gender: string;
  birthYear: number;
  arrestDay: number;
  criminality: (typeof CRIMINALITY_TEXT)[number];
  place: [string, string, string, string];
  method: string;
  category: string;
  disposition: string;
  finalOrderDay: number | null;
  stays: StayRecord[];
  departedDay: number | null;
  departureCountry: string | null;
  detainerDay: number | null;
  encounter: boolean;
  /** The removal row publishes no case category (blank or redacted), only the disposition. */
  removalCategoryWithheld: boolean;
}

export interface DdpReleaseOptions {
  seed?: number;
  /** First and last arrest date (ISO). Default January 2025. */
  from?: string;
  to?: string;
  /** The release's extraction date: nothing after it is known. Default 2025-06-30. */
  releaseEnd?: string;
  /** Mean arrests per day on a given day; default ~310/day, ~700/day from 2025-01-21. */
  dailyArrests?: (iso: string) => number;
}

export function defaultDailyArrests(iso: string): number {
  return iso >= '2025-01-21' ? 700 : 310;
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function hexId(random: Random): string {
  let id = '';
  for (let i = 0; i < 5; i++) id += Math.floor(random.next() * 0x100000000).toString(16).padStart(8, '0');
  return id;
}

/** A day's count near its mean (normal approximation of a Poisson count). */
function dayCount(random: Random, mean: number): number {
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
}

/** Simulates one release: every person arrested between `from` and `to`, and what followed until `releaseEnd`. */
export function simulateDdpRelease(options: DdpReleaseOptions = {}): SimulatedPerson[] {
  const random = new Random(options.seed ?? 2025);
  const first = dayNumberFromIso(options.from ?? '2025-01-01');
  const last = dayNumberFromIso(options.to ?? '2025-01-31');
  const end = dayNumberFromIso(options.releaseEnd ?? '2025-06-30');
  const rate = options.dailyArrests ?? defaultDailyArrests;
  const people: SimulatedPerson[] = [];
  for (let day = first; day <= last; day++) {
    const n = dayCount(random, rate(isoFromDayNumber(day)));
    for (let k = 0; k < n; k++) people.push(simulatePerson(random, day, end));
  }
  return people;
}

function simulatePerson(random: Random, arrestDay: number, end: number): SimulatedPerson {
  const citizenship = COUNTRIES.pick(random);
  const r = random.next();
  const criminality = CRIMINALITY_TEXT[r < 0.43 ? 0 : r < 0.68 ? 1 : 2];
  const [category, removalChance, medianDays, disposition] = CATEGORIES.pick(random);
  const code = /^\[(\w+)\]/.exec(category)![1];
  const removedEventually = random.chance(removalChance);
  const days = removedEventually ? Math.max(1, Math.round(medianDays * Math.exp(0.6 * normal(random)))) : null;
  const departedDay = days !== null && arrestDay + days <= end ? arrestDay + days : null;
  // Reinstatement revives an earlier order: its final order date is years before this arrest.
  const finalOrderDay = ['16'].includes(code) ? arrestDay - random.int(365, 3650)
    : removalChance > 0 ? arrestDay + random.int(0, Math.max(1, Math.floor((days ?? medianDays) * 0.7))) : null;
  const stays: StayRecord[] = [];
  if (random.chance(0.9)) {
    let inDay = arrestDay + (random.chance(0.7) ? 0 : random.int(1, 4));
    const count = random.chance(0.6) ? 1 : random.chance(0.75) ? 2 : 3;
    for (let s = 0; s < count; s++) {
      const lastStay = s === count - 1;
      let outDay: number | null = lastStay ? departedDay : inDay + random.int(1, 20);
      let reason: string | null = lastStay ? (departedDay !== null ? 'Removed' : null) : 'Transferred';
      if (lastStay && departedDay === null && random.chance(0.4)) { outDay = inDay + random.int(3, 90); reason = 'Released'; }
      if (outDay !== null && (outDay > end || (departedDay !== null && outDay > departedDay))) { outDay = lastStay ? outDay : departedDay; }
      if (outDay !== null && outDay > end) { outDay = null; reason = null; }
      stays.push({ inDay, inSeconds: random.int(0, 86_399), outDay, facility: random.pick(FACILITIES), reason });
      if (outDay === null || inDay > end) break;
      inDay = outDay;
      if (departedDay !== null && inDay >= departedDay) break;
    }
  }
  const third = departedDay !== null && (
    (citizenship === 'VENEZUELA' && random.chance(0.3)) || (citizenship === 'CUBA' && random.chance(0.4)) || (code === '5C' && random.chance(0.8)) || random.chance(0.01));
  return {
    id: hexId(random), citizenship, gender: random.chance(0.88) ? 'Male' : 'Female', birthYear: random.int(1960, 2006), arrestDay, criminality,
    place: PLACES.pick(random), method: METHODS.pick(random), category, disposition, finalOrderDay,
    stays, departedDay, departureCountry: departedDay === null ? null : third ? (citizenship === 'MEXICO' ? 'EL SALVADOR' : 'MEXICO') : citizenship,
    detainerDay: criminality !== CRIMINALITY_TEXT[2] && random.chance(0.35) ? arrestDay - random.int(2, 60) : null,
    encounter: random.chance(0.4), removalCategoryWithheld: random.chance(0.05),
  };
}

const day = (n: number | null): XlsxCell => (n === null ? null : { date: isoFromDayNumber(n) });
/** Date-times as ICE exports show them when the cell is text; the writer's date cells carry no time of day. */
function dateTime(n: number | null, seconds: number): XlsxCell {
  if (n === null) return null;
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return `${isoFromDayNumber(n)} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
const yesNo = (b: boolean): string => (b ? 'YES' : 'NO');

function caseStatus(p: SimulatedPerson): string {
  return p.departedDay !== null ? (p.category.startsWith('[8') ? '8-Excluded/Removed - Inadmissibility' : '6-Deported/Removed - Deportability') : 'ACTIVE';
}

/** The rows of one table of the release, in the publisher's column order (header not included). */
export function* ddpRows(people: SimulatedPerson[], table: Exclude<DdpTableName, 'removals_2012_2023'>): Generator<XlsxCell[]> {
  const header = DDP_HEADERS[table];
  const order = (values: Record<string, XlsxCell>): XlsxCell[] => header.map((h) => values[h] ?? null);
  for (const p of people) {
    const common = {
      'Case Status': caseStatus(p), 'Case Category': p.category, 'Final Order Yes No': yesNo(p.finalOrderDay !== null), 'Final Order Date': day(p.finalOrderDay),
      'Departed Date': day(p.departedDay), 'Departure Country': p.departureCountry, 'Birth Date': REDACTED, 'Birth Year': p.birthYear,
      'Citizenship Country': p.citizenship, 'Gender': p.gender, 'Alien File Number': REDACTED, 'Anonymized Identifier': p.id, 'Unique Identifier': p.id,
    };
    if (table === 'arrests') {
      yield order({ ...common, 'Apprehension Date': day(p.arrestDay), 'Apprehension Type': 'Administrative', 'State': p.place[0], 'County': p.place[2],
        'TOA Current Duty AOR': p.place[1], 'Apprehension Final Program': p.method.startsWith('CAP') ? 'ERO Criminal Alien Program' : 'ERO Fugitive Operations',
        'Arresting Agency': 'ERO', 'Apprehension Method': p.method, 'Apprehension Criminality': p.criminality,
        'Apprehension Site Landmark': p.method.startsWith('CAP') ? `${p.place[2]} COUNTY JAIL` : REDACTED_E, 'Operation': p.arrestDay % 7 === 0 ? 'NONE' : null,
        'TOA Current Duty Site': p.place[3], 'Case Criminality': p.criminality, 'Case Threat Level': p.criminality.startsWith('1') ? String(1 + (p.birthYear % 3)) : null });
    } else if (table === 'encounters') {
      if (!p.encounter) continue;
      yield order({ ...common, 'Event Date': day(p.arrestDay), 'Responsible AOR': p.place[1], 'Responsible Site': p.place[3], 'Lead Event Type': 'CAP Lead',
        'Lead Source': 'Secure Communities', 'Event Type': 'Encounter', 'Final Program': 'ERO Criminal Alien Program', 'Final Program Group': 'ICE',
        'Encounter Criminality': p.criminality, 'Processing Disposition': p.disposition, 'Event Landmark': REDACTED_E, 'EID Case ID': REDACTED, 'EID Subject ID': REDACTED });
    } else if (table === 'detainers') {
      if (p.detainerDay === null) continue;
      yield order({ ...common, 'Detainer Prepare Date': day(p.detainerDay), 'Facility State': p.place[0], 'Facility AOR': p.place[1],
        'Port of Departure': p.departedDay === null ? null : PORTS[p.departureCountry ?? ''] ?? 'ALEXANDRIA, LA, AIRPORT',
        'Detainer Prepared Criminality': p.criminality, 'Detention Facility': `${p.place[2]} COUNTY JAIL`, 'Detention Facility Code': `${p.place[2].slice(0, 4)}CJ`,
        'Facility City': p.place[2], 'Detainer Prep Threat Level': '2', 'Birth Country': p.citizenship, 'Processing Disposition': 'Detainer',
        'Final Program': 'ERO Criminal Alien Program', 'Apprehension Method': p.method, 'Apprehension Date': day(p.arrestDay),
        'Detainer Lift Reason': 'Book-In to ICE Detention', 'Detainer Type': 'I247A - Immigration Detainer - Notice of Action' });
    } else if (table === 'detention_stays') {
      for (const s of p.stays) {
        yield order({ ...common, 'Stay Book In Date Time': dateTime(s.inDay, s.inSeconds), 'Book In Date Time': dateTime(s.inDay, s.inSeconds),
          'Detention Facility': s.facility[0], 'Detention Facility Code': s.facility[1], 'Detention Book Out Date Time': dateTime(s.outDay, (s.inSeconds * 7) % 86_400),
          'Detention Release Reason': s.reason, 'Stay Book Out Date Time': dateTime(p.stays[p.stays.length - 1].outDay, (s.inSeconds * 7) % 86_400),
          'Stay Release Reason': p.stays[p.stays.length - 1].reason, 'Entry Status': 'PWA Present Without Admission', 'Felon': 'Not an Aggravated Felon',
          'Book In Criminality': p.criminality, 'Final Charge': 'ALIEN PRESENT WITHOUT ADMISSION OR PAROLE - (PWAs)', 'Case Threat Level': null });
      }
    } else {
      if (p.departedDay === null) continue;
      yield order({ ...common, 'Port of Departure': PORTS[p.departureCountry ?? ''] ?? 'ALEXANDRIA, LA, AIRPORT', 'Docket AOR': p.place[1],
        'Apprehension State': p.place[0], 'Apprehension County': p.place[2], 'Birth Country': p.citizenship, 'Entry Status': 'PWA Present Without Admission',
        'Case Criminality': p.criminality, 'Felon': 'Not an Aggravated Felon', 'Processing Disposition': p.disposition,
        'Case Category': p.removalCategoryWithheld ? (p.arrestDay % 2 ? REDACTED_E : null) : p.category,
        'Final Program': 'ERO Criminal Alien Program', 'Latest Arrest Program': 'ERO Criminal Alien Program', 'Prior Deport Yes No': yesNo(p.category.startsWith('[16]')) });
    }
  }
}

/** The 2012–2023 removals layout: its own release, so its identifiers link nothing in the latest one. */
export function* ddpRemovals2012Rows(options: { rows: number; seed?: number }): Generator<XlsxCell[]> {
  const random = new Random(options.seed ?? 2012);
  const first = dayNumberFromIso('2012-10-01');
  const span = dayNumberFromIso('2023-09-30') - first + 1;
  const header = DDP_HEADERS.removals_2012_2023;
  for (let i = 0; i < options.rows; i++) {
    const departed = first + Math.floor((i / options.rows) * span);
    const [category, , medianDays, disposition] = CATEGORIES.pick(random);
    const citizenship = COUNTRIES.pick(random);
    const values: Record<string, XlsxCell> = {
      'Departure Date': day(departed), 'Port of Departure': PORTS[citizenship] ?? 'ALEXANDRIA, LA, AIRPORT', 'Departure Country': citizenship,
      'Case Status': '8-Excluded/Removed - Inadmissibility', 'Case Category': category, 'Final Order Yes No': 'YES', 'Final Order Date': day(departed - random.int(1, 30)),
      'Case ID': REDACTED, 'Gender': random.chance(0.9) ? 'Male' : 'Female', 'Birth Country': citizenship, 'Citizenship Country': citizenship, 'Birth Date': REDACTED,
      'Birth Year': random.int(1950, 2004), 'Alien File Number': REDACTED, 'Entry Status': 'PWA Mexico', 'Processing Disposition Code': disposition.startsWith('Expedited') ? 'ER' : 'NTA',
      'Processing Disposition': disposition, 'Current Program': 'Border Patrol', 'Apprehension Date': day(departed - Math.max(1, Math.round(medianDays * random.next()))),
      'Anonymized Identifer': hexId(random),
    };
    yield header.map((h) => values[h] ?? null);
  }
}

export function ddpBanner(title: string, rows: 5 | 6 = 6): string[] {
  const lines = [
    'U.S. Immigration and Customs Enforcement',
    'ERO Law Enforcement Systems and Analysis - Statistical Tracking Unit',
    'SYNTHETIC DEMO DATA generated by deportwatch - not an ICE production and not a Deportation Data Project release',
    title,
    'Data as of 2025-06-30 (synthetic)',
    '',
  ];
  return rows === 6 ? lines : [lines[0], lines[2], lines[3], lines[4], ''];
}

/**
 * Splits rows over sheets of at most `sheetRows` data rows, each with its own banner and header, as
 * the publisher's workbooks do (Excel holds 1,048,576 rows a sheet). `rowCount` must be the number
 * of rows the iterable yields, because the writer needs the list of sheets up front; rows stream.
 */
export async function writeDdpWorkbook(path: string, options: {
  header: readonly string[]; rows: Iterable<XlsxCell[]>; rowCount: number; title: string; sheetName: string; sheetRows: number; bannerRows?: 5 | 6;
}): Promise<void> {
  const iterator = options.rows[Symbol.iterator]();
  const banner = ddpBanner(options.title, options.bannerRows ?? 6).map((line) => [line] as XlsxCell[]);
  const sheetCount = Math.max(1, Math.ceil(options.rowCount / options.sheetRows));
  // Sheets are written one after the other, so each lazily takes the next rows of the shared iterator.
  const sheet = (): Iterable<XlsxCell[]> => ({
    *[Symbol.iterator]() {
      yield* banner;
      yield [...options.header];
      for (let n = 0; n < options.sheetRows; n++) {
        const next = iterator.next();
        if (next.done) return;
        yield next.value;
      }
    },
  });
  await writeXlsx(path, Array.from({ length: sheetCount }, (_, i) => ({ name: `${options.sheetName} ${i + 1}`, rows: sheet() })));
}

export type DdpDemoTable = Exclude<DdpTableName, 'removals_2012_2023'>;

const TITLES: Record<DdpTableName, string> = {
  arrests: 'ICE Arrests (SYNTHETIC)', encounters: 'ICE Encounters (SYNTHETIC)', detainers: 'ICE Detainers (SYNTHETIC)',
  detention_stays: 'ICE Detention Stays (SYNTHETIC)', removals_latest: 'ICE Removals (SYNTHETIC)', removals_2012_2023: 'ICE Removals FY2013 - FY2023 (SYNTHETIC)',
};

/** One table of a simulated release as a workbook in the publisher's layout, split over `sheets` sheets. */
export async function writeDdpTableXlsx(path: string, people: SimulatedPerson[], table: DdpDemoTable, sheets = 2): Promise<number> {
  const rows = [...ddpRows(people, table)];
  await writeDdpWorkbook(path, { header: DDP_HEADERS[table], rows, rowCount: rows.length, title: TITLES[table], sheetName: table === 'detention_stays' ? 'Stays' : table[0].toUpperCase() + table.slice(1).replace('_latest', ''), sheetRows: Math.ceil(Math.max(rows.length, 1) / sheets) });
  return rows.length;
}

export async function writeDdpRemovals2012Xlsx(path: string, options: { rows: number; seed?: number; sheets?: number }): Promise<void> {
  await writeDdpWorkbook(path, { header: DDP_HEADERS.removals_2012_2023, rows: ddpRemovals2012Rows(options), rowCount: options.rows, title: TITLES.removals_2012_2023,
    sheetName: 'Removals', sheetRows: Math.ceil(options.rows / (options.sheets ?? 2)), bannerRows: 5 });
}

/**
 * Detention stays at benchmark scale (3,000,000 rows = a real release): people simulated a day at a
 * time and discarded, so memory stays flat whatever the count. Exactly `rows` rows.
 */
export function* ddpStayRowsAtScale(rows: number, seed = 3): Generator<XlsxCell[]> {
  const random = new Random(seed);
  const end = dayNumberFromIso('2025-06-30');
  let produced = 0;
  for (let dayNumber = dayNumberFromIso('2023-09-01'); produced < rows; dayNumber = dayNumber >= end - 30 ? dayNumberFromIso('2023-09-01') : dayNumber + 1) {
    const people = Array.from({ length: 200 }, () => simulatePerson(random, dayNumber, end));
    for (const row of ddpRows(people, 'detention_stays')) {
      if (produced++ >= rows) return;
      yield row;
    }
  }
}

/** `Detainer Prepare Date` → `detainer_prepare_date`, as the publisher names Parquet columns. */
export function snakeCase(header: string): string {
  return header.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** The same table as Parquet: snake_case names, TIMESTAMP dates, DOUBLE birth year, text elsewhere. */
export async function writeDdpParquet(path: string, header: readonly string[], rows: Iterable<XlsxCell[]>): Promise<number> {
  const columns = header.map((h) => ({ name: snakeCase(h), type: (/\bdate\b/i.test(h) ? 'TIMESTAMP' : h === 'Birth Year' ? 'DOUBLE' : 'VARCHAR') as ParquetType }));
  function* cells(): Generator<(string | number | null)[]> {
    for (const row of rows) yield row.map((c) => (c !== null && typeof c === 'object' ? c.date : c));
  }
  return writeParquet(path, columns, cells());
}

let demoPeople: SimulatedPerson[] | undefined;
/** The demo's release, simulated once so that every demo file shares its people (and identifiers). */
export function demoRelease(): SimulatedPerson[] {
  demoPeople ??= simulateDdpRelease({ seed: 2025 });
  return demoPeople;
}
