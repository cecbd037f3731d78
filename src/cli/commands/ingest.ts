import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import type { IngestSummary } from '../../domain/provenance.ts';
import { ingestFile } from '../../ingest/ingest.ts';
import { globalOptions, withStore } from '../context.ts';
import { formatCount, Progress } from '../progress.ts';

export function describeSummary(s: IngestSummary): string {
  if (s.status === 'already-ingested') return `ingest ${s.path} → already ingested as source #${s.duplicateOf}; nothing stored again`;
  const issues = s.rowsQuarantined ? `, ${formatCount(s.rowsQuarantined)} quarantined` : '';
  return `ingest ${s.path} → ${s.kind}: ${formatCount(s.rowsStored)} rows stored${issues} of ${formatCount(s.rowsRead)} read, ${s.seconds.toFixed(1)} s`;
}

export function registerIngest(program: Command): void {
  program.command('ingest')
    .description('read files into the database; the format is detected from the content. Each file is one transaction, and a file already ingested (same SHA-256) stores nothing twice.')
    .argument('<files...>', 'files to ingest (CSV, XLSX, JSON, …; .gz accepted where noted in docs/sources.md)')
    .option('--kind <kind>', 'skip detection and read the files as this source kind')
    .action(async (files: string[], options: { kind?: string }, command: Command) => {
      const progress = new Progress(globalOptions(command).quiet);
      const failures: string[] = [];
      await withStore(command, async (store) => {
        for (const file of files) {
          try {
            const summary = await ingestFile(store, file, { kind: options.kind }, {
              progress: (path, rows) => progress.update(`ingest ${path} … ${formatCount(rows)} rows`),
            });
            progress.done(describeSummary(summary));
            for (const note of summary.notes) progress.done(`  note: ${note}`);
          } catch (error) {
            // One bad file does not stop the others; each is its own transaction.
            if (!(error instanceof UserError)) throw error;
            failures.push(error.message);
            process.stderr.write(`ingest ${file} → failed: ${error.message}\n${error.details.map((d) => `${d}\n`).join('')}`);
          }
        }
      });
      if (failures.length) throw new UserError(`${failures.length} of ${files.length} files could not be ingested (see above)`);
    });
}
