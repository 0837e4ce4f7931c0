import type { LedgerReport } from './ledgerReport';
import { intervalText } from './confidence';
import { fellBackText, requestsSpentText, savedText, spentText, tasksSentence } from './figureText';
import { countOf, formatCount, formatPercent, formatUsd } from './numbers';
import { periodDays } from './period';
import { trafficMarkdown, trafficTextLines } from './trafficText';

export const REPORT_FORMATS = ['text', 'md', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function formatReport(report: LedgerReport, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return reportText(report);
    case 'md':
      return reportMarkdown(report);
    case 'csv':
      return reportCsv(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

/** The reference layout: totals, a row per model, total, baseline, savings, then the fallback analysis. */
export function reportText(report: LedgerReport): string {
  const { totals, fallbacks } = report;
  const width = Math.max(32, ...report.models.map((model) => modelName(model).length + 2));
  const costWidth = Math.max(12, ...report.models.map((model) => requestsSpentText(model).length + 2));
  const row = (name: string, requests: string, latency: string, cost: string) => `${name.padEnd(width)}${requests.padStart(10)}${latency.padStart(14)}${cost.padStart(costWidth)}`;
  const lines = [
    'LLM Router — Routing Report',
    `Period: ${periodText(report)}`,
    `Total requests: ${formatCount(totals.requests)} · ${tasksSentence(totals)}`,
    '',
    row('Model', 'Requests', 'Avg latency', 'Est. cost'),
    ...report.models.map((model) => row(modelName(model), formatCount(model.requests), seconds(model.avgLatencyMs), requestsSpentText(model))),
    '-'.repeat(width + 24 + costWidth),
    row('Total', formatCount(totals.requests), '', spentText(totals)),
    row(`Baseline (all ${report.baselineModel})`, '', '', formatUsd(totals.baselineUsd)),
    row('Savings', '', '', `${formatUsd(totals.savedUsd)} (${formatPercent(totals.savedShare)})`),
    '  (the baseline counts the answers you kept; every attempt is in the total, failed ones included)',
    '',
    'Where the tasks came from',
    ...(report.traffic.surfaces.length === 0 ? ['  no tasks'] : trafficTextLines(report.traffic)),
    '',
    'Fallback analysis',
    `  Triggered:    ${fellBackText(totals)}`,
    `  Unnecessary:  ${unnecessaryText(report)}`,
    `  Top reasons:  ${fallbacks.reasons.length === 0 ? 'none' : fallbacks.reasons.slice(0, 3).map((entry) => `${entry.reason} (${formatCount(entry.count)})`).join(', ')}`,
  ];
  if (report.suggestions.length > 0) lines.push('', 'Suggestions', ...report.suggestions.map((suggestion) => `  • ${suggestion.title}: ${suggestion.detail}`));
  if (report.problems > 0) lines.push('', `${unreadableLines(report.problems)} (see the LLM Router log).`);
  return `${lines.join('\n')}\n`;
}

export function reportMarkdown(report: LedgerReport): string {
  const { totals, fallbacks } = report;
  const lines = [
    `# LLM Router — Routing Report`,
    '',
    `**Period:** ${periodText(report)}  `,
    `**Total requests:** ${formatCount(totals.requests)} · ${tasksSentence(totals)}`,
    '',
    '| Model | Where | Requests | Avg latency | p95 latency | Est. cost |',
    '|---|---|--:|--:|--:|--:|',
    ...report.models.map((model) => `| \`${model.model}\` | ${model.local ? 'local' : 'cloud'} | ${formatCount(model.requests)} | ${seconds(model.avgLatencyMs)} | ${seconds(model.p95LatencyMs)} | ${requestsSpentText(model)} |`),
    `| **Total** | | **${formatCount(totals.requests)}** | | | **${spentText(totals)}** |`,
    '',
    `- **Baseline** (all \`${report.baselineModel}\`): ${formatUsd(totals.baselineUsd)}`,
    `- **Savings:** ${savedText(totals)}: the baseline of the answers you kept, minus every attempt's cost`,
    '',
    '## Where the tasks came from',
    '',
    ...(report.traffic.surfaces.length === 0 ? ['No tasks.'] : trafficMarkdown(report.traffic)),
    '',
    '## Fallback analysis',
    '',
    `- Triggered: ${fellBackText(totals)}`,
    `- Unnecessary: ${unnecessaryText(report)}`,
    `- Top reasons: ${fallbacks.reasons.length === 0 ? 'none' : fallbacks.reasons.slice(0, 3).map((entry) => `${entry.reason} (${formatCount(entry.count)})`).join(', ')}`,
  ];
  const flagged = report.categories.filter((category) => category.flagged);
  if (flagged.length > 0) {
    lines.push('', '## Categories where local answers fall short', '', '| Category | Local tries | Failed | Rate (95% interval) |', '|---|--:|--:|--:|');
    for (const category of flagged) lines.push(`| ${category.category} | ${formatCount(category.localTries)} | ${formatCount(category.localFailures)} | ${formatPercent(category.failureRate)} (${intervalText(category.interval)}) |`);
  }
  if (report.suggestions.length > 0) lines.push('', '## Suggestions', '', ...report.suggestions.map((suggestion) => `- **${suggestion.title}.** ${suggestion.detail}`));
  if (report.problems > 0) lines.push('', `> ${unreadableLines(report.problems)}.`);
  return `${lines.join('\n')}\n`;
}

/** One table: a row per model, then total, baseline, savings and fallback rows, for spreadsheets. */
export function reportCsv(report: LedgerReport): string {
  const header = ['period', 'row', 'model', 'where', 'requests', 'answered', 'avg_latency_ms', 'p95_latency_ms', 'input_tokens', 'output_tokens', 'cost_usd'];
  const period = report.period.label;
  const rows: (string | number)[][] = report.models.map((model) => [
    period,
    'model',
    model.model,
    model.local ? 'local' : 'cloud',
    model.requests,
    model.answered,
    Math.round(model.avgLatencyMs),
    Math.round(model.p95LatencyMs),
    model.inputTokens,
    model.outputTokens,
    // Empty when none of the model's spending had a price: unknown, not $0.
    model.costUnknownRequests > 0 && model.costUsd === 0 ? '' : model.costUsd.toFixed(6),
  ]);
  const { totals, fallbacks } = report;
  rows.push([period, 'total', '', '', totals.requests, totals.answered, '', '', '', '', totals.costUsd.toFixed(6)]);
  if (totals.costUnknownTasks > 0) rows.push([period, 'tasks_at_unknown_cost', '', '', totals.costUnknownTasks, '', '', '', '', '', '']);
  rows.push([period, 'baseline', report.baselineModel, 'cloud', '', '', '', '', '', '', totals.baselineUsd.toFixed(6)]);
  rows.push([period, 'savings', '', '', '', '', '', '', '', '', totals.savedUsd.toFixed(6)]);
  rows.push([period, 'fallbacks_triggered', '', '', totals.fellBack, '', '', '', '', '', '']);
  rows.push([period, 'fallbacks_unnecessary', '', '', fallbacks.unnecessary, fallbacks.compared, '', '', '', '', '']);
  for (const reason of fallbacks.reasons) rows.push([period, 'fallback_reason', reason.reason, '', reason.count, '', '', '', '', '', '']);
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/** "Not counted: 1 ledger line that could not be read" */
export function unreadableLines(count: number): string {
  return `Not counted: ${countOf(count, 'ledger line')} that could not be read`;
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function unnecessaryText(report: LedgerReport): string {
  const { unnecessary, compared } = report.fallbacks;
  if (compared === 0) return 'not measured (no background local comparisons in this period; see llmRouter.shadow.sampleRate)';
  return `${formatCount(unnecessary)} of ${formatCount(compared)} compared (${formatPercent(unnecessary / compared)}: the local answer would have passed)`;
}

function periodText(report: LedgerReport): string {
  const { span } = periodDays(report.period);
  return span === report.period.label ? span : `${span} (${report.period.label})`;
}

function modelName(model: { model: string; local: boolean }): string {
  return model.local ? `${model.model} (local)` : model.model;
}



function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
