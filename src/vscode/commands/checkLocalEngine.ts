import * as vscode from 'vscode';
import type { LocalEngineState } from '../../core/ollama/localEngineProbe';
import { Commands } from '../ids';
import { describe, type LocalEngineStatus } from '../localEngineStatus';

/** Probes Ollama now and tells the user what it found, with the next step when something is off. */
export async function checkLocalEngine(status: LocalEngineStatus): Promise<LocalEngineState> {
  const state = await status.refresh();
  const message = `LLM Router: ${describe(state)}.`;
  if (state.kind === 'ready') {
    void vscode.window.showInformationMessage(message);
  } else if (state.kind === 'model-missing') {
    void vscode.window.showWarningMessage(message, 'Pull Model').then((choice) => {
      if (choice === 'Pull Model') void vscode.commands.executeCommand(Commands.pullModel);
    });
  } else {
    void vscode.window.showWarningMessage(message, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'llmRouter.ollama.host');
    });
  }
  return state;
}
