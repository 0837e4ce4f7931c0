import * as vscode from 'vscode';
import type { QualityGate } from '../core/gates/gates';

/** Languages whose built-in server reports diagnostics for untitled documents. */
const DIAGNOSED_LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
/**
 * Appended to each copy after the checked range: a stray token the server always reports, so a
 * report arrives even for clean code and "no errors" can be told from "not checked yet".
 */
const SENTINEL = '\n;)\n';
/** The first check may wait for the language server to start. */
const DIAGNOSTICS_WAIT_MS = 15_000;
const SETTLE_MS = 400;

export interface EditContext {
  readonly languageId: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Checks an edit on copies of the document, never on the user's buffer: the result must still
 * parse (JSON), and must not add error diagnostics in the edited range (TypeScript, JavaScript).
 */
export function editorGates(context: EditContext): QualityGate[] {
  return [
    {
      name: 'parses',
      check: ({ code }) => {
        if (code === undefined || context.languageId !== 'json' || !parses(context.text)) return { ok: true };
        return parses(apply(context, code)) ? { ok: true } : { ok: false, reason: 'the edited file is no longer valid JSON' };
      },
    },
    {
      name: 'no new errors',
      check: async ({ code }) => {
        if (code === undefined || !DIAGNOSED_LANGUAGES.has(context.languageId)) return { ok: true };
        const [before, after] = await Promise.all([errorsIn(context.languageId, context.text, context.start, context.end), errorsIn(context.languageId, apply(context, code), context.start, context.start + code.length)]);
        // A copy the server said nothing about has no errors to compare; one it reported on does.
        const added = (after?.length ?? 0) - (before?.length ?? 0);
        if (after === undefined || added <= 0) return { ok: true };
        return { ok: false, reason: `the edit adds ${added} error${added === 1 ? '' : 's'} in the edited code (“${after[0]}”)` };
      },
    },
  ];
}

function apply(context: EditContext, code: string): string {
  return context.text.slice(0, context.start) + code + context.text.slice(context.end);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Error messages a language server reports in [start, end) of an untitled copy; undefined when the
 * server says nothing about it in time (a language without diagnostics, or a server still starting).
 */
async function errorsIn(languageId: string, content: string, start: number, end: number): Promise<string[] | undefined> {
  const reportedFor = new Set<string>();
  let onReport: (() => void) | undefined;
  // Subscribe before the copy exists: a fast server can report while it is being opened.
  const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
    for (const uri of event.uris) reportedFor.add(uri.toString());
    onReport?.();
  });
  try {
    const document = await vscode.workspace.openTextDocument({ language: languageId, content: content + SENTINEL });
    const key = document.uri.toString();
    await new Promise<void>((resolve) => {
      let settle: ReturnType<typeof setTimeout> | undefined;
      const give = setTimeout(finish, DIAGNOSTICS_WAIT_MS);
      onReport = () => {
        if (!reportedFor.has(key)) return;
        clearTimeout(settle);
        settle = setTimeout(finish, SETTLE_MS);
      };
      onReport();
      function finish() {
        clearTimeout(give);
        clearTimeout(settle);
        resolve();
      }
    });
    const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
    const errors = vscode.languages
      .getDiagnostics(document.uri)
      .filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error && diagnostic.range.intersection(range) !== undefined)
      .map((diagnostic) => diagnostic.message);
    return reportedFor.has(key) ? errors : undefined;
  } finally {
    subscription.dispose();
  }
}
