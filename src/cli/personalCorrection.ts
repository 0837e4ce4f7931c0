import { AdaptiveRouting } from '../core/policy/adaptive';
import type { RouterSettings } from '../core/settings/routerSettings';
import { PersonalRoutingFile } from '../node/personalRoutingFile';
import { defaultLedgerFolder } from './ledgerLocation';

/**
 * With llmRouter.adaptive.enabled in the settings file, the personal correction VS Code learned
 * (read from the ledger folder, never written: the CLI sees no editor outcomes). Unreadable: none.
 */
export async function personalCorrection(settings: RouterSettings, folder: string = defaultLedgerFolder()): Promise<AdaptiveRouting | undefined> {
  if (!settings.adaptive.enabled) return undefined;
  const adaptive = new AdaptiveRouting(() => settings.adaptive, new PersonalRoutingFile(folder));
  try {
    await adaptive.load();
    return adaptive;
  } catch {
    return undefined;
  }
}
