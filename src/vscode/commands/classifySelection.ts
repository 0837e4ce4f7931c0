import * as vscode from 'vscode';
import type { Decision, Task } from '../../core/task';
import type { TaskClassifier } from '../taskClassifier';

export interface ClassifySelectionArgs {
  /** Skips the input box; used by other commands and by tests. */
  readonly instruction?: string;
}

/**
 * Classifies the active editor's selection (or the instruction alone when nothing is selected)
 * and shows the decision with its reasons. No model is called.
 */
export async function classifySelection(classifier: TaskClassifier, log: vscode.LogOutputChannel, args?: ClassifySelectionArgs): Promise<Decision | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    void vscode.window.showWarningMessage('LLM Router: open a file and select the code you want classified.');
    return undefined;
  }
  const instruction = args?.instruction ?? (await askForInstruction());
  if (instruction === undefined || instruction.trim() === '') return undefined;

  const task: Task = {
    instruction: instruction.trim(),
    code: editor.document.getText(editor.selection),
    language: editor.document.languageId,
    path: vscode.workspace.asRelativePath(editor.document.uri, false),
  };
  const decision = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'LLM Router: classifying' },
    () => classifier.classify(task),
  );
  log.info(
    `classify "${excerpt(task.instruction)}" (${task.language}, ${decision.promptTokens} tokens) → ${decision.route} · ${decision.category} · score ${decision.score}\n  ${decision.reasons.join('\n  ')}`,
  );
  void showDecision(decision, task.code === '', log);
  return decision;
}

async function askForInstruction(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'LLM Router: Classify Selection',
    prompt: 'What should be done with the selected code? Nothing is sent to any model.',
    placeHolder: 'e.g. Add type hints · Why does this hang under load?',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Describe the task in a few words.' : undefined),
  });
}

async function showDecision(decision: Decision, noSelection: boolean, log: vscode.LogOutputChannel): Promise<void> {
  const where = decision.route === 'local' ? 'Local model' : 'Cloud (Claude)';
  const note = noSelection ? ' (no code selected: the instruction alone was classified)' : '';
  const choice = await vscode.window.showInformationMessage(
    `${where} · ${decision.category} · score ${decision.score.toFixed(2)} · ${decision.promptTokens.toLocaleString('en-US')} tokens${note}. ${decision.reasons[0] ?? ''}`,
    'Show All Reasons',
  );
  if (choice === 'Show All Reasons') log.show(true);
}

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
