import * as vscode from 'vscode';
import type { TaskResult } from '../../core/engine/runPlan';
import { formatSpent } from '../../core/reports/numbers';
import { placeLabel } from '../../core/security/locality';
import { editorTask } from '../editorTask';
import type { EngineHost } from '../engineHost';
import { Commands } from '../ids';
import type { PreviewDocuments } from '../previewDocuments';
import { planAsking } from '../uploadConsent';

export interface ExplainSelectionArgs {
  /** The question; skips the input box. */
  readonly question?: string;
}

const DEFAULT_QUESTION = 'Explain what this code does, step by step, and anything surprising in it.';

/** Explains the selection (or answers a question about it) through the router, in a markdown preview. */
export async function explainSelection(engines: EngineHost, previews: PreviewDocuments, args: ExplainSelectionArgs = {}): Promise<TaskResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.selection.isEmpty) {
    void vscode.window.showWarningMessage('LLM Router: select the code to explain first.');
    return undefined;
  }
  const question =
    args.question ??
    (await vscode.window.showInputBox({ title: 'LLM Router: Explain Selection', prompt: 'Ask about the selected code, or press Enter for a general explanation.', placeHolder: DEFAULT_QUESTION, ignoreFocusOut: true }));
  if (question === undefined) return undefined;
  const task = editorTask(editor.document, editor.selection, question.trim() === '' ? DEFAULT_QUESTION : question);
  const { instruction } = task;
  const engine = await engines.get();
  const plan = await planAsking(engine, task);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'LLM Router: explaining', cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await engine.run(task, { plan, answerKind: 'answer', signal: controller.signal, observer: { onAttempt: (target) => progress.report({ message: `asking ${target.id} (${target.model})…` }) } });
    } finally {
      subscription.dispose();
    }
  });
  if (result.answer === undefined) {
    if (result.record.outcome !== 'cancelled') {
      void vscode.window.showErrorMessage(`LLM Router: no explanation. ${result.record.failure ?? ''}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') void vscode.commands.executeCommand(Commands.showLog);
      });
    }
    return result;
  }
  const { record, answer } = result;
  const badge = `*${answer.target.model} · ${placeLabel(answer.target)} · ${(record.latencyMs / 1000).toFixed(1)} s · ${formatSpent(record)}*`;
  const uri = previews.create('explanation.md', `# ${instruction}\n\n${answer.text}\n\n---\n${badge}\n`);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  return result;
}
