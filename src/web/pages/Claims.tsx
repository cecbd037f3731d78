/**
 * Claims: official statements with a number, from the claims ledger (`/claims.json`): who said it, when,
 * the words, the number with how it was stated, what it counts (metric, scope, period), the sources,
 * and the verdict of the check against the records — "unchecked" until a check has run. Each claim
 * links to the dashboard view of the records for its period, so a reader can compare for themselves.
 */
import { Toggle } from '../components/Filters.tsx';
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { isUnavailable } from '../components/ReportChart.tsx';
import { apiUrl, csvUrl, useApi } from '../lib/api.ts';
import { useHasRoute } from '../lib/catalog.ts';
import { formatNumber, formatPeriod, formatValue } from '../lib/format.ts';
import { rowsOf, type Row } from '../lib/rows.ts';
import { hashFor } from '../lib/url.ts';
import { t } from '../lib/i18n.ts';

const EMPTY = <>No claims on this server. The project's ledger of official statements is <code>src/reference/claims.csv</code>; claims added with <code>POST /claims</code> (with the server's token) appear here too.</>;

/** How a number was stated (ledger `qualifier`). */
const QUALIFIER: Record<string, string> = { exact: '', approximately: 'about ', more_than: 'more than ', at_least: 'at least ' };

export function Claims({ params }: { params: URLSearchParams }) {
  const verdict = params.get('verdict') ?? '';
  const kind = params.get('kind') ?? '';
  const exists = useHasRoute('/claims.json');
  const url = apiUrl('/claims.json', {});
  const loaded = useApi<unknown>(exists ? url : null);
  const claims = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const verdicts = [...new Set(claims.map(verdictOf))].sort();
  const kinds = [...new Set(claims.map((c) => String(c.kind ?? 'claim')))].sort();
  // Filters apply to the full list the API returned and stay in the address; the twin link carries them too.
  const only = params.get('id') ?? '';
  const shown = claims.filter((c) => (!verdict || verdictOf(c) === verdict) && (!kind || String(c.kind) === kind) && (!only || String(c.id) === only))
    .sort((a, b) => String(b.date ?? '').localeCompare(String(a.date ?? '')) || String(a.id).localeCompare(String(b.id)));
  const twin = apiUrl('/claims.json', { verdict: verdict || undefined, kind: kind || undefined, id: only || undefined });
  return (
    <>
      <div className="page-head">
        <h1>{t('page.claims')}</h1>
        <p className="lede">{t('claims.lede')}</p>
      </div>
      {(verdicts.length > 1 || kinds.length > 1) && (
        <div className="filters">
          {kinds.length > 1 && <Toggle name="kind" label={t('claims.kind')} value={kind} options={[{ value: '', label: t('filter.all') }, ...kinds.map((k) => ({ value: k, label: formatValue(k) }))]} />}
          {verdicts.length > 1 && <Toggle name="verdict" label={t('claims.verdict')} value={verdict} options={[{ value: '', label: t('filter.all') }, ...verdicts.map((v) => ({ value: v, label: formatValue(v) }))]} />}
        </div>
      )}
      <Panel id="claims" title={t('page.claims')} url={exists ? twin : undefined} csv={csvUrl(twin)} wide
        summary={shown.length > 0 ? <><strong data-testid="total" data-value={shown.length}>{formatNumber(shown.length)}</strong> {shown.length === 1 ? 'entry' : 'entries'}, newest first{verdicts.length === 1 ? <>; verdict of every one: <strong>{formatValue(verdicts[0])}</strong></> : null}</> : undefined}>
        {exists === false ? <Empty>{EMPTY}</Empty> : exists === undefined || loaded.state === 'loading' ? <Loading />
          : loaded.state === 'error' && isUnavailable(loaded.status, loaded.message) ? <Empty>{EMPTY}</Empty>
          : loaded.state === 'error' ? <Failure loaded={loaded} />
          : shown.length === 0 ? <Empty>{claims.length ? 'No claims match these filters.' : EMPTY}</Empty>
          : <ol className="claims" data-testid="claims-list">{shown.map((c, i) => <Claim key={String(c.id ?? i)} claim={c} />)}</ol>}
      </Panel>
    </>
  );
}

function verdictOf(claim: Row): string {
  const check = (claim.check ?? claim.result) as Row | undefined;
  return String(claim.verdict ?? check?.verdict ?? 'unchecked');
}

function text(value: unknown): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `{text: "2025-01-23"}` or `"2025-01-23"` → the period as written. */
function periodText(period: unknown): string | undefined {
  if (period && typeof period === 'object') return text((period as Row).text);
  return text(period);
}

/**
 * The dashboard page showing the records a claim's period covers, when its unit has one and the period
 * is a day, a month or a fiscal year (a range of days cannot be one filter). Navigation only: no verdict.
 */
export function recordsView(unit: string, period: string | undefined): string | null {
  if (!period) return null;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(period);
  const month = /^\d{4}-\d{2}$/.test(period);
  const fiscalYear = /^FY\d{4}$/.test(period);
  if (unit === 'arrests') {
    if (day) return hashFor('arrests', { month: period.slice(0, 7), date: period });
    if (month) return hashFor('arrests', { month: period });
    return null;
  }
  if (unit === 'removals' || unit === 'removals_and_returns') {
    if (fiscalYear) return hashFor('removals', { fiscal_year: period });
    if (month || day) return hashFor('removals', { fiscal_year: fiscalYearOf(period), grain: 'month' });
    return null;
  }
  if (unit === 'flights' || unit === 'people') {
    if (month || day) return hashFor('flights', { month: period.slice(0, 7) });
    return null;
  }
  return null;
}

function fiscalYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  return `FY${Number(date.slice(5, 7)) >= 10 ? year + 1 : year}`;
}

function Claim({ claim }: { claim: Row }) {
  const verdict = verdictOf(claim);
  const period = periodText(claim.period);
  const sources = ([] as unknown[]).concat(claim.sources ?? claim.source_url ?? []).flatMap((s) => String(s).split(/\s*[|;]\s*/)).filter((s) => /^https?:\/\//.test(s));
  const scope = claim.scope && typeof claim.scope === 'object' ? Object.entries(claim.scope as Row) : [];
  const view = recordsView(String(claim.unit ?? ''), period);
  const check = (claim.check ?? claim.result) as Row | undefined;
  const counted = claim.counted ?? check?.counted;
  return (
    <li className="claim" data-verdict={verdict} data-testid="claim">
      <div className="claim-head">
        <span className={`verdict verdict-${verdict.replace(/[^a-z_]/gi, '')}`} data-testid="verdict">{formatValue(verdict)}</span>
        {checkedOnSynthetic(claim) && <span className="badge synthetic" data-testid="verdict-synthetic" title="The records this claim was checked against are generated demo data">checked against synthetic data: not a finding</span>}
        {claim.kind === 'baseline' && <span className="badge">official baseline</span>}
        <span className="muted">{[text(claim.speaker), claim.date ? formatPeriod(claim.date) : undefined].filter(Boolean).join(' · ')}</span>
      </div>
      <p className="claim-summary"><strong>{text(claim.summary)}</strong></p>
      {text(claim.quote) && <blockquote>“{text(claim.quote)}”</blockquote>}
      <table className="data compact" data-testid="claim-numbers">
        <tbody>
          <tr><th scope="row">Claimed</th><td className="num">{QUALIFIER[String(claim.qualifier)] ?? ''}{formatNumber(claim.value)} {formatValue(claim.unit)}</td></tr>
          {counted !== undefined && <tr><th scope="row">Counted in the records</th><td className="num">{formatNumber(counted)}</td></tr>}
          <tr><th scope="row">What it counts</th><td><code>{text(claim.metric)}</code>{scope.length > 0 && <span className="muted"> · {scope.map(([k, v]) => `${formatValue(k)}: ${String(v)}`).join(', ')}</span>}</td></tr>
          {period && <tr><th scope="row">Period</th><td>{formatPeriod(period)}</td></tr>}
        </tbody>
      </table>
      {checkWhy(claim) && <p className="why" data-testid="claim-why">{checkWhy(claim)}</p>}
      <Checks claim={claim} />
      {text(claim.notes) && <p className="muted">{text(claim.notes)}</p>}
      <p className="twin">
        {claim.citation ? <><span className="twin-label">Source:</span> {String(claim.citation)} <span className="muted">({claim.source_tier ? `tier ${String(claim.source_tier)}` : 'needs a source'})</span>{' · '}</> : null}
        {sources.length > 0 && <><span className="twin-label">Said in:</span> {sources.map((s, i) => <span key={s}>{i > 0 && ' · '}<a href={s} target="_blank" rel="noreferrer">{hostOf(s)}</a></span>)}</>}
        {view && <>{sources.length > 0 && ' · '}<a href={view} data-testid="claim-records">Records for this period</a></>}
        {claim.timeline_id ? <>{' · '}<a href={`#/rules?entry=${encodeURIComponent(String(claim.timeline_id))}`} data-testid="claim-timeline">Timeline entry {String(claim.timeline_id)}</a></> : null}
        {' · '}<a href={`#/claims?id=${encodeURIComponent(String(claim.id ?? ''))}`} data-testid="claim-link">{t('claims.link')}</a>
        {claim.confidence ? <span className="muted"> · confidence {String(claim.confidence)}</span> : null}
      </p>
    </li>
  );
}

/** True when any count behind the verdict comes from synthetic demo records (src/claims/check.ts `synthetic`). */
function checkedOnSynthetic(claim: Row): boolean {
  const check = (claim.check ?? claim.result) as Row | undefined;
  const list = check?.definitions;
  return Array.isArray(list) && (list as Row[]).some((d) => d.synthetic === true);
}

/** A check's reason, when the API gives one (src/claims/check.ts: `why`). */
function checkWhy(claim: Row): string | undefined {
  const check = (claim.check ?? claim.result) as Row | undefined;
  return text(check?.why ?? claim.why);
}

/**
 * One line per definition a claim was checked under (e.g. convicted only; convicted or pending charges):
 * the number counted, its verdict and reason, and a link to the rows counted. Shown when the API
 * returns checks with the claim (src/claims/check.ts `DefinitionCheck`).
 */
function Checks({ claim }: { claim: Row }) {
  const check = (claim.check ?? claim.result) as Row | undefined;
  const list = (check?.definitions ?? claim.checks ?? claim.definitions) as unknown;
  if (!Array.isArray(list) || list.length === 0) return null;
  const items = list as Row[];
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('panel.numbers')}>
      <table className="data compact" data-testid="claim-checks">
        <thead><tr><th>Counted as</th><th className="num">In the records</th><th>Verdict</th><th>Why</th><th>Rows</th></tr></thead>
        <tbody>
          {items.flatMap((d, i) => [
            <tr key={i}>
              <td>{text(d.definition)}{d.criminalityMeans ? <div className="muted">{text(d.criminalityMeans)}</div> : null}</td>
              <td className="num">{formatNumber(d.value ?? d.computedValue)}</td>
              <td>{formatValue(d.verdict)}</td>
              <td>{text(d.why)}</td>
              <td>{typeof d.rowsLink === 'string' ? <a href={d.rowsLink} data-testid="claim-rows">rows</a> : null}{typeof d.rowsLink === 'string' ? <>{' · '}<a href={csvUrl(d.rowsLink)} download>CSV</a></> : null}</td>
            </tr>,
            (typeof d.cli === 'string' || (Array.isArray(d.caveats) && d.caveats.length > 0)) && (
              <tr key={`${i}-how`} className="how"><td colSpan={5}>
                <details>
                  <summary>How to reproduce, and caveats</summary>
                  {typeof d.cli === 'string' && <pre><code>{d.cli}</code></pre>}
                  {Array.isArray(d.caveats) && <ul className="caveats">{(d.caveats as unknown[]).map((c) => <li key={String(c)}>{String(c)}</li>)}</ul>}
                </details>
              </td></tr>
            ),
          ])}
        </tbody>
      </table>
    </div>
  );
}

function hostOf(href: string): string {
  try { return new URL(href).hostname.replace(/^www\./, ''); } catch { return href; }
}
