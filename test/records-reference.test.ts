/**
 * The project's status/disposition table (src/reference/status-codes.csv) against its factual basis
 * in ../shared/data/codes, and the criminality rule in JavaScript and in SQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsvObjects } from '../src/domain/csv.ts';
import { criminalityCategory, artsCriminality } from '../src/domain/criminality.ts';
import { normaliseStatus, statusCodes } from '../src/reference/status-codes.ts';
import { Store } from '../src/engine/db.ts';
import { pathwaySql } from '../src/records/views.ts';
import { criminalitySql } from '../src/records/rules-sql.ts';
import { sharedData } from './helpers/shared-data.ts';
import { openProject } from '../src/app/project.ts';

test('status words normalise to case categories: ER → 8F, REINST → 16, VR → 1A; codes stand for themselves', () => {
  assert.equal(normaliseStatus('arts_status', 'ER').caseCategory, '8F');
  assert.equal(normaliseStatus('arts_status', ' reinst ').caseCategory, '16');
  assert.equal(normaliseStatus('arts_status', 'VR').caseCategory, '1A');
  assert.equal(normaliseStatus('arts_status', '8C').caseCategory, '8C', 'a published code needs no table row');
  assert.equal(normaliseStatus('arts_status', 'REMOVAL').caseCategory, null, 'REMOVAL names no order type');
  assert.equal(normaliseStatus('arts_status', 'NTA-TFRD').pathway, 'pending_before_judge');
  assert.equal(normaliseStatus('processing_disposition', 'Expedited Removal with Credible Fear').caseCategory, '8G');
  assert.equal(normaliseStatus('processing_disposition', 'ADMDPT').caseCategory, '11');
  assert.equal(normaliseStatus('processing_disposition', 'SOMETHING NEW').caseCategory, null);
});

test('every ARTS status the basis file normalises to a case code is in the table with the same code', (t) => {
  const path = sharedData(t, 'codes/arts-status-raw-counts.csv');
  if (!path) return;
  const basis = parseCsvObjects(readFileSync(path, 'utf8')).filter((r) => /^(\d+[A-Z]?)$/.test(r.Clean));
  assert.equal(basis.length, 28, '28 rows of the basis file have a code in Clean (16 ×16, 8F ×6, 1A ×3, 8G ×2, 11 ×1)');
  for (const row of basis) assert.equal(normaliseStatus('arts_status', row.Status).caseCategory, row.Clean, row.Status);
  assert.ok(statusCodes().every((s) => s.basis.length > 0), 'every row keeps its basis');
});

test('the criminality rule is the same in JavaScript and in the views\' SQL', async () => {
  const store = await openProject(':memory:');
  try {
    const values = ['1 Convicted Criminal', '2 Pending Criminal Charges', '3 Other Immigration Violator', 'Convicted Criminal', 'something else', null];
    const sql = `SELECT ${criminalitySql('v')} AS c FROM (SELECT unnest([${values.map((v) => (v === null ? 'NULL' : `'${v}'`)).join(', ')}]::VARCHAR[]) AS v)`;
    const fromSql = (await store.all<{ c: string }>(sql)).map((r) => r.c);
    assert.deepEqual(fromSql, values.map((v) => criminalityCategory(v) ?? (v === null ? 'unknown' : 'unclassified')));
    assert.deepEqual(fromSql.slice(0, 3), ['convicted', 'pending_charges', 'other_immigration_violator']);
    assert.equal(artsCriminality('Non-Criminal'), 'non_criminal');
    // The SQL pathway of an ARTS status goes through the same tables as normaliseStatus.
    const pw = pathwaySql({ alias: 't', code: null, status: { column: 's', field: 'arts_status' } });
    const rows = await store.all<{ s: string; pathway: string }>(`SELECT t.s, ${pw.columns} FROM (SELECT unnest(['ER', 'REINST', '16', 'REMOVAL', 'ZZZ']) AS s) t ${pw.joins} ORDER BY t.s`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.s, r.pathway])), {
      '16': 'reinstatement', ER: 'expedited_removal', REINST: 'reinstatement', REMOVAL: 'unknown', ZZZ: 'unclassified',
    });
  } finally {
    store.close();
  }
});
