import type { Migration } from '../migrations.ts';

/**
 * Where and when a file was downloaded by `deportwatch fetch` (src/ingest/fetch.ts): one row per fetch
 * that was ingested (or found already ingested), beside the file's row in `sources`.
 */
export const sourceFetches: Migration = {
  id: 24,
  name: 'source_fetches: URL and retrieval time of downloaded sources',
  statements: [
    `CREATE TABLE source_fetches (
      source_id INTEGER NOT NULL, name VARCHAR NOT NULL, url VARCHAR NOT NULL, retrieved_at TIMESTAMP NOT NULL,
      http_status INTEGER NOT NULL, etag VARCHAR, last_modified VARCHAR, sha256 VARCHAR, bytes BIGINT NOT NULL)`,
  ],
};
