import type * as vscode from 'vscode';
import { isChatViewClient } from '../../core/conversation/surfaceOfClient';
import type { RequestHints } from '../../core/conversation/types';

/**
 * Where a model request came from, for the ledger: the chat view (VS Code itself, or the
 * extension that runs its chat), or another extension through vscode.lm, named by its id.
 */
export function requestSource(options: vscode.ProvideLanguageModelChatResponseOptions): Pick<RequestHints, 'surface' | 'client'> {
  // VS Code passes the caller's extension id ("core" for itself); its typings do not list the field yet.
  const initiator = (options as { readonly requestInitiator?: unknown }).requestInitiator;
  const client = typeof initiator === 'string' && initiator !== '' ? initiator : undefined;
  if (client === undefined) return { surface: 'model-picker' };
  return { surface: isChatViewClient(client) ? 'chat' : 'model-picker', client };
}
