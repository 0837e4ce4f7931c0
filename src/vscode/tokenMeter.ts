import * as vscode from 'vscode';
import { budgetStatus } from '../core/policy/budget';
import { meterLabel, meterText, meterTooltip } from '../core/reports/figureText';
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
    this.item.text = meterText(figures);
    this.item.backgroundColor =
      budget?.capped === true ? new vscode.ThemeColor('statusBarItem.errorBackground') : budget !== undefined && budget.pace > 1 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = new vscode.MarkdownString(meterTooltip(figures, budget), true);
    this.item.accessibilityInformation = { label: meterLabel(figures) };
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
