import * as vscode from 'vscode';
import type { TaskRecord } from '../core/engine/taskRecord';
import { Ledger } from '../core/ledger/ledger';
import { UsageTally } from '../core/ledger/usageTally';
import { NodeLedgerFiles } from '../node/nodeLedgerFiles';

/** The ledger in the extension's global storage, and this month's tally kept in step with it. */
export class LedgerService implements vscode.Disposable {
  readonly tally = new UsageTally();
  private readonly ledger: Ledger;
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<TaskRecord | undefined>();
  /** Fires with each new record, and with undefined once the month has been read. */
  readonly onDidChange = this.changed.event;

  constructor(storage: vscode.Uri, log: vscode.LogOutputChannel) {
    this.ledger = new Ledger(new NodeLedgerFiles(vscode.Uri.joinPath(storage, 'ledger').fsPath), (problem) =>
      log.warn(`ledger: ${problem.file} line ${problem.line}: ${problem.reason}`),
    );
  }

  /** Reads this month's records once; later calls wait for the same read. */
  ready(): Promise<void> {
    this.loading ??= this.ledger.readMonth(new Date()).then(({ records }) => {
      this.tally.load(records, new Date());
      this.changed.fire(undefined);
    });
    return this.loading;
  }

  async record(record: TaskRecord): Promise<void> {
    await this.ready();
    this.tally.add(record);
    this.changed.fire(record);
    await this.ledger.write(record);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
