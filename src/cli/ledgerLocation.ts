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
