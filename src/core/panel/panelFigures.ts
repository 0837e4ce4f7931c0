import { answeredLocallyText, fellBackText, savedShareText } from '../reports/figureText';
import { countOf, formatCompact, formatCount, formatPercent, formatUsd } from '../reports/numbers';
import type { LedgerReport } from '../reports/ledgerReport';
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
    { label: 'Spend', value: formatUsd(totals.costUsd), detail: 'every attempt, failed ones included', warn: false },
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
