import * as vscode from 'vscode';
import { budgetStatus } from '../core/policy/budget';
import { formatCompact, formatUsd } from '../core/reports/numbers';
import { type RunSummary } from '../core/reports/runSummary';
import { Commands, STATUS_BAR_METER_ID } from './ids';
import type { LedgerService } from './ledgerService';
import type { SettingsStore } from './settings';

/** The status bar meter: today's cloud tokens and what routing saved, updated as tasks finish. */
export class TokenMeter implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_METER_ID, vscode.StatusBarAlignment.Right, 99);
  private readonly disposables: vscode.Disposable[] = [];
  private midnight: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ledger: LedgerService,
    private readonly settings: SettingsStore,
  ) {
    this.item.name = 'LLM Router: Token Meter';
    this.item.command = Commands.showSavings;
    this.disposables.push(this.item, ledger.onDidChange(() => this.render()), settings.onDidChange(() => this.render()));
  }

  /** Reads the month after start-up, then renders; never during activation. */
  start(): void {
    void this.ledger.ready().then(() => this.render());
  }

  render(): void {
    const now = new Date();
    const figures = this.ledger.tally.figures(now);
    const budget = budgetStatus(this.settings.current.routing.budget, figures.monthCostUsd, now);
    this.item.text = `$(pulse) ${formatCompact(figures.cloudTokensToday)} cloud · saved ${formatUsd(figures.savedTodayUsd)}`;
    this.item.backgroundColor =
      budget?.capped === true ? new vscode.ThemeColor('statusBarItem.errorBackground') : budget !== undefined && budget.pace > 1 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**LLM Router** · today ${formatCompact(figures.cloudTokensToday)} cloud tokens, ${formatCompact(figures.localTokensToday)} handled locally\n\n`);
    if (budget !== undefined) {
      tooltip.appendMarkdown(`Budget: ${formatUsd(budget.spentUsd)} of ${formatUsd(budget.allotmentUsd)} this month · pace ${budget.pace.toFixed(2)}×${budget.capped ? ' · **cap reached: cloud only for /cloud**' : ''}\n\n`);
    }
    tooltip.appendMarkdown(`${table('Today', figures.today)}\n\n${table('This month', figures.month)}\n\n$(graph) Click for the savings panel.`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `LLM Router: ${figures.cloudTokensToday} cloud tokens today, saved ${formatUsd(figures.savedTodayUsd)}` };
    this.item.show();
    this.scheduleMidnight(now);
  }

  /** Today's figures restart at midnight (UTC, as the ledger's dates). */
  private scheduleMidnight(now: Date): void {
    if (this.midnight !== undefined) clearTimeout(this.midnight);
    const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    this.midnight = setTimeout(() => this.render(), next - now.getTime() + 1000);
  }

  dispose(): void {
    if (this.midnight !== undefined) clearTimeout(this.midnight);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function table(title: string, summary: RunSummary): string {
  if (summary.targets.length === 0) return `**${title}**: no routed tasks yet.`;
  const rows = summary.targets.map((target) => `| ${target.model} | ${target.local ? 'local' : 'cloud'} | ${target.requests} | ${formatCompact(target.inputTokens + target.outputTokens)} | ${formatUsd(target.costUsd)} |`);
  return [
    `**${title}**: ${summary.tasks} tasks, ${summary.answeredLocally} answered locally, spent ${formatUsd(summary.costUsd)}, saved ${formatUsd(summary.savedUsd)}`,
    '',
    '| Model | Where | Requests | Tokens | Cost |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
