import type { Migration } from '../../engine/migrations.ts';

/**
 * County jail records of people booked on ICE detainers, as released under state public-records law
 * (Yakima County jail, October 2016 – December 2017, via UWCHR): one row per booking. Each column is
 * kept as published (`…_raw`) beside its parsed value where it has one. The release has two columns
 * both named "Prior Entry Date": the first says whether a prior entry date is listed ("Listed" / "Not
 * Listed"), the second holds the date (or "Unknown"); they are stored as `prior_entry_date_listed` and
 * `prior_entry_date_raw` / `prior_entry_date`. "County" and "Where (county)?", "State" and "Where
 * (state)?" are the prior location as the release gives it twice; both are kept.
 * Not stored: the jail's Booking ID (an identifier no report needs).
 */
export const jailDetainerBookings: Migration = {
  id: 22,
  name: 'records: jail_detainer_bookings',
  statements: [
    `CREATE TABLE jail_detainer_bookings (
      source_id INTEGER NOT NULL, source_row BIGINT NOT NULL, jail VARCHAR NOT NULL,
      booking_date DATE NOT NULL, booking_date_raw VARCHAR, release_date DATE, release_date_raw VARCHAR,
      length_of_detention_days INTEGER, length_of_detention_raw VARCHAR,
      charge VARCHAR, county_family_connections VARCHAR, country_of_origin VARCHAR,
      coming_from_jail VARCHAR, prior_jail_location VARCHAR, coming_from_other_location VARCHAR,
      prior_county VARCHAR, prior_county_where VARCHAR, prior_state VARCHAR, prior_state_where VARCHAR,
      released_to_geo VARCHAR, probable_cause VARCHAR,
      prior_entry_date_listed VARCHAR, prior_entry_date_raw VARCHAR, prior_entry_date DATE,
      priority_reason VARCHAR, notes VARCHAR, count INTEGER)`,
  ],
};
