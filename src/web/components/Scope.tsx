/**
 * What a headline figure covers: which files, places and periods it adds up, from `/coverage.json`.
 * "2,019 ICE Air flights" alone hides that it is two carriers over three and a half months plus two
 * single-airport logs; the scope line says so next to the number.
 */
import type { Report } from '../lib/api.ts';
import { useCoverage, type SourceCoverage } from '../lib/coverage.ts';
import { formatPeriod } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { useAirportNames } from '../lib/airports.ts';

export function Scope({ table, report }: { table: string; report?: Report }) {
  const coverage = useCoverage().table(table);
  const airports = useAirportNames((coverage?.sources ?? []).map((s) => s.airport ?? ''));
  if (!coverage) return null;
  const counted = new Set((report?.sources ?? []).map((s) => s.source_id));
  const sources = coverage.sources.filter((s) => counted.size === 0 || counted.has(s.source_id));
  if (sources.length === 0) return null;
  return (
    <span className="scope" data-testid="scope" data-sources={sources.length}>
      {' · '}{t('scope.from', { n: sources.length })}{' '}
      {sources.map((s, i) => (
        <span key={s.source_id} className="scope-source" data-source-id={s.source_id}>
          {i > 0 && '; '}
          <a href={`#/data?source_id=${s.source_id}`}>{kindLabel(s.kind)}</a>{' '}{describe(s, airports)}
        </span>
      ))}
    </span>
  );
}

export function kindLabel(kind: string): string {
  if (/^radarbox/.test(kind)) return t('kind.tracker');
  if (/^observer-log/.test(kind)) return t('kind.observers');
  if (/^ero-lesa/.test(kind)) return t('kind.eroLesa');
  if (/^ddp/.test(kind)) return t('kind.ddp');
  if (/^official/.test(kind)) return t('kind.published');
  if (/^arts/.test(kind)) return t('kind.arts');
  return kind;
}

export function periodOf(s: SourceCoverage): string {
  if (s.first_date && s.last_date) return `${formatPeriod(s.first_date)} – ${formatPeriod(s.last_date)}`;
  if (s.first_month && s.last_month) return s.first_month === s.last_month ? formatPeriod(s.first_month) : `${formatPeriod(s.first_month)} – ${formatPeriod(s.last_month)}`;
  if (s.first_fiscal_year && s.last_fiscal_year) return s.first_fiscal_year === s.last_fiscal_year ? s.first_fiscal_year : `${s.first_fiscal_year}–${s.last_fiscal_year}`;
  return t('scope.undated');
}

function describe(s: SourceCoverage, airports: (code: string) => string) {
  const parts: string[] = [];
  if (s.airport) parts.push(t('scope.atAirport', { airport: airports(s.airport) }));
  else if (s.operators) parts.push(t('scope.carriers', { n: s.operators.count, names: s.operators.values.join(', ') }));
  if (s.places) parts.push(t('scope.places', { n: s.places.count, names: s.places.values.slice(0, 3).join(', ') }));
  const where = /^ero-lesa/.test(s.kind) && !s.places ? t('scope.oneAor') : '';
  return <>({[...parts, where, periodOf(s)].filter(Boolean).join(', ')})</>;
}
