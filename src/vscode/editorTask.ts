import * as vscode from 'vscode';
import { parseOverride, type Task, type TaskDiagnostic } from '../core/task';

/**
 * The task for what the user typed about a range of a document: a leading `/local` or `/cloud` is
 * read as an override, and the editor's diagnostics on the range come along when asked for.
 */
export function editorTask(document: vscode.TextDocument, range: vscode.Range, typed: string, options: { withDiagnostics?: boolean } = {}): Task {
  const { instruction, override } = parseOverride(typed.trim());
  const diagnostics = options.withDiagnostics === true && !range.isEmpty ? diagnosticsIn(document, range) : [];
  return {
    instruction,
    code: document.getText(range),
    language: document.languageId,
    path: vscode.workspace.asRelativePath(document.uri, false),
    ...(diagnostics.length === 0 ? {} : { diagnostics }),
    ...(override === undefined ? {} : { override }),
  };
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;

/** The editor's diagnostics that touch the range. */
function diagnosticsIn(document: vscode.TextDocument, range: vscode.Range): TaskDiagnostic[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((diagnostic) => diagnostic.range.intersection(range) !== undefined)
    .map((diagnostic) => ({
      severity: SEVERITIES[diagnostic.severity],
      message: diagnostic.message,
      ...(diagnostic.code === undefined ? {} : { code: String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) }),
    }));
}
