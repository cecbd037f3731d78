// Every rule and claim deportwatch shows rests on a source a newsroom accepts (docs/sources-policy.md):
// each timeline row has a formal citation and a tier, links only to hosts of src/reference/source-hosts.csv,
// and no reference file links to a host the source review rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { loadTimeline } from '../src/legal/index.ts';
import { parseClaimsFile } from '../src/claims/ledger.ts';
import { claimSource } from '../src/claims/source.ts';
import { csvRecords } from '../src/domain/csv.ts';

const REFERENCE = new URL('../src/reference/', import.meta.url);
const hostTiers = new Map(csvRecords(readFileSync(new URL('source-hosts.csv', REFERENCE), 'utf8')).records.map((r) => [r.fields.host, Number(r.fields.tier)]));
const rejected = readFileSync(new URL('rejected-hosts.txt', REFERENCE), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

test('every timeline row has a citation, and a tier unless it says needs_source', () => {
  const timeline = loadTimeline();
  assert.equal(timeline.rows.length, 64); // the 62 rows and the two the review added (TC-2025-05-16, TC-2025-07-09)
  for (const row of timeline.rows) {
    assert.ok(row.citation.length > 10, `${row.id}: citation`);
    if (row.sourceTier === null) assert.match(row.notes, /needs_source/, `${row.id}: a row without a tier says so`);
    else assert.ok(row.sources.length > 0, `${row.id}: a tiered row links to its source`);
  }
  // The two rows the review could not source (a DHS statement, a D.C. Circuit ruling reported only by the press).
  assert.deepEqual(timeline.rows.filter((r) => r.sourceTier === null).map((r) => r.id).sort(), ['CL-2025-12-10', 'ER-2026-MTR-DCCIR-MERITS']);
});

test('no timeline link is to a host outside the three tiers, and a row tier never claims more than its host', () => {
  for (const row of loadTimeline().rows) {
    for (const link of row.sources) {
      const host = new URL(link).hostname.toLowerCase();
      assert.ok(hostTiers.has(host), `${row.id}: ${host} is not in src/reference/source-hosts.csv`);
      assert.equal(row.sourceTier, hostTiers.get(host), `${row.id}: tier of ${host}`);
    }
  }
});

test('claims cite the timeline row that records them, with the same links', () => {
  const claims = parseClaimsFile(new URL('claims.csv', REFERENCE).pathname);
  assert.equal(claims.length, 15);
  const timeline = loadTimeline();
  for (const claim of claims) {
    const row = timeline.byId.get(claim.timelineId ?? '');
    assert.ok(row, `${claim.id}: timeline row`);
    assert.deepEqual(claim.sources, row.sources, `${claim.id}: links`);
    const source = claimSource(claim);
    assert.equal(source.citation, row.citation);
    for (const link of claim.sources) assert.ok(hostTiers.has(new URL(link).hostname.toLowerCase()), `${claim.id}: ${link}`);
  }
  // The reviewed facts of January 2025: ICE's own update called the 373 detainers lodged; two of three flights were military.
  assert.match(claims.find((c) => c.id === 'CL-2025-01-23-with-record')!.notes ?? '', /detainers lodged/);
  assert.match(claims.find((c) => c.id === 'CL-2025-01-24-flights')!.summary, /two on U\.S\. military aircraft and one charter/);
});

test('no reference file links to a rejected host', () => {
  assert.ok(rejected.includes('en.kevinzhw153.workers.dev') && rejected.includes('theconservativeleaders.com'));
  for (const name of readdirSync(REFERENCE)) {
    if (name === 'rejected-hosts.txt') continue;
    const text = readFileSync(new URL(name, REFERENCE), 'utf8').toLowerCase();
    for (const host of rejected) assert.ok(!text.includes(host), `${name} links to ${host}`);
  }
});

test('rules --date 2025-09-15 shows a citation and tier for every row it relies on', async () => {
  const { rulesInForce } = await import('../src/legal/index.ts');
  const { rulesAsText } = await import('../src/cli/commands/rules.ts');
  const rules = rulesInForce('2025-09-15');
  const text = rulesAsText(rules);
  assert.ok(rules.basis.length > 5);
  for (const ref of rules.basis) {
    assert.ok(ref.citation, `${ref.id}: citation`);
    assert.ok(text.includes(`source: ${ref.citation} [`), `${ref.id}: citation shown`);
  }
  assert.match(text, /\[tier 1: primary document\]/);
});
