import type { BudgetStatus } from '../policy/budget';
import type { MeterFigures } from '../ledger/usageTally';
import type { Figures } from './figures';
import { countOf, formatCompact, formatCount, formatPercent, formatSaving, formatUsd } from './numbers';
import type { RunSummary } from './runSummary';
import { hasMixedTraffic, trafficMarkdown } from './trafficText';

/** How the shared figures read, in the same words on every surface: the panel, the reports, the meter, @router /stats, the batch summary. */

/** "2 of 4 answered on this machine (50%)" */
export function answeredLocallyText(figures: Figures): string {
  return `${formatCount(figures.answeredLocally)} of ${formatCount(figures.answered)} answered on this machine (${formatPercent(figures.localShare)})`;
}

/** "1 (20% of tasks)" */
export function fellBackText(figures: Figures): string {
  return `${formatCount(figures.fellBack)} (${formatPercent(figures.tasks === 0 ? 0 : figures.fellBack / figures.tasks)} of tasks)`;
}

/** "5 tasks · 2 of 4 answered on this machine (50%) · 1 fell back · 1 failed", with refused, cancelled and answers not kept when there are any. */
export function tasksSentence(figures: Figures): string {
  const parts = [countOf(figures.tasks, 'task'), answeredLocallyText(figures), `${formatCount(figures.fellBack)} fell back`, `${formatCount(figures.failed)} failed`];
  if (figures.refused > 0) parts.push(`${formatCount(figures.refused)} refused`);
  if (figures.cancelled > 0) parts.push(`${formatCount(figures.cancelled)} cancelled`);
  if (figures.notKept > 0) parts.push(`${formatCount(figures.notKept)} undone, rejected or re-asked`);
  return parts.join(' · ');
}

/** "54% of $0.0390 all-cloud" */
export function savedShareText(figures: Figures): string {
  return `${formatPercent(figures.savedShare)} of ${formatUsd(figures.baselineUsd)} all-cloud`;
}

/** "$0.0210 (54% of $0.0390 all-cloud)", or "-$0.0050 (…)" when routing cost more than all-cloud. */
export function savedText(figures: Figures): string {
  return `${formatUsd(figures.savedUsd)} (${savedShareText(figures)})`;
}

/** "$0.0180", or "$0.0180 + 3 tasks at unknown cost" when some tasks spent tokens on a target without a price. */
export function spentText(figures: Pick<Figures, 'costUsd' | 'costUnknownTasks'>): string {
  const priced = formatUsd(figures.costUsd);
  return figures.costUnknownTasks > 0 ? `${priced} + ${countOf(figures.costUnknownTasks, 'task')} at unknown cost` : priced;
}

/** A model's or target's cost: "$0.0180"; "unknown cost" when none of what it spent had a price; "$0.0180 + 2 requests at unknown cost" when part did. */
export function requestsSpentText(row: { readonly costUsd: number; readonly costUnknownRequests: number }): string {
  if (row.costUnknownRequests === 0) return formatUsd(row.costUsd);
  return row.costUsd > 0 ? `${formatUsd(row.costUsd)} + ${countOf(row.costUnknownRequests, 'request')} at unknown cost` : 'unknown cost';
}

/** "spent $0.0180 · saved $0.0210 (54% of $0.0390 all-cloud)" */
export function moneySentence(figures: Figures): string {
  return `spent ${spentText(figures)} · saved ${savedText(figures)}`;
}

/** A day's or a month's figures and a row per model, in markdown (the meter's tooltip, @router /stats, Show Usage). */
export function summaryTable(title: string, summary: RunSummary): string {
  if (summary.tasks === 0) return `**${title}**: no routed tasks yet.`;
  const rows = summary.targets.map((target) => `| ${target.model} | ${target.local ? 'local' : 'cloud'} | ${formatCount(target.requests)} | ${formatCompact(target.inputTokens + target.outputTokens)} | ${requestsSpentText(target)} |`);
  const head = `**${title}**: ${tasksSentence(summary)} · ${moneySentence(summary)}`;
  const parts = [head];
  if (rows.length > 0) parts.push(['| Model | Where | Requests | Tokens | Cost |', '| --- | --- | ---: | ---: | ---: |', ...rows].join('\n'));
  if (hasMixedTraffic(summary.traffic)) parts.push(trafficMarkdown(summary.traffic).join('\n'));
  return parts.join('\n\n');
}

/** The status bar meter's text: "$(pulse) 1.2k cloud · saved $0.0042" */
export function meterText(figures: MeterFigures): string {
  return `$(pulse) ${formatCompact(figures.cloudTokensToday)} cloud · ${formatSaving(figures.savedTodayUsd)}`;
}

/** What a screen reader says of the meter. */
export function meterLabel(figures: MeterFigures): string {
  return `LLM Router: ${formatCount(figures.cloudTokensToday)} cloud tokens today, ${formatSaving(figures.savedTodayUsd)}`;
}

/** The meter's tooltip, in markdown: today's tokens, the budget, and the day's and month's tables. */
export function meterTooltip(figures: MeterFigures, budget: BudgetStatus | undefined): string {
  const parts = [`**LLM Router** · today ${formatCompact(figures.cloudTokensToday)} cloud tokens, ${formatCompact(figures.localTokensToday)} handled locally`];
  if (budget !== undefined) parts.push(`Budget: ${formatUsd(budget.spentUsd)} of ${formatUsd(budget.allotmentUsd)} this month · pace ${budget.pace.toFixed(2)}×${budget.capped ? ' · **cap reached: cloud only for /cloud**' : ''}`);
  parts.push(statsMarkdown(figures), '$(graph) Click for the savings panel.');
  return parts.join('\n\n');
}

/** `@router /stats`: today's and this month's tables. */
export function statsMarkdown(figures: MeterFigures): string {
  return `${summaryTable('Today', figures.today)}\n\n${summaryTable('This month', figures.month)}`;
}
