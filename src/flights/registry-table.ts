/**
 * The aircraft registry and callsign rules in the database: the built-in rows
 * (src/reference/aircraft-registry.csv, callsign-rules.csv) refreshed from the repository, plus the rows
 * users load from their own files (`deportwatch registry load FILE`). Classification reads them here.
 */
import { builtinRegistry, callsignRules, DatedRegistry, type RegistryEntry } from './rules.ts';
import type { Store } from '../engine/db.ts';

async function appendEntries(store: Store, entries: RegistryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const a = await store.appender('aircraft_registry');
  const text = (v: string | null) => (v == null ? a.appendNull() : a.appendVarchar(v));
  for (const e of entries) {
    text(e.icao24); text(e.registration); text(e.aircraftType); text(e.owner); text(e.operatorIcao); text(e.operator);
    a.appendVarchar(e.iceService); text(e.validFrom); text(e.validTo); a.appendVarchar(e.source); a.appendVarchar(e.origin);
    if (e.originRow == null) a.appendNull(); else a.appendBigInt(BigInt(e.originRow));
    a.endRow();
  }
  a.closeSync();
}

/** Replaces the built-in rows and the callsign rules with the repository's current tables. */
export async function refreshBuiltinFlightReferences(store: Store): Promise<void> {
  await store.run("DELETE FROM aircraft_registry WHERE origin = 'builtin'");
  await appendEntries(store, builtinRegistry());
  await store.run('DELETE FROM callsign_rules');
  const a = await store.appender('callsign_rules');
  for (const r of callsignRules()) {
    for (const v of [r.ruleId, r.pattern.source, r.operator, r.confidence]) a.appendVarchar(v);
    for (const v of [r.validFrom, r.validTo]) { if (v == null) a.appendNull(); else a.appendVarchar(v); }
    a.appendVarchar(r.reason); a.appendVarchar(r.source);
    a.endRow();
  }
  a.closeSync();
}

/** Stores a user's registry rows under their file name, replacing rows loaded earlier from the same name. */
export async function loadRegistryEntries(store: Store, origin: string, entries: RegistryEntry[]): Promise<number> {
  await store.run('DELETE FROM aircraft_registry WHERE origin = $1', [origin]);
  await appendEntries(store, entries);
  return entries.length;
}

export async function registryEntries(store: Store): Promise<RegistryEntry[]> {
  const rows = await store.all<Record<string, string | number | null>>(`SELECT icao24, registration, aircraft_type, owner, operator_icao, operator, ice_service,
      CAST(valid_from AS VARCHAR) AS valid_from, CAST(valid_to AS VARCHAR) AS valid_to, source, origin, origin_row FROM aircraft_registry`);
  return rows.map((r) => ({
    icao24: r.icao24 as string | null, registration: r.registration as string | null, aircraftType: r.aircraft_type as string | null,
    owner: r.owner as string | null, operatorIcao: r.operator_icao as string | null, operator: r.operator as string | null,
    iceService: r.ice_service as RegistryEntry['iceService'], validFrom: r.valid_from as string | null, validTo: r.valid_to as string | null,
    source: r.source as string, origin: r.origin as string, originRow: r.origin_row == null ? null : Number(r.origin_row),
  }));
}

/** Registries built per database instance, with the fingerprint of the rows they were built from. */
const built = new WeakMap<object, { fingerprint: string; registry: DatedRegistry }>();

/**
 * The registry as classification and matching use it (built-in rows refreshed first). Every batch of
 * legs asks for it, so it is rebuilt only when the rows changed: one aggregate over the table
 * (row count and a hash of every column) tells, whatever changed them (a load, a rollback, another
 * connection).
 */
export async function registryForMatching(store: Store): Promise<DatedRegistry> {
  const fingerprintOf = () => store.scalar<string>(`SELECT count(*) FILTER (WHERE origin = 'builtin') || ':' || count(*) || ':' || coalesce(CAST(sum(hash(icao24, registration,
      aircraft_type, owner, operator_icao, operator, ice_service, valid_from, valid_to, source, origin, origin_row) % 1000000007) AS VARCHAR), '') FROM aircraft_registry`);
  let fingerprint = await fingerprintOf();
  if (Number(fingerprint.split(':')[0]) !== builtinRegistry().length) {
    await refreshBuiltinFlightReferences(store);
    fingerprint = await fingerprintOf();
  }
  const cached = built.get(store.databaseKey);
  if (cached && cached.fingerprint === fingerprint) return cached.registry;
  const registry = new DatedRegistry(await registryEntries(store));
  built.set(store.databaseKey, { fingerprint, registry });
  return registry;
}

/** Every registry row (built-in and loaded), for `registry list`; the built-in rows are refreshed first. */
export async function registryRows(store: Store): Promise<Record<string, unknown>[]> {
  await registryForMatching(store);
  return store.all(`SELECT icao24, registration, operator_icao, operator, ice_service, CAST(valid_from AS VARCHAR) AS valid_from,
    CAST(valid_to AS VARCHAR) AS valid_to, origin FROM aircraft_registry ORDER BY origin, registration`);
}
