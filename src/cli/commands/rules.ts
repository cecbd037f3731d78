/**
 * `deportwatch rules`: what the policy timeline says applied on a date (rulesInForce), or the list of
 * expedited-removal rule periods. Pure: reads src/reference/policy-timeline.csv, no database.
 */
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.ts';
import { describeCoverage, rulePeriods, rulesInForce, TIER_NAMES, type RulesInForce, type SourceTier, type TopicState } from '../../legal/index.ts';
import { formatTable } from '../../reports/format.ts';
import { out } from '../context.ts';

function topicRow(name: string, t: TopicState): Record<string, unknown> {
  const partly = t.entries.flatMap((e) => e.partlyBlockedBy.map((p) => `${p.row.id}${p.population ? ` (${p.population})` : p.scope ? ` (${p.scope})` : ''}`));
  return {
    rule: name, status: t.status, rows: t.entries.map((e) => `${e.row.id} (${e.operative})`).join(', ') || '—',
    blocked_by: [...new Set([...t.entries.flatMap((e) => e.blockedBy.map((b) => b.id)), ...partly])].join(', ') || '—',
  };
}

/** The answer for one date, as a person reads it: expedited removal first, then the other rules, then what they rest on. */
export function rulesAsText(r: RulesInForce): string {
  const er = r.expeditedRemoval;
  const lines = [`Rules in force on ${r.date} (at the end of the day), from src/reference/policy-timeline.csv`, `rule period: ${r.rulePeriod ?? 'none (before the first expedited-removal designation, 1997-04-01)'}`, '', 'Expedited removal (INA 235(b)(1))'];
  lines.push(`  people who entered over land: ${describeCoverage(er.landEntrants)}`);
  if (!er.certain) lines.push(`  uncertain on this date: possibly ${describeCoverage(er.possible.broadest)}`);
  if (er.changedDuringDay) lines.push(`  changed during the day at ${er.changedDuringDay.effectiveTime} (${er.changedDuringDay.rowId}); before: ${describeCoverage(er.changedDuringDay.before)}`);
  lines.push(`  sea arrivals: ${er.seaArrivals ? describeCoverage(er.seaArrivals) : 'no designation recorded'}`);
  lines.push(`  arriving aliens at ports of entry: ${er.portsOfEntry}`);
  lines.push(`  a court stayed or enjoined a broader designation: ${er.courtStay}${er.stayOrders.length ? ` (${er.stayOrders.map((o) => o.id).join(', ')})` : ''}`);
  for (const x of er.excluded) lines.push(`  excluded: ${x.group}${x.certain ? '' : ' (uncertain)'}: ${x.why} (${x.rowIds.join(', ')})`);
  for (const x of er.extendedTo) lines.push(`  applied in practice to ${x.population} (${x.rowId}, ${x.operative})${x.except.length ? `, except ${x.except.map((e) => `${e.population} (${e.rowId})`).join(', ')}` : ''}`);
  lines.push('', formatTable(['rule', 'status', 'rows', 'blocked_by'], [
    topicRow('asylum bar (Proclamation 10888)', r.asylumBar),
    topicRow('withholding/CAT screening restricted', r.protectionScreeningRestricted),
    topicRow('removal outside the INA', r.removalOutsideIna),
    topicRow('third-country removal policy', r.thirdCountryRemoval.policy),
    topicRow('Alien Enemies Act removals', r.alienEnemiesAct.authority),
  ]));
  lines.push(`third-country removal: notice required by a court: ${r.thirdCountryRemoval.noticeRequiredByCourt}`);
  if (r.courtOrders.length) {
    lines.push('', 'Court orders standing on this date:', formatTable(['id', 'action', 'target', 'scope', 'operative'],
      r.courtOrders.map((o) => ({ id: o.row.id, action: o.action, target: o.target, scope: o.population ?? o.scope ?? 'universal', operative: o.operative }))));
  }
  if (r.deployments.length) lines.push('', `Deployments and emergencies recorded from their start: ${r.deployments.map((d) => d.row.id).join(', ')}`);
  lines.push('', 'caveats:', ...r.caveats.map((c) => `  - ${c}`));
  lines.push('basis:', ...r.basis.flatMap((b) => [
    `  ${b.id} (${b.status}, confidence ${b.confidence}): ${b.title}`,
    `    source: ${b.citation} [${tierLabel(b.sourceTier)}]${b.sources[0] ? ` ${b.sources[0]}` : ''}`,
  ]));
  return lines.join('\n');
}

/** `tier 1: primary document`, or the gap said plainly (docs/sources-policy.md). */
export function tierLabel(tier: SourceTier | null): string {
  return tier === null ? 'needs a source: no acceptable link found' : `tier ${tier}: ${TIER_NAMES[tier]}`;
}

export function registerRules(program: Command): void {
  program.command('rules')
    .description('the rules in force on a date (expedited-removal designation, asylum bar, third-country removal, court orders), from the policy timeline')
    .option('--date <date>', 'YYYY-MM-DD (default: today, UTC)')
    .option('--periods', 'list the expedited-removal rule periods instead (the values of the rule_period dimension)')
    .option('--format <format>', 'table or json', 'table')
    .action((options: { date?: string; periods?: boolean; format: string }) => {
      if (!['table', 'json'].includes(options.format)) throw new UsageError(`--format must be table or json (got "${options.format}")`);
      if (options.periods) {
        if (options.date) throw new UsageError('give --date or --periods, not both');
        const periods = rulePeriods();
        if (options.format === 'json') out(JSON.stringify(periods, null, 2));
        else out(formatTable(['period', 'start', 'end', 'description'], periods.map((p) => ({ period: p.period, start: p.startDate, end: p.endDate ?? '(open)', description: p.description }))));
        return;
      }
      const rules = rulesInForce(options.date ?? new Date().toISOString().slice(0, 10));
      out(options.format === 'json' ? JSON.stringify(rules, null, 2) : rulesAsText(rules));
    });
}
