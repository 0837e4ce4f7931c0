import * as vscode from 'vscode';
import type { TaskRecord } from '../core/engine/taskRecord';
import { isPanelMessage, type HostMessage, type PanelMessage, type PanelState, type PeriodChoice, type RenderedSummary } from '../core/panel/panelMessages';
import { recentDecision } from '../core/panel/recentDecisions';
import { budgetStatus } from '../core/policy/budget';
import { factsOf } from '../core/ledger/taskFacts';
import type { LedgerReport, TalliedPeriod } from '../core/reports/ledgerReport';
import { periodOfChoice, type Period } from '../core/reports/period';
import { Commands } from './ids';
import type { LedgerService } from './ledgerService';
import type { ReportService } from './reportService';
import type { SettingsStore } from './settings';

const VIEW_TYPE = 'llmRouter.savings';
const RECENT_ROWS = 50;
/** Records arriving in a burst (a batch run) refresh the panel once. */
const REFRESH_DELAY_MS = 400;

export interface SavingsPanelDependencies {
  readonly extensionUri: vscode.Uri;
  readonly ledger: LedgerService;
  readonly reports: ReportService;
  readonly settings: SettingsStore;
  readonly log: vscode.LogOutputChannel;
}

/**
 * The savings panel: KPIs, charts, fallbacks, categories, what-if and recent decisions from the
 * ledger. One panel at a time; it follows new records while open.
 */
export class SavingsPanel implements vscode.Disposable {
  private static current: SavingsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private period: PeriodChoice = { kind: 'week' };
  private ready = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The shown period's tally. A new record is added to it; anything else (an editor outcome, a
   * setting, another period, a new day) reads the ledger again.
   */
  private live: { period: Period; tallied: TalliedPeriod } | undefined;
  /** Reads of the ledger under way: a record arriving then may or may not be in what is read. */
  private reading = 0;
  /** Counts reads started, so that a slow earlier read never replaces a later one. */
  private readsStarted = 0;
  private rereadNeeded = false;
  /** The report the panel shows now. */
  private shown: LedgerReport | undefined;
  private renderedListeners: { resolve: (summary: RenderedSummary) => void; reject: (error: Error) => void }[] = [];

  static show(deps: SavingsPanelDependencies): SavingsPanel {
    if (SavingsPanel.current !== undefined) {
      SavingsPanel.current.panel.reveal();
      return SavingsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'LLM Router: Savings', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'media')],
    });
    SavingsPanel.current = new SavingsPanel(panel, deps);
    return SavingsPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: SavingsPanelDependencies,
  ) {
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      deps.ledger.onDidChange((record) => (record === undefined ? this.scheduleRefresh({ reread: true }) : this.recordArrived(record))),
      deps.settings.onDidChange(() => this.scheduleRefresh({ reread: true })),
    );
  }

  /** Resolves with what the panel reports after its next render. */
  nextRender(): Promise<RenderedSummary> {
    return new Promise((resolve, reject) => this.renderedListeners.push({ resolve, reject }));
  }

  private async receive(message: unknown): Promise<void> {
    if (!isPanelMessage(message)) return;
    const typed: PanelMessage = message;
    switch (typed.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        return;
      case 'period':
        this.period = typed.period;
        this.rereadNeeded = true;
        await this.refresh();
        return;
      case 'applySuggestion':
        await this.applySuggestion(typed.index);
        return;
      case 'export':
        await vscode.commands.executeCommand(Commands.exportReport);
        return;
      case 'rendered': {
        const listeners = this.renderedListeners;
        this.renderedListeners = [];
        for (const listener of listeners) listener.resolve(typed.summary);
        return;
      }
      case 'failed': {
        this.deps.log.error(`savings panel: ${typed.message}`);
        const listeners = this.renderedListeners;
        this.renderedListeners = [];
        for (const listener of listeners) listener.reject(new Error(typed.message));
        return;
      }
    }
  }

  private recordArrived(record: TaskRecord): void {
    if (this.live === undefined || this.reading > 0) {
      this.scheduleRefresh({ reread: true });
      return;
    }
    const at = Date.parse(record.startedAt);
    if (at >= this.live.period.from.getTime() && at < this.live.period.to.getTime()) this.live.tallied.builder.add(factsOf(record));
    this.scheduleRefresh({ reread: false });
  }

  private scheduleRefresh({ reread }: { reread: boolean }): void {
    if (reread) this.rereadNeeded = true;
    if (!this.ready) return;
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const period = periodOfChoice(this.period, new Date());
    if (period === undefined) {
      await this.post({ type: 'error', message: 'Choose a start date on or before the end date.' });
      return;
    }
    try {
      const started = performance.now();
      const [live, recent] = await Promise.all([this.tallied(period), this.deps.ledger.ledger.recent(RECENT_ROWS)]);
      const report = live.tallied.builder.build(live.tallied.problems);
      await this.deps.ledger.ready();
      const now = new Date();
      const budget = budgetStatus(this.deps.settings.current.routing.budget, this.deps.ledger.tally.monthCostUsd(now), now);
      const state: PanelState = {
        period: this.period,
        report,
        recent: recent.filter((record) => Date.parse(record.startedAt) >= period.from.getTime() && Date.parse(record.startedAt) < period.to.getTime()).map(recentDecision),
        ...(budget === undefined ? {} : { budget }),
        buildMs: Math.round(performance.now() - started),
      };
      this.shown = report;
      await this.post({ type: 'state', state });
    } catch (error) {
      this.live = undefined;
      this.deps.log.error(`savings panel: ${(error as Error).message}`);
      await this.post({ type: 'error', message: `The ledger could not be read: ${(error as Error).message}` });
    }
  }

  /** The period's tally: the one kept up to date since the ledger was last read, or read again. */
  private async tallied(period: Period): Promise<{ period: Period; tallied: TalliedPeriod }> {
    const kept = this.live;
    if (kept !== undefined && !this.rereadNeeded && kept.period.from.getTime() === period.from.getTime() && kept.period.to.getTime() === period.to.getTime()) return kept;
    this.rereadNeeded = false;
    this.reading++;
    const read = ++this.readsStarted;
    try {
      const live = { period, tallied: await this.deps.reports.tally(period) };
      if (read === this.readsStarted) this.live = live;
      return live;
    } finally {
      this.reading--;
    }
  }

  private async applySuggestion(index: number): Promise<void> {
    // The suggestion the user clicked is the one the panel showed, not a freshly computed list.
    const suggestion = this.shown?.suggestions[index];
    if (suggestion === undefined) return;
    const choice = await vscode.window.showInformationMessage(`LLM Router: ${suggestion.title}?`, { modal: true, detail: `${suggestion.detail}\n\nThis sets ${suggestion.setting.key} in your user settings.` }, 'Apply');
    if (choice !== 'Apply') return;
    const [section, ...rest] = suggestion.setting.key.split('.');
    await vscode.workspace.getConfiguration(section).update(rest.join('.'), suggestion.setting.value, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(`LLM Router: ${suggestion.title} — done. Undo it in Settings (${suggestion.setting.key}).`);
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'media', file));
    const nonce = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(18)), (byte) => byte.toString(16).padStart(2, '0')).join('');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('codicon.css').toString()}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${media('panel.css').toString()}">
<title>LLM Router: Savings</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Reading the ledger…</p></main>
<script nonce="${nonce}" src="${media('panel.js').toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (SavingsPanel.current === this) SavingsPanel.current = undefined;
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
