/**
 * `deportwatch rules`, `deportwatch claims add|list|check` and the demo's claims table, run as a user
 * runs them: a child process on a database file. Bad ledgers must fail with the file, row and field
 * named and nothing stored.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadClaims } from '../src/claims/ledger.ts';
import { tempDir } from './helpers/store.ts';

const BIN = join(import.meta.dirname, '../src/cli/bin.ts');

function cli(args: string[], timeout = 120_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, ...args], { encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = 'id,kind,date,speaker,quote,summary,metric,scope,period,value,qualifier,unit,source_url,timeline_id,confidence,notes';
const GOOD = 'T-ok,claim,2025-01-23,Test speaker,,500 arrested,arrests_total,,2025-01-23,500,exact,arrests,https://example.org/ok,,high,';

describe('claims add --file: a bad ledger is refused whole, naming file, row and field', () => {
  test('CSV: an unknown metric, a date in the future, a malformed period', async (t) => {
    const dir = await tempDir(t);
    const db = join(dir, 'c.duckdb');
    const file = join(dir, 'my-claims.csv');
    await writeFile(file, [HEADER,
      'T-metric,claim,2025-01-23,Test,,x,arrests_of_criminals,,2025-01-23,5,exact,arrests,https://example.org/1,,high,',
      'T-future,claim,2999-01-01,Test,,x,arrests_total,,2025-01-23,5,exact,arrests,https://example.org/2,,high,',
      'T-period,claim,2025-01-23,Test,,x,arrests_total,,2025-13,5,exact,arrests,https://example.org/3,,high,',
      GOOD].join('\n'));
    const r = cli(['--db', db, 'claims', 'add', '--file', file]);
    assert.equal(r.status, 1, r.stderr);
    // Rows are physical lines of the file: the header is line 1.
    assert.match(r.stderr, /my-claims\.csv \(id T-metric\), row 2, column metric: unknown metric \(known: arrests_total, /);
    assert.match(r.stderr, /my-claims\.csv \(id T-future\), row 3, column date: claim date is in the future \(today is \d{4}-\d{2}-\d{2}\) \(value "2999-01-01"\)/);
    assert.match(r.stderr, /my-claims\.csv \(id T-period\), row 4, column period: malformed period: 2025-13 is not a calendar month/);
    assert.match(r.stderr, /^deportwatch: 3 problems in the claims ledger/);
    // Nothing from the file was stored, not even its good row.
    const list = JSON.parse(cli(['--db', db, 'claims', 'list', '--format', 'json']).stdout) as { id: string; origin: string }[];
    assert.equal(list.length, loadClaims().length);
    assert.ok(list.every((c) => c.origin === 'seed'));
  });

  test('JSON: each problem names its item', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'my-claims.json');
    await writeFile(file, JSON.stringify([
      { id: 'J-1', kind: 'claim', date: '2025-01-23', speaker: 'Test', summary: 'x', metric: 'removals_total', period: 'FY20125', value: 5, qualifier: 'exact', unit: 'removals', source_url: 'https://example.org', confidence: 'high' },
    ]));
    const r = cli(['--db', join(dir, 'c.duckdb'), 'claims', 'add', '--file', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /my-claims\.json \[item 1\] \(id J-1\), column period: malformed period: "FY20125" is not a period; write YYYY-MM-DD, YYYY-MM, FYyyyy/);
  });
});

describe('claims add, list and check on one database', () => {
  test('a claim from options and one from a file are stored with their origin, checked, and refused twice', async (t) => {
    const dir = await tempDir(t);
    const db = join(dir, 'c.duckdb');
    const missing = cli(['--db', db, 'claims', 'add', '--id', 'T-1', '--date', '2025-01-23', '--summary', 'x', '--metric', 'arrests_total', '--period', '2025-01-23', '--value', '500', '--source-url', 'https://example.org/1', '--confidence', 'high']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /command line, column --speaker: required field is empty/, 'the option is named, not the ledger column');

    const added = cli(['--db', db, 'claims', 'add', '--id', 'T-1', '--date', '2025-01-23', '--speaker', 'Test', '--summary', '500 arrested', '--metric', 'arrests_total',
      '--period', '2025-01-23', '--value', '500', '--source-url', 'https://example.org/1', '--confidence', 'high']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /added 1 claim: T-1/);
    const file = join(dir, 'more.csv');
    await writeFile(file, `${HEADER}\n${GOOD}\n`);
    assert.equal(cli(['--db', db, 'claims', 'add', '--file', file]).status, 0);

    const again = cli(['--db', db, 'claims', 'add', '--file', file]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /claim id already in the ledger: T-ok \(file, .*more\.csv\); nothing was added/);
    const seedClash = cli(['--db', db, 'claims', 'add', '--id', 'ST-FY2012-removals', '--date', '2025-01-23', '--speaker', 'Test', '--summary', 'x', '--metric', 'removals_total',
      '--period', 'FY2012', '--value', '1', '--source-url', 'https://example.org/1', '--confidence', 'high']);
    assert.match(seedClash.stderr, /ST-FY2012-removals \(seed, src\/reference\/claims\.csv\)/);

    const list = JSON.parse(cli(['--db', db, 'claims', 'list', '--format', 'json']).stdout) as { id: string; origin: string; verdict: string; unit: string }[];
    assert.deepEqual(list.filter((c) => c.origin !== 'seed').map((c) => [c.id, c.origin, c.unit, c.verdict]), [['T-1', 'added', 'arrests', 'unchecked'], ['T-ok', 'file', 'arrests', 'unchecked']]);

    const check = cli(['--db', db, 'claims', 'check', 'T-1', 'T-ok', '--format', 'json']);
    assert.equal(check.status, 0, check.stderr);
    const checks = JSON.parse(check.stdout) as { claimId: string; verdict: string; why: string; tolerance: string }[];
    assert.deepEqual(checks.map((c) => [c.claimId, c.verdict]), [['T-1', 'not_checkable'], ['T-ok', 'not_checkable']]);
    assert.match(checks[0].why, /no arrests table rows for 2025-01-23: no removal or arrest records are loaded/);
    assert.match(checks[0].tolerance, /compared exactly/);
    const listed = JSON.parse(cli(['--db', db, 'claims', 'list', '--format', 'json']).stdout) as { id: string; verdict: string }[];
    assert.equal(listed.find((c) => c.id === 'T-1')?.verdict, 'not_checkable', 'the latest verdict is listed');

    const unknown = cli(['--db', db, 'claims', 'check', 'NOPE']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no claim with id NOPE; claims: CL-2025-01-23-arrests, /);
  });
});

describe('deportwatch rules', () => {
  test('--date gives the designation in force; a date not in ISO form is a usage error', () => {
    const json = cli(['rules', '--date', '2025-02-01', '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const rules = JSON.parse(json.stdout) as { rulePeriod: string; expeditedRemoval: { landEntrants: { geography: string; rowId: string } } };
    // 90 FR 8139: nationwide from 2025-01-21.
    assert.equal(rules.rulePeriod, 'er-nationwide-2025');
    assert.deepEqual([rules.expeditedRemoval.landEntrants.geography, rules.expeditedRemoval.landEntrants.rowId], ['nationwide', 'ER-2025-NATL']);
    // Make the Road New York v. Noem (D.D.C. 2025-08-29) stayed it: 100 miles again.
    const stayed = cli(['rules', '--date', '2025-08-29']);
    assert.match(stayed.stdout, /rule period: er-nationwide-stayed-2025-08-29/);
    assert.match(stayed.stdout, /within 100 air miles of a land border/);
    assert.match(stayed.stdout, /a court stayed or enjoined a broader designation: yes \(ER-2025-MTR-STAY\)/);
    const periods = cli(['rules', '--periods']);
    assert.match(periods.stdout, /er-100mi-2022\s+2022-03-21\s+2025-01-20/);
    const bad = cli(['rules', '--date', '3/21/2022']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /not a date: "3\/21\/2022" \(expected YYYY-MM-DD\)/);
  });
});

describe('the demo', () => {
  test('checks the seeded claims against its synthetic records and prints their verdicts', async (t) => {
    const dir = await tempDir(t);
    const r = cli(['-q', 'demo', '--dir', dir], 600_000);
    assert.equal(r.status, 0, r.stderr);
    const section = r.stdout.slice(r.stdout.indexOf('the seeded official claims'));
    assert.ok(section.length > 0, 'the claims table is printed');
    for (const c of loadClaims()) assert.match(section, new RegExp(`^${c.id} `, 'm'), `${c.id} has a line`);
    // The demo's DDP arrests cover January 2025, so the 2025-01-23 arrest claims get a verdict from the rows.
    const line = section.split('\n').find((l) => l.startsWith('CL-2025-01-23-with-record '))!;
    assert.match(line, /ddp-latest: \d+ conv, \d+ conv\+pend/);
    assert.match(line, /(consistent|inconsistent|definitions differ) \(SYNTHETIC data\)$/);
  });
});
