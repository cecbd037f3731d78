/**
 * The view of county jail bookings on ICE detainers for reports: booking month and fiscal year, and the
 * first "Prior Entry Date" column's Listed / Not Listed read case-blind (the release writes "Not LIsted",
 * "Not listed" …); any other value is kept as written.
 */
import type { Store } from '../engine/db.ts';

export async function createJailViews(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE VIEW jail_detainer_bookings_enriched AS
    SELECT b.*, strftime(b.booking_date, '%Y-%m') AS booking_month,
      'FY' || (year(b.booking_date) + CASE WHEN month(b.booking_date) >= 10 THEN 1 ELSE 0 END) AS fiscal_year,
      CASE lower(b.prior_entry_date_listed) WHEN 'listed' THEN 'Listed' WHEN 'not listed' THEN 'Not Listed' ELSE b.prior_entry_date_listed END AS prior_entry_listed,
      s.file_name AS source, s.kind AS kind
    FROM jail_detainer_bookings b JOIN sources s ON s.source_id = b.source_id`);
}
