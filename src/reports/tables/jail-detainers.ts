import type { ReportTable } from '../types.ts';

export const jailDetainersReport: ReportTable = {
  name: 'jail-detainers',
  view: 'jail_detainer_bookings_enriched',
  unit: 'county jail bookings on ICE detainers (rows of the jail\'s records)',
  defaultBy: ['booking_month'],
  dimensions: {
    jail: { definition: 'the county jail whose records these are' },
    booking_month: { definition: 'month of the booking date (Date of Booking), YYYY-MM' },
    fiscal_year: { definition: 'federal fiscal year of the booking date (October–September)' },
    country_of_origin: { definition: 'Country of Origin as the jail records it' },
    charge: { definition: 'Charge as recorded (spellings as published, e.g. "Immigraiton")' },
    coming_from_jail: { definition: '"Coming from Jail?" as recorded (Yes / No / Unclear)' },
    prior_jail_location: { definition: '"Prior Jail Location" as recorded' },
    prior_county: { definition: 'county of the prior location: the "County" column (the release repeats it as "Where (county)?", kept as prior_county_where)' },
    prior_state: { definition: 'state of the prior location: the "State" column (repeated as "Where (state)?", kept as prior_state_where)' },
    released_to_geo: { definition: '"Released to GEO?" as recorded (GEO Group runs the Northwest detention center in Tacoma)' },
    prior_entry_listed: { definition: 'the first of the two "Prior Entry Date" columns: whether a prior entry date is listed (Listed / Not Listed, read case-blind; other values as written)' },
    source: { definition: 'file the row was ingested from' },
  },
  rowKey: ['source_id', 'source_row'],
  caveats: () => [
    'Records of one county jail as released under public-records law: bookings, not people (a person booked twice counts twice), and the jail\'s own wording.',
    'The release has two columns named "Prior Entry Date": the first (Listed / Not Listed) is prior_entry_listed, the second (the date) is prior_entry_date.',
  ],
};
