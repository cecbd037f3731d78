/**
 * A chart or table with what makes its number checkable: the API twin (JSON and CSV of exactly the
 * rows drawn), the definitions of the dimensions, the publisher's caveats and the source files.
 */
import type { ReactNode } from 'react';
import { csvUrl, type Loaded, type Report } from '../lib/api.ts';
import { formatDimension, formatNumber } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';

export function TwinLinks({ url, csv }: { url: string; csv?: string | null }) {
  const csvHref = csv === undefined ? csvUrl(url) : csv;
  return (
    <p className="twin">
      <span className="twin-label">{t('panel.data')}</span>{' '}
      <a href={url} data-testid="twin-json" title="The API route behind this view">{readable(url)}</a>
      {csvHref && <>{' · '}<a href={csvHref} download data-testid="twin-csv">CSV</a></>}
    </p>
  );
}

/** A URL as a person reads it: `sql=SELECT count(*) …` rather than `sql=SELECT+count(*)+…`. */
export function readable(url: string): string {
  try { return decodeURIComponent(url.replace(/\+/g, ' ')); } catch { return url; }
}

export function Panel({ title, id, url, csv, summary, children, report, wide }: {
  title: string; id: string; url?: string; csv?: string | null; summary?: ReactNode; children: ReactNode; report?: Report; wide?: boolean;
}) {
  return (
    <section className={`panel${wide ? ' wide' : ''}`} data-panel={id} aria-labelledby={`${id}-title`}>
      <header>
        <h2 id={`${id}-title`}>{title}{report?.synthetic && <span className="badge synthetic" title="Counted rows come from generated demo files">{t('panel.synthetic')}</span>}</h2>
        {summary && <p className="summary">{summary}</p>}
      </header>
      {children}
      {url && <TwinLinks url={url} csv={csv} />}
      {report && <ReportNotes report={report} />}
    </section>
  );
}

export function ReportNotes({ report }: { report: Report }) {
  const definitions = Object.entries(report.definitions ?? {});
  return (
    <div className="notes">
      {report.caveats?.length > 0 && (
        <ul className="caveats">{report.caveats.map((c) => <li key={c}>{c}</li>)}</ul>
      )}
      {(definitions.length > 0 || report.sources?.length > 0) && (
        <details>
          <summary>{t('panel.definitions')}</summary>
          <dl>{definitions.map(([name, text]) => <div key={name}><dt>{name === 'n' ? 'n' : formatDimension(name)}</dt><dd>{text}</dd></div>)}</dl>
          {report.sources?.length > 0 && (
            <ul className="sources">
              {report.sources.map((s) => (
                <li key={s.source_id}>
                  <a href={`#/data?source_id=${s.source_id}`}>{s.path.split('/').pop()}</a> <span className="muted">({s.kind}, sha256 {s.sha256.slice(0, 12)}{s.synthetic ? ', synthetic' : ''})</span>
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty" data-testid="empty">{children}</div>;
}

export function Loading() {
  return <div className="loading" aria-busy="true">{t('panel.loading')}</div>;
}

export function Failure({ loaded }: { loaded: Extract<Loaded<unknown>, { state: 'error' }> }) {
  return (
    <div className="failure" role="alert" data-testid="failure">
      <strong>{t('panel.couldNotLoad', { url: readable(loaded.url) })}</strong>{loaded.status ? ` (HTTP ${loaded.status})` : ''}: {loaded.message}
    </div>
  );
}

/** `26,000 removal records` with the unit the API states. */
export function Total({ report, unit }: { report: Report; unit: string }) {
  return <><strong data-testid="total" data-value={report.total}>{formatNumber(report.total)}</strong> {unit}</>;
}
