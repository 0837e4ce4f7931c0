import { answeredLocallyText, fellBackText, savedShareText, spentText } from '../reports/figureText';
import { countOf, formatCompact, formatCount, formatPercent, formatUsd } from '../reports/numbers';
import type { DayRow, LedgerReport } from '../reports/ledgerReport';
import { dayKey } from '../reports/period';
import type { PanelState } from './panelMessages';

/** One key figure card of the savings panel. */
export interface KpiCard {
  readonly label: string;
  readonly value: string;
  readonly detail: string;
  readonly warn: boolean;
}

/** The panel's key figures, from the report's shared figures and in their words. */
export function kpiCards(state: Pick<PanelState, 'report' | 'budget'>): KpiCard[] {
  const { totals } = state.report;
  const { budget } = state;
  return [
    { label: 'Requests', value: formatCount(totals.requests), detail: `${countOf(totals.tasks, 'task')} · ${formatCount(totals.failed)} failed`, warn: false },
    { label: 'Local share', value: formatPercent(totals.localShare), detail: answeredLocallyText(totals), warn: false },
    { label: 'Cloud tokens', value: formatCompact(totals.cloudTokens), detail: `${formatCompact(totals.localTokens)} local`, warn: false },
    { label: 'Spend', value: spentText(totals), detail: totals.costUnknownTasks > 0 ? 'every priced attempt, failed ones included; a target without a price adds none' : 'every attempt, failed ones included', warn: false },
    { label: 'Saved', value: formatUsd(totals.savedUsd), detail: savedShareText(totals), warn: totals.savedUsd < 0 },
    {
      label: 'Budget pace',
      value: budget === undefined ? 'no budget' : `${budget.pace.toFixed(2)}×`,
      detail: budget === undefined ? 'llmRouter.budget.monthlyUsd' : `${formatUsd(budget.spentUsd)} of ${formatUsd(budget.allotmentUsd)} this month`,
      warn: budget !== undefined && budget.pace > 1,
    },
  ];
}

/** The fallback analysis as term and description: how many fell back, how many needlessly, and why. */
export function fallbackRows(report: LedgerReport): [string, string][] {
  const { fallbacks: analysis, totals } = report;
  const unnecessary = analysis.compared === 0 ? 'not measured yet (no background comparisons in this period)' : `${formatCount(analysis.unnecessary)} of ${formatCount(analysis.compared)} compared (${formatPercent(analysis.unnecessary / analysis.compared)}): the local answer would have passed`;
  return [
    ['Triggered', fellBackText(totals)],
    ['Unnecessary', unnecessary],
    ['Why', analysis.reasons.length === 0 ? 'no fallbacks' : analysis.reasons.slice(0, 5).map((entry) => `${entry.reason} (${formatCount(entry.count)})`).join(' · ')],
  ];
}

/** The y axis of a chart of counts (requests, tokens): whole steps only, from zero. */
export const COUNT_AXIS = { beginAtZero: true, ticks: { precision: 0 } } as const;

/** The spend chart's lines: what was spent and the all-cloud baseline, summed day by day, and no point for a day still to come. */
export function spendSeries(days: readonly DayRow[], now: Date): { labels: string[]; spent: (number | null)[]; baseline: (number | null)[] } {
  const today = dayKey(now.getTime());
  let spent = 0;
  let baseline = 0;
  const upToToday = <T>(day: DayRow, value: T): T | null => (day.day > today ? null : value);
  return {
    labels: days.map((day) => day.day.slice(5)),
    spent: days.map((day) => upToToday(day, (spent += day.costUsd))),
    baseline: days.map((day) => upToToday(day, (baseline += day.baselineUsd))),
  };
}

/** "1 past local task would have gone to the cloud, 2 cloud tasks would have stayed local" */
export function whatIfText(step: LedgerReport['whatIf']['steps'][number], current: number): string {
  if (step.threshold === current) return `${formatCount(step.threshold)} tokens (your setting): nothing moves.`;
  const observed = step.compared === 0 ? '' : `; local answers failed on ${formatPercent(step.comparedFailed / step.compared)} of the ${formatCount(step.compared)} compared`;
  return `${formatCount(step.threshold)} tokens: ${countOf(step.toCloud, 'past local task')} would have gone to the cloud, ${countOf(step.toLocal, 'cloud task')} would have stayed local${observed}.`;
}
