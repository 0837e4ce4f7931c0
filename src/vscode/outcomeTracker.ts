import * as vscode from 'vscode';
import type { EditorOutcome } from '../core/ledger/ledger';
import type { LedgerService } from './ledgerService';
import type { SettingsStore } from './settings';

interface Applied {
  readonly taskId: string;
  readonly document: vscode.TextDocument;
  /** The whole document before the edit: an undo that restores it undoes the answer. */
  readonly textBefore: string;
  readonly until: number;
}

/**
 * Joins what the user did with an answer to its ledger record: accepted, rejected, undone within
 * llmRouter.outcomes.undoWindowSeconds, or re-asked. These are the labels the router learns from.
 */
export class OutcomeTracker implements vscode.Disposable {
  private readonly applied: Applied[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly ledger: LedgerService,
    private readonly settings: SettingsStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.reason !== vscode.TextDocumentChangeReason.Undo) return;
      this.expire();
      const index = this.applied.findIndex((entry) => entry.document === event.document && entry.textBefore === event.document.getText());
      if (index === -1) return;
      const [undone] = this.applied.splice(index, 1);
      if (undone !== undefined) this.record(undone.taskId, 'undone');
    });
  }

  /** An answer was applied to `document`, whose text was `textBefore`. */
  accepted(taskId: string, document: vscode.TextDocument, textBefore: string): void {
    this.record(taskId, 'accepted');
    this.applied.push({ taskId, document, textBefore, until: Date.now() + this.settings.current.ledger.undoWindowSeconds * 1000 });
  }

  rejected(taskId: string): void {
    this.record(taskId, 'rejected');
  }

  /** The user asked again for the same document within the window: the last answer there did not do. */
  askingAgain(document: vscode.TextDocument): void {
    this.expire();
    const index = this.applied.map((entry) => entry.document).lastIndexOf(document);
    if (index === -1) return;
    const [last] = this.applied.splice(index, 1);
    if (last !== undefined) this.record(last.taskId, 're-asked');
  }

  reAsked(taskId: string): void {
    this.record(taskId, 're-asked');
  }

  private expire(): void {
    const now = Date.now();
    for (let index = this.applied.length - 1; index >= 0; index--) if ((this.applied[index]?.until ?? 0) < now) this.applied.splice(index, 1);
  }

  private record(taskId: string, outcome: EditorOutcome): void {
    this.log.info(`task ${taskId}: ${outcome}`);
    this.ledger.recordOutcome({ taskId, at: new Date().toISOString(), outcome }).catch((error: Error) => this.log.error(`ledger: could not record the outcome of ${taskId}: ${error.message}`));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
