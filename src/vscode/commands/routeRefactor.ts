import * as vscode from 'vscode';
import type { TaskResult } from '../../core/engine/runPlan';
import type { AttemptRecord } from '../../core/engine/taskRecord';
import type { Plan } from '../../core/policy/planRoute';
import { describeBeforeSpending } from '../../core/pricing/beforeSpending';
import { savedByTask } from '../../core/reports/figures';
import { formatCount, formatSaving, formatSpent } from '../../core/reports/numbers';
import { ROUTE_REFACTOR_INPUT } from '../inputTexts';
import type { EditorChecks } from '../editorGates';
import { editorTask } from '../editorTask';
import type { EngineHost } from '../engineHost';
import { Commands } from '../ids';
import type { OutcomeTracker } from '../outcomeTracker';
import type { PreviewDocuments } from '../previewDocuments';
import type { RecentInstructions } from '../recentInstructions';
import type { SettingsStore } from '../settings';
import { planAsking } from '../uploadConsent';

/** Selections above this size are refused before anything is sent: no model's context holds them. */
const MAX_SELECTION_CHARS = 400_000;

export interface RouteRefactorArgs {
  /** Skips the quick input; used by tests and other commands. */
  readonly instruction?: string;
  /** Overrides llmRouter.apply.mode for this run. */
  readonly applyMode?: 'direct' | 'preview';
  /** Lets a caller cancel, as the notification's Cancel button does. */
  readonly signal?: AbortSignal;
}

export type RouteRefactorStatus = 'applied' | 'renamed' | 'rejected' | 'cancelled' | 'failed' | 'refused' | 'stale' | 'no-selection' | 'too-large';

export interface RouteRefactorOutcome {
  readonly status: RouteRefactorStatus;
  readonly plan?: Plan;
  readonly result?: TaskResult;
}

export interface RouteRefactorDependencies {
  readonly engines: EngineHost;
  readonly recent: RecentInstructions;
  readonly previews: PreviewDocuments;
  readonly settings: SettingsStore;
  readonly outcomes: OutcomeTracker;
  readonly checks: EditorChecks;
}

/**
 * Route this refactor: asks for the instruction, shows where it goes and what it will cost before
 * anything is sent, runs the chain with cancellable progress, and applies the checked answer as
 * one edit (or offers it in a diff). The buffer is left exactly as it was unless an edit applies.
 */
export async function routeRefactor(deps: RouteRefactorDependencies, args: RouteRefactorArgs = {}): Promise<RouteRefactorOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.selection.isEmpty) {
    void vscode.window.showWarningMessage('LLM Router: select the code to refactor first.');
    return { status: 'no-selection' };
  }
  const document = editor.document;
  const range = new vscode.Range(editor.selection.start, editor.selection.end);
  const code = document.getText(range);
  if (code.length > MAX_SELECTION_CHARS) {
    void vscode.window.showErrorMessage(`LLM Router: the selection has ${formatCount(code.length)} characters; select at most ${formatCount(MAX_SELECTION_CHARS)}.`);
    return { status: 'too-large' };
  }
  deps.checks.prepare(document);
  const typed = args.instruction ?? (await deps.recent.ask(ROUTE_REFACTOR_INPUT.title, ROUTE_REFACTOR_INPUT.placeholder));
  if (typed === undefined || typed.trim() === '') return { status: 'cancelled' };
  await deps.recent.remember(typed.trim());

  const version = document.version;
  deps.outcomes.askingAgain(document);
  const task = editorTask(document, range, typed, { withDiagnostics: true });
  const engine = await deps.engines.get();
  const plan = await planAsking(engine, task);

  if (plan.editorAction !== undefined) {
    const renamed = await renameWithEditor(document, range, plan.editorAction.from, plan.editorAction.to);
    if (renamed) {
      await engine.recordEditorAction(task, plan, 0);
      void vscode.window.showInformationMessage(`LLM Router: renamed ${plan.editorAction.from} to ${plan.editorAction.to} with the editor's own rename; no model, $0.00.`);
      return { status: 'renamed', plan };
    }
  }
  if (plan.refusal !== undefined) {
    void vscode.window.showErrorMessage(`LLM Router: ${plan.refusal}`, 'Open Settings').then(openSettingsIf);
    return { status: 'refused', plan };
  }

  const gates = deps.checks.gatesFor(document, range);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `LLM Router: ${describeBeforeSpending(plan, deps.settings.current)}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      args.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      if (args.signal?.aborted === true) controller.abort();
      let received = 0;
      let lastReport = 0;
      try {
        return await engine.run(task, {
          plan,
          signal: controller.signal,
          extraGates: gates,
          observer: {
            onAttempt: (target, retry) => {
              received = 0;
              progress.report({ message: `${retry > 0 ? `retry ${retry}: ` : ''}asking ${target.id} (${target.model})…` });
            },
            onText: (text) => {
              received += text.length;
              if (Date.now() - lastReport > 150) {
                lastReport = Date.now();
                progress.report({ message: `receiving… ${formatCount(received)} characters` });
              }
            },
            onSetback: (attempt) => progress.report({ message: `${attempt.targetId} did not make it: ${attempt.reason ?? attempt.outcome}` }),
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );

  const { record, answer } = result;
  if (record.outcome === 'cancelled') {
    void vscode.window.showInformationMessage('LLM Router: cancelled; nothing was changed.');
    return { status: 'cancelled', plan, result };
  }
  if (answer?.code === undefined) {
    reportFailure(record.failure ?? 'no model produced an answer that passed the checks.', record.attempts);
    return { status: 'failed', plan, result };
  }
  const replacement = keepTrailingNewline(code, answer.code);
  if (document.isClosed || document.version !== version) {
    void offerStaleAnswer(deps.previews, document, replacement);
    return { status: 'stale', plan, result };
  }

  const mode = args.applyMode ?? deps.settings.current.applyMode;
  if (mode === 'preview' && !(await acceptInDiff(deps.previews, document, range, replacement))) {
    deps.outcomes.rejected(record.id);
    void vscode.window.showInformationMessage('LLM Router: proposed edit rejected; nothing was changed.');
    return { status: 'rejected', plan, result };
  }
  if (document.version !== version) {
    void offerStaleAnswer(deps.previews, document, replacement);
    return { status: 'stale', plan, result };
  }
  const textBefore = document.getText();
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, replacement);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('LLM Router: VS Code refused the edit (is the file read-only?); nothing was changed.');
    return { status: 'failed', plan, result };
  }
  deps.outcomes.accepted(record.id, document, textBefore);
  void vscode.window.showInformationMessage(`LLM Router: ${describeAnswer(result)}`);
  return { status: 'applied', plan, result };
}

function describeAnswer({ record, answer }: TaskResult): string {
  const setbacks = record.attempts.filter((attempt) => attempt.outcome !== 'answered');
  const why = setbacks.length === 0 ? '' : ` after ${setbacks.at(-1)?.targetId} failed (${setbacks.at(-1)?.reason ?? setbacks.at(-1)?.outcome})`;
  const savedUsd = savedByTask(record);
  const saved = savedUsd === undefined ? '' : ` · ${formatSaving(savedUsd)}`;
  return `applied the answer of ${answer?.target.id} (${answer?.target.model})${why} in ${(record.latencyMs / 1000).toFixed(1)} s · ${formatSpent(record)}${saved}. Undo reverts it.`;
}

/** The editor's rename at the first whole-word occurrence of `from` in the selection. */
async function renameWithEditor(document: vscode.TextDocument, range: vscode.Range, from: string, to: string): Promise<boolean> {
  const text = document.getText(range);
  const match = new RegExp(`(^|[^\\w$])(${from.replace(/\$/g, '\\$')})(?![\\w$])`).exec(text);
  if (match === null) return false;
  const position = document.positionAt(document.offsetAt(range.start) + match.index + (match[1]?.length ?? 0));
  try {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>('vscode.executeDocumentRenameProvider', document.uri, position, to);
    if (edit === undefined || edit.size === 0) return false;
    return await vscode.workspace.applyEdit(edit);
  } catch {
    // No rename provider for this language, or it cannot rename here: the models do it instead.
    return false;
  }
}

async function acceptInDiff(previews: PreviewDocuments, document: vscode.TextDocument, range: vscode.Range, replacement: string): Promise<boolean> {
  const text = document.getText();
  const proposed = text.slice(0, document.offsetAt(range.start)) + replacement + text.slice(document.offsetAt(range.end));
  const name = document.uri.path.split('/').pop() ?? 'proposed';
  const uri = previews.create(name, proposed);
  await vscode.commands.executeCommand('vscode.diff', document.uri, uri, `${name}: current ↔ proposed by LLM Router`, { preview: true });
  const choice = await vscode.window.showInformationMessage('LLM Router: apply the proposed edit?', 'Accept', 'Reject');
  const diffTab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString());
  if (diffTab !== undefined) await vscode.window.tabGroups.close(diffTab);
  previews.forget(uri);
  return choice === 'Accept';
}

async function offerStaleAnswer(previews: PreviewDocuments, document: vscode.TextDocument, replacement: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage('LLM Router: the file changed while the model was working, so nothing was applied.', 'Show Proposed Code');
  if (choice !== 'Show Proposed Code') return;
  const extension = document.uri.path.includes('.') ? document.uri.path.slice(document.uri.path.lastIndexOf('.')) : '.txt';
  await vscode.window.showTextDocument(previews.create(`proposed${extension}`, replacement), { preview: true });
}

function reportFailure(failure: string, attempts: readonly AttemptRecord[]): void {
  const kinds = new Set(attempts.map((attempt) => attempt.errorKind));
  const refused = attempts.filter((attempt) => attempt.errorKind === 'no-api-key' || attempt.errorKind === 'unauthorized');
  const keyCommand = refused.some((attempt) => attempt.provider === 'anthropic') || refused.length === 0 ? Commands.setAnthropicKey : Commands.setOpenAiCompatibleKey;
  const actions = ['Show Log', ...(refused.length > 0 ? ['Set API Key'] : []), ...(kinds.has('unreachable') || kinds.has('model-missing') ? ['Check Ollama'] : [])];
  void vscode.window.showErrorMessage(`LLM Router: nothing was changed. ${failure}`, ...actions).then((choice) => {
    if (choice === 'Show Log') void vscode.commands.executeCommand(Commands.showLog);
    if (choice === 'Set API Key') void vscode.commands.executeCommand(keyCommand);
    if (choice === 'Check Ollama') void vscode.commands.executeCommand(Commands.checkLocalEngine);
  });
}

function openSettingsIf(choice: string | undefined): void {
  if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'llmRouter');
}

/** Models drop a selection's final newline; keep it so the next line does not join this one. */
function keepTrailingNewline(original: string, replacement: string): string {
  const newline = /\r?\n$/.exec(original)?.[0];
  return newline !== undefined && !replacement.endsWith('\n') ? replacement + newline : replacement;
}
