import * as vscode from 'vscode';
import { PREVIEW_SCHEME } from './ids';

/** Read-only in-memory documents: proposed edits for the diff preview, answers for the markdown preview. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);
  private sequence = 0;
  readonly onDidChange = this.changed.event;

  /** A new document holding `content`, named like `name` (its extension picks the language). */
  create(name: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${++this.sequence}/${name}` });
    this.contents.set(uri.toString(), content);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.contents.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}
