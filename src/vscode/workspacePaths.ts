import * as vscode from 'vscode';
import type { PathBase } from '../core/security/paths';

/** The workspace folders, which the editor's relative paths (and the local-only globs) are relative to. */
export function workspacePathBase(): PathBase | undefined {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  const first = roots[0];
  return first === undefined ? undefined : { cwd: first, roots };
}
