/** Every command of the CLI, one file each. */
import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerGenerate } from './generate.ts';
import { registerIngest } from './ingest.ts';
import { registerQuery } from './query.ts';
import { registerReport } from './report.ts';
import { registerServe } from './serve.ts';
import { registerSources } from './sources.ts';
import { registerFlights, registerRegistry } from './flights.ts';
import { registerRules } from './rules.ts';
import { registerClaims } from './claims.ts';
import { registerLegs } from './legs.ts';
import { registerReplay } from './replay.ts';
import { registerFetch } from './fetch.ts';
import { registerBrief } from './brief.ts';
import { registerClickHouse } from './clickhouse.ts';
import { registerWatch } from './watch.ts';

export const COMMANDS: ((program: Command) => void)[] = [
  registerDemo,
  registerIngest,
  registerFetch,
  registerReport,
  registerQuery,
  registerSources,
  registerGenerate,
  registerServe,
  registerFlights,
  registerRegistry,
  registerRules,
  registerClaims,
  registerLegs,
  registerReplay,
  registerBrief,
  registerClickHouse,
  registerWatch,
];
