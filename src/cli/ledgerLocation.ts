import { homedir } from 'node:os';
import { join } from 'node:path';

const EXTENSION_ID = 'llm-router.llm-router';

/**
 * The ledger folder of VS Code's LLM Router on this machine: `--ledger`, else LLM_ROUTER_LEDGER,
 * else the desktop VS Code's global storage for the extension.
 */
export function defaultLedgerFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LLM_ROUTER_LEDGER !== undefined && env.LLM_ROUTER_LEDGER !== '') return env.LLM_ROUTER_LEDGER;
  const user =
    platform === 'win32'
      ? join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Code', 'User')
      : platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support', 'Code', 'User')
        : join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Code', 'User');
  return join(user, 'globalStorage', EXTENSION_ID, 'ledger');
}

/**
 * The one line batch --record prints when the ledger folder cannot be written: which folder,
 * why, and what to do.
 */
export function unwritableLedgerMessage(folder: string, error: unknown): string {
  // "EACCES: permission denied, open '/x/ledger-2026-11.jsonl'" → "EACCES: permission denied"
  const reason = (error instanceof Error ? error.message : String(error)).split(',')[0];
  return `llm-router batch: could not record the tasks in the ledger in ${folder} (${reason}); the results are written as usual but are not in the ledger. Check the folder's permissions, or pass --ledger DIR to record elsewhere.\n`;
}
