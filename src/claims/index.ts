/**
 * The claims layer's public API: the ledger of official claims and the metric vocabulary that says how
 * each could be checked. Checking claims against the records comes later (see docs/rules.md).
 */
export { loadClaims, parseClaimsFile, parseClaimsText, criminalityDefinitionsFor, ClaimsFileError, CLAIM_FIELDS, CLAIM_KINDS, QUALIFIERS, SCOPE_KEYS, SEED_CLAIMS_PATH } from './ledger.ts';
export type { Claim, ParseClaimsOptions } from './ledger.ts';
export { METRICS, METRIC_UNITS, CRIMINALITY_DEFINITIONS, isMetricId } from './metrics.ts';
export type { MetricId, MetricSpec, MetricCheck, CriminalityDefinition } from './metrics.ts';
export { parseClaimPeriod, PERIOD_FORMS } from './period.ts';
export type { ClaimPeriod } from './period.ts';
