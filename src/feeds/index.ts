/**
 * The live-feed layer (docs/feeds.md): readers for Beast, SBS, aircraft.json, ADS-B Exchange v2 and
 * OpenSky that all produce `PositionUpdate`s, the connection/polling machinery with its status and
 * gaps, and the replay server. No database, no trajectory code.
 */
export { ErrorCounts, FT_PER_M, KT_PER_MPS, FPM_PER_MPS, type FeedKind, type PositionUpdate, type UpdateSink } from './types.ts';
export { BeastReader, BeastFramer, readBeastFile, type BeastReaderOptions } from './beast.ts';
export { ModeSDecoder } from './modes/decoder.ts';
export { SbsReader, parseSbsLine, readSbsFile } from './sbs.ts';
export { JsonLinesReader, aircraftEntry, aircraftJsonFeed, parseAircraftJson, readJsonLinesFile, type AircraftJsonFeedOptions } from './aircraft-json.ts';
export { adsbxFeed, adsbxPath, parseAdsbxV2, type AdsbxFeedOptions, type WatchItem } from './adsbx.ts';
export { openSkyFeed, openSkyUrl, parseOpenSky, snapshotsToResponses, type BoundingBox, type OpenSkyFeedOptions, type OpenSkyResponse } from './opensky.ts';
export { TcpFeed, type TcpFeedOptions } from './tcp.ts';
export { HttpFailure, PollingFeed, RateLimiter, getJson, retryAfterSeconds } from './http-poll.ts';
export { FeedMonitor, backoffMs, type BackoffOptions, type FeedGap, type FeedState, type FeedStatus } from './status.ts';
export { REPLAY_KINDS, loadRecording, type Recording, type ReplayKind } from './recordings.ts';
export { ReplayServer, type ReplayOptions, type ReplayStats } from './replay.ts';
