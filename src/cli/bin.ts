#!/usr/bin/env node
/**
 * The deportwatch command. Every command lives in ./commands/ and registers itself here; errors are
 * caught once, below: a UserError prints its message (exit 1, 2 for usage, 3 for a busy database),
 * anything else is a bug and prints one line plus "rerun with --debug".
 */
import { Command, CommanderError } from 'commander';
import { UserError } from '../domain/errors.ts';
import { COMMANDS } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('deportwatch')
    .description('An open, reproducible monitor of deportation operations: flights, ICE enforcement records, rules and claims, each number traced to its source rows.')
    .option('--db <path>', 'DuckDB database file (default: $DEPORTWATCH_DB or ./deportwatch.duckdb)')
    .option('--debug', 'print stack traces of unexpected errors')
    .option('-q, --quiet', 'print only results, no progress lines')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UserError) {
      process.stderr.write(`deportwatch: ${error.message}\n${error.details.map((d) => `${d}\n`).join('')}`);
      return error.exitCode;
    }
    if (program.opts().debug) process.stderr.write(`${(error as Error).stack ?? error}\n`);
    else process.stderr.write(`deportwatch: unexpected error: ${(error as Error).message ?? error} (rerun with --debug for details)\n`);
    return 70;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin.ts')) {
  process.exitCode = await main(process.argv);
}
