/**
 * The thresholds of the segmentation, each with the published method it follows (docs/trajectory.md
 * explains them with examples). The kernel (segment.ts) and its SQL twin (bench/adsb-sql.ts) read the
 * same values, so the benchmark compares the same rules.
 */
export interface SegmentRules {
  /** Fastest plausible ground speed; a position further than this allows is a jump (spoofing, decoding error). */
  maxSpeedKt: number;
  /** Slack added to every position check, for receiver jitter and the time disorder of merged feeds. */
  positionToleranceKm: number;
  /** Fastest plausible climb or descent, feet per second (9,000 ft/min): an altitude beyond it is a spike. */
  maxClimbFtPerS: number;
  /** Slack added to every altitude check (100 ft steps, baro/geometric mix). */
  altitudeToleranceFt: number;
  /** Highest airport elevation a "ground" report can hide (El Alto, La Paz, is 13,325 ft). */
  maxGroundElevationFt: number;
  /** Below this ground speed a fixed-wing aircraft cannot fly: the point counts as on the ground. */
  slowKt: number;
  /** A "ground" claim faster than this is not believed (a squat switch fault), the point has no phase. */
  groundClaimMaxKt: number;
  /** Consecutive points of the other phase needed before a take-off or landing is accepted (debounce). */
  confirmPoints: number;
  /** The private-jets study's altitude split: gaps below it end a flight after `lowGapS`, above it after `highGapS`. */
  lowAltitudeFt: number;
  /** Private-jets study: a gap of more than 5 minutes below 10,000 ft is a landing out of coverage. */
  lowGapS: number;
  /** Private-jets study: a gap of more than 10 hours at or above 10,000 ft ends the flight. */
  highGapS: number;
  /** traffic's default: a gap of 10 minutes ends a flight when no altitude tells which of the two rules applies. */
  defaultGapS: number;
  /** deportwatch's addition: across a gap of at least this long … */
  stopGapS: number;
  /** … a mean ground speed below this means the aircraft stopped somewhere (it cannot cruise that slowly). */
  stopSpeedKt: number;
  /** A leg needs at least this many accepted airborne points … */
  minLegPoints: number;
  /** … and this long in the air; shorter airborne fragments are noise or sightings, not flights. */
  minLegSeconds: number;
  /** Hysteresis of the altitude-minimum detector used for low passes and touch-and-goes inferred from altitude. */
  minimumReboundFt: number;
}

export const DEFAULT_RULES: Readonly<SegmentRules> = Object.freeze({
  maxSpeedKt: 1000,
  positionToleranceKm: 5,
  maxClimbFtPerS: 150,
  altitudeToleranceFt: 1000,
  maxGroundElevationFt: 15000,
  slowKt: 40,
  groundClaimMaxKt: 250,
  confirmPoints: 2,
  lowAltitudeFt: 10000,
  lowGapS: 300,
  highGapS: 36000,
  defaultGapS: 600,
  stopGapS: 1800,
  stopSpeedKt: 100,
  minLegPoints: 3,
  minLegSeconds: 60,
  minimumReboundFt: 500,
});

/** Why a leg starts or ends (stored as a small integer by the kernel). */
export const START_REASONS = ['track-start', 'takeoff', 'reappeared', 'new-leg-flag'] as const;
export const END_REASONS = ['track-end', 'landing', 'signal-lost', 'new-leg-flag', 'stopped'] as const;
export type StartReason = (typeof START_REASONS)[number];
export type EndReason = (typeof END_REASONS)[number];

export const S_TRACK_START = 0, S_TAKEOFF = 1, S_REAPPEARED = 2, S_NEW_LEG = 3;
export const E_TRACK_END = 0, E_LANDING = 1, E_SIGNAL_LOST = 2, E_NEW_LEG = 3, E_STOPPED = 4;
