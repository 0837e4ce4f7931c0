import * as vscode from 'vscode';
import type { LedgerService } from '../ledgerService';

export interface ResetPersonalRoutingArgs {
  /** Skips the confirmation; used by tests. */
  readonly confirmed?: boolean;
}

/** Forgets what adaptive routing learned from this user's results, in every window; returns how many results were forgotten. */
export async function resetPersonalRouting(ledger: LedgerService, log: vscode.LogOutputChannel, args?: ResetPersonalRoutingArgs): Promise<number | undefined> {
  if (args?.confirmed !== true) {
    const choice = await vscode.window.showWarningMessage(
      'Forget what adaptive routing learned from your results? Routing then follows the classifier alone until it learns again.',
      { modal: true },
      'Reset',
    );
    if (choice !== 'Reset') return undefined;
  }
  await ledger.ready();
  try {
    const forgotten = await ledger.adaptive.reset(Date.now());
    log.info(`adaptive routing: reset; ${forgotten} result${forgotten === 1 ? '' : 's'} forgotten`);
    void vscode.window.showInformationMessage(`LLM Router: personal routing reset (${forgotten} result${forgotten === 1 ? '' : 's'} forgotten).`);
    return forgotten;
  } catch (error) {
    log.error(`adaptive routing: could not store the reset: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`LLM Router: personal routing was reset in this window, but the reset could not be stored: ${(error as Error).message}`);
    return undefined;
  }
}
