/**
 * Claims: official statements with numbers, each checked against the records: the verdict, the
 * claimed and counted figures, the definitions used, and links to the rows that were counted.
 */
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { isUnavailable } from '../components/ReportChart.tsx';
import { Toggle } from '../components/Filters.tsx';
import { apiUrl, csvUrl, useApi } from '../lib/api.ts';
import { useHasRoute } from '../lib/catalog.ts';
import { formatNumber, formatPeriod, formatValue } from '../lib/format.ts';
import { rowsOf, type Row } from '../lib/rows.ts';

const EMPTY = <>No checked claims on this server. The project's ledger of official statements is <code>src/reference/claims.csv</code>; each appears here with its verdict once checked against loaded records.</>;

export function Claims({ params }: { params: URLSearchParams }) {
  const verdict = params.get('verdict') ?? '';
  const exists = useHasRoute('/claims.json');
  const url = apiUrl('/claims.json', { _shape: 'objects' });
  const loaded = useApi<unknown>(exists ? url : null);
  const claims = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const verdicts = [...new Set(claims.map(verdictOf))].sort();
  // The verdict filter is applied here, on the full list the API returned, and kept in the URL.
  const shown = verdict ? claims.filter((c) => verdictOf(c) === verdict) : claims;
  return (
    <>
      <div className="page-head">
        <h1>Claims</h1>
        <p className="lede">Official statements that give numbers, each compared with a count from the records under a stated definition. A verdict says how the numbers compare; it does not judge intent.</p>
      </div>
      {verdicts.length > 1 && (
        <div className="filters">
          <Toggle name="verdict" label="Verdict" value={verdict} options={[{ value: '', label: 'all' }, ...verdicts.map((v) => ({ value: v, label: formatValue(v) }))]} />
        </div>
      )}
      <Panel id="claims" title="Claims and verdicts" url={exists ? url : undefined} csv={csvUrl(url)} wide
        summary={shown.length > 0 ? <><strong data-testid="total" data-value={shown.length}>{formatNumber(shown.length)}</strong> claim{shown.length === 1 ? '' : 's'}{verdict ? ` with the verdict “${formatValue(verdict)}”` : ''}</> : undefined}>
        {exists === false ? <Empty>{EMPTY}</Empty> : exists === undefined || loaded.state === 'loading' ? <Loading />
          : loaded.state === 'error' && isUnavailable(loaded.status, loaded.message) ? <Empty>{EMPTY}</Empty>
          : loaded.state === 'error' ? <Failure loaded={loaded} />
          : shown.length === 0 ? <Empty>{verdict ? `No claims with the verdict "${formatValue(verdict)}".` : EMPTY}</Empty>
          : <ol className="claims" data-testid="claims-list">{shown.map((c, i) => <Claim key={String(c.id ?? c.claim_id ?? i)} claim={c} />)}</ol>}
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

function Claim({ claim }: { claim: Row }) {
  const statement = text(claim.text ?? claim.claim ?? claim.statement ?? claim.quote);
  const verdict = text(claim.verdict) ?? 'unchecked';
  const numbers = (claim.numbers ?? claim.figures ?? claim.checks) as unknown;
  const definitions = (claim.definitions ?? claim.definition) as unknown;
  const links = [claim.evidence, claim.rows_url, claim.evidence_url, claim.query_url, claim.twin].flat().filter((v): v is string => typeof v === 'string');
  return (
    <li className="claim" data-verdict={verdict}>
      <div className="claim-head">
        <span className={`verdict verdict-${verdict.replace(/[^a-z_]/gi, '')}`} data-testid="verdict">{formatValue(verdict)}</span>
        <span className="muted">{[text(claim.speaker ?? claim.who ?? claim.author), claim.date || claim.claimed_on ? formatPeriod(claim.date ?? claim.claimed_on) : undefined].filter(Boolean).join(' · ')}</span>
      </div>
      {statement && <blockquote>{statement}</blockquote>}
      {claim.source_url ? <p className="muted"><a href={String(claim.source_url)} target="_blank" rel="noreferrer">Where it was said</a></p> : null}
      <Numbers numbers={numbers} claim={claim} />
      {definitions ? <Definitions value={definitions} /> : null}
      {text(claim.explanation ?? claim.reason ?? claim.note) && <p>{text(claim.explanation ?? claim.reason ?? claim.note)}</p>}
      {links.length > 0 && <p className="twin"><span className="twin-label">Rows counted:</span> {links.map((href, i) => <span key={href}>{i > 0 && ' · '}<a href={href}>{decodeURIComponent(href)}</a></span>)}</p>}
    </li>
  );
}

function Numbers({ numbers, claim }: { numbers: unknown; claim: Row }) {
  const rows: { label: string; claimed?: unknown; counted?: unknown }[] = [];
  if (Array.isArray(numbers)) for (const n of numbers as Row[]) rows.push({ label: String(n.label ?? n.name ?? n.metric ?? ''), claimed: n.claimed ?? n.claimed_value, counted: n.counted ?? n.observed ?? n.value });
  else if (claim.claimed !== undefined || claim.counted !== undefined) rows.push({ label: String(claim.metric ?? 'number'), claimed: claim.claimed ?? claim.claimed_value, counted: claim.counted ?? claim.observed });
  if (rows.length === 0) return null;
  return (
    <table className="data compact" data-testid="claim-numbers">
      <thead><tr><th></th><th className="num">Claimed</th><th className="num">Counted in the records</th></tr></thead>
      <tbody>{rows.map((r, i) => <tr key={i}><td>{formatValue(r.label)}</td><td className="num">{formatNumber(r.claimed)}</td><td className="num">{formatNumber(r.counted)}</td></tr>)}</tbody>
    </table>
  );
}

function Definitions({ value }: { value: unknown }) {
  if (typeof value === 'string') return <p className="definition">{value}</p>;
  if (value && typeof value === 'object') {
    return <dl className="definitions">{Object.entries(value as Record<string, unknown>).map(([k, v]) => <div key={k}><dt>{formatValue(k)}</dt><dd>{text(v)}</dd></div>)}</dl>;
  }
  return null;
}
