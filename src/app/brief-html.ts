/**
 * The monthly brief as one self-contained HTML page, in English or Spanish (ICU messages through
 * intl-messageformat; numbers and dates through Intl), printable to PDF by headless Chromium. Every
 * figure links to the API route of its rows on `baseUrl` (the server that holds the same database).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Brief, Ranked } from './brief.ts';
import type { SourceCoverage } from '../reports/coverage.ts';

export type BriefLang = 'en' | 'es';

const MESSAGES: Record<BriefLang, Record<string, string>> = {
  en: {
    title: 'Monthly brief: {month}',
    synthetic: 'SYNTHETIC DEMO DATA: these numbers are generated, not real records.',
    generated: 'Generated {date} by deportwatch from the files listed under each section. Every number links to its rows.',
    flights: 'ICE Air flights',
    flightsTotal: '{n, plural, one {# ICE Air flight} other {# ICE Air flights}} in {month}',
    notCovered: 'No loaded flight source covers {month}: unknown, not zero.',
    partial: 'partial month: a source starts or stops within it',
    mean6: 'Mean of the previous six covered months',
    sameMonth: 'Same month a year earlier',
    unknown: 'unknown (not covered by the same sources)',
    byCategory: 'By category',
    countries: 'Removal flights by destination country',
    airports: 'Top departure airports',
    carriers: 'Top carriers',
    removals: 'Removals',
    removalsTotal: '{n, plural, one {# removal record} other {# removal records}}',
    byPathway: 'By legal pathway',
    arrests: 'Arrests',
    arrestsRecords: '{n, plural, one {# ICE arrest record} other {# ICE arrest records}}',
    arrestsPublished: '{n, plural, one {# arrest in published counts} other {# arrests in published counts}} (not individual records)',
    detention: 'Detention',
    detentionTotal: '{n, plural, one {# detention stay} other {# detention stays}} beginning this month',
    notLoaded: 'No source loaded for this section.',
    claims: 'Claims of the month',
    noClaims: 'No claim in the ledger is dated this month.',
    verdict: 'Verdict',
    rules: 'Rules that changed',
    noRules: 'No timeline entry starts or ends this month.',
    sources: 'Sources',
    caveats: 'Caveats',
    rows: 'rows',
    name: 'Name',
    count: 'Count',
  },
  es: {
    title: 'Informe mensual: {month}',
    synthetic: 'DATOS SINTÉTICOS DE DEMOSTRACIÓN: estas cifras son generadas, no registros reales.',
    generated: 'Generado el {date} por deportwatch a partir de los archivos que se indican en cada sección. Cada cifra enlaza con sus filas.',
    flights: 'Vuelos de ICE Air',
    flightsTotal: '{n, plural, one {# vuelo de ICE Air} other {# vuelos de ICE Air}} en {month}',
    notCovered: 'Ninguna fuente de vuelos cargada cubre {month}: desconocido, no cero.',
    partial: 'mes parcial: una fuente empieza o termina en él',
    mean6: 'Media de los seis meses cubiertos anteriores',
    sameMonth: 'Mismo mes del año anterior',
    unknown: 'desconocido (no cubierto por las mismas fuentes)',
    byCategory: 'Por categoría',
    countries: 'Vuelos de expulsión por país de destino',
    airports: 'Principales aeropuertos de salida',
    carriers: 'Principales aerolíneas',
    removals: 'Expulsiones',
    removalsTotal: '{n, plural, one {# registro de expulsión} other {# registros de expulsión}}',
    byPathway: 'Por vía legal',
    arrests: 'Arrestos',
    arrestsRecords: '{n, plural, one {# registro de arresto de ICE} other {# registros de arresto de ICE}}',
    arrestsPublished: '{n, plural, one {# arresto en cifras publicadas} other {# arrestos en cifras publicadas}} (no registros individuales)',
    detention: 'Detención',
    detentionTotal: '{n, plural, one {# estancia en detención} other {# estancias en detención}} iniciadas este mes',
    notLoaded: 'No hay ninguna fuente cargada para esta sección.',
    claims: 'Declaraciones del mes',
    noClaims: 'Ninguna declaración del registro tiene fecha de este mes.',
    verdict: 'Resultado',
    rules: 'Normas que cambiaron',
    noRules: 'Ninguna entrada de la cronología empieza o termina este mes.',
    sources: 'Fuentes',
    caveats: 'Advertencias',
    rows: 'filas',
    name: 'Nombre',
    count: 'Cifra',
  },
};

const LOCALE: Record<BriefLang, string> = { en: 'en-US', es: 'es-US' };

/** Flight categories and legal pathways in Spanish (docs/glossary-es.md). */
const VALUES_ES: Record<string, string> = {
  removal: 'expulsión', return: 'retorno', domestic_transfer: 'traslado nacional', lateral: 'lateral (frontera)', repositioning: 'reposicionamiento',
  non_ice: 'no vinculado a ICE', unresolved: 'sin resolver', expedited_removal: 'expulsión expedita', reinstatement: 'restablecimiento de una orden previa',
  judge_order: 'orden de un juez de inmigración', voluntary_departure: 'salida voluntaria', stipulated_removal: 'expulsión estipulada', unknown: 'no consta',
  consistent: 'coherente', inconsistent: 'incoherente', not_checkable: 'no verificable', unchecked: 'sin verificar',
};

export function briefMessage(lang: BriefLang, key: string, values?: Record<string, unknown>): string {
  return String(new IntlMessageFormat(MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key, LOCALE[lang]).format(values as Record<string, string | number>));
}

const esc = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderBriefHtml(brief: Brief, lang: BriefLang, baseUrl: string, airportName: (code: string) => string | null = () => null): string {
  const t = (key: string, values?: Record<string, unknown>) => briefMessage(lang, key, values);
  const value = (v: string) => (lang === 'es' && VALUES_ES[v] ? VALUES_ES[v] : v.replace(/_/g, ' '));
  const airport = (code: string) => { const name = airportName(code); return name ? `${name} (${code})` : code; };
  const number = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 1 });
  const n = (v: number | null) => (v === null ? '–' : number.format(v));
  const monthName = new Intl.DateTimeFormat(LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(Date.UTC(Number(brief.month.slice(0, 4)), Number(brief.month.slice(5, 7)) - 1, 1));
  const link = (path: string, text: string) => `<a href="${esc(path.startsWith('#') ? `${baseUrl}/${path}` : baseUrl + path)}">${text}</a>`;
  const table = (rows: Ranked[], label = (name: string) => name) => rows.length === 0 ? '' : `<table><thead><tr><th>${t('name')}</th><th class="num">${t('count')}</th></tr></thead><tbody>${
    rows.map((r) => `<tr><td>${esc(label(r.name) || '–')}</td><td class="num">${link(r.rows, n(r.n))}</td></tr>`).join('')}</tbody></table>`;
  const sources = (list: SourceCoverage[]) => list.length === 0 ? '' : `<p class="sources">${t('sources')}: ${list.map((s) => `${esc(s.file_name)} (${esc(s.first_date ?? s.first_month ?? s.first_fiscal_year ?? '')} – ${esc(s.last_date ?? s.last_month ?? s.last_fiscal_year ?? '')}${s.airport ? `, ${esc(s.airport)}` : ''})`).join('; ')}</p>`;
  const regions = new Intl.DisplayNames([lang], { type: 'region' });
  const country = (code: string) => (/^[A-Z]{2}$/.test(code) ? `${regions.of(code) ?? code} (${code})` : code);
  const parts: string[] = [];
  parts.push(`<h1>${esc(t('title', { month: monthName }))}</h1>`);
  if (brief.synthetic) parts.push(`<p class="synthetic" data-synthetic="true">${esc(t('synthetic'))}</p>`);
  parts.push(`<p class="muted">${esc(t('generated', { date: brief.generated_at.slice(0, 10) }))}</p>`);

  parts.push(`<h2>${t('flights')}</h2>`);
  const f = brief.flights;
  if (!f) parts.push(`<p>${t('notLoaded')}</p>`);
  else if (!f.covered) parts.push(`<p class="figure" data-figure="flights" data-value="">${esc(t('notCovered', { month: monthName }))}</p>`);
  else {
    parts.push(`<p class="figure" data-figure="flights" data-value="${f.total.value}">${link(f.total.rows, esc(t('flightsTotal', { n: f.total.value ?? 0, month: monthName })))}${f.partial ? ` <em>(${t('partial')})</em>` : ''}</p>`);
    parts.push(`<table><tbody><tr><th>${t('mean6')}</th><td class="num" data-figure="mean6">${f.previous_six_months_mean === null ? t('unknown') : n(f.previous_six_months_mean)}</td></tr><tr><th>${t('sameMonth')}</th><td class="num" data-figure="same-month">${f.same_month_last_year === null ? t('unknown') : n(f.same_month_last_year)}</td></tr></tbody></table>`);
    parts.push(`<h3>${t('byCategory')}</h3>${table(f.by_category, value)}`);
    if (f.removal_countries.length) parts.push(`<h3>${t('countries')}</h3>${table(f.removal_countries, country)}`);
    parts.push(`<div class="two"><div><h3>${t('airports')}</h3>${table(f.departure_airports, airport)}</div><div><h3>${t('carriers')}</h3>${table(f.carriers)}</div></div>`);
    parts.push(sources(f.sources));
  }

  parts.push(`<h2>${t('removals')}</h2>`);
  const r = brief.removals;
  if (!r || r.total.value === null) parts.push(`<p>${t('notLoaded')}</p>`);
  else parts.push(`<p class="figure" data-figure="removals" data-value="${r.total.value}">${link(r.total.rows, esc(t('removalsTotal', { n: r.total.value })))}</p><h3>${t('byPathway')}</h3>${table(r.by_pathway, value)}${sources(r.sources)}`);

  parts.push(`<h2>${t('arrests')}</h2>`);
  const a = brief.arrests;
  if (!a || a.total.value === null) parts.push(`<p>${t('notLoaded')}</p>`);
  else parts.push(`<p class="figure" data-figure="arrests" data-value="${a.total.value}">${link(a.total.rows, esc(t(a.source === 'records' ? 'arrestsRecords' : 'arrestsPublished', { n: a.total.value })))}</p>${sources(a.sources)}`);

  parts.push(`<h2>${t('detention')}</h2>`);
  const d = brief.detention;
  if (!d || d.total.value === null) parts.push(`<p>${t('notLoaded')}</p>`);
  else parts.push(`<p class="figure" data-figure="detention" data-value="${d.total.value}">${link(d.total.rows, esc(t('detentionTotal', { n: d.total.value })))}</p>${sources(d.sources)}`);

  parts.push(`<h2>${t('claims')}</h2>`);
  parts.push(brief.claims.length === 0 ? `<p>${t('noClaims')}</p>` : `<ul>${brief.claims.map((c) => `<li>${esc(c.date)} · ${esc(c.speaker)}: ${esc(c.summary)} — ${t('verdict')}: <strong>${link(c.link, esc(value(c.verdict)))}</strong></li>`).join('')}</ul>`);
  parts.push(`<h2>${t('rules')}</h2>`);
  parts.push(brief.rules.length === 0 ? `<p>${t('noRules')}</p>` : `<ul>${brief.rules.map((e) => `<li>${esc(e.start_date)}${e.end_date ? ` – ${esc(e.end_date)}` : ''} · ${esc(e.kind)} · ${link(e.link, esc(e.title))} <span class="muted">(${esc(e.status)})</span></li>`).join('')}</ul>`);
  if (brief.caveats.length) parts.push(`<h2>${t('caveats')}</h2><ul class="caveats">${brief.caveats.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`);

  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(t('title', { month: monthName }))} · deportwatch</title>
<style>
body { font-family: "Liberation Sans", Arial, sans-serif; color: #1f2d3d; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.4; font-size: 11pt; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccd; margin-top: 1.4rem; } h3 { font-size: 1rem; margin-bottom: .2rem; }
table { border-collapse: collapse; margin: .3rem 0; } th, td { text-align: left; padding: 2px 10px 2px 0; border-bottom: 1px solid #eee; } .num { text-align: right; }
.figure { font-size: 1.15rem; font-weight: bold; } .muted, .sources { color: #555; font-size: .9em; } a { color: #1f5f99; }
.synthetic { background: #fff4d6; border: 1px solid #e0b94f; padding: 6px 10px; font-weight: bold; }
.two { display: flex; gap: 2rem; flex-wrap: wrap; } .caveats { font-size: .9em; color: #6b4a00; }
@page { size: A4; margin: 16mm; }
</style></head><body>
${parts.join('\n')}
</body></html>
`;
}
