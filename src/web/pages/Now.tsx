/**
 * "Now": what the live watcher sees (docs/watch.md) — the watchlist aircraft airborne on a map and the
 * events of the last 24 hours, in English or Spanish. Reads `/live/status.json` (every 5 s) and the
 * server-sent events of `/live/events`; it names aircraft, airports and countries only.
 */
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { FeatureCollection, Geometry } from 'geojson';
import countriesUrl from 'world-atlas/countries-110m.json?url';
import { useEffect, useState } from 'react';
import { lang as appLang } from '../lib/i18n.ts';

type Lang = 'en' | 'es';

interface Airborne { icao24: string; callsign: string | null; latDeg: number; lonDeg: number; altFt: number | null; at: number }
interface LiveStatus { feedTime: number | null; feeds?: { name: string; state: string; lastMessageAt: number | null }[]; airborne?: Airborne[] }
interface LiveEvent { id: number; key: string; dispatch: string; event: { kind: string; at: number; aircraft: { icao24: string; registration?: string; callsign?: string }; airport?: { icao?: string; name?: string; city?: string; countryCode?: string }; towardCountryCode?: string } }

const TEXT: Record<Lang, Record<string, string>> = {
  en: {
    title: 'Now', airborne: 'Watchlist aircraft in the air', events: 'Events of the last 24 hours', none: 'None.', noWatcher: 'No watcher is running on this database.',
    departed: 'Departed', arrived: 'Arrived', 'left-us': 'Left the United States', 'watchlist-seen': 'Seen again', 'new-airport': 'New airport',
    time: 'Time (UTC)', event: 'Event', aircraft: 'Aircraft', where: 'Airport / country', feeds: 'Feeds', altitude: 'Altitude',
  },
  es: {
    title: 'Ahora', airborne: 'Aeronaves vigiladas en el aire', events: 'Eventos de las últimas 24 horas', none: 'Ninguno.', noWatcher: 'No hay un vigilante activo en esta base de datos.',
    departed: 'Despegó', arrived: 'Aterrizó', 'left-us': 'Salió de Estados Unidos', 'watchlist-seen': 'Vista de nuevo', 'new-airport': 'Aeropuerto nuevo',
    time: 'Hora (UTC)', event: 'Evento', aircraft: 'Aeronave', where: 'Aeropuerto / país', feeds: 'Fuentes', altitude: 'Altitud',
  },
};

const countries: Promise<FeatureCollection> = fetch(countriesUrl).then((r) => r.json()).then((t: Topology) =>
  feature(t, t.objects.countries as GeometryCollection) as unknown as FeatureCollection);

const W = 720, H = 360;
const x = (lon: number) => ((lon + 180) / 360) * W;
const y = (lat: number) => ((90 - lat) / 180) * H;

function pathOf(g: Geometry | null): string {
  if (!g) return '';
  const rings = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  return rings.map((ring) => `M${ring.map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join('L')}Z`).join('');
}

const utc = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');

export function Now({ params }: { params: URLSearchParams }) {
  void params;
  // The dashboard's language (kept in the URL; its switch re-renders the page).
  const lang: Lang = appLang();
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [world, setWorld] = useState<string[]>([]);
  const t = TEXT[lang];

  useEffect(() => { void countries.then((fc) => setWorld(fc.features.map((f) => pathOf(f.geometry)))); }, []);
  useEffect(() => {
    let live = true;
    const load = () => fetch('/live/status.json').then((r) => r.json()).then((s: LiveStatus) => { if (live) setStatus(s); }, () => {});
    void load();
    const timer = setInterval(load, 5000);
    return () => { live = false; clearInterval(timer); };
  }, []);
  useEffect(() => {
    const source = new EventSource('/live/events');
    const add = (m: MessageEvent<string>) => setEvents((list) => (list.some((e) => e.id === JSON.parse(m.data).id) ? list : [...list, JSON.parse(m.data) as LiveEvent]));
    for (const kind of ['departed', 'arrived', 'left-us', 'watchlist-seen', 'new-airport']) source.addEventListener(kind, add as EventListener);
    return () => source.close();
  }, []);

  const airborne = status?.airborne ?? [];
  const shown = events.filter((e) => e.dispatch === 'accepted').sort((a, b) => b.event.at - a.event.at);
  return (
    <section className="now" lang={lang}>
      <header className="now-head">
        <h1>{t.title}</h1>
      </header>
      {status && !('feeds' in status) ? <p className="empty">{t.noWatcher}</p> : null}
      <h2>{t.airborne}</h2>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t.airborne} data-testid="now-map" style={{ width: '100%', maxWidth: 960, background: '#eef3f7' }}>
        {world.map((d, i) => <path key={i} d={d} fill="#d5dde3" stroke="#fff" strokeWidth={0.3} />)}
        {airborne.map((a) => (
          <g key={a.icao24} data-testid="aircraft" data-icao24={a.icao24}>
            <circle cx={x(a.lonDeg)} cy={y(a.latDeg)} r={3.5} fill="#c0392b" />
            <text x={x(a.lonDeg) + 5} y={y(a.latDeg) - 4} fontSize={9}>{a.callsign ?? a.icao24}</text>
          </g>
        ))}
      </svg>
      {airborne.length ? (
        <ul data-testid="airborne">{airborne.map((a) => <li key={a.icao24}>{a.callsign ?? ''} ({a.icao24}) {a.altFt !== null ? `${t.altitude} ${a.altFt.toLocaleString(lang)} ft` : ''} · {utc(a.at)}</li>)}</ul>
      ) : <p className="empty">{t.none}</p>}
      <h2>{t.events}</h2>
      {shown.length ? (
        <table data-testid="events">
          <thead><tr><th>{t.time}</th><th>{t.event}</th><th>{t.aircraft}</th><th>{t.where}</th></tr></thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.id} data-kind={e.event.kind}>
                <td>{utc(e.event.at)}</td>
                <td>{t[e.event.kind] ?? e.event.kind}</td>
                <td>{[e.event.aircraft.registration, e.event.aircraft.callsign, e.event.aircraft.icao24].filter(Boolean).join(' · ')}</td>
                <td>{e.event.airport ? [e.event.airport.icao, e.event.airport.city, e.event.airport.countryCode].filter(Boolean).join(', ') : e.event.towardCountryCode ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="empty">{t.none}</p>}
    </section>
  );
}
