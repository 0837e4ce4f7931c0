import * as vscode from 'vscode';
import type { Route, Task } from '../../core/task';

/** The code a chat request is about: its #file / selection references, else the active selection. */
export async function chatTask(request: vscode.ChatRequest, override: Route | undefined): Promise<Task> {
  const pieces: { code: string; language?: string; path?: string }[] = [];
  for (const reference of request.references) {
    const value = reference.value;
    if (value instanceof vscode.Uri) {
      const document = await vscode.workspace.openTextDocument(value);
      pieces.push({ code: document.getText(), language: document.languageId, path: vscode.workspace.asRelativePath(value, false) });
    } else if (value instanceof vscode.Location) {
      const document = await vscode.workspace.openTextDocument(value.uri);
      pieces.push({ code: document.getText(value.range), language: document.languageId, path: vscode.workspace.asRelativePath(value.uri, false) });
    }
  }
  if (pieces.length === 0) {
    const editor = vscode.window.activeTextEditor;
    if (editor !== undefined && !editor.selection.isEmpty) {
      pieces.push({ code: editor.document.getText(editor.selection), language: editor.document.languageId, path: vscode.workspace.asRelativePath(editor.document.uri, false) });
    }
  }
  const first = pieces[0];
  const others = pieces.slice(1).flatMap((piece) => (piece.path === undefined ? [] : [piece.path]));
  const code = pieces.length <= 1 ? (first?.code ?? '') : pieces.map((piece) => `// ${piece.path ?? 'selection'}\n${piece.code}`).join('\n\n');
  return {
    instruction: request.prompt.trim() === '' ? 'Explain this code.' : request.prompt.trim(),
    code,
    ...(first?.language === undefined ? {} : { language: first.language }),
    ...(first?.path === undefined ? {} : { path: first.path }),
    // Every attached file is checked against the local-only globs, not just the first.
    ...(others.length === 0 ? {} : { paths: others }),
    ...(override === undefined ? {} : { override }),
  };
}
