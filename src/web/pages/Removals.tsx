/**
 * Removals: legal pathway and whether a judge decided, by fiscal year or month; by country of
 * citizenship; third-country removals. All counts from /reports/removals.json.
 */
import { ClearFilters, FilterSelect, filtersFrom, Toggle } from '../components/Filters.tsx';
import { ReportChart } from '../components/ReportChart.tsx';
import { useReport } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { t } from '../lib/i18n.ts';

export const REMOVAL_FILTERS = ['fiscal_year', 'pathway', 'judge_decided', 'citizenship_country', 'release'];
/** Third-country removals (departure country ≠ citizenship country) a dimension of its own. */
export const THIRD_COUNTRY = 'third_country';
const UNIT = 'removal records';
const EMPTY = <>No removal records loaded: run <code>deportwatch ingest &lt;ICE removals release&gt;</code> (ERO-LESA spreadsheets or Deportation Data Project workbooks), or <code>npm start</code> for synthetic demo data.</>;

export function Removals({ params }: { params: URLSearchParams }) {
  const chosen = filtersFrom(params, REMOVAL_FILTERS);
  // Releases overlap (the DDP releases repeat ERO-LESA years; the latest DDP release repeats the
  // 2012–2023 one), so summing them double counts. Without a chosen release, the page shows the
  // largest one and says so; the release filter shows the others.
  const catalog = useCatalog();
  const releases = useReport('removals', ['release'], {}, catalog.has('removals', 'release'));
  const ranked = releases.state === 'ok' ? [...releases.data.rows].sort((a, b) => Number(b.n) - Number(a.n)) : [];
  const overlap = ranked.length > 1 && !chosen.release;
  const filters = overlap ? { ...chosen, release: String(ranked[0].release) } : chosen;
  const waiting = catalog.state === 'loading' || (catalog.has('removals', 'release') && releases.state === 'loading');
  const grain = params.get('grain') === 'month' ? 'month' : 'fiscal_year';
  return (
    <>
      <div className="page-head">
        <h1>{t('page.removals')}</h1>
        <p className="lede">{t('removals.lede')}</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filter.filters')}>
        {REMOVAL_FILTERS.map((d) => <FilterSelect key={d} table="removals" dimension={d} value={chosen[d]} />)}
        <Toggle name="grain" label={t('removals.time')} value={grain} options={[{ value: 'fiscal_year', label: t('removals.fiscalYear') }, { value: 'month', label: t('removals.month') }]} />
        <ClearFilters names={REMOVAL_FILTERS} params={params} />
      </form>
      {overlap && <p className="notice" data-testid="release-note">{t('release.overlap', { release: String(ranked[0].release), n: Number(ranked[0].n) })}</p>}
      {waiting ? null : <div className="grid">
        <ReportChart id="removals-pathway" title={t('removals.pathway')} table="removals" x={grain} split="pathway" filters={filters} unit={t('removals.unit')} empty={EMPTY} wide />
        <ReportChart id="removals-judge" title={t('removals.judge')} table="removals" x={grain} split="judge_decided" filters={filters} unit={t('removals.unit')} empty={EMPTY} />
        <ReportChart id="removals-country" title={t('removals.country')} table="removals" x="citizenship_country" filters={filters} unit={t('removals.unit')} empty={EMPTY} horizontal />
        <ReportChart id="removals-third-country" title={t('removals.thirdCountry')} table="removals" x={grain} split={THIRD_COUNTRY} filters={filters} unit={t('removals.unit')} empty={EMPTY}>
          {(report) => (report.rows.some((r) => r[THIRD_COUNTRY] === 'yes') ? null
            : <p className="muted">None of these records can be classified: the loaded releases do not publish the departure country (ERO-LESA spreadsheets). A Deportation Data Project removals workbook does: <code>deportwatch ingest &lt;workbook&gt;</code>.</p>)}
        </ReportChart>
        <ReportChart id="removals-third-country-destinations" title={t('removals.thirdCountries')} table="removals" x="departure_country" filters={filters} fixed={{ [THIRD_COUNTRY]: 'yes' }} unit="third-country removal records" horizontal top={10}
          empty={<>No third-country removals in the loaded records: a removal counts when the departure country differs from the country of citizenship, which only Deportation Data Project releases publish.</>} />
      </div>}
    </>
  );
}
