import type { ReportTable } from '../types.ts';

export const artsLegsReport: ReportTable = {
  name: 'arts-legs',
  view: 'arts_leg_counts_enriched',
  unit: 'leg rows of UWCHR\'s ARTS per-leg tables (a leg on a day; per country of citizenship in the country tables; per mission in the mission tables)',
  defaultBy: ['table_kind', 'fiscal_year'],
  dimensions: {
    table_kind: { definition: 'all-legs: every ICE Air leg-day of ARTS installment 1 (2010-10 to 2018-12); country-removal-legs: removal legs of one country\'s nationals; mission-legs: the legs of missions through one airport, with mission ids. The tables overlap: compare them, never add them' },
    date: { definition: 'mission date, YYYY-MM-DD' },
    month: { definition: 'month of the mission date, YYYY-MM' },
    fiscal_year: { definition: 'federal fiscal year of the mission date (October–September)' },
    calendar_year: { definition: 'calendar year of the mission date' },
    r_t: { definition: 'ARTS "R-T" as published: R (removal), T (transfer), and the other values the table holds (Ineligible, No-show) shown as written; "(not in this table)" where the table has no R-T column' },
    pickup_airport: { definition: 'pick-up airport (PULOC), as published (ICAO)' },
    dropoff_airport: { definition: 'drop-off airport (DropLoc), as published (ICAO)' },
    pickup_country: { definition: 'ISO country code of the pick-up airport, from the airport reference; NULL where the reference does not know the code' },
    dropoff_country: { definition: 'ISO country code of the drop-off airport, from the airport reference; NULL where unknown' },
    citizenship_country: { definition: 'country of citizenship (country tables only; NULL in the others)' },
    mission_id: { definition: 'ARTS mission id (mission tables only)' },
    source: { definition: 'file the row was ingested from' },
  },
  measures: {
    passengers: { aggregate: 'sum', column: 'passengers', definition: 'sum of unique passengers per leg (AlienMasterID / AlienMasterIDCount counts): a person on two legs counts on each' },
  },
  rowKey: ['source_id', 'source_row'],
  caveats: () => [
    'Counts derived by UWCHR from ICE\'s ARTS records (FOIA): passengers per leg, not people; a person flown on a transfer leg and then a removal leg counts on both.',
    'The all-legs, country and mission tables overlap: filter by table_kind.',
    'A "leg" here is a pick-up → drop-off pair (PULOC → DropLoc) as UWCHR tabulates it: a passenger of a multi-stop mission may be picked up and dropped off at airports the aircraft did not fly between directly.',
  ],
};
