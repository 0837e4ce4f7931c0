import type { Surface } from './types';

/** How VS Code names itself as the caller (`core`), and the extension that drives its chat view (Ask, Agent and inline chat) when installed. */
const CHAT_VIEW_CLIENTS: readonly string[] = ['core', 'github.copilot-chat'];

/** An extension's id, `publisher.name`, as VS Code passes the caller of vscode.lm. */
const EXTENSION_ID = /^[\w-]+\.[\w-]+$/;

/** Whether a vscode.lm caller is VS Code's chat view. */
export function isChatViewClient(client: string): boolean {
  return CHAT_VIEW_CLIENTS.includes(client.toLowerCase());
}

/**
 * Where a request came from, read from who called, for a record that names no surface (written
 * before records did): the chat view, another extension (by its id, through the model picker),
 * or any other caller, which only the gateway names (by its user agent). No caller: the editor.
 */
export function surfaceOfClient(client: string | undefined): Surface {
  if (client === undefined || client === '') return 'editor';
  if (isChatViewClient(client)) return 'chat';
  return EXTENSION_ID.test(client) ? 'model-picker' : 'gateway';
}
