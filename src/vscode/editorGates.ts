import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { editGates } from '../core/gates/editGates';
import type { QualityGate } from '../core/gates/gates';
import { isScriptLanguage, type ScriptChecker, type ScriptOptions } from '../core/gates/scriptErrors';
import { WorkerScriptChecker } from '../node/workerScriptChecker';

/** The extension behind the editor's TypeScript and JavaScript errors; its TypeScript sits beside it. */
const TYPESCRIPT_FEATURES = 'vscode.typescript-language-features';
const NOT_CHECKED: ScriptChecker = { errorsIn: () => Promise.resolve(undefined) };

/**
 * The editor's checks of an edit (it must still parse; it must add no TypeScript/JavaScript errors),
 * made with VS Code's own TypeScript on copies held in memory: no document is opened, so no tab, no
 * Problems entry and no unsaved file is left behind, and nothing runs on the extension host's thread.
 */
export class EditorChecks implements vscode.Disposable {
  private readonly scripts: WorkerScriptChecker;

  constructor(log: vscode.LogOutputChannel) {
    this.scripts = new WorkerScriptChecker(bundledTypeScript, (message) => log.warn(message));
  }

  /**
   * Loads TypeScript and parses its library files ahead of the first check (seconds on a slow
   * machine), while the user is still typing the instruction.
   */
  prepare(document: vscode.TextDocument): void {
    if (isScriptLanguage(document.languageId) && validates(document)) void this.scripts.errorsIn({ language: document.languageId, text: '', start: 0, end: 0, options: implicitProjectOptions(document) });
  }

  /** The checks of an edit replacing `range` in `document`; the copy before the edit is checked at once. */
  gatesFor(document: vscode.TextDocument, range: vscode.Range): QualityGate[] {
    const context = { languageId: document.languageId, text: document.getText(), start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    return editGates(context, validates(document) ? this.scripts : NOT_CHECKED, implicitProjectOptions(document));
  }

  dispose(): void {
    this.scripts.dispose();
  }
}

/** The TypeScript VS Code ships, where its TypeScript extension finds it (`extensions/node_modules/typescript`). */
function bundledTypeScript(): string | undefined {
  const features = vscode.extensions.getExtension(TYPESCRIPT_FEATURES);
  if (features === undefined) return undefined;
  const path = join(features.extensionPath, '..', 'node_modules', 'typescript', 'lib', 'typescript.js');
  return existsSync(path) ? path : undefined;
}

/** Off when the user turned the editor's own TypeScript/JavaScript validation off. */
function validates(document: vscode.TextDocument): boolean {
  const legacy = document.languageId.startsWith('typescript') ? 'typescript' : 'javascript';
  return vscode.workspace.getConfiguration('js/ts', document).get<boolean>('validate.enabled', true) && vscode.workspace.getConfiguration(legacy, document).get<boolean>('validate.enable', true);
}

/**
 * The options VS Code's TypeScript uses for a file outside any project (`js/ts.implicitProjectConfig.*`),
 * so a copy is checked the way the editor checks a loose file.
 */
function implicitProjectOptions(document: vscode.TextDocument): ScriptOptions {
  const implicit = vscode.workspace.getConfiguration('js/ts.implicitProjectConfig', document);
  return {
    module: implicit.get<string>('module', 'ESNext'),
    moduleResolution: 'Bundler',
    target: implicit.get<string>('target', 'ES2024'),
    jsx: 'react-jsx',
    allowJs: true,
    allowImportingTsExtensions: true,
    allowSyntheticDefaultImports: true,
    resolveJsonModule: true,
    checkJs: implicit.get<boolean>('checkJs', false),
    experimentalDecorators: implicit.get<boolean>('experimentalDecorators', false),
    strict: implicit.get<boolean>('strict', true),
    strictNullChecks: implicit.get<boolean>('strictNullChecks', true),
    strictFunctionTypes: implicit.get<boolean>('strictFunctionTypes', true),
  };
}
