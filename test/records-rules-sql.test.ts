/**
 * One rule, one place: each records rule the views apply in SQL (src/records/rules-sql.ts) has a
 * TypeScript twin the rest of the code applies (src/domain/, src/reference/). One table of cases runs
 * through both, so the two cannot drift apart. The cases are the published spellings and the edges a
 * release has (padding, non-breaking spaces, other digits and separators, blanks).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../src/engine/db.ts';
import { sqlString } from '../src/engine/sql.ts';
import { artsCriminalitySql, criminalitySql, fiscalYearSql, statusKeySql } from '../src/records/rules-sql.ts';
import { artsCriminality, criminalityCategory } from '../src/domain/criminality.ts';
import { fiscalYear } from '../src/domain/dates.ts';
import { statusKey } from '../src/reference/status-codes.ts';

/** The SQL rule applied to each case (NULL for null), in order. */
async function throughSql(store: Store, rule: (column: string) => string, cases: (string | null)[], type = 'VARCHAR'): Promise<unknown[]> {
  const values = cases.map((v) => (v === null ? 'NULL' : `${sqlString(v)}::${type}`)).join(', ');
  const rows = await store.all<{ out: unknown }>(`SELECT ${rule('v')} AS out FROM (SELECT unnest([${values}]) AS v, generate_subscripts([${values}], 1) AS i) ORDER BY i`);
  return rows.map((r) => r.out);
}

const NBSP = '\u00a0';

test('criminality: ICE\'s three categories, the same in SQL and TypeScript', async () => {
  const store = await Store.memory();
  try {
    const cases = ['1 Convicted Criminal', '2 Pending Criminal Charges', '3 Other Immigration Violator', '1', '2', '3',
      'Convicted Criminal', 'pending criminal charges', 'Other Immigration Violator', ' 1 Convicted Criminal ', `${NBSP}2 Pending`,
      '1-Convicted', '10 Something', '4 Unknown', 'Criminal', '', '   ', null];
    // TypeScript says null where the views say unknown (nothing published) or unclassified (a value no category names).
    const expected = cases.map((v) => criminalityCategory(v) ?? (v === null || v.trim() === '' ? 'unknown' : 'unclassified'));
    assert.deepEqual(await throughSql(store, criminalitySql, cases), expected);
    assert.deepEqual(expected.slice(0, 3), ['convicted', 'pending_charges', 'other_immigration_violator']);
  } finally {
    store.close();
  }
});

test('ARTS criminality: criminal / non-criminal in every spelling, the same in SQL and TypeScript', async () => {
  const store = await Store.memory();
  try {
    const cases = ['C', 'c', 'Criminal', 'CRIMINAL', ' criminal ', 'N', 'NC', 'Non-Criminal', 'non criminal', 'Non_Criminal', 'noncriminal', `Non${NBSP}Criminal`, 'X', '', null];
    const expected = cases.map((v) => artsCriminality(v) ?? (v === null || v.trim() === '' ? 'unknown' : 'unclassified'));
    assert.deepEqual(await throughSql(store, artsCriminalitySql, cases), expected);
    assert.equal(expected[7], 'non_criminal');
  } finally {
    store.close();
  }
});

test('status keys: trimmed, upper case, runs of spaces (NBSP and tabs too) as one, the same in SQL and TypeScript', async () => {
  const store = await Store.memory();
  try {
    const cases = ['ER', ' er ', 'Reinst', 'ER/CF', 'ER  /  CF', 'ER\t/CF', `ER${NBSP}CF`, `${NBSP}VR${NBSP}`, 'admdpt', 'Voluntary  Return', '\tER\n', ''];
    assert.deepEqual(await throughSql(store, statusKeySql, cases), cases.map(statusKey));
  } finally {
    store.close();
  }
});

test('fiscal year: October starts the next one, the same in SQL and TypeScript', async () => {
  const store = await Store.memory();
  try {
    const cases = ['2024-09-30', '2024-10-01', '2025-01-20', '2025-12-31', '2000-02-29', '1999-10-01'];
    assert.deepEqual(await throughSql(store, fiscalYearSql, cases, 'DATE'), cases.map(fiscalYear));
    assert.deepEqual(cases.slice(0, 2).map(fiscalYear), ['FY2024', 'FY2025']);
  } finally {
    store.close();
  }
});
