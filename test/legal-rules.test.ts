/**
 * Rules in force, rule periods and due-process notes, on both sides of every change of the
 * expedited-removal designation recorded in src/reference/policy-timeline.csv. Each expectation is a
 * fact from the notice or ruling named beside it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { UsageError } from '../src/domain/errors.ts';
import { dueProcessNote, loadTimeline, parseTimeline, rulePeriodOf, rulePeriodRows, rulePeriods, rulesInForce } from '../src/legal/index.ts';

const er = (date: string) => rulesInForce(date).expeditedRemoval;
const HUNDRED_MILES = { geography: 'within_100_air_miles_of_land_border', presenceLimitDays: 14 };
const NATIONWIDE = { geography: 'nationwide', presenceLimitDays: 730 };
const shape = (c: { geography: string; presenceLimitDays: number } | null) => (c ? { geography: c.geography, presenceLimitDays: c.presenceLimitDays } : null);

describe('expedited-removal designation on each side of every change', () => {
  test('2004-08-11: land entrants within 100 air miles / 14 days become subject to ER', () => {
    // 69 FR 48877 (DHS/CBP designation of 2004-08-11). Before it, only ports of entry (1997) and sea arrivals (67 FR 68924, 2002).
    assert.equal(er('2004-08-10').landEntrants, null);
    assert.equal(er('2004-08-10').seaArrivals?.rowId, 'ER-2002-SEA');
    assert.deepEqual(shape(er('2004-08-11').landEntrants), HUNDRED_MILES);
  });

  test('2019-07-22 → 2019-07-23: nationwide, two years (84 FR 35409)', () => {
    assert.deepEqual(shape(er('2019-07-22').landEntrants), HUNDRED_MILES);
    assert.deepEqual(shape(er('2019-07-23').landEntrants), NATIONWIDE);
    assert.equal(er('2019-07-23').landEntrants?.rowId, 'ER-2019-NATL');
    assert.equal(er('2019-07-23').courtStay, 'no');
  });

  test('2019-09-27: the 2019 designation is enjoined; the 2004 limits apply again', () => {
    // Make the Road New York v. McAleenan, 405 F.Supp.3d 1 (D.D.C. 2019-09-27), preliminary injunction.
    assert.deepEqual(shape(er('2019-09-26').landEntrants), NATIONWIDE);
    const d = er('2019-09-27');
    assert.deepEqual(shape(d.landEntrants), HUNDRED_MILES);
    assert.equal(d.courtStay, 'yes');
    assert.deepEqual(d.stayOrders.map((o) => o.id), ['ER-2019-PI']);
  });

  test('2020-06-23: the D.C. Circuit reverses the injunction; nationwide again', () => {
    // Make the Road New York v. Wolf, No. 19-5298 (D.C. Cir. 2020-06-23).
    assert.equal(er('2020-06-22').courtStay, 'yes');
    const d = er('2020-06-23');
    assert.deepEqual(shape(d.landEntrants), NATIONWIDE);
    assert.equal(d.courtStay, 'no');
    assert.ok(d.basis.some((r) => r.id === 'ER-2020-DCCIR'), 'the reversal is cited');
  });

  test('2022-03-20 / 21 / 22: the 2019 designation is rescinded on 2022-03-21', () => {
    // 87 FR 16022, published and effective 2022-03-21.
    assert.deepEqual(shape(er('2022-03-20').landEntrants), NATIONWIDE);
    assert.deepEqual(shape(er('2022-03-21').landEntrants), HUNDRED_MILES);
    assert.deepEqual(shape(er('2022-03-22').landEntrants), HUNDRED_MILES);
    const rescission = er('2022-03-21').basis.find((r) => r.id === 'ER-2022-RESCIND');
    assert.ok(rescission?.sources.some((s) => s.includes('2022-05961')), 'cites the 2022 Federal Register document');
  });

  test('2025-01-20 / 21 / 22: nationwide from 18:00 EST on 2025-01-21', () => {
    // 90 FR 8139 (published 2025-01-24): effective 6:00 p.m. EST, 2025-01-21.
    assert.deepEqual(shape(er('2025-01-20').landEntrants), HUNDRED_MILES);
    const day = er('2025-01-21');
    assert.deepEqual(shape(day.landEntrants), NATIONWIDE, 'in force at the end of the day');
    assert.equal(day.changedDuringDay?.effectiveTime, '2025-01-21T18:00-05:00');
    assert.deepEqual(shape(day.changedDuringDay!.before), HUNDRED_MILES, 'before 18:00 the 2004 limits applied');
    assert.equal(er('2025-01-22').changedDuringDay, null);
    assert.deepEqual(shape(er('2025-01-22').landEntrants), NATIONWIDE);
  });

  test('2025-08-28 / 29: a district court stays the 2025 designation', () => {
    // Make the Road New York v. Noem, No. 1:25-cv-00190 (D.D.C. 2025-08-29, Cobb, J.).
    assert.deepEqual(shape(er('2025-08-28').landEntrants), NATIONWIDE);
    const d = er('2025-08-29');
    assert.deepEqual(shape(d.landEntrants), HUNDRED_MILES);
    assert.equal(d.courtStay, 'yes');
    assert.deepEqual(d.stayOrders.map((o) => o.id), ['ER-2025-MTR-STAY']);
  });

  test('2025-11-22: the D.C. Circuit denies a stay pending appeal; the designation stays stayed', () => {
    // Make the Road New York v. Noem, No. 25-5320 (D.C. Cir., reported 2025-11-22 or -23).
    for (const date of ['2025-11-21', '2025-11-22', '2025-11-23']) {
      assert.equal(er(date).courtStay, 'yes', date);
      assert.deepEqual(shape(er(date).landEntrants), HUNDRED_MILES, date);
    }
    assert.ok(er('2025-11-22').basis.some((r) => r.id === 'ER-2025-MTR-DCCIR-STAYDENIED'));
  });

  test('June 2026: the D.C. Circuit vacates the stay on a day the timeline does not know', () => {
    // Make the Road New York v. Noem/Mullin, No. 25-5320 (D.C. Cir., June 2026, exact day unverified).
    assert.equal(er('2026-05-31').courtStay, 'yes');
    const june = er('2026-06-15');
    assert.equal(june.certain, false);
    assert.equal(june.courtStay, 'uncertain');
    assert.deepEqual(shape(june.possible.narrowest), HUNDRED_MILES);
    assert.deepEqual(shape(june.possible.broadest), NATIONWIDE);
    const july = er('2026-07-01');
    assert.equal(july.certain, true);
    assert.equal(july.courtStay, 'no');
    assert.deepEqual(shape(july.landEntrants), NATIONWIDE);
  });

  test('who is excluded: parolees until the Huffman memo, then parolees at a port of entry after CHIRLA v. Noem', () => {
    // Designations cover people "not admitted or paroled" (69 FR 48877; 90 FR 8139); Huffman memo of
    // 2025-01-23 permits terminating parole to apply ER; CHIRLA v. Noem (D.D.C. 2025-08-01) stays that
    // for people paroled at a port of entry.
    const groups = (date: string) => er(date).excluded.map((e) => e.group);
    assert.deepEqual(groups('2025-01-22'), ['admitted', 'paroled']);
    assert.deepEqual(groups('2025-07-31'), ['admitted']);
    assert.deepEqual(groups('2025-08-01'), ['admitted', 'parolees_at_port_of_entry']);
    const ext = er('2025-08-01').extendedTo;
    assert.deepEqual(ext.find((e) => e.population === 'pending_240_cases')?.except, [], 'CHIRLA concerns parolees only');
    assert.deepEqual(ext.find((e) => e.population === 'parolees')?.except.map((x) => x.rowId), ['ER-2025-CHIRLA']);
  });

  test('a date that is not YYYY-MM-DD is a usage error, never read as m/d/yyyy', () => {
    assert.throws(() => rulesInForce('3/21/2022'), UsageError);
    assert.throws(() => rulesInForce('2022-02-30'), UsageError);
  });
});

describe('rule periods', () => {
  test('named periods between consecutive changes of the designation', () => {
    const expected: [string, string, string | null][] = [
      ['er-poe-1997', '1997-04-01', '2002-11-12'], // IIRIRA, ports of entry only
      ['er-sea-2002', '2002-11-13', '2004-08-10'], // 67 FR 68924
      ['er-100mi-2004', '2004-08-11', '2019-07-22'], // 69 FR 48877
      ['er-nationwide-2019', '2019-07-23', '2019-09-26'], // 84 FR 35409
      ['er-nationwide-enjoined-2019-09-27', '2019-09-27', '2020-06-22'], // Make the Road v. McAleenan
      ['er-nationwide-2020', '2020-06-23', '2022-03-20'], // Make the Road v. Wolf
      ['er-100mi-2022', '2022-03-21', '2025-01-20'], // 87 FR 16022
      ['er-nationwide-2025', '2025-01-21', '2025-08-28'], // 90 FR 8139
      ['er-nationwide-stayed-2025-08-29', '2025-08-29', '2026-05-31'], // Make the Road v. Noem (D.D.C.)
      ['er-uncertain-2026-06', '2026-06-01', '2026-06-30'], // D.C. Cir. merits ruling, day unverified
      ['er-nationwide-2026', '2026-07-01', null],
    ];
    assert.deepEqual(rulePeriodRows().map((p) => [p.period, p.startDate, p.endDate]), expected);
  });

  test('periods tile the calendar from 1997-04-01 with no gap or overlap', () => {
    const rows = rulePeriodRows();
    for (let i = 1; i < rows.length; i++) {
      const prevEnd = rows[i - 1].endDate!;
      const next = new Date(`${prevEnd}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      assert.equal(rows[i].startDate, next.toISOString().slice(0, 10), `${rows[i - 1].period} → ${rows[i].period}`);
    }
  });

  test('rulePeriodOf on the boundary days', () => {
    assert.equal(rulePeriodOf('1997-03-31'), null, 'no expedited removal before IIRIRA took effect');
    assert.equal(rulePeriodOf('2019-07-22')?.period, 'er-100mi-2004');
    assert.equal(rulePeriodOf('2019-07-23')?.period, 'er-nationwide-2019');
    assert.equal(rulePeriodOf('2022-03-21')?.period, 'er-100mi-2022');
    assert.equal(rulePeriodOf('2025-01-21')?.period, 'er-nationwide-2025', 'a day belongs to the rule in force at its end');
    assert.equal(rulePeriodOf('2025-08-29')?.period, 'er-nationwide-stayed-2025-08-29');
    assert.equal(rulesInForce('2026-06-15').rulePeriod, 'er-uncertain-2026-06');
  });

  test('each period cites the rows behind it', () => {
    const stayed = rulePeriods().find((p) => p.period === 'er-nationwide-stayed-2025-08-29')!;
    assert.ok(stayed.basis.includes('ER-2025-MTR-STAY') && stayed.basis.includes('ER-2004-LAND'));
  });

  test('the periods come from the data: without the stay rows, autumn 2025 is nationwide', () => {
    // Dropping Make the Road v. Noem (D.D.C.) and the appellate rows on it is a data change only.
    const text = readFileSync(new URL('../src/reference/policy-timeline.csv', import.meta.url), 'utf8');
    const kept = text.split('\n').filter((line) => !/^ER-(2025-MTR|2026-MTR)/.test(line)).join('\n');
    const timeline = parseTimeline(kept, 'edited.csv');
    assert.deepEqual(shape(rulesInForce('2025-10-01', timeline).expeditedRemoval.landEntrants), NATIONWIDE);
    assert.equal(rulePeriodOf('2025-10-01', timeline)?.period, 'er-nationwide-2025');
  });
});

describe('other rules in force', () => {
  test('asylum bar: Proclamation 10888, vacated after a 14-day delay, operative again under the D.C. Circuit partial stay', () => {
    // Proclamation 10888 (90 FR 8333, 2025-01-20); RAICES v. Noem (D.D.C. 2025-07-02, effective after 14 days);
    // RAICES v. Noem (D.C. Cir. 2025-08-01): asylum bar may continue, withholding/CAT screening must resume.
    assert.equal(rulesInForce('2025-01-19').asylumBar.status, 'none_recorded');
    assert.equal(rulesInForce('2025-01-20').asylumBar.status, 'in_force');
    assert.equal(rulesInForce('2025-07-15').asylumBar.status, 'in_force');
    assert.equal(rulesInForce('2025-07-16').asylumBar.status, 'blocked');
    const aug = rulesInForce('2025-08-01');
    assert.equal(aug.asylumBar.status, 'in_force');
    assert.equal(aug.protectionScreeningRestricted.status, 'blocked');
    assert.equal(aug.removalOutsideIna.status, 'blocked');
    assert.deepEqual(aug.courtOrders.find((o) => o.row.id === 'RA-2025-07-02')?.stayedFor, ['asylum_bar']);
  });

  test('third-country removals: court-ordered notice from the TRO until the Supreme Court stay', () => {
    // D.V.D. v. DHS (D. Mass. TRO 2025-03-28, PI 2025-04-18); DHS v. D.V.D., No. 24A1153 (stay, 2025-06-23);
    // D.V.D. v. DHS (D. Mass. 2026-02-25, suspended 15 days; later status not verified).
    const notice = (date: string) => rulesInForce(date).thirdCountryRemoval.noticeRequiredByCourt;
    assert.equal(notice('2025-03-27'), 'no');
    assert.equal(notice('2025-03-28'), 'yes');
    assert.equal(notice('2025-06-22'), 'yes');
    assert.equal(notice('2025-06-23'), 'no');
    const pi = rulesInForce('2025-06-23').thirdCountryRemoval.courtRequirements.find((r) => r.row.id === 'TC-2025-04-18');
    assert.deepEqual(pi?.blockedBy.map((r) => r.id), ['TC-2025-06-23'], 'suspended by the stay, not ended');
    assert.equal(notice('2026-03-11'), 'no', 'within the 15-day suspension');
    assert.equal(notice('2026-03-12'), 'uncertain');
  });

  test('injunctions and stays that stood, and troop deployments from their start', () => {
    // Make the Road v. Noem stay stood on 2025-09-15 and was vacated by 2026-08 (D.C. Cir.).
    assert.ok(rulesInForce('2025-09-15').courtOrders.some((o) => o.row.id === 'ER-2025-MTR-STAY' && o.operative === 'yes'));
    assert.ok(!rulesInForce('2026-08-01').courtOrders.some((o) => o.row.id === 'ER-2025-MTR-STAY'));
    // 1,500 active-duty troops ordered 2025-01-22 (Acting Secretary of Defense Salesses).
    assert.ok(!rulesInForce('2025-01-21').deployments.some((d) => d.row.id === 'TR-2025-01-22'));
    assert.ok(rulesInForce('2025-01-22').deployments.some((d) => d.row.id === 'TR-2025-01-22'));
    // Alien Enemies Act removals: the authority stands, enjoined for the A.A.R.P. class (SCOTUS 2025-05-16).
    const aea = rulesInForce('2025-06-01').alienEnemiesAct.authority;
    assert.equal(aea.status, 'partly_blocked');
    assert.ok(aea.entries[0].partlyBlockedBy.some((p) => p.row.id === 'AEA-2025-05-16'));
  });
});

describe('due-process notes', () => {
  const note = (date: string, distance: number | null, days: number | null) =>
    dueProcessNote({ pathway: 'expedited_removal', date, apprehensionDistanceMilesFromBorder: distance, daysInUs: days }).note;

  test('while the 100-mile / 14-day designation applied (69 FR 48877)', () => {
    assert.equal(note('2018-05-01', 250, 5), 'outside_designation', '250 miles from the border');
    assert.equal(note('2018-05-01', 50, 5), 'consistent_with_rules');
    assert.equal(note('2018-05-01', 50, 14), 'outside_designation', '14 days of presence establishes the 14-day period');
    assert.equal(note('2018-05-01', 50, 13), 'consistent_with_rules');
    assert.equal(note('2018-05-01', null, 5), 'cannot_tell', 'place unknown: never a guess');
    assert.equal(note('2018-05-01', 50, null), 'cannot_tell', 'days unknown');
    assert.equal(note('2018-05-01', null, 30), 'outside_designation', 'beyond 14 days wherever apprehended');
    // During the 2019-2020 injunction (Make the Road v. McAleenan) the 2004 limits applied.
    assert.equal(note('2020-01-15', 250, 100), 'outside_designation');
  });

  test('while a nationwide designation applied (84 FR 35409; 90 FR 8139)', () => {
    assert.equal(note('2021-01-15', 250, 100), 'consistent_with_rules');
    assert.equal(note('2021-01-15', null, 100), 'consistent_with_rules', 'distance does not matter nationwide');
    assert.equal(note('2021-01-15', null, null), 'cannot_tell');
    assert.equal(note('2021-01-15', null, 731), 'outside_designation', 'more than two years');
    assert.equal(note('2021-01-15', null, 730), 'cannot_tell', 'two calendar years may hold 731 days');
    assert.equal(note('2026-08-01', 250, 100), 'consistent_with_rules');
  });

  test('stay and uncertain dates', () => {
    // Make the Road v. Noem stay (2025-08-29): interior apprehensions fall outside again.
    assert.equal(note('2025-09-15', 250, 100), 'outside_designation');
    // Change at 18:00 EST on 2025-01-21 (90 FR 8139): the time of the encounter decides.
    const changeDay = dueProcessNote({ pathway: 'expedited_removal', date: '2025-01-21', apprehensionDistanceMilesFromBorder: 250, daysInUs: 100 });
    assert.equal(changeDay.note, 'cannot_tell');
    assert.match(changeDay.why, /18:00/);
    assert.equal(note('2025-01-21', 50, 5), 'consistent_with_rules', 'within both readings');
    // June 2026: the D.C. Circuit ruling's day is not known.
    assert.equal(note('2026-06-15', 250, 100), 'cannot_tell');
    assert.equal(note('2026-06-15', 50, 5), 'consistent_with_rules');
  });

  test('other pathways, other arrivals, and bad input', () => {
    assert.equal(dueProcessNote({ pathway: 'reinstatement', date: '2018-01-01' }).note, 'not_applicable');
    assert.equal(dueProcessNote({ pathway: 'unknown', date: '2018-01-01' }).note, 'cannot_tell');
    // Arriving aliens at a port of entry: IIRIRA, whatever the distance (62 FR 10312).
    assert.equal(dueProcessNote({ pathway: 'expedited_removal', date: '2010-01-01', apprehensionDistanceMilesFromBorder: 1000, arrivedBy: 'port_of_entry' }).note, 'consistent_with_rules');
    // Sea arrivals: 2002 designation, no distance limit, two years (67 FR 68924).
    assert.equal(dueProcessNote({ pathway: 'expedited_removal', date: '2010-01-01', apprehensionDistanceMilesFromBorder: 1000, daysInUs: 100, arrivedBy: 'sea' }).note, 'consistent_with_rules');
    assert.equal(dueProcessNote({ pathway: 'expedited_removal', date: '1995-01-01', apprehensionDistanceMilesFromBorder: 10, daysInUs: 1 }).note, 'outside_designation');
    const assumed = dueProcessNote({ pathway: 'expedited_removal', date: '2018-05-01', apprehensionDistanceMilesFromBorder: 250, daysInUs: 5 });
    assert.match(assumed.assumptions.join(' '), /over land/);
    assert.ok(assumed.basis.includes('ER-2004-LAND'));
    assert.throws(() => note('2018-05-01', -5, 1), UsageError);
    assert.throws(() => note('05/01/2018', 5, 1), UsageError);
  });

  test('the timeline used is the project table', () => {
    assert.equal(loadTimeline().rows.length, 64);
  });
});
