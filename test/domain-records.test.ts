import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fiscalYear, fiscalYearRange, parseUsDate } from '../src/domain/dates.ts';
import { cleanCell, isRedacted, splitCaseCategory } from '../src/domain/records.ts';
import { classifyConviction } from '../src/domain/convictions.ts';
import { caseCategories, caseCategory, PATHWAYS } from '../src/reference/case-categories.ts';

test('m/d/yyyy dates parse exactly, with no time-zone drift and no impossible days', () => {
  assert.equal(parseUsDate('1/3/2012'), '2012-01-03');
  assert.equal(parseUsDate('12/31/2019'), '2019-12-31');
  assert.equal(parseUsDate('2/29/2016'), '2016-02-29'); // 2016 is a leap year
  assert.equal(parseUsDate('2/29/2019'), null); // 2019 is not
  assert.equal(parseUsDate('13/45/2019'), null); // month 13, day 45
  assert.equal(parseUsDate('2019-01-03'), null); // not the m/d/yyyy layout
});

test('fiscal years run October–September and are named for the year they end (31 U.S.C. 1102)', () => {
  assert.equal(fiscalYear('2012-09-30'), 'FY2012');
  assert.equal(fiscalYear('2012-10-01'), 'FY2013');
  assert.equal(fiscalYear('2025-01-23'), 'FY2025');
  assert.deepEqual(fiscalYearRange('FY2013'), ['2012-10-01', '2013-09-30']);
});

test('FOIA redaction markers in every spelling ICE uses are missing data, never values', () => {
  for (const marker of ['(b)(6),(b)(7)(c )', '(b)(7)(E )', 'b(6), b(7)c', 'b(6), b(7)C']) {
    assert.ok(isRedacted(marker), marker);
    assert.equal(cleanCell(marker), null);
  }
  assert.equal(cleanCell('  MEXICO\u00a0'), 'MEXICO'); // non-breaking spaces from exports are trimmed
  assert.equal(cleanCell('BELIZE'), 'BELIZE'); // starts with B but is a country, not a marker
  assert.equal(cleanCell(''), null);
});

test('case category cells split into code and description', () => {
  assert.deepEqual(splitCaseCategory('[8C] Excludable / Inadmissible - Administrative Final Order Issued'),
    { code: '8C', description: 'Excludable / Inadmissible - Administrative Final Order Issued' });
  assert.deepEqual(splitCaseCategory('[16] Reinstated Final Order'), { code: '16', description: 'Reinstated Final Order' });
  assert.equal(splitCaseCategory('Reinstated Final Order').code, null);
});

test('the code table maps each ICE case category to a pathway with a reason and a source', () => {
  const codes = caseCategories();
  assert.ok(codes.length >= 29, 'every code of ICE ERO list [1A]…[16]');
  for (const c of codes) {
    assert.ok((PATHWAYS as readonly string[]).includes(c.pathway), c.code);
    assert.ok(c.reason.length > 20 && c.source.length > 5, `${c.code} has a reason and a source`);
  }
  // [8F] expedited removal: ordered by an immigration officer under INA 235(b)(1), no judge.
  assert.equal(caseCategory('8F')?.pathway, 'expedited_removal');
  assert.equal(caseCategory('8F')?.judgeDecided, 'no');
  // [16] reinstatement of a prior order under INA 241(a)(5): no new hearing.
  assert.equal(caseCategory('16')?.pathway, 'reinstatement');
  // [8C] administratively final order after 240 proceedings before an immigration judge.
  assert.equal(caseCategory('8C')?.pathway, 'immigration_judge_order');
  assert.equal(caseCategory('8C')?.judgeDecided, 'yes');
  // [12] judicial removal by a federal district judge (INA 238(c)), not an immigration judge.
  assert.equal(caseCategory('12')?.pathway, 'judicial_order');
  // [2A] still before an immigration judge.
  assert.equal(caseCategory('2A')?.judgeDecided, 'pending');
  // A code the table does not hold is not guessed.
  assert.equal(caseCategory('8K'), undefined);
});

test('immigration-only convictions are kept apart from other crimes', () => {
  assert.equal(classifyConviction('Illegal Entry').category, 'illegal_entry_reentry');
  assert.equal(classifyConviction('Illegal Re-Entry').category, 'illegal_entry_reentry');
  assert.equal(classifyConviction('Immigration (Possess of Fraud. Immigration Docs)').category, 'other_immigration');
  // "Forced Entry" is burglary, not an immigration offence.
  assert.equal(classifyConviction('Burglary - Forced Entry-Residence').category, 'property_fraud');
  assert.equal(classifyConviction('Driving Under Influence Liquor').category, 'dui');
  assert.equal(classifyConviction('Assault').category, 'violent');
  assert.equal(classifyConviction('Illegal Arrest').category, 'other_criminal');
  assert.equal(classifyConviction(null).category, 'none');
});

test('a filter value holding a comma is written in double quotes, as in CSV', async () => {
  const { parseFilter } = await import('../src/reports/report.ts');
  // ICE writes China's citizenship as "CHINA, PEOPLES REPUBLIC OF": one value, not two.
  assert.deepEqual(parseFilter('citizenship_country="CHINA, PEOPLES REPUBLIC OF",MEXICO').values, ['CHINA, PEOPLES REPUBLIC OF', 'MEXICO']);
  assert.deepEqual(parseFilter('pathway=expedited_removal,reinstatement').values, ['expedited_removal', 'reinstatement']);
  assert.deepEqual(parseFilter('fiscal_year>=FY2015'), { dimension: 'fiscal_year', op: '>=', values: ['FY2015'] });
});

test('day numbers become calendar dates without Date or time zones, matching the UTC calendar', async () => {
  const { isoDateFromDays } = await import('../src/domain/dates.ts');
  for (const iso of ['1900-03-01', '1970-01-01', '2000-02-29', '2019-07-23', '2025-01-21', '2100-12-31']) {
    const days = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
    assert.equal(isoDateFromDays(days), iso);
  }
  assert.equal(isoDateFromDays(-1), '1969-12-31');
});
