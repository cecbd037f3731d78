/**
 * The monthly brief (`/brief.json`, src/app/brief.ts — the same figures as `deportwatch brief`): what a
 * flight monitor publishes each month, with every number linked to its rows, and a printable version
 * (`/brief.html`, or `deportwatch brief --format pdf`).
 */
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { kindLabel, periodOf } from '../components/Scope.tsx';
import { apiUrl, useApi, useReport } from '../lib/api.ts';
import { useAirportNames } from '../lib/airports.ts';
import { useCatalog } from '../lib/catalog.ts';
import { formatCountryCode, formatNumber, formatPeriod, formatValue } from '../lib/format.ts';
import { lang, t } from '../lib/i18n.ts';
import { setParams } from '../lib/url.ts';

interface Ranked { name: string; n: number; rows: string }
interface Figure { value: number | null; rows: string; report: string }
interface Source { source_id: number; file_name: string; kind: string; first_date: string | null; last_date: string | null; first_month: string | null; last_month: string | null; first_fiscal_year: string | null; last_fiscal_year: string | null; airport: string | null; rows: number; synthetic: boolean; release: string | null; places: null; operators: null }
interface BriefBody {
  month: string; synthetic: boolean; caveats: string[];
  flights: { covered: boolean; partial: boolean; total: Figure; previous_six_months_mean: number | null; same_month_last_year: number | null; by_category: Ranked[]; removal_countries: Ranked[]; departure_airports: Ranked[]; carriers: Ranked[]; sources: Source[] } | null;
  removals: { total: Figure; by_pathway: Ranked[]; sources: Source[] } | null;
  arrests: { total: Figure; source: string; sources: Source[] } | null;
  detention: { total: Figure; sources: Source[] } | null;
  claims: { id: string; date: string; speaker: string; summary: string; verdict: string; link: string }[];
  rules: { id: string; kind: string; title: string; start_date: string; end_date: string | null; status: string; link: string }[];
}

export function Brief({ params }: { params: URLSearchParams }) {
  const catalog = useCatalog();
  const months = useReport('flights', ['month'], { ice_flight: 'true' }, catalog.has('flights', 'month', 'ice_flight'));
  const available = months.state === 'ok' ? months.data.rows.map((r) => String(r.month)).filter((m) => /^\d{4}-\d{2}$/.test(m)).sort() : [];
  const month = params.get('month') ?? available[available.length - 1];
  const url = month ? apiUrl('/brief.json', { month }) : null;
  const loaded = useApi<BriefBody>(url);
  const brief = loaded.state === 'ok' ? loaded.data : undefined;
  return (
    <>
      <div className="page-head">
        <h1>{t('page.brief')}</h1>
        <p className="lede">{t('brief.lede')}</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filter.filters')}>
        <label className="filter"><span>{t('removals.month')}</span>
          <select data-testid="brief-month" value={month ?? ''} onChange={(e) => setParams({ month: e.target.value })}>
            {month && !available.includes(month) && <option value={month}>{formatPeriod(month)}</option>}
            {available.map((m) => <option key={m} value={m}>{formatPeriod(m)}</option>)}
          </select>
        </label>
        {month && <p className="twin"><a href={apiUrl('/brief.html', { month, lang: lang() === 'en' ? undefined : lang() })} data-testid="brief-print">{t('brief.print')}</a></p>}
      </form>
      {!month ? (months.state === 'loading' ? <Loading /> : <Empty>{t('brief.noFlights')}</Empty>)
        : loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' ? <Failure loaded={loaded} />
        : brief && <BriefBodyView brief={brief} url={url!} />}
    </>
  );
}

function Figures({ rows, label = formatValue }: { rows: Ranked[]; label?: (v: string) => string }) {
  if (rows.length === 0) return null;
  return (
    <table className="data compact"><tbody>
      {rows.map((r) => <tr key={r.name}><td>{label(r.name)}</td><td className="num"><a href={r.rows}>{formatNumber(r.n)}</a></td></tr>)}
    </tbody></table>
  );
}

function Sources({ list }: { list: Source[] }) {
  if (list.length === 0) return null;
  return <p className="muted">{list.map((s, i) => <span key={s.source_id}>{i > 0 && '; '}<a href={`#/data?source_id=${s.source_id}`}>{kindLabel(s.kind)}</a> ({periodOf(s as never)})</span>)}</p>;
}

function BriefBodyView({ brief, url }: { brief: BriefBody; url: string }) {
  const f = brief.flights;
  const airport = useAirportNames(f?.departure_airports.map((a) => a.name) ?? []);
  const mean = (v: number | null) => (v === null ? t('brief.unknown') : formatNumber(v));
  return (
    <div className="grid">
      <Panel id="brief-flights" title={`${t('page.flights')} · ${formatPeriod(brief.month)}`} url={url} csv={null} wide>
        {!f ? <Empty>{t('brief.notLoaded')}</Empty> : !f.covered ? <Empty>{t('brief.notCovered')}</Empty> : (
          <>
            <p className="summary"><a href={f.total.rows}><strong data-testid="total" data-value={f.total.value ?? ''}>{formatNumber(f.total.value)}</strong></a> {t('flights.unitIce')}{f.partial ? <> · ◐ {t('coverage.partialMark')}</> : null}</p>
            <table className="data compact" data-testid="brief-baselines"><tbody>
              <tr><th scope="row">{t('chart.mean6')}</th><td className="num">{mean(f.previous_six_months_mean)}</td></tr>
              <tr><th scope="row">{t('chart.sameMonth')}</th><td className="num">{mean(f.same_month_last_year)}</td></tr>
            </tbody></table>
            <div className="brief-columns">
              <div><h3>{t('flights.category')}</h3><Figures rows={f.by_category} /></div>
              <div><h3>{t('brief.countries')}</h3><Figures rows={f.removal_countries} label={formatCountryCode} /></div>
              <div><h3>{t('brief.airports')}</h3><Figures rows={f.departure_airports} label={(c) => airport(c)} /></div>
              <div><h3>{t('brief.carriers')}</h3><Figures rows={f.carriers} label={(c) => c} /></div>
            </div>
            <Sources list={f.sources} />
          </>
        )}
      </Panel>
      <Panel id="brief-removals" title={t('page.removals')}>
        {!brief.removals || brief.removals.total.value === null ? <Empty>{t('brief.notLoaded')}</Empty> : (
          <><p className="summary"><a href={brief.removals.total.rows}><strong data-testid="total" data-value={brief.removals.total.value}>{formatNumber(brief.removals.total.value)}</strong></a> {t('removals.unit')}</p>
            <Figures rows={brief.removals.by_pathway} /><Sources list={brief.removals.sources} /></>
        )}
      </Panel>
      <Panel id="brief-arrests" title={t('page.arrests')}>
        {!brief.arrests || brief.arrests.total.value === null ? <Empty>{t('brief.notLoaded')}</Empty> : (
          <><p className="summary"><a href={brief.arrests.total.rows}><strong data-testid="total" data-value={brief.arrests.total.value}>{formatNumber(brief.arrests.total.value)}</strong></a> {t('arrests.unit')}{brief.arrests.source === 'published' ? ` (${t('brief.published')})` : ''}</p><Sources list={brief.arrests.sources} /></>
        )}
      </Panel>
      <Panel id="brief-detention" title={t('brief.detention')}>
        {!brief.detention || brief.detention.total.value === null ? <Empty>{t('brief.notLoaded')}</Empty> : (
          <p className="summary"><a href={brief.detention.total.rows}><strong data-testid="total" data-value={brief.detention.total.value}>{formatNumber(brief.detention.total.value)}</strong></a></p>
        )}
      </Panel>
      <Panel id="brief-claims" title={t('brief.claims')}>
        {brief.claims.length === 0 ? <Empty>{t('brief.noClaims')}</Empty> : (
          <ul>{brief.claims.map((c) => <li key={c.id}>{formatPeriod(c.date)} · {c.speaker}: {c.summary} — <a href={`#/claims?id=${encodeURIComponent(c.id)}`}><strong>{formatValue(c.verdict)}</strong></a></li>)}</ul>
        )}
      </Panel>
      <Panel id="brief-rules" title={t('brief.rules')}>
        {brief.rules.length === 0 ? <Empty>{t('brief.noRules')}</Empty> : (
          <ul>{brief.rules.map((r) => <li key={r.id}>{formatPeriod(r.start_date)} · <a href={r.link}>{r.title}</a> <span className="muted">({formatValue(r.status)})</span></li>)}</ul>
        )}
      </Panel>
      {brief.caveats.length > 0 && <Panel id="brief-caveats" title={t('brief.caveats')} wide><ul className="caveats">{brief.caveats.map((c) => <li key={c}>{c}</li>)}</ul></Panel>}
    </div>
  );
}
