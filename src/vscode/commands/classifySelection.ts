import * as vscode from 'vscode';
import { scoreText } from '../../core/policy/adaptive';
import { planHeadline } from '../../core/policy/planHeadline';
import type { Plan } from '../../core/policy/planRoute';
import { editorTask } from '../editorTask';
import type { EngineHost } from '../engineHost';
import { formatCount } from '../../core/reports/numbers';

export interface ClassifySelectionArgs {
  /** Skips the input box; used by other commands and by tests. */
  readonly instruction?: string;
}

/**
 * Classifies the active editor's selection (or the instruction alone when nothing is selected)
 * and shows the decision, the chain of models it would go to, and the reasons. No model is called.
 */
export async function classifySelection(engines: EngineHost, log: vscode.LogOutputChannel, args?: ClassifySelectionArgs): Promise<Plan | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    void vscode.window.showWarningMessage('LLM Router: open a file and select the code you want classified.');
    return undefined;
  }
  const instruction = args?.instruction ?? (await askForInstruction());
  if (instruction === undefined || instruction.trim() === '') return undefined;

  const task = editorTask(editor.document, editor.selection, instruction, { withDiagnostics: true });
  // The engine's plan, as Route this refactor and the chat use: the budget and privacy apply alike.
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'LLM Router: classifying' }, async () => (await engines.get()).plan(task));
  const { decision } = plan;
  log.info(
    `classify "${excerpt(task.instruction)}" (${task.language}, ${decision.promptTokens} tokens) → ${decision.route} · ${decision.category} · ${scoreText(decision)} · chain ${chainText(plan)}\n  ${[...decision.reasons, ...plan.notes].join('\n  ')}`,
  );
  void showPlan(plan, task.code === '', log);
  return plan;
}

function chainText(plan: Plan): string {
  return plan.chain.map((target) => `${target.id} (${target.model})`).join(' → ') || 'none';
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

async function showPlan(plan: Plan, noSelection: boolean, log: vscode.LogOutputChannel): Promise<void> {
  const { decision } = plan;
  const where = plan.route === 'local' ? 'Local model' : 'Cloud (Claude)';
  const note = noSelection ? ' (no code selected: the instruction alone was classified)' : '';
  const choice = await vscode.window.showInformationMessage(
    `${where} · ${decision.category} · ${scoreText(decision)} · ${formatCount(decision.promptTokens)} tokens · ${chainText(plan)}${note}. ${planHeadline(plan)}`,
    'Show All Reasons',
  );
  if (choice === 'Show All Reasons') log.show(true);
}

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
