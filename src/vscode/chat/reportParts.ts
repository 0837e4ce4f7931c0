import * as vscode from 'vscode';
import type { StreamPart } from '../../core/conversation/streamParts';

/** A core stream part as VS Code's language model response parts: text as it comes, a tool call once complete. */
export function reportPart(progress: vscode.Progress<vscode.LanguageModelResponsePart>, part: StreamPart): void {
  if (part.type === 'text-delta' && part.text !== '') progress.report(new vscode.LanguageModelTextPart(part.text));
  else if (part.type === 'tool-call') progress.report(new vscode.LanguageModelToolCallPart(part.id, part.name, inputObject(part.input)));
  // Starts and argument pieces of a tool call have no VS Code part; usage and the finish go to the ledger.
}

/** VS Code's tool call input is an object; arguments that are not one are wrapped rather than lost. */
function inputObject(input: unknown): object {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? input : { value: input };
}
