/**
 * The claims layer's public API: the ledger of official claims, the metric vocabulary, and the checks
 * of claims against the loaded records and official aggregates (docs/claims.md). For the HTTP API's
 * /claims.json: `checkClaims(store, claims?)` (read-only; default: the store's ledger) returns each
 * claim's verdict with the numbers, requests, rows links, caveats and sources behind it.
 */
export { loadClaims, parseClaimsFile, parseClaimsText, criminalityDefinitionsFor, ClaimsFileError, CLAIM_FIELDS, CLAIM_KINDS, QUALIFIERS, SCOPE_KEYS, SEED_CLAIMS_PATH } from './ledger.ts';
export type { Claim, ParseClaimsOptions } from './ledger.ts';
export { METRICS, METRIC_UNITS, CRIMINALITY_DEFINITIONS, isMetricId } from './metrics.ts';
export type { MetricId, MetricSpec, MetricCheck, CriminalityDefinition } from './metrics.ts';
export { parseClaimPeriod, PERIOD_FORMS } from './period.ts';
export type { ClaimPeriod } from './period.ts';
export { checkClaim, checkClaims, recordClaimChecks, storedClaimsOrSeed, VERDICT_TEXT } from './check.ts';
export type { ClaimCheck, ClaimVerdict, DefinitionCheck } from './check.ts';
export { compare, claimInterval, recordsInterval, TOLERANCE, APPROXIMATELY } from './verdict.ts';
