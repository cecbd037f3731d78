/**
 * The alert layer (docs/feeds.md, "Alerts"): events about airframes and airports, their English and
 * Spanish wording, the sinks, and the dispatcher that deduplicates, holds, rate-limits, retries and
 * records every delivery attempt. Pure of any database: the caller injects what must persist.
 */
export { DEDUP_WINDOW_S, MemorySeenEvents, eventKey, type AircraftRef, type AirportRef, type AlertEvent, type AlertKind, type Evidence, type SeenEvents } from './event.ts';
export { LOCALES, countryLabel, renderAlert, type Locale, type RenderedAlert } from './messages.ts';
export { DeliveryError, SIGNATURE_HEADER, TIMESTAMP_HEADER, jsonLinesSink, ntfySink, payload, signBody, smtpSink, verifySignature, webhookSink, type AlertMessage, type Sink } from './sinks.ts';
export { AlertDispatcher, localMinutes, quietUntil, type DeliveryOutcome, type DeliveryRecord, type DeliveryRecorder, type QuietHours, type SinkConfig } from './dispatcher.ts';
