import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.ts';
import { writeEroLesaCsv, writeEroLesaXlsx } from '../../synthetic/ero-lesa.ts';
import { out } from '../context.ts';

export function registerGenerate(program: Command): void {
  program.command('generate')
    .description('write a SYNTHETIC file in a real release layout (for trying things out and for benchmarks)')
    .argument('<layout>', 'ero-lesa-csv | ero-lesa-xlsx')
    .argument('<out>', 'output file; its name must contain "synthetic" so the data is never mistaken for a real release')
    .option('--rows <n>', 'number of data rows', (v) => Number.parseInt(v, 10), 10_000)
    .option('--seed <n>', 'random seed (same seed, same file)', (v) => Number.parseInt(v, 10), 2012)
    .action(async (layout: string, path: string, options: { rows: number; seed: number }) => {
      if (!/synthetic/i.test(path)) throw new UsageError(`the output name must contain "synthetic" (got ${path}), so that the file is never taken for real data`);
      if (layout === 'ero-lesa-csv') await writeEroLesaCsv(path, { rows: options.rows, seed: options.seed });
      else if (layout === 'ero-lesa-xlsx') await writeEroLesaXlsx(path, { rows: options.rows, seed: options.seed });
      else throw new UsageError(`unknown layout "${layout}"; layouts: ero-lesa-csv, ero-lesa-xlsx`);
      out(`wrote ${path} (${options.rows.toLocaleString('en-US')} synthetic rows, layout ${layout})`);
    });
}
