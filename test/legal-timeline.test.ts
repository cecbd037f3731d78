/**
 * The policy-timeline loader: every bad row is an error naming file, line, row id and field; and the
 * project's table agrees with the research timeline it was derived from (shared data, read in place).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseCsvObjects } from '../src/domain/csv.ts';
import { EFFECT_TYPES, loadTimeline, parseTimeline, TIMELINE_COLUMNS, TIMELINE_STATUSES, TimelineError } from '../src/legal/index.ts';
import { sharedData } from './helpers/shared-data.ts';

const HEADER = TIMELINE_COLUMNS.join(',');
// A valid row: the 2004 land-border designation (69 FR 48877).
const GOOD = 'ER-2004-LAND,policy,2004 designation,2004-08-11,,in_force,"er_designation{population=land_border_entrants; geography=within_100_air_miles_of_land_border; presence_limit_days=14}",US-federal,https://www.govinfo.gov/content/pkg/FR-2004-08-11/html/04-18469.htm,"DHS notice, 69 FR 48877 (Aug. 11, 2004)",1,high,';

function errorOf(csv: string): TimelineError {
  try {
    parseTimeline(csv, 'bad-timeline.csv');
  } catch (e) {
    if (e instanceof TimelineError) return e;
    throw e;
  }
  assert.fail('expected a TimelineError');
}

describe('timeline loader', () => {
  test('a valid table loads', () => {
    const t = parseTimeline(`${HEADER}\n${GOOD}\n`, 'ok.csv');
    assert.equal(t.rows[0].effects[0].params.presence_limit_days, 14);
  });

  test('an unknown effect type names the file, line, row and field', () => {
    const e = errorOf(`${HEADER}\n${GOOD}\nX-1,policy,t,2020-01-01,,in_force,expedited_removal_scope{geography=nationwide},US,https://example.org/a,A citation,1,high,\n`);
    assert.equal(e.issues.length, 1);
    assert.match(e.message, /bad-timeline\.csv \(id X-1\), row 3, column effect: unknown effect type "expedited_removal_scope"/);
  });

  test('a bad date, a month-only date and m/d/yyyy', () => {
    const e = errorOf(`${HEADER}\nX-1,ruling,t,2025-02-30,,in_force,"statement{subjects=x}",US,https://example.org/a,A citation,1,high,\nX-2,ruling,t,8/29/2025,,in_force,"statement{subjects=x}",US,https://example.org/a,A citation,1,high,\nX-3,ruling,t,2026-06,,in_force,"statement{subjects=x}",US,https://example.org/a,A citation,1,high,\n`);
    assert.deepEqual(e.issues.map((i) => [i.file, i.row, i.column]), [['bad-timeline.csv (id X-1)', 2, 'start_date'], ['bad-timeline.csv (id X-2)', 3, 'start_date']]);
  });

  test('an end date before the start date', () => {
    const e = errorOf(`${HEADER}\nX-1,policy,t,2022-03-21,2019-07-23,superseded,"statement{subjects=x}",US,https://example.org/a,A citation,1,high,\n`);
    assert.equal(e.issues[0].column, 'end_date');
    assert.match(e.issues[0].problem, /before start_date 2022-03-21/);
  });

  test('unknown key, missing required key, bad value, unknown status and kind, bad link', () => {
    const rows = [
      'X-1,policy,t,2020-01-01,,in_force,"er_designation{population=land_border_entrants; geography=nationwide; presence_limit_days=730; radius=5}",US,https://example.org/a,A citation,1,high,',
      'X-2,policy,t,2020-01-01,,in_force,"er_designation{population=land_border_entrants; geography=nationwide}",US,https://example.org/a,A citation,1,high,',
      'X-3,policy,t,2020-01-01,,in_force,"er_designation{population=everyone; geography=nationwide; presence_limit_days=two_years}",US,https://example.org/a,A citation,1,high,',
      'X-4,rule,t,2020-01-01,,rescinded,"statement{subjects=x}",US,www.example.org,A citation,1,certain,',
    ];
    const e = errorOf(`${HEADER}\n${rows.join('\n')}\n`);
    const got = e.issues.map((i) => `${i.row}:${i.column}:${i.problem}`);
    assert.ok(got.some((g) => /^2:effect:.*unknown key "radius"/.test(g)), got.join('\n'));
    assert.ok(got.some((g) => /^3:effect:.*missing required key "presence_limit_days"/.test(g)), got.join('\n'));
    assert.ok(got.some((g) => /^4:effect:.*"everyone" is not one of/.test(g)), got.join('\n'));
    assert.ok(got.some((g) => /^4:effect:.*"two_years" is not a whole number or none/.test(g)), got.join('\n'));
    for (const column of ['kind', 'status', 'source_url', 'confidence']) assert.ok(got.some((g) => g.startsWith(`5:${column}:`)), column);
    assert.equal(e.details.length, e.issues.length, 'every problem is listed, not only the first');
  });

  test('a court order on a row that does not exist, and a duplicate id', () => {
    const e = errorOf(`${HEADER}\n${GOOD}\nX-1,ruling,t,2020-01-01,,in_force,"court_order{target=ER-2099-NONE; action=stayed}",D.D.C.,https://example.org/a,A citation,1,high,\n${GOOD}\n`);
    assert.ok(e.issues.some((i) => i.row === 3 && /targets ER-2099-NONE, which is not a row/.test(i.problem)));
    assert.ok(e.issues.some((i) => i.row === 4 && /duplicate id \(first on line 2\)/.test(i.problem)));
  });

  test('court orders that target each other in a loop', () => {
    const e = errorOf(`${HEADER}\nA-1,ruling,t,2020-01-01,,in_force,"court_order{target=A-2; action=stayed}",X,https://example.org/a,A citation,1,high,\nA-2,ruling,t,2020-01-01,,in_force,"court_order{target=A-1; action=stayed}",X,https://example.org/a,A citation,1,high,\n`);
    assert.match(e.message, /loop/);
  });

  test('line numbers count lines inside quoted cells', () => {
    const e = errorOf(`${HEADER}\nX-1,policy,"a title\non two lines",2020-01-01,,in_force,"statement{subjects=x}",US,https://example.org/a,A citation,1,high,\nX-2,policy,t,2020-01-01,,in_force,"nope{}",US,https://example.org/a,A citation,1,high,\n`);
    assert.equal(e.issues[0].row, 4);
  });

  test('the project table loads, and its expedited-removal rows cite the Federal Register or the court', () => {
    const t = loadTimeline();
    assert.equal(t.rows.length, 64); // 62, and two rows the source review added
    const er = t.rows.filter((r) => r.effects.some((e) => e.type === 'er_designation'));
    assert.deepEqual(er.map((r) => r.id), ['ER-1997-POE', 'ER-2002-SEA', 'ER-2004-LAND', 'ER-2019-NATL', 'ER-2025-NATL']);
    // 90 FR 8139 is FR Doc 2025-01720; 84 FR 35409 is FR Doc 2019-15710.
    assert.ok(t.byId.get('ER-2025-NATL')!.sources[0].includes('2025-01720'));
    assert.ok(t.byId.get('ER-2019-NATL')!.sources[0].includes('2019-15710'));
  });
});

test('docs/rules.md documents every effect type and status', () => {
  const docs = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
  for (const name of [...Object.keys(EFFECT_TYPES), ...TIMELINE_STATUSES]) assert.ok(docs.includes(`\`${name}\``), `${name} is not documented in docs/rules.md`);
});

describe('agreement with the research timeline (shared data, read in place)', () => {
  // Where this table deliberately differs, and why. Our end_date is the last day in force; the research
  // timeline writes the date of the act that ended a row, so ours is one day earlier unless listed here.
  const END_DATE_DEVIATIONS: Record<string, string> = {
    'ER-2022-RESCIND': 'the 2025 notice took effect at 18:00 on 2025-01-21, so that day is its last (partial) day',
    'TC-2025-04-18': 'stayed pending appeal (suspended, not ended); the stay is its own row',
    'BR-2025-07-23': 'ended at the Supreme Court merits decision of 2026-06-30; the research timeline gives no end',
    'BR-2025-08-07': 'ended at the Supreme Court merits decision of 2026-06-30; the research timeline gives no end',
    'ER-2025-MTR-STAY': 'vacated on a day known only from press reports (needs_source): the month, until a primary source gives the day',
  };
  // Start dates given as the month for the same reason.
  const START_DATE_DEVIATIONS: Record<string, string> = {
    'ER-2026-MTR-DCCIR-MERITS': 'the day 2026-06-23 is from press reports only (needs_source); kept as the month',
  };

  function dayBefore(iso: string): string {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }

  test('same rows, same start dates, end dates one day earlier (last day in force)', (t) => {
    const path = sharedData(t, 'policy/timeline.csv');
    if (!path) return;
    const shared = parseCsvObjects(readFileSync(path, 'utf8'));
    const ours = loadTimeline();
    assert.deepEqual(ours.rows.map((r) => r.id).sort(), shared.map((r) => r.id).sort());
    for (const s of shared) {
      const row = ours.byId.get(s.id)!;
      if (START_DATE_DEVIATIONS[s.id]) assert.equal(row.start.text, s.date.slice(0, 7), `${s.id} start month`);
      else assert.equal(row.start.text, s.date, `${s.id} start`);
      if (END_DATE_DEVIATIONS[s.id]) continue;
      const expected = s.end_date === '' ? null : /^\d{4}-\d{2}$/.test(s.end_date) ? s.end_date : dayBefore(s.end_date);
      assert.equal(row.end?.text ?? null, expected, `${s.id} end`);
    }
  });

  test('the 2025 designation takes effect at the time the research timeline gives', (t) => {
    const path = sharedData(t, 'policy/timeline.csv');
    if (!path) return;
    const shared = parseCsvObjects(readFileSync(path, 'utf8')).find((r) => r.id === 'ER-2025-NATL')!;
    const ours = loadTimeline().byId.get('ER-2025-NATL')!.effects.find((e) => e.type === 'er_designation')!;
    assert.ok(shared.effect.includes(`effective_time=2025-01-21T${ours.params.effective_time}`));
  });
});
