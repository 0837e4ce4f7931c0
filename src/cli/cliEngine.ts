import { RouterEngine } from '../core/engine/routerEngine';
import type { RecordSink } from '../core/engine/taskRecord';
import type { ShadowResult } from '../core/ledger/ledger';
import type { AdaptiveRouting } from '../core/policy/adaptive';
import type { SpendSource } from '../core/policy/budget';
import type { RouterSettings } from '../core/settings/routerSettings';
import { cliScrubber, rememberSettingsSecrets } from './cliScrubber';

/** The engine as the CLI runs it: keys and the Ollama address from the environment. */
/** `spend`: this month's cloud spending so far, for the budget (a long-running `serve` keeps it current). */
export function createCliEngine(settings: RouterSettings, sink?: RecordSink, onShadow?: (result: ShadowResult) => Promise<void>, adaptive?: AdaptiveRouting, spend?: SpendSource): RouterEngine {
  rememberSettingsSecrets(settings);
  return new RouterEngine({
    scrubber: cliScrubber,
    settings: () => settings,
    // Relative paths (route --file, a batch task's "path") are the current folder's, as in a shell.
    pathBase: () => ({ cwd: process.cwd(), roots: [process.cwd()] }),
    ...(process.env.OLLAMA_HOST === undefined ? {} : { ollamaHostFromEnvironment: process.env.OLLAMA_HOST }),
    anthropicKey: () => Promise.resolve(process.env.ANTHROPIC_API_KEY),
    openaiCompatibleKey: () => Promise.resolve(process.env.LLM_ROUTER_OPENAI_API_KEY),
    ...(sink === undefined ? {} : { sink }),
    ...(onShadow === undefined ? {} : { onShadow }),
    ...(adaptive === undefined ? {} : { adaptive }),
    ...(spend === undefined ? {} : { spend }),
  });
}
