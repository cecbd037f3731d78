/**
 * Official tables as evidence where person-level records cannot answer: ICE's own fiscal-year total of
 * removals (the "ICE Removals: FYyyyy" table of the detention statistics workbook of that year, latest
 * release loaded) and the number of people in ICE detention on a day (the "currently detained" total of
 * the release whose snapshot date is that day; the Deportation Data Project's daily population summed
 * over facilities). Each check names the release (vintage) it used and carries the footnotes ICE
 * attaches to the table. Read-only; numbers go through the report layer, as the other checks do.
 */
import type { Store } from '../engine/db.ts';
import { runReport } from '../reports/report.ts';
import type { Filter, ReportRequest } from '../reports/types.ts';
import type { DefinitionCheck } from './definition-check.ts';
import { cliOf, officialCaveats, rowsLinkOf, rowsSqlOf, type TableFootnote } from './evidence.ts';
import type { Claim } from './ledger.ts';
import { compare, describeClaimed, describeRecords, recordsInterval, type Coverage } from './verdict.ts';
import { viewExists } from './store.ts';

type Judged = Pick<DefinitionCheck, 'verdict' | 'why'>;

function judge(claim: Claim, value: number, coverage: Coverage, basis: string[]): Judged {
  const records = recordsInterval(value, 0, coverage);
  const verdict = compare(claim, records);
  const computed = `the official table gives ${describeRecords(records)}${basis.length ? ` (${basis.join('; ')})` : ''}`;
  const claimed = describeClaimed(claim);
  if (verdict === 'consistent') return { verdict, why: `${computed}, which the claim of ${claimed} allows` };
  if (verdict === 'inconsistent') return { verdict, why: `${computed}, which the claim of ${claimed} does not allow` };
  return { verdict, why: `${computed}: the claim of ${claimed} can be neither confirmed nor ruled out` };
}

async function footnotesOf(store: Store, sourceId: number, title: string): Promise<TableFootnote[]> {
  const row = await store.one<{ caveats_json: string }>('SELECT caveats_json FROM official_tables WHERE source_id = $1 AND title = $2', [sourceId, title]);
  return row ? JSON.parse(row.caveats_json) as TableFootnote[] : [];
}

const eq = (dimension: string, value: string): Filter => ({ dimension, op: '=', values: [value] });

/** ICE's fiscal-year removals total from the detention statistics workbook of that year. */
export async function officialRemovalsChecks(store: Store, claim: Claim, partialOfClaim: string | null): Promise<{ checks: DefinitionCheck[]; reasons: string[] }> {
  if (claim.period.kind !== 'fiscal_year') return { checks: [], reasons: ['ICE\'s detention statistics give removals by fiscal year only, and the claim\'s period is not one'] };
  if (!await viewExists(store, 'official_figures_enriched')) return { checks: [], reasons: ['no ICE detention statistics workbook is loaded'] };
  const fy = claim.period.text.slice(2);
  const found = await store.all<{ source_id: number; table_title: string; release: string; release_date_text: string }>(`SELECT DISTINCT source_id, table_title, release, release_date_text
    FROM official_figures_enriched WHERE measure = 'removals' AND category = 'Total' AND population IS NULL AND table_title LIKE 'ICE Removals%'
      AND latest = 'yes' AND workbook_fiscal_year = $1 AND fiscal_year = $1`, [Number(fy)]);
  if (found.length === 0) {
    const loaded = await store.all<{ fy: number }>('SELECT DISTINCT fiscal_year AS fy FROM official_releases ORDER BY 1');
    return { checks: [], reasons: [`no ICE detention statistics workbook of ${claim.period.text} is loaded${loaded.length ? ` (loaded: ${loaded.map((l) => `FY${l.fy}`).join(', ')})` : ''}`] };
  }
  const checks: DefinitionCheck[] = [];
  for (const f of found) {
    const where: Filter[] = [eq('measure', 'removals'), eq('latest', 'yes'), eq('workbook_fiscal_year', fy), eq('table', f.table_title), eq('category', 'Total')];
    const request: ReportRequest = { table: 'official-figures', by: ['release'], where };
    const result = await runReport(store, request);
    const value = Number(result.rows[0]?.value ?? 0);
    const partial: string[] = [];
    // A release dated before the year ends counts the year to its data date only.
    if (f.release_date_text !== 'none' && f.release_date_text <= claim.period.endDate) partial.push(`the release of ${f.release_date_text} counts ${claim.period.text} to its data date: the year was not over, and its figures change until ICE locks them`);
    if (partialOfClaim) partial.push(partialOfClaim);
    const coverage: Coverage = partial.length ? 'lower_bound' : 'complete';
    checks.push({
      definition: `ICE's own total in "${f.table_title}", ${f.release}`, route: 'official', table: 'official-figures', release: f.release, dataset: null, criminality: null, criminalityMeans: null,
      request, cli: cliOf(request), rowsLink: rowsLinkOf('official-figures', where), rowsSql: rowsSqlOf('official-figures', where),
      value, unknownRows: 0, coverage, ...judge(claim, value, coverage, partial),
      caveats: [...officialCaveats(f.release, await footnotesOf(store, f.source_id, f.table_title)), ...partial],
      sourceIds: result.sources.map((s) => s.source_id), synthetic: result.synthetic,
    });
  }
  return { checks, reasons: [] };
}

/** The snapshot date ICE gives for its currently detained table ("… a snapshot as of 02/07/2026 …"). */
export function snapshotDate(footnotes: TableFootnote[]): string | null {
  for (const f of footnotes) {
    const m = /snapshot as of (\d{1,2})\/(\d{1,2})\/(\d{4})/i.exec(f.text);
    if (m) return `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  }
  return null;
}

/** People in ICE detention on the claim's day: ICE's snapshot of that day, and the DDP daily population. */
export async function detentionPopulationChecks(store: Store, claim: Claim): Promise<{ checks: DefinitionCheck[]; reasons: string[] }> {
  if (claim.period.kind !== 'day') return { checks: [], reasons: ['a detention population is a count on one day; the claim\'s period is not a day'] };
  const day = claim.period.startDate;
  const checks: DefinitionCheck[] = [];
  const reasons: string[] = [];
  if (await viewExists(store, 'official_detained_now')) {
    const tables = await store.all<{ source_id: number; title: string; release: string; workbook_fiscal_year: number }>(`SELECT DISTINCT t.source_id, t.title, f.release, f.workbook_fiscal_year
      FROM official_tables t JOIN official_figures_enriched f ON f.source_id = t.source_id AND f.table_title = t.title
      WHERE t.measure = 'currently_detained' AND t.title LIKE '%Processing Disposition%' ORDER BY f.release`);
    const snapshots: string[] = [];
    for (const t of tables) {
      const footnotes = await footnotesOf(store, t.source_id, t.title);
      const date = snapshotDate(footnotes);
      if (date) snapshots.push(`${date} (${t.release})`);
      if (date !== day) continue;
      const where: Filter[] = [eq('release', t.release), eq('table', t.title), eq('processing_disposition', 'Total'), eq('facility_type', 'Total')];
      const request: ReportRequest = { table: 'official-figures', by: ['release'], where: [eq('measure', 'currently_detained'), ...where] };
      const result = await runReport(store, request);
      const value = Number(result.rows[0]?.value ?? 0);
      const basis = [`ICE's snapshot of ${day}`];
      checks.push({
        definition: `ICE's currently detained total in "${t.title}", ${t.release}`, route: 'official', table: 'official-figures', release: t.release, dataset: null, criminality: null, criminalityMeans: null,
        request, cli: cliOf(request), rowsLink: rowsLinkOf('official-figures', request.where), rowsSql: rowsSqlOf('official-figures', request.where),
        value, unknownRows: 0, coverage: 'complete', ...judge(claim, value, 'complete', basis),
        caveats: officialCaveats(t.release, footnotes), sourceIds: result.sources.map((s) => s.source_id), synthetic: result.synthetic,
      });
    }
    if (checks.length === 0) reasons.push(snapshots.length ? `no ICE detention statistics release loaded is a snapshot of ${day} (loaded snapshots: ${snapshots.join(', ')})` : 'no ICE currently detained table is loaded');
  }
  if (await viewExists(store, 'facility_population_enriched')) {
    const where: Filter[] = [eq('dataset', 'ddp-facility-population'), eq('day', day)];
    const request: ReportRequest = { table: 'facility-population', by: ['dataset'], where };
    const result = await runReport(store, request);
    if (result.total > 0) {
      const value = Number(result.rows[0].population);
      const partial = ['derived by the Deportation Data Project from ICE detention records, which it counts its own way (people detained at a facility at any time that day)'];
      checks.push({
        definition: `the Deportation Data Project's daily population, summed over ${result.total.toLocaleString('en-US')} facilities on ${day}`, route: 'official', table: 'facility-population', release: 'ddp-facility-population', dataset: 'ddp-facility-population',
        criminality: null, criminalityMeans: null, request, cli: cliOf(request), rowsLink: rowsLinkOf('facility-population', where), rowsSql: rowsSqlOf('facility-population', where),
        value, unknownRows: 0, coverage: 'complete', ...judge(claim, value, 'complete', partial), caveats: [...result.caveats, ...partial],
        sourceIds: result.sources.map((s) => s.source_id), synthetic: result.synthetic,
      });
    } else reasons.push(`no daily facility population is loaded for ${day}`);
  }
  return { checks, reasons };
}
