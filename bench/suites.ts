/** Every benchmark suite; each area registers its own here. */
import type { BenchSuite } from './types.ts';

export const SUITES: BenchSuite[] = [
];
