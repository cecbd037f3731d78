/** The dashboard shell: skip link, navigation, language switch, the synthetic-data banner, and the page the URL names. */
import { useEffect } from 'react';
import { apiUrl, useApi } from './lib/api.ts';
import { langFrom, LANGS, setLang, t, type MessageKey } from './lib/i18n.ts';
import { rowsOf } from './lib/rows.ts';
import { hashFor, setParams, useRoute } from './lib/url.ts';
import { Arrests } from './pages/Arrests.tsx';
import { Claims } from './pages/Claims.tsx';
import { Data } from './pages/Data.tsx';
import { Flights } from './pages/Flights.tsx';
import { Removals } from './pages/Removals.tsx';
import { Rules } from './pages/Rules.tsx';
import { Tables } from './pages/Tables.tsx';
import { Brief } from './pages/Brief.tsx';
import { Now } from './pages/Now.tsx';
import { Detention } from './pages/Detention.tsx';

const PAGES: { id: string; title: MessageKey; Page: (props: { params: URLSearchParams }) => React.ReactNode }[] = [
  { id: 'flights', title: 'page.flights', Page: Flights },
  { id: 'removals', title: 'page.removals', Page: Removals },
  { id: 'arrests', title: 'page.arrests', Page: Arrests },
  { id: 'detention', title: 'page.detention', Page: Detention },
  { id: 'claims', title: 'page.claims', Page: Claims },
  { id: 'rules', title: 'page.rules', Page: Rules },
  { id: 'brief', title: 'page.brief', Page: Brief },
  { id: 'tables', title: 'page.tables', Page: Tables },
  { id: 'data', title: 'page.data', Page: Data },
  { id: 'now', title: 'page.now', Page: Now },
];

/** The language stays in the URL when a link inside the page leaves it out (`#/data?source_id=3`). */
let lastLang: 'en' | 'es' = 'en';

export function App() {
  const route = useRoute();
  const requested = route.params.get('lang');
  const current = requested ? langFrom(requested) : lastLang;
  lastLang = current;
  setLang(current);
  useEffect(() => {
    if (!requested && current !== 'en') {
      const params = new URLSearchParams(route.params);
      params.set('lang', current);
      window.history.replaceState(null, '', hashFor(route.page, params));
    }
  }, [requested, current, route]);
  const page = PAGES.find((p) => p.id === route.page);
  useEffect(() => { document.title = `${page ? t(page.title) : route.page} · deportwatch`; }, [page, current, route.page]);
  const suffix = current === 'en' ? '' : `?lang=${current}`;
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{t('app.skip')}</a>
      <header className="top">
        <a className="brand" href={`#/flights${suffix}`}>deportwatch</a>
        <nav aria-label={t('app.pages')}>
          {PAGES.map((p) => <a key={p.id} href={`#/${p.id}${suffix}`} aria-current={p.id === route.page ? 'page' : undefined}>{t(p.title)}</a>)}
        </nav>
        <div className="lang" role="group" aria-label={t('app.language')}>
          {LANGS.map((l) => (
            <button key={l.value} type="button" lang={l.value} aria-pressed={l.value === current} data-testid={`lang-${l.value}`}
              onClick={() => { lastLang = l.value; setParams({ lang: l.value === 'en' ? undefined : l.value }); }}>{l.label}</button>
          ))}
        </div>
      </header>
      <SyntheticBanner />
      <main id="main" tabIndex={-1} data-page={route.page} key={current}>
        {page ? <page.Page key={page.id} params={route.params} /> : <p className="empty">{t('app.notFound', { page: route.page })} <a href={`#/flights${suffix}`}>{t('app.goFlights')}</a>.</p>}
      </main>
      <footer>
        {t('app.footer')} <a href="openapi.json">openapi.json</a>
      </footer>
    </>
  );
}

/** Shown on every page whenever any loaded file is synthetic: demo numbers must never pass for real ones. */
function SyntheticBanner() {
  const loaded = useApi<unknown>(apiUrl('/sources.json', { _size: '5000' }));
  if (loaded.state !== 'ok') return null;
  const sources = rowsOf(loaded.data);
  const synthetic = sources.filter((s) => s.synthetic === true || s.synthetic === 'true');
  if (synthetic.length === 0) return null;
  return (
    <div className="banner synthetic" role="note" data-testid="synthetic-banner">
      <strong>{t('app.synthetic')}</strong> {t('app.syntheticDetail', { synthetic: synthetic.length, all: sources.length })}
    </div>
  );
}
