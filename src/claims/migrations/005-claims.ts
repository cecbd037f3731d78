import type { Migration } from '../../engine/migrations.ts';

/**
 * The claims ledger and the checks of each claim against the records (docs/claims.md).
 *
 * `claims` holds the ledger's fields (src/claims/ledger.ts) plus where each claim came from: `seed`
 * (src/reference/claims.csv, copied on every writable open so an edit of the seed file applies), `file`
 * (`deportwatch claims add --file`) or `added` (`deportwatch claims add --id …`). Ids are unique across
 * origins; the program refuses a clash before inserting.
 *
 * `claim_checks` holds one row per definition tried in one check of one claim (a definition = a record
 * release or an official aggregate, and a definition of "criminal record" where one applies), with the
 * verdict of that definition and of the claim as a whole, the report request that computed the number,
 * the caveats of the sources used and the source files behind it. A check that had nothing to compute
 * from has one row with definition `(none)`. Rows are never updated: each check adds rows.
 */
export const claims: Migration = {
  id: 5,
  name: 'claims: claims ledger, claim_checks',
  statements: [
    `CREATE TABLE claims (
      id VARCHAR PRIMARY KEY,
      kind VARCHAR NOT NULL,
      date DATE NOT NULL,
      speaker VARCHAR NOT NULL,
      quote VARCHAR,
      summary VARCHAR NOT NULL,
      metric VARCHAR NOT NULL,
      scope VARCHAR NOT NULL,
      period VARCHAR NOT NULL,
      period_start DATE NOT NULL,
      period_end DATE NOT NULL,
      value DOUBLE NOT NULL,
      qualifier VARCHAR NOT NULL,
      unit VARCHAR NOT NULL,
      source_url VARCHAR NOT NULL,
      timeline_id VARCHAR,
      confidence VARCHAR NOT NULL,
      notes VARCHAR,
      origin VARCHAR NOT NULL,
      origin_file VARCHAR,
      origin_row INTEGER,
      added_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )`,
    'CREATE SEQUENCE IF NOT EXISTS claim_check_ids START 1',
    `CREATE TABLE claim_checks (
      check_id INTEGER NOT NULL,
      claim_id VARCHAR NOT NULL,
      checked_at TIMESTAMP NOT NULL,
      claim_verdict VARCHAR NOT NULL,
      claim_why VARCHAR NOT NULL,
      definition VARCHAR NOT NULL,
      route VARCHAR,
      criminality_definition VARCHAR,
      computed_value DOUBLE,
      unknown_rows BIGINT,
      coverage VARCHAR,
      verdict VARCHAR NOT NULL,
      why VARCHAR NOT NULL,
      query VARCHAR,
      cli VARCHAR,
      rows_link VARCHAR,
      rows_sql VARCHAR,
      caveats VARCHAR[],
      source_ids INTEGER[],
      synthetic BOOLEAN
    )`,
  ],
};
