import * as vscode from 'vscode';

/** What the editor holds before a command runs, to tell what the command left behind. */
export interface EditorSnapshot {
  readonly documents: ReadonlySet<string>;
  readonly dirty: ReadonlySet<string>;
}

export function snapshotEditor(): EditorSnapshot {
  return {
    documents: new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString())),
    dirty: new Set(vscode.workspace.textDocuments.filter((document) => document.isDirty).map((document) => document.uri.toString())),
  };
}

/** Diagnostics of a copy would arrive after the command returned; give them this long to show up. */
const LATE_REPORT_MS = 1500;

/**
 * Everything a command left in the editor besides the user's own file: documents it opened, tabs,
 * Problems entries and unsaved files. `edited` is the file the command was asked to change; it may
 * be dirty only when `editApplied`.
 */
export async function tracesSince(before: EditorSnapshot, edited: vscode.Uri, editApplied: boolean): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, LATE_REPORT_MS));
  const users = edited.toString();
  const traces: string[] = [];
  for (const document of vscode.workspace.textDocuments) {
    const uri = document.uri.toString();
    if (uri !== users && !before.documents.has(uri)) traces.push(`an open document ${uri}`);
    if (document.isDirty && !before.dirty.has(uri) && (uri !== users || !editApplied)) traces.push(`unsaved changes in ${uri}`);
  }
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    if (!(tab.input instanceof vscode.TabInputText) || tab.input.uri.toString() !== users) traces.push(`a tab "${tab.label}"`);
  }
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (diagnostics.length > 0 && uri.toString() !== users) traces.push(`${diagnostics.length} Problems entries for ${uri.toString()}`);
  }
  return traces;
}
