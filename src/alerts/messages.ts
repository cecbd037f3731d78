/**
 * Alert wording in English and Spanish, from ICU MessageFormat templates (intl-messageformat): plurals,
 * selects and UTC dates are the formatter's job, never string concatenation. The wording is neutral and
 * factual — what an airframe did, where, when, and on what evidence — and names no person.
 * Country names come from the runtime's CLDR data (Intl.DisplayNames) in the message's language.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { AircraftRef, AirportRef, AlertEvent, AlertKind } from './event.ts';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

interface Templates {
  aircraft: string;
  airport: string;
  evidence: string;
  title: Record<AlertKind, string>;
  body: Record<AlertKind, string>;
}

const TEMPLATES: Record<Locale, Templates> = {
  en: {
    aircraft: '{registration, select, none {aircraft {icao24}} other {{registration} ({icao24})}}{callsign, select, none {} other {, callsign {callsign}}}',
    airport: '{name} ({code}){place, select, none {} other {, {place}}}',
    evidence: 'Seen on {feedCount, plural, one {# feed} other {# feeds}} ({feeds}) in {positions, plural, one {# position} other {# positions}} between {first, time, utc} and {last, time, utc} UTC.',
    title: {
      departed: '{aircraft} departed {airportCode}',
      arrived: '{aircraft} arrived at {airportCode}',
      'left-us': '{aircraft} left the United States toward {country}',
      'watchlist-seen': '{aircraft} seen',
      'new-airport': '{aircraft} at {airportCode} for the first time',
    },
    body: {
      departed: '{aircraft} departed from {airport} on {at, date, utc} at {at, time, utc} UTC.',
      arrived: '{aircraft} arrived at {airport} on {at, date, utc} at {at, time, utc} UTC.',
      'left-us': '{aircraft} left the United States on a track toward {country} on {at, date, utc} at {at, time, utc} UTC{lastAirport, select, none {} other {, after departing from {lastAirport}}}.',
      'watchlist-seen': '{aircraft}, on the watchlist, was seen on {at, date, utc} at {at, time, utc} UTC {days, select, never {for the first time in this record} other {for the first time in {dayCount, plural, one {# day} other {# days}}}}.',
      'new-airport': '{aircraft} was recorded at {airport} on {at, date, utc} at {at, time, utc} UTC, an airport not recorded before for this aircraft.',
    },
  },
  es: {
    aircraft: '{registration, select, none {aeronave {icao24}} other {{registration} ({icao24})}}{callsign, select, none {} other {, indicativo {callsign}}}',
    airport: '{name} ({code}){place, select, none {} other {, {place}}}',
    evidence: 'Observada en {feedCount, plural, one {# fuente} other {# fuentes}} ({feeds}) con {positions, plural, one {# posición} other {# posiciones}} entre las {first, time, utc} y las {last, time, utc} UTC.',
    title: {
      departed: '{aircraft} despegó de {airportCode}',
      arrived: '{aircraft} aterrizó en {airportCode}',
      'left-us': '{aircraft} salió de Estados Unidos con rumbo a {country}',
      'watchlist-seen': '{aircraft} observada',
      'new-airport': '{aircraft} en {airportCode} por primera vez',
    },
    body: {
      departed: '{aircraft} despegó de {airport} el {at, date, utc} a las {at, time, utc} UTC.',
      arrived: '{aircraft} aterrizó en {airport} el {at, date, utc} a las {at, time, utc} UTC.',
      'left-us': '{aircraft} salió de Estados Unidos con rumbo a {country} el {at, date, utc} a las {at, time, utc} UTC{lastAirport, select, none {} other {, tras despegar de {lastAirport}}}.',
      'watchlist-seen': '{aircraft}, en la lista de seguimiento, fue observada el {at, date, utc} a las {at, time, utc} UTC {days, select, never {por primera vez en este registro} other {por primera vez en {dayCount, plural, one {# día} other {# días}}}}.',
      'new-airport': '{aircraft} fue registrada en {airport} el {at, date, utc} a las {at, time, utc} UTC, un aeropuerto no registrado antes para esta aeronave.',
    },
  },
};

/** UTC formats named `utc` in the templates (`{at, date, utc}`), so the server's zone never leaks in. */
const FORMATS = {
  date: { utc: { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' } },
  time: { utc: { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } },
} as const;

const cache = new Map<string, IntlMessageFormat>();
function format(locale: Locale, template: string, values: Record<string, unknown>): string {
  let f = cache.get(`${locale}\u0000${template}`);
  if (!f) {
    f = new IntlMessageFormat(template, locale, FORMATS as never);
    cache.set(`${locale}\u0000${template}`, f);
  }
  return String(f.format(values as Record<string, string | number | Date>));
}

export function countryLabel(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a region code: shown as given
  }
}

function aircraftLabel(a: AircraftRef, locale: Locale): string {
  return format(locale, TEMPLATES[locale].aircraft, { registration: a.registration ?? 'none', icao24: a.icao24, callsign: a.callsign ?? 'none' });
}

function airportCode(a: AirportRef): string {
  return a.icao ?? a.iata ?? a.name ?? '?';
}

function airportLabel(a: AirportRef, locale: Locale): string {
  const country = a.countryCode ? countryLabel(a.countryCode, locale) : undefined;
  const place = [a.city, country].filter(Boolean).join(', ');
  return format(locale, TEMPLATES[locale].airport, { name: a.name ?? airportCode(a), code: airportCode(a), place: place || 'none' });
}

export interface RenderedAlert {
  locale: Locale;
  title: string;
  body: string;
}

/** The title and text of an alert in one language. */
export function renderAlert(e: AlertEvent, locale: Locale): RenderedAlert {
  const t = TEMPLATES[locale];
  const values: Record<string, unknown> = { aircraft: aircraftLabel(e.aircraft, locale), at: new Date(e.at * 1000) };
  if (e.kind === 'departed' || e.kind === 'arrived' || e.kind === 'new-airport') {
    values.airport = airportLabel(e.airport, locale);
    values.airportCode = airportCode(e.airport);
  } else if (e.kind === 'left-us') {
    values.country = countryLabel(e.towardCountryCode, locale);
    values.lastAirport = e.lastUsAirport ? airportLabel(e.lastUsAirport, locale) : 'none';
  } else {
    values.days = e.daysSinceLastSeen === null ? 'never' : 'some';
    values.dayCount = e.daysSinceLastSeen ?? 0;
  }
  const evidence = format(locale, t.evidence, {
    feedCount: e.evidence.feeds.length, feeds: e.evidence.feeds.join(', '), positions: e.evidence.positions,
    first: new Date(e.evidence.firstMessageTime * 1000), last: new Date(e.evidence.lastMessageTime * 1000),
  });
  return { locale, title: format(locale, t.title[e.kind], values), body: `${format(locale, t.body[e.kind], values)}\n${evidence}` };
}
