/**
 * `deportwatch claims list | check [ID…] | add`: the claims ledger in the database (seed claims plus the
 * ones users add) and their checks against the loaded records (src/claims/check.ts, docs/claims.md).
 */
import type { Command } from 'commander';
import { checkClaims, recordClaimChecks, type ClaimCheck } from '../../claims/check.ts';
import { ClaimsFileError, CLAIM_FIELDS, parseClaimsFile, parseClaimsText, type Claim } from '../../claims/ledger.ts';
import { isMetricId, METRICS } from '../../claims/metrics.ts';
import { claimSource, sourceTierText } from '../../claims/source.ts';
import { UsageError, UserError } from '../../domain/errors.ts';
import { formatTable, toCsv } from '../../reports/format.ts';
import { existingClaimIds, insertClaims, latestClaimVerdicts, scopeText, storedClaims } from '../../claims/store.ts';
import type { Store } from '../../engine/db.ts';
import { out, withStore } from '../context.ts';
import { parseFormat } from './report.ts';

const short = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'));
const claimed = (c: ClaimCheck['claim']) => `${{ exact: '', approximately: '~', more_than: '>', at_least: '≥' }[c.qualifier] ?? ''}${c.value.toLocaleString('en-US')}`;

const CRIMINALITY_ABBR: Record<string, string> = { convicted: 'conv', convicted_or_pending: 'conv+pend' };

/** `ddp-latest: 322 conv, 512 conv+pend`: each data source, then each definition's number. */
function computedCell(c: ClaimCheck): string {
  if (c.definitions.length === 0) return '—';
  const bySource = new Map<string, string[]>();
  for (const d of c.definitions) {
    const source = d.release ?? d.dataset ?? d.table;
    const number = `${d.coverage === 'lower_bound' ? '≥' : ''}${short(d.value)}${d.unknownRows ? `+${short(d.unknownRows)}?` : ''}${d.criminality ? ` ${CRIMINALITY_ABBR[d.criminality]}` : ''}`;
    bySource.set(source, [...(bySource.get(source) ?? []), number]);
  }
  return [...bySource].map(([source, numbers]) => `${source}: ${numbers.join(', ')}`).join('; ');
}

/** One line per claim: what was claimed, what each definition computed, and the verdict. */
export function claimChecksTable(checks: ClaimCheck[]): string {
  const rows = checks.map((c) => ({
    claim: c.claimId,
    period: c.claim.period,
    claimed: claimed(c.claim),
    computed: computedCell(c),
    verdict: `${c.verdictText}${c.definitions.some((d) => d.synthetic) ? ' (SYNTHETIC data)' : ''}`,
  }));
  return formatTable(['claim', 'period', 'claimed', 'computed', 'verdict'], rows);
}

export const COMPUTED_LEGEND = 'computed: per release or aggregate table; ≥ = a lower bound (the data are known to be incomplete for the claim); +N? = rows whose criminality is not recorded; conv = criminal record means a conviction, conv+pend = a conviction or pending charges';

/** The checks as text; each claim's source (citation and tier) is shown from `claims`, the claims checked. */
export function claimChecksText(checks: ClaimCheck[], claims: readonly Claim[] = []): string {
  const lines = [claimChecksTable(checks), '', COMPUTED_LEGEND, ''];
  for (const c of checks) {
    const claim = claims.find((k) => k.id === c.claimId);
    const source = claimSource(claim ?? { timelineId: null, sources: [] });
    lines.push(`${c.claimId} — ${c.claim.summary} (${c.claim.speaker}, ${c.claim.date})`, `  verdict: ${c.verdictText}: ${c.why}`,
      `  source: ${source.citation} [${sourceTierText(source.sourceTier)}]${source.links[0] ? ` ${source.links[0]}` : ''}`);
    for (const d of c.definitions) {
      lines.push(`  · ${d.definition}: ${short(d.value)} → ${d.verdict}${d.synthetic ? ' (SYNTHETIC data)' : ''}`);
      if (d.cli) lines.push(`      query: ${d.cli}`);
      if (d.rowsLink) lines.push(`      rows:  ${d.rowsLink}  (sources #${d.sourceIds.join(', #')})`);
    }
  }
  if (checks.length) lines.push('', `tolerance: ${checks[0].tolerance}`);
  return lines.join('\n');
}

async function claimsToCheck(store: Store, ids: string[]): Promise<Claim[]> {
  const all = await storedClaims(store);
  if (ids.length === 0) return all;
  const unknown = ids.filter((id) => !all.some((c) => c.id === id));
  if (unknown.length) throw new UsageError(`no claim with id ${unknown.join(', ')}; claims: ${all.map((c) => c.id).join(', ')}`);
  return ids.map((id) => all.find((c) => c.id === id)!);
}

/** Command-line options → ledger fields (the parser's field names are those of the ledger file). */
const OPTION_FIELDS: Record<string, string> = {
  id: 'id', kind: 'kind', date: 'date', speaker: 'speaker', quote: 'quote', summary: 'summary', metric: 'metric', scope: 'scope', period: 'period',
  value: 'value', qualifier: 'qualifier', unit: 'unit', sourceUrl: 'source_url', timelineId: 'timeline_id', confidence: 'confidence', notes: 'notes',
};
const optionName = (field: string) => `--${field.replace(/_/g, '-')}`;

function claimFromOptions(options: Record<string, string | undefined>): Claim[] {
  const fields: Record<string, string> = { kind: 'claim', qualifier: 'exact' };
  for (const [option, field] of Object.entries(OPTION_FIELDS)) if (options[option] !== undefined) fields[field] = options[option]!;
  if (fields.unit === undefined && fields.metric && isMetricId(fields.metric)) fields.unit = METRICS[fields.metric].unit;
  const { claims, issues } = parseClaimsText(JSON.stringify([fields]), { file: 'command line', format: 'json' });
  if (issues.length) {
    // Name the option, not the ledger column: `--source-url`, not `source_url`.
    throw new ClaimsFileError(issues.map((i) => ({ ...i, file: 'command line', column: i.column ? optionName(i.column) : i.column })));
  }
  return claims;
}

async function addClaims(store: Store, claims: Claim[], origin: 'file' | 'added'): Promise<void> {
  const clash = await existingClaimIds(store, claims.map((c) => c.id));
  if (clash.length) {
    throw new UserError(`claim id${clash.length > 1 ? 's' : ''} already in the ledger: ${clash.map((c) => `${c.id} (${c.origin}${c.origin_file ? `, ${c.origin_file}` : ''})`).join(', ')}; nothing was added. Pick new ids.`);
  }
  await insertClaims(store, claims, origin);
}

export function registerClaims(program: Command): void {
  const claims = program.command('claims').description('the claims ledger: official figures with their source, and checks of each against the loaded records (docs/claims.md)');

  claims.command('list', { isDefault: true })
    .description('claims in the ledger with their latest verdict (seed claims from src/reference/claims.csv plus those added)')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format);
      const rows = await withStore(command, async (store) => {
        const verdicts = await latestClaimVerdicts(store);
        return (await storedClaims(store)).map((c) => ({
          id: c.id, kind: c.kind, date: c.date, speaker: c.speaker, metric: c.metric, scope: scopeText(c.scope), period: c.period.text, value: c.value,
          qualifier: c.qualifier, unit: c.unit, origin: c.origin, verdict: verdicts.get(c.id)?.verdict ?? 'unchecked', checked_at: verdicts.get(c.id)?.checkedAt ?? null, summary: c.summary,
        }));
      });
      const columns = ['id', 'kind', 'date', 'metric', 'period', 'value', 'qualifier', 'origin', 'verdict'];
      if (format === 'json') out(JSON.stringify(rows, null, 2));
      else if (format === 'csv') out(toCsv(Object.keys(rows[0] ?? { id: null }), rows));
      else out(formatTable(columns, rows));
    });

  claims.command('check')
    .description('check claims against the loaded records and official aggregates, under every reasonable definition; stores each check')
    .argument('[ids...]', 'claim ids (default: every claim)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (ids: string[], options: { format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const { checks, checked } = await withStore(command, async (store) => {
        const checked = await claimsToCheck(store, ids);
        const results = await checkClaims(store, checked);
        await recordClaimChecks(store, results);
        return { checks: results, checked };
      });
      out(format === 'json' ? JSON.stringify(checks.map((c) => {
        const source = claimSource(checked.find((k) => k.id === c.claimId) ?? { timelineId: null, sources: [] });
        return { ...c, citation: source.citation, sourceTier: source.sourceTier };
      }), null, 2) : claimChecksText(checks, checked));
    });

  claims.command('add')
    .description(`add claims from a ledger file (--file, CSV or JSON with the fields ${CLAIM_FIELDS.join(', ')}) or one claim from options`)
    .option('--file <file>', 'a claims ledger, .csv or .json (docs/rules.md, "The claims ledger")')
    .option('--id <id>', 'a new, unique claim id')
    .option('--kind <kind>', 'claim or baseline (default claim)')
    .option('--date <date>', 'when it was said or published, YYYY-MM-DD')
    .option('--speaker <speaker>', 'who said it')
    .option('--quote <quote>', 'the speaker\'s words, verbatim')
    .option('--summary <summary>', 'what was said, in neutral words')
    .option('--metric <metric>', `what the number counts: ${Object.keys(METRICS).join(', ')}`)
    .option('--scope <scope>', 'key=value; … (agency, destination_country, aircraft, criminality, geography)')
    .option('--period <period>', 'YYYY-MM-DD, YYYY-MM, FYyyyy or YYYY-MM-DD/YYYY-MM-DD')
    .option('--value <value>', 'the number, digits only')
    .option('--qualifier <qualifier>', 'exact, approximately, more_than or at_least (default exact)')
    .option('--unit <unit>', 'the metric\'s unit (default: the metric\'s)')
    .option('--source-url <url>', 'link to the source; several separated by " ; "')
    .option('--timeline-id <id>', 'policy-timeline row recording the statement')
    .option('--confidence <level>', 'high, medium or low')
    .option('--notes <notes>', 'what the source leaves open')
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const given = Object.keys(OPTION_FIELDS).filter((k) => options[k] !== undefined);
      if (options.file && given.length) throw new UsageError(`give --file or the claim's options, not both (got --file and ${given.map((k) => optionName(OPTION_FIELDS[k])).join(', ')})`);
      if (!options.file && given.length === 0) throw new UsageError('give --file FILE (a claims ledger) or the claim\'s options (--id, --date, --speaker, --summary, --metric, --period, --value, --source-url, --confidence …)');
      const added = options.file ? parseClaimsFile(options.file) : claimFromOptions(options);
      if (added.length === 0) throw new UserError(`${options.file}: no claims in the file`);
      await withStore(command, (store) => addClaims(store, added, options.file ? 'file' : 'added'));
      out(`added ${added.length} claim${added.length === 1 ? '' : 's'}: ${added.map((c) => c.id).join(', ')}\nnext: deportwatch claims check ${added.map((c) => c.id).join(' ')}`);
    });
}
