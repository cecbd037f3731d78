/**
 * Rules: the policy timeline (policies, court rulings, deployments, statements) in date order, and,
 * for a chosen date, what the legal layer says applied that day (`/rules.json?date=`): the expedited
 * removal designation, the status of each topic, and per entry whether the answer relies on it.
 * Nothing is decided here: every status shown is the API's.
 */
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { isUnavailable } from '../components/ReportChart.tsx';
import { apiUrl, csvUrl, useApi } from '../lib/api.ts';
import { useHasRoute } from '../lib/catalog.ts';
import { formatNumber, formatPeriod, formatValue } from '../lib/format.ts';
import { rowsOf, type Row } from '../lib/rows.ts';
import { setParams } from '../lib/url.ts';
import { useEffect } from 'react';
import { lang, t } from '../lib/i18n.ts';
import { Toggle } from '../components/Filters.tsx';

const EMPTY = <>No policy timeline on this server: it ships with deportwatch (<code>src/reference/policy-timeline.csv</code>) and is served at <code>/rules.json</code> by current versions.</>;

interface Topic { status?: string; entries?: unknown[] }
interface RulesOnDate {
  date: string;
  rulePeriod?: string;
  expeditedRemoval?: { certain?: boolean; landEntrants?: { population?: string; geography?: string; presenceLimitDays?: number; rowId?: string } | null };
  asylumBar?: Topic; protectionScreeningRestricted?: Topic; removalOutsideIna?: Topic;
  thirdCountryRemoval?: { policy?: Topic; noticeRequiredByCourt?: string };
  alienEnemiesAct?: { authority?: Topic };
  courtOrders?: unknown[]; deployments?: unknown[];
  caveats?: string[];
}
interface RulesBody { rows: Row[]; periods?: { period: string; startDate: string; endDate: string | null }[]; rules?: RulesOnDate }

/** `applies` per entry, as the API gives it for the chosen date. */
const APPLIES: Record<string, string> = { yes: 'applied', uncertain: 'may have applied', cited: 'cited in the reasoning', no: '' };

export function Rules({ params }: { params: URLSearchParams }) {
  const date = params.get('date') ?? '';
  const kind = params.get('kind') ?? '';
  const exists = useHasRoute('/rules.json');
  const url = apiUrl('/rules.json', { date: date || undefined });
  const loaded = useApi<RulesBody>(exists ? url : null);
  const all = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const kinds = [...new Set(all.map((r) => String(r.kind ?? '')).filter(Boolean))].sort();
  // Newest first by default: the entries a reader looks for now (2025) come first, not 1997.
  const order = params.get('order') === 'oldest' ? 'oldest' : 'newest';
  const entry = params.get('entry') ?? '';
  const rows = all.filter((r) => !kind || r.kind === kind)
    .sort((a, b) => (order === 'oldest' ? 1 : -1) * (String(a.start_date ?? '').localeCompare(String(b.start_date ?? '')) || String(a.id ?? '').localeCompare(String(b.id ?? ''))));
  // A link to one entry (`#/rules?entry=ID`, or a date) scrolls to it once the timeline is drawn.
  useEffect(() => {
    if (loaded.state !== 'ok') return;
    const target = entry ? document.getElementById(`entry-${entry}`)
      : date ? document.querySelector('[data-testid="timeline"] > li.in-force') : null;
    if (target) { target.scrollIntoView({ block: 'start' }); if (entry) (target as HTMLElement).focus(); }
  }, [loaded.state, entry, date]);
  const rules = loaded.state === 'ok' ? loaded.data.rules : undefined;
  const applied = rows.filter((r) => r.applies === 'yes' || r.applies === 'uncertain').length;
  return (
    <>
      <div className="page-head">
        <h1>{t('page.rules')}</h1>
        <p className="lede">{t('rules.lede')}</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filter.filters')}>
        <label className="filter"><span>{t('rules.appliedOn')}</span><input type="date" name="date" data-testid="filter-date" value={date} lang={lang()} onChange={(e) => setParams({ date: e.target.value })} />
          {/* The browser draws the date box in its own locale; the chosen day is also written in the page's language. */}
          {date && <span className="chosen-date" data-testid="chosen-date">{formatPeriod(date)}</span>}</label>
        <Toggle name="order" label={t('rules.order')} value={order} options={[{ value: 'newest', label: t('rules.newest') }, { value: 'oldest', label: t('rules.oldest') }]} />
        {kinds.length > 1 && (
          <label className="filter"><span>Kind</span>
            <select name="kind" data-testid="filter-kind" value={kind} onChange={(e) => setParams({ kind: e.target.value })}>
              <option value="">all</option>{kinds.map((k) => <option key={k} value={k}>{formatValue(k)}</option>)}
            </select>
          </label>
        )}
      </form>
      <div className="grid">
        {rules && <OnDate rules={rules} url={url} />}
        <Panel id="rules" title={t('rules.timeline')} url={exists ? url : undefined} csv={csvUrl(url)} wide
          summary={rows.length > 0 ? <><strong data-testid="total" data-value={rows.length}>{formatNumber(rows.length)}</strong> entries{kind ? ` of kind ${formatValue(kind)}` : ''}{date ? <>; <strong data-testid="applied" data-value={applied}>{formatNumber(applied)}</strong> applied or may have applied on {formatPeriod(date)}</> : ''}</> : undefined}>
          {exists === false ? <Empty>{EMPTY}</Empty> : exists === undefined || loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' && isUnavailable(loaded.status, loaded.message) ? <Empty>{EMPTY}</Empty>
            : loaded.state === 'error' ? <Failure loaded={loaded} />
            : rows.length === 0 ? <Empty>{kind ? `No entries of kind "${formatValue(kind)}".` : EMPTY}</Empty>
            : <ol className="timeline" data-testid="timeline">{rows.map((r, i) => <Entry key={String(r.id ?? i)} row={r} chosen={String(r.id) === entry} />)}</ol>}
        </Panel>
      </div>
    </>
  );
}

function OnDate({ rules, url }: { rules: RulesOnDate; url: string }) {
  const er = rules.expeditedRemoval;
  const land = er?.landEntrants;
  const topics: [string, string | undefined][] = [
    ['Asylum bar', rules.asylumBar?.status],
    ['Protection screening restricted', rules.protectionScreeningRestricted?.status],
    ['Removal outside the INA', rules.removalOutsideIna?.status],
    ['Third-country removal policy', rules.thirdCountryRemoval?.policy?.status],
    ['Court-ordered notice before third-country removal', rules.thirdCountryRemoval?.noticeRequiredByCourt],
    ['Alien Enemies Act authority', rules.alienEnemiesAct?.authority?.status],
  ];
  return (
    <Panel id="rules-on-date" title={`On ${formatPeriod(rules.date)}`} url={url} csv={null} wide
      summary={<>What the timeline records as applying that day{rules.rulePeriod ? <> (rule period <code>{rules.rulePeriod}</code>)</> : null}.</>}>
      <dl className="facts">
        <div><dt>Expedited removal designation (land entrants)</dt>
          <dd data-testid="er-scope">{land ? <>{formatValue(land.population)}, {formatValue(land.geography)}{land.presenceLimitDays ? `, within ${formatNumber(land.presenceLimitDays)} days of entry` : ''}{er?.certain === false ? ' (uncertain)' : ''}{land.rowId ? <span className="muted"> · {land.rowId}</span> : null}</> : 'not designated'}</dd></div>
        {topics.filter(([, v]) => v !== undefined).map(([name, value]) => <div key={name}><dt>{name}</dt><dd>{formatValue(value)}</dd></div>)}
        <div><dt>Court orders on record</dt><dd>{formatNumber(rules.courtOrders?.length ?? 0)}</dd></div>
        <div><dt>Deployments on record</dt><dd>{formatNumber(rules.deployments?.length ?? 0)}</dd></div>
      </dl>
      {rules.caveats && rules.caveats.length > 0 && <ul className="caveats">{rules.caveats.map((c) => <li key={c}>{c}</li>)}</ul>}
    </Panel>
  );
}

function Entry({ row, chosen }: { row: Row; chosen: boolean }) {
  const sources = ([] as unknown[]).concat(row.sources ?? []).map(String).filter((s) => /^https?:\/\//.test(s));
  const applies = typeof row.applies === 'string' ? row.applies : undefined;
  const effects = Array.isArray(row.effects) ? (row.effects as unknown[]).map(String) : [];
  return (
    <li id={`entry-${String(row.id ?? '')}`} tabIndex={-1} className={`entry${applies === 'yes' || applies === 'uncertain' ? ' in-force' : ''}${chosen ? ' chosen' : ''}`} data-kind={String(row.kind ?? '')} data-applies={applies}>
      <div className="when">{formatPeriod(row.start_date)}{row.end_date ? ` – ${formatPeriod(row.end_date)}` : ''}</div>
      <div className="what">
        <div className="entry-head">
          <span className="badge">{formatValue(row.kind)}</span>
          {row.status ? <span className="badge status">{formatValue(row.status)}</span> : null}
          {applies && APPLIES[applies] ? <span className={`badge applies applies-${applies}`}>{APPLIES[applies]}</span> : null}
          {row.confidence ? <span className="muted">confidence {String(row.confidence)}</span> : null}
          <a className="muted permalink" href={`#/rules?entry=${encodeURIComponent(String(row.id ?? ''))}`} title={t('rules.linkEntry')} data-testid="entry-link">{String(row.id ?? '')}</a>
        </div>
        <strong>{String(row.title ?? '')}</strong>
        {row.jurisdiction ? <span className="muted"> · {String(row.jurisdiction)}</span> : null}
        {effects.length > 0 && <p className="muted">Effects: {effects.map(formatValue).join(', ')}</p>}
        {row.notes ? <p>{String(row.notes)}</p> : null}
        {row.citation ? <p className="sources">Source: {String(row.citation)} <span className="muted">({row.source_tier ? `tier ${String(row.source_tier)}` : 'needs a source'})</span></p> : null}
        {sources.length > 0 && <p className="sources">{sources.map((s, i) => <span key={s}>{i > 0 && ' · '}<a href={s} target="_blank" rel="noreferrer">{hostOf(s)}</a></span>)}</p>}
      </div>
    </li>
  );
}

function hostOf(href: string): string {
  try { return new URL(href).hostname.replace(/^www\./, ''); } catch { return href; }
}
