import * as vscode from 'vscode';
import type { TaskRecord } from '../core/engine/taskRecord';
import { Ledger, type OutcomeEvent, type ShadowResult } from '../core/ledger/ledger';
import { factsOf } from '../core/ledger/taskFacts';
import { UsageTally } from '../core/ledger/usageTally';
import { AdaptiveRouting, DEFAULT_ADAPTIVE_SETTINGS } from '../core/policy/adaptive';
import { monthPeriod } from '../core/reports/period';
import { NodeLedgerFiles } from '../node/nodeLedgerFiles';
import type { SettingsStore } from './settings';

/** The ledger in the extension's global storage, and this month's tally kept in step with it. */
export class LedgerService implements vscode.Disposable {
  readonly tally = new UsageTally();
  readonly ledger: Ledger;
  /** The folder of the ledger files. */
  readonly folder: string;
  /** Each category's recent local results, for adaptive routing. */
  readonly adaptive: AdaptiveRouting;
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<TaskRecord | undefined>();
  /** Fires with each new record, and with undefined once the month has been read or an outcome arrives. */
  readonly onDidChange = this.changed.event;

  constructor(storage: vscode.Uri, log: vscode.LogOutputChannel, settings?: SettingsStore) {
    this.adaptive = new AdaptiveRouting(() => settings?.current.adaptive ?? DEFAULT_ADAPTIVE_SETTINGS);
    this.folder = vscode.Uri.joinPath(storage, 'ledger').fsPath;
    this.ledger = new Ledger(new NodeLedgerFiles(this.folder), {
      keepPrompts: () => settings?.current.ledger.keepPrompts === true,
      onProblem: (problem) => log.warn(`ledger: ${problem.file} line ${problem.line}: ${problem.reason}`),
    });
  }

  /** Reads this month's facts once; later calls wait for the same read. */
  ready(): Promise<void> {
    this.loading ??= (async () => {
      const month = monthPeriod(new Date());
      this.tally.begin(new Date());
      const [labels] = await Promise.all([
        this.ledger.labels(month.from, month.to),
        this.ledger.scan(month.from, month.to, (facts) => {
          this.tally.add(facts);
          this.adaptive.observeTask(facts);
        }),
      ]);
      for (const [taskId, outcome] of labels.outcomes) this.adaptive.observeOutcome(taskId, outcome);
      for (const shadow of labels.shadows.values()) this.adaptive.observeShadow(shadow);
      this.changed.fire(undefined);
    })();
    return this.loading;
  }

  async record(record: TaskRecord): Promise<void> {
    await this.ready();
    const facts = factsOf(record);
    this.tally.add(facts);
    this.adaptive.observeTask(facts);
    this.changed.fire(record);
    await this.ledger.write(record);
  }

  async recordOutcome(event: OutcomeEvent): Promise<void> {
    this.adaptive.observeOutcome(event.taskId, event.outcome);
    await this.ledger.writeOutcome(event);
    this.changed.fire(undefined);
  }

  async recordShadow(result: ShadowResult): Promise<void> {
    this.adaptive.observeShadow(result);
    await this.ledger.writeShadow(result);
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
