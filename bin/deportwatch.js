#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the command and the code in src/ never drift apart.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/bin.ts');
process.exitCode = await main(process.argv);
