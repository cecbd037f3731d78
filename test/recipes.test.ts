/**
 * docs/recipes.md, run: every recipe's command prints the output the doc shows, and every figure in it
 * matches a count made without deportwatch — Python over the published files, or SQL written here over
 * the stored rows (legs are deportwatch's own merge, so their checks read the stored legs and count them
 * here). A recipe without a check fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openProject } from '../src/app/project.ts';
import type { Store } from '../src/engine/db.ts';
import { parseCsv } from '../src/domain/csv.ts';
import { readRecipes, runRecipe, type Recipe } from '../scripts/recipes.ts';
import { sharedDataPath } from './helpers/shared-data.ts';
import { scratchDirSync } from './helpers/store.ts';

const FILES = {
  expedited: sharedDataPath('records/ero-lesa-seattle-aor-removals-expedited-fy2012-2019.csv'),
  other: sharedDataPath('records/ero-lesa-seattle-aor-removals-other-fy2012-2019.csv'),
  radarbox: sharedDataPath('flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv'),
  yakima: sharedDataPath('flights/observers/yakima-kykm-2019-2021.psv'),
};
const CASE_CATEGORIES = join(import.meta.dirname, '../src/reference/case-categories.csv');
const present = Object.values(FILES).every(existsSync);

type Rows = Record<string, string>[];

function csvRows(text: string): Rows {
  const [header, ...rows] = parseCsv(text);
  return rows.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Runs Python on the published files; the script prints one JSON value. */
function python(script: string): any {
  const run = spawnSync('python3', ['-c', `import csv, json, collections, datetime, re, sys\nFILES = json.loads(sys.argv[1])\n${script}`, JSON.stringify({ ...FILES, case_categories: CASE_CATEGORIES })], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

const PY_REMOVALS = `
def removals():
    out = []
    for key in ('expedited', 'other'):
        lines = open(FILES[key], newline='', encoding='utf-8-sig').read().splitlines()
        start = next(i for i, l in enumerate(lines) if l.startswith('Departed Date'))
        for r in csv.reader(lines[start + 1:]):
            m, d, y = (int(x) for x in r[0].strip().split('/'))
            out.append({'date': datetime.date(y, m, d), 'birth': r[1], 'country': r[3].strip().upper(), 'conviction': r[5].strip(), 'raw_conviction': r[5], 'category': r[6]})
    return out
def fiscal_year(d):
    return 'FY%d' % (d.year + (1 if d.month >= 10 else 0))
`;
const PY_RADARBOX = `rows = list(csv.DictReader(open(FILES['radarbox'], newline='', encoding='utf-8')))\n`;

/** Top N by n (largest first, ties by value), with the rest summed into one row. */
function topWithOthers(counts: Map<string, number>, top: number): { value: string; n: number; share: number; groups?: number }[] {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const head = sorted.slice(0, top).map(([value, n]) => ({ value, n, share: (100 * n) / total }));
  const rest = sorted.slice(top);
  return [...head, { value: '(all others)', n: rest.reduce((a, [, n]) => a + n, 0), share: (100 * rest.reduce((a, [, n]) => a + n, 0)) / total, groups: rest.length }];
}

function close(actual: string, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(Number(actual) - expected) <= tolerance, `${what}: ${actual} against ${expected}`);
}

/** Sunday that ends the week of an ISO date (pandas "W-SUN"). */
function weekEndingSunday(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

const RADARBOX_LEG = `list_contains(string_split(source_kinds, ','), 'radarbox')`;

const CHECKS: Record<string, (rows: Rows, store: Store) => Promise<void> | void> = {
  async 'weekly-flights-by-aircraft-type'(rows, store) {
    const legs = await store.all<{ d: string; t: string }>(`SELECT CAST(departure_date AS VARCHAR) AS d, aircraft_type AS t FROM flight_legs
      WHERE ${RADARBOX_LEG} AND category = 'removal' AND departure_date BETWEEN DATE '2020-03-01' AND DATE '2020-03-31'`);
    const expected = new Map<string, number>();
    for (const l of legs) expected.set(`${weekEndingSunday(l.d)}|${l.t}`, (expected.get(`${weekEndingSunday(l.d)}|${l.t}`) ?? 0) + 1);
    assert.deepEqual(new Map(rows.map((r) => [`${r.departure_date_week_ending_sun}|${r.aircraft_type}`, Number(r.n)])), expected);
    // 2020-03-01 is a Sunday: its week ends that day; 2020-03-30/31 belong to the week ending 2020-04-05.
    assert.equal(weekEndingSunday('2020-03-01'), '2020-03-01');
  },
  'rows-per-month-by-export-date'(rows) {
    const expected = python(`${PY_RADARBOX}print(json.dumps(collections.Counter(r['Date'].strip()[:7] for r in rows)))`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.export_month, Number(r.n)])), expected);
  },
  async 'legs-per-month-by-utc-date'(rows, store) {
    const expected = await store.all<{ m: string; n: number }>(`SELECT strftime(departure_date, '%Y-%m') AS m, count(*) AS n FROM flight_legs WHERE ${RADARBOX_LEG} GROUP BY 1`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.month, Number(r.n)])), Object.fromEntries(expected.map((e) => [e.m, Number(e.n)])));
  },
  'flight-numbers-per-day'(rows) {
    const expected = python(`${PY_RADARBOX}pairs = {(r['Flight'].strip(), r['Date'].strip()) for r in rows if r['Flight'].strip()}
print(json.dumps(collections.Counter(d[:7] for _, d in pairs)))`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.export_month, Number(r.n)])), expected);
  },
  'utc-vs-export-date'(rows) {
    const expected = python(`${PY_RADARBOX}
Z = {'EST':-5,'EDT':-4,'CST':-6,'CDT':-5,'MST':-7,'MDT':-6,'PST':-8,'PDT':-7,'AKST':-9,'AKDT':-8,'HST':-10,'AST':-4,'ADT':-3,'BRT':-3,'ECT':-5,'PET':-5,'COT':-5,'SRT':-3,'BOT':-4,'VET':-4,'GMT':0,'UTC':0}
c = collections.Counter()
for r in rows:
    m = re.match(r'^(\\d{1,2}):(\\d{2})\\s*([A-Z]{2,5})$', r['STD'].replace('\\xa0', ' ').strip())
    if not m:
        c['no_time'] += 1; continue
    cuba = r['DepartureICAO'].strip().startswith('MU')  # ICAO prefix of Cuba's airports
    offset = {'CST': -5, 'CDT': -4}[m.group(3)] if cuba and m.group(3) in ('CST', 'CDT') else Z[m.group(3)]
    local = datetime.datetime.fromisoformat(r['Date'].strip()) + datetime.timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))
    c['same' if (local - datetime.timedelta(hours=offset)).date().isoformat() == r['Date'].strip() else 'differs'] += 1
print(json.dumps(c))`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.utc_vs_export_date, Number(r.n)])), expected);
    assert.equal(expected.differs, 504); // the figure the issue reported
  },
  'top-departure-airports'(rows) {
    const counts = new Map<string, number>(Object.entries(python(`${PY_RADARBOX}print(json.dumps(collections.Counter(r['DepartureICAO'] for r in rows)))`)));
    const expected = topWithOthers(counts, 8);
    assert.equal(rows.length, expected.length);
    expected.forEach((e, i) => {
      assert.equal(rows[i]['raw.DepartureICAO'], e.value);
      assert.equal(Number(rows[i].n), e.n);
      close(rows[i].share_pct, e.share, 0.006, `share of ${e.value}`);
    });
    assert.equal(Number(rows.at(-1)!.groups), expected.at(-1)!.groups);
  },
  async 'top-departure-airports-legs'(rows, store) {
    const all = await store.all<{ a: string; n: number; tails: number }>(`SELECT departure_airport AS a, count(*) AS n, count(DISTINCT registration) AS tails
      FROM flight_legs WHERE category = 'removal' GROUP BY 1`);
    const total = all.reduce((s, r) => s + Number(r.n), 0);
    const expected = all.sort((x, y) => Number(y.n) - Number(x.n) || (x.a < y.a ? -1 : 1)).slice(0, 5);
    assert.deepEqual(rows.map((r) => [r.departure_airport, Number(r.n), Number(r.distinct_registration)]), expected.map((e) => [e.a, Number(e.n), Number(e.tails)]));
    rows.forEach((r, i) => close(r.share_pct, (100 * Number(expected[i].n)) / total, 0.006, `share of ${r.departure_airport}`));
  },
  'aircraft-as-published'(rows) {
    const wanted = ['B733', 'B733 ', 'B734', 'B734 ', 'B738', 'MD83', 'MD83 '];
    const expected = python(`${PY_RADARBOX}w = ${JSON.stringify(wanted)}\nprint(json.dumps(collections.Counter(r['Aircraft'] for r in rows if r['Aircraft'] in w)))`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r['raw.Aircraft'], Number(r.n)])), expected);
    assert.ok(expected['B734 '] > 0 && expected['B734'] > 0, 'the export has "B734" with and without a trailing space');
  },
  async 'tails-per-month'(rows, store) {
    const expected = await store.all<{ m: string; n: number; tails: number }>(`SELECT strftime(departure_date, '%Y-%m') AS m, count(*) AS n, count(DISTINCT registration) AS tails
      FROM flight_legs WHERE ${RADARBOX_LEG} GROUP BY 1 ORDER BY 1`);
    assert.deepEqual(rows.map((r) => [r.month, Number(r.n), Number(r.distinct_registration), r.change === '' ? null : Number(r.change)]),
      expected.map((e, i) => [e.m, Number(e.n), Number(e.tails), i === 0 ? null : Number(e.n) - Number(expected[i - 1].n)]));
  },
  'observers-vs-city'(rows) {
    const expected = python(`
WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
lines = list(csv.reader(open(FILES['yakima'], newline='', encoding='utf-8'), delimiter='|'))
header, data = lines[0], lines[1:]
boarded = [i for i, h in enumerate(header) if h == 'From NWDC - Boarded Plane']
deplaned = [i for i, h in enumerate(header) if h == 'From Plane - Boarded Bus to NWDC']
prev, nxt, date = header.index('Previous Airport'), header.index('Next Airport'), header.index('Date')
def is_date(cell):
    m = re.match(r'^([A-Za-z]+),?\\s+([A-Za-z]+)\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})\\W*$', cell.strip())
    if not m: return False
    try: d = datetime.datetime.strptime('%s %s %s' % (m.group(2), m.group(3), m.group(4)), '%B %d %Y').date()
    except ValueError: return False
    # A real weekday that is not the date's is an error in the log (the row is not used); a misspelt one is not.
    return m.group(1).capitalize() not in WEEKDAYS or m.group(1).capitalize() == WEEKDAYS[d.weekday()]
def code(cell):
    return re.match(r'^[A-Z0-9]{3,4}$', cell.strip().upper()) is not None
sums = collections.defaultdict(list)
for r in data:
    if not is_date(r[date]): continue
    for direction, end, cols in (('on', nxt, boarded), ('off', prev, deplaned)):
        if not code(r[end]): continue
        counts = [r[c].strip() for c in cols]
        if all(re.match(r'^\\d+$', c) for c in counts):
            sums[(direction, 'counted')].append(int(counts[0]))
            sums[(direction, 'reported')].append(int(counts[1]))
print(json.dumps({'%s|%s' % k: [len(v), sum(v), round(sum(v) / len(v), 1)] for k, v in sums.items()}))`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [`${r.direction}|${r.method}`, [Number(r.n), Number(r.sum_people), Number(r.mean_people)]])), expected);
  },
  async 'removal-or-observed'(rows, store) {
    const expected = await store.all<{ m: string; n: number }>(`SELECT strftime(departure_date, '%Y-%m') AS m, count(*) AS n FROM flight_legs
      WHERE (category = 'removal' OR list_contains(string_split(source_kinds, ','), 'observer')) AND departure_date >= DATE '2020-01-01' AND departure_date < DATE '2020-05-01' GROUP BY 1`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.month, Number(r.n)])), Object.fromEntries(expected.map((e) => [e.m, Number(e.n)])));
  },
  'conviction-share-by-fiscal-year'(rows) {
    const expected = python(`${PY_REMOVALS}
c = collections.Counter((fiscal_year(r['date']), 'true' if r['conviction'] else 'false') for r in removals())
print(json.dumps({'%s|%s' % k: n for k, n in c.items()}))`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [`${r.fiscal_year}|${r.has_conviction}`, Number(r.n)])), expected);
    for (const r of rows) {
      const year = Object.entries(expected).filter(([k]) => k.startsWith(`${r.fiscal_year}|`)).reduce((s, [, n]) => s + Number(n), 0);
      close(r.share_pct_within_fiscal_year, (100 * Number(r.n)) / year, 0.006, `share ${r.fiscal_year} ${r.has_conviction}`);
    }
  },
  'weekly-removals-iso'(rows) {
    const expected: [string, number][] = python(`${PY_REMOVALS}
c = collections.Counter('%d-W%02d' % r['date'].isocalendar()[:2] for r in removals() if datetime.date(2019, 1, 1) <= r['date'] <= datetime.date(2019, 3, 31))
print(json.dumps(sorted(c.items())))`);
    assert.deepEqual(rows.map((r) => [r.departed_date_iso_week, Number(r.n), r.change === '' ? null : Number(r.change)]),
      expected.map(([w, n], i) => [w, n, i === 0 ? null : n - expected[i - 1][1]]));
  },
  'top-citizenship'(rows) {
    const counts = new Map<string, number>(Object.entries(python(`${PY_REMOVALS}print(json.dumps(collections.Counter(r['country'] for r in removals())))`)));
    const expected = topWithOthers(counts, 5);
    assert.deepEqual(rows.map((r) => [r.citizenship_country, Number(r.n)]), expected.map((e) => [e.value, e.n]));
    rows.forEach((r, i) => close(r.share_pct, expected[i].share, 0.006, `share of ${r.citizenship_country}`));
    assert.equal(Number(rows.at(-1)!.groups), expected.at(-1)!.groups);
  },
  'change-vs-baseline'(rows) {
    const counts: Record<string, number> = python(`${PY_REMOVALS}print(json.dumps(collections.Counter(fiscal_year(r['date']) for r in removals())))`);
    const base = counts.FY2013;
    assert.deepEqual(rows.map((r) => [r.fiscal_year, Number(r.n), Number(r.change_vs_FY2013)]), Object.entries(counts).sort().map(([fy, n]) => [fy, n, n - base]));
    for (const r of rows) close(r.change_pct_vs_FY2013, (100 * (Number(r.n) - base)) / base, 0.051, `change_pct ${r.fiscal_year}`);
  },
  'conviction-text-as-published'(rows) {
    const counts = new Map<string, number>(Object.entries(python(`${PY_REMOVALS}print(json.dumps(collections.Counter(r['raw_conviction'] + '|' + ('true' if r['raw_conviction'].strip() else 'false') for r in removals())))`)));
    const expected = topWithOthers(counts, 6);
    assert.deepEqual(rows.map((r) => r['raw.Most Serious Conviction'] === '(all others)' ? [r['raw.Most Serious Conviction'], Number(r.n)] : [`${r['raw.Most Serious Conviction']}|${r.has_conviction}`, Number(r.n)]),
      expected.map((e) => [e.value, e.n]));
    assert.equal(Number(rows.at(-1)!.groups), expected.at(-1)!.groups);
  },
  'pathway-vs-case-category'(rows) {
    const expected = python(`${PY_REMOVALS}
pathways = {r['code']: r['pathway'] for r in csv.DictReader(open(FILES['case_categories'], newline='', encoding='utf-8'))}
c = collections.Counter()
for r in removals():
    if fiscal_year(r['date']) != 'FY2019': continue
    m = re.match(r'^\\[\\s*([0-9A-Za-z]+)\\s*\\]', r['category'].strip())
    code = m.group(1).upper() if m else None
    c[(code or 'unknown', pathways.get(code, 'unclassified') if code else 'unknown')] += 1
print(json.dumps({'%s|%s' % k: n for k, n in c.items()}))`);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [`${r.case_category}|${r.pathway}`, Number(r.n)])), expected);
  },
  'mean-age-by-pathway'(rows) {
    const dated = python(`${PY_REMOVALS}print(json.dumps(sum(1 for r in removals() if re.match(r'^\\d{1,2}/\\d{1,2}/\\d{4}$', r['birth'].strip()))))`);
    assert.equal(dated, 0, 'the Seattle files redact every date of birth');
    assert.ok(rows.length > 0 && rows.every((r) => r.mean_age_at_removal === ''), 'no age, so every mean is blank (not zero)');
  },
};

describe('docs/recipes.md', { skip: present ? false : 'needs ../shared/data (records/ero-lesa-seattle-aor-removals-*.csv, flights/radarbox, flights/observers/yakima-kykm-2019-2021.psv), absent here' }, () => {
  const recipes = readRecipes();
  const outputs = new Map<string, { status: number | null; stdout: string; stderr: string }>();
  let db = '';
  let store: Store;

  before(async () => {
    db = join(scratchDirSync('deportwatch-recipes-'), 'recipes.duckdb');
    const ingest = runRecipe(db, ['ingest', ...Object.values(FILES)]);
    assert.equal(ingest.status, 0, ingest.stderr);
    for (const recipe of recipes) outputs.set(recipe.id, runRecipe(db, recipe.args));
    store = await openProject(db, { readOnly: true });
  });
  after(() => store?.close());

  test('every recipe has an independent check, and every check a recipe', () => {
    assert.ok(recipes.length >= 15, `found ${recipes.length} recipes`);
    assert.deepEqual(recipes.map((r) => r.id).sort(), Object.keys(CHECKS).sort());
  });

  test('no recipe uses query', () => {
    for (const recipe of recipes) assert.equal(recipe.args[0], 'report', `${recipe.id}: ${recipe.args.join(' ')}`);
  });

  for (const recipe of recipes as Recipe[]) {
    test(`${recipe.id}: prints what the doc shows, and matches its independent count`, async () => {
      const run = outputs.get(recipe.id)!;
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, recipe.output, 'the output printed in docs/recipes.md (refresh: tsx scripts/recipes.ts --db FILE)');
      await CHECKS[recipe.id](csvRows(run.stdout), store);
    });
  }
});
