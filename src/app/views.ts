/**
 * Views that reports read: each domain's base tables joined with the reference tables and with the
 * derived columns every report needs (fiscal year, pathway …), created by the domain that owns them.
 * Derived once, so the CLI, the API and the claims checks count the same way.
 */
import type { Store } from '../engine/db.ts';
import { createRecordsViews, createRemovalsViews } from '../records/views.ts';
import { createFlightsViews } from '../flights/views.ts';
import { createAdsbViews } from '../flights/adsb-views.ts';
import { createLegalViews } from '../legal/tables.ts';
import { createOfficialViews } from '../official/views.ts';
import { createJailViews } from '../records/jail-views.ts';
import { createArtsLegViews } from '../records/arts-leg-views.ts';

export async function createViews(store: Store): Promise<void> {
  await createRemovalsViews(store);
  await createRecordsViews(store);
  await createFlightsViews(store);
  await createAdsbViews(store);
  await createLegalViews(store);
  // What the HTTP API lists as /sources.json: every column but the absolute path of the ingested file,
  // which names the server's folders (its file_name and SHA-256 identify the file).
  await store.run('CREATE OR REPLACE VIEW public_sources AS SELECT * EXCLUDE (path) FROM sources');
  await createOfficialViews(store);
  await createJailViews(store);
  await createArtsLegViews(store);
}
