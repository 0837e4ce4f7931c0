import * as vscode from 'vscode';
import type { TaskRecord } from '../core/engine/taskRecord';
import { fileFor, Ledger, type OutcomeEvent, type ShadowResult } from '../core/ledger/ledger';
import { factsOf } from '../core/ledger/taskFacts';
import { UsageTally } from '../core/ledger/usageTally';
import { AdaptiveRouting, DEFAULT_ADAPTIVE_SETTINGS } from '../core/policy/adaptive';
import { monthPeriod } from '../core/reports/period';
import { NodeLedgerFiles } from '../node/nodeLedgerFiles';
import { PERSONAL_ROUTING_FILE, PersonalRoutingFile } from '../node/personalRoutingFile';
import type { SettingsStore } from './settings';

/** Appends from another process (`llm-router batch --record`) are read this long after the last one. */
const CATCH_UP_DELAY_MS = 500;

/**
 * The ledger in the extension's global storage, and this month's tally kept in step with it:
 * with this window's tasks as they are recorded, and with tasks another process (another window,
 * `llm-router batch --record`) appends, read when the file changes.
 */
export class LedgerService implements vscode.Disposable {
  readonly tally = new UsageTally();
  readonly ledger: Ledger;
  /** The folder of the ledger files. */
  readonly folder: string;
  /** Adaptive routing: this user's personal correction, learned from this window's results and stored beside the ledger. */
  readonly adaptive: AdaptiveRouting;
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<TaskRecord | undefined>();
  /** Fires with each new record of this window, and with undefined once the month has been read, an outcome arrives or another process added tasks. */
  readonly onDidChange = this.changed.event;
  /** Per ledger file, the offset up to which its tasks are in the tally. */
  private readonly readUpTo = new Map<string, number>();
  /** Tasks this window recorded that no read of the file has passed yet: a read skips them, they are counted already. */
  private readonly recordedUnread = new Set<string>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private learnedWatcher: vscode.FileSystemWatcher | undefined;
  private catchUpTimer: ReturnType<typeof setTimeout> | undefined;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(
    storage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings?: SettingsStore,
  ) {
    this.folder = vscode.Uri.joinPath(storage, 'ledger').fsPath;
    this.adaptive = new AdaptiveRouting(() => settings?.current.adaptive ?? DEFAULT_ADAPTIVE_SETTINGS, new PersonalRoutingFile(this.folder));
    this.ledger = new Ledger(new NodeLedgerFiles(this.folder), {
      keepPrompts: () => settings?.current.ledger.keepPrompts === true,
      onProblem: (problem) => log.warn(`ledger: ${problem.file} line ${problem.line}: ${problem.reason}`),
    });
  }

  /** Reads this month's facts once; later calls wait for the same read. */
  ready(): Promise<void> {
    this.loading ??= (async () => {
      // Watched from the first read on, not from activation: before it, that read sees everything.
      this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.folder), 'ledger-*.jsonl'));
      this.watcher.onDidChange(() => this.scheduleCatchUp());
      this.watcher.onDidCreate(() => this.scheduleCatchUp());
      // What another window learned, or its reset, reaches this one.
      this.learnedWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.folder), PERSONAL_ROUTING_FILE));
      this.learnedWatcher.onDidChange(() => void this.loadLearned());
      this.learnedWatcher.onDidCreate(() => void this.loadLearned());
      const now = new Date();
      const month = monthPeriod(now);
      // The outcomes first: an answer undone or rejected adds nothing to what the meter shows as saved.
      const labels = await this.ledger.labels(month.from, month.to);
      this.tally.begin(now, labels.outcomes);
      await this.readAppended(fileFor(now));
      await this.loadLearned();
      this.changed.fire(undefined);
    })();
    return this.loading;
  }

  async record(record: TaskRecord): Promise<void> {
    await this.ready();
    const facts = factsOf(record);
    this.tally.add(facts);
    if (this.adaptive.observeTask(record, this.settings?.current.maxLocalTokens ?? 0)) this.saveLearned();
    this.recordedUnread.add(record.id);
    this.changed.fire(record);
    await this.ledger.write(record);
  }

  /** Tasks of the file past what has been read, other than this window's own; how many there were. */
  private async readAppended(file: string): Promise<number> {
    let added = 0;
    const end = await this.ledger.scanAppended(file, this.readUpTo.get(file) ?? 0, (facts) => {
      if (this.recordedUnread.delete(facts.id)) return;
      this.tally.add(facts);
      added++;
    });
    this.readUpTo.set(file, end);
    return added;
  }

  private scheduleCatchUp(): void {
    if (this.catchUpTimer !== undefined) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = setTimeout(() => {
      this.catchingUp = this.catchingUp.then(() => this.catchUp());
    }, CATCH_UP_DELAY_MS);
  }

  private async catchUp(): Promise<void> {
    try {
      await this.ready();
      const added = await this.readAppended(fileFor(new Date()));
      if (added > 0) {
        this.log.info(`ledger: ${added} task${added === 1 ? '' : 's'} recorded by another process`);
        this.changed.fire(undefined);
      }
    } catch (error) {
      this.log.warn(`ledger: could not read what another process appended: ${(error as Error).message}`);
    }
  }

  async recordOutcome(event: OutcomeEvent): Promise<void> {
    if (this.adaptive.observeOutcome(event.taskId, event.outcome)) this.saveLearned();
    this.tally.outcome(event.taskId, event.outcome);
    await this.ledger.writeOutcome(event);
    this.changed.fire(undefined);
  }

  async recordShadow(result: ShadowResult): Promise<void> {
    if (this.adaptive.observeShadow(result)) this.saveLearned();
    await this.ledger.writeShadow(result);
    this.changed.fire(undefined);
  }

  private loadLearned(): Promise<void> {
    return this.adaptive.load().catch((error: Error) => this.log.warn(`adaptive routing: could not read what was learned: ${error.message}`));
  }

  private saveLearned(): void {
    this.adaptive.save().catch((error: Error) => this.log.warn(`adaptive routing: could not store what was learned: ${error.message}`));
  }

  dispose(): void {
    if (this.catchUpTimer !== undefined) clearTimeout(this.catchUpTimer);
    this.watcher?.dispose();
    this.learnedWatcher?.dispose();
    this.changed.dispose();
  }
}
