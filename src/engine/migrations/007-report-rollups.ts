import type { Migration } from '../migrations.ts';

/**
 * The catalog of report rollups kept in the database (src/engine/stored-rollups.ts): each row names a
 * table `rollup_<view>_<n>` with the view's counts by `columns`, valid for one data `version`.
 */
export const reportRollups: Migration = {
  id: 7,
  name: 'report_rollups: catalog of pre-counted report tables',
  statements: [
    'CREATE SEQUENCE report_rollup_ids START 1',
    `CREATE TABLE report_rollups (
      name VARCHAR PRIMARY KEY,
      view VARCHAR NOT NULL,
      columns VARCHAR[] NOT NULL,
      version VARCHAR NOT NULL,
      rows BIGINT NOT NULL,
      view_rows BIGINT NOT NULL,
      built_at TIMESTAMP NOT NULL
    )`,
  ],
};
