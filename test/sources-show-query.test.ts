/**
 * `deportwatch sources show ID` prints a file's header as published (checked against Python's csv module
 * reading the file) with the stored column of each header cell; `deportwatch query` prints LIST, STRUCT,
 * MAP, DECIMAL and BIGINT results in every format (it exited 70, "Do not know how to serialize a
 * BigInt", for a LIST of BIGINT).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedData } from './helpers/shared-data.ts';
import { tempDir } from './helpers/store.ts';

const BIN = join(import.meta.dirname, '../src/cli/bin.ts');

function cli(db: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', BIN, '--db', db, '-q', ...args], { encoding: 'utf8' });
}

test('sources show: the RadarBox header as published, each cell with where it went', async (t) => {
  const path = sharedData(t, 'flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv');
  if (!path) return;
  const db = join(await tempDir(t), 'show.duckdb');
  assert.equal(cli(db, ['ingest', path]).status, 0);
  const shown = cli(db, ['sources', 'show', '1', '--format', 'json']);
  assert.equal(shown.status, 0, shown.stderr);
  const { source, columns } = JSON.parse(shown.stdout);
  const header = JSON.parse(spawnSync('python3', ['-c', 'import csv, json, sys; print(json.dumps(next(csv.reader(open(sys.argv[1], newline="")))))', path], { encoding: 'utf8' }).stdout);
  assert.equal(source.kind, 'radarbox-flights');
  assert.deepEqual(columns.map((c: { published: string }) => c.published), header);
  // The pandas index column has a blank header: its raw name says where it is.
  assert.equal(columns[0].raw_name, '(column 1)');
  assert.equal(columns[0].stored_as, null);
  assert.match(columns.find((c: { published: string }) => c.published === 'Date').stored_as, /tracker_rows\.export_date/);
  assert.match(columns.find((c: { published: string }) => c.published === 'STD').stored_as, /departure_time_utc/);
  const text = cli(db, ['sources', 'show', '1']);
  assert.match(text.stdout, /header as published/);
  assert.match(text.stdout, /"Unnamed: 9"\s+Unnamed: 9\s+\(kept only as raw text\)/);
  const none = cli(db, ['sources', 'show', '9']);
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /no source 9/);
});

test('query prints LIST, STRUCT, MAP, DECIMAL and BIGINT results as json, csv and table', async (t) => {
  const db = join(await tempDir(t), 'query.duckdb');
  assert.equal(cli(db, ['sources', 'list']).status, 0); // creates the database
  const sql = `SELECT [1::BIGINT, 9007199254740993::BIGINT] AS ids, {'a': 2::BIGINT} AS s, MAP(['k'], [3::BIGINT]) AS m,
    1.25::DECIMAL(10,2) AS d, 123456789012345678.12::DECIMAL(20,2) AS big, 4::BIGINT AS b`;
  const json = cli(db, ['query', sql, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).rows, [{ ids: [1, '9007199254740993'], s: { a: 2 }, m: { k: 3 }, d: 1.25, big: '123456789012345678.12', b: 4 }]);
  const csv = cli(db, ['query', sql, '--format', 'csv']);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.stdout.split('\n')[1], '"[1,""9007199254740993""]","{""a"":2}","{""k"":3}",1.25,123456789012345678.12,4');
  const table = cli(db, ['query', sql]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /\[1,"9007199254740993"\]/);
});
