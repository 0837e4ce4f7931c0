import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../src/vscode/extension';
import { EXTENSION_ID } from '../../src/vscode/ids';

/** The extension under test, activated, with its public API. */
export async function activatedExtension(): Promise<{ extension: vscode.Extension<LlmRouterApi>; api: LlmRouterApi }> {
  const extension = vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID);
  if (extension === undefined) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const api = await extension.activate();
  return { extension, api };
}

/** Opens a file of the sample workspace and selects the given text in it. */
export async function openAndSelect(relativePath: string, selected?: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('the integration tests need the sample workspace open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath));
  const editor = await vscode.window.showTextDocument(document);
  if (selected !== undefined) {
    const start = document.getText().indexOf(selected);
    if (start < 0) throw new Error(`"${selected}" is not in ${relativePath}`);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + selected.length));
  }
  return editor;
}

/** Sets a user setting for the duration of `body`, then restores it. */
export async function withSetting<T>(key: string, value: unknown, body: () => Thenable<T>): Promise<T> {
  const configuration = vscode.workspace.getConfiguration();
  const before = configuration.inspect(key)?.globalValue;
  await configuration.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration().update(key, before, vscode.ConfigurationTarget.Global);
  }
}

/** Sets user settings for a test; `restore()` (in afterEach) puts every one back. */
export function settingsScope(): { set: (key: string, value: unknown) => Promise<void>; restore: () => Promise<void> } {
  const undo: (() => Thenable<void>)[] = [];
  return {
    set: async (key, value) => {
      const before = vscode.workspace.getConfiguration().inspect(key)?.globalValue;
      await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
      undo.push(() => vscode.workspace.getConfiguration().update(key, before, vscode.ConfigurationTarget.Global));
    },
    restore: async () => {
      for (const step of undo.reverse()) await step();
      undo.length = 0;
    },
  };
}

/** Reverts every file a test changed and closes every editor, so the next test starts from the files on disk. */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty && candidate.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
