/**
 * The legal layer's public API, used by the CLI, reports and the HTTP API. Pure: the only file read is
 * the project's own src/reference/policy-timeline.csv. See docs/rules.md.
 */
export { loadTimeline, parseTimeline, refOf, TimelineError, SOURCE_TIERS, TIER_NAMES, TIMELINE_COLUMNS, TIMELINE_KINDS, TIMELINE_STATUSES, CONFIDENCE_LEVELS } from './timeline.ts';
export type { Timeline, TimelineRow, TimelineRef, TimelineKind, TimelineStatus, Confidence, SourceTier } from './timeline.ts';
export { EFFECT_TYPES, parseEffects } from './effects.ts';
export type { Effect, EffectTypeSpec } from './effects.ts';
export { rulesInForce } from './rules-in-force.ts';
export type { RulesInForce, TopicState, TopicEntry, CourtOrderOnDate, RequirementOnDate } from './rules-in-force.ts';
export type { ExpeditedRemovalOnDate, ErCoverage, ErExclusion, Known } from './expedited-removal.ts';
export { rulePeriods, rulePeriodOf, rulePeriodRows } from './periods.ts';
export type { RulePeriod, RulePeriodRow } from './periods.ts';
export { dueProcessNote } from './due-process.ts';
export type { DueProcessInput, DueProcessNote, DueProcessNoteKind } from './due-process.ts';
export { dueProcessTable, ARRIVALS, DATE_UNKNOWN_SEGMENT, NOTE_PATHWAYS } from './due-process-table.ts';
export type { DueProcessTable, DueProcessTableRow, DueProcessSegment, PresenceBucket, ArrivalBucket } from './due-process-table.ts';
export { describeCoverage } from './expedited-removal.ts';
