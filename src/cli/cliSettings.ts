import { readFileSync } from 'node:fs';
import { readRouterSettings, type RouterSettings, type SettingProblem } from '../core/settings/routerSettings';

/**
 * Settings for the CLI: the `llmRouter.*` keys of a JSON file (the same keys as VS Code's
 * settings.json), or the defaults. Throws with a readable message when the file is unusable.
 */
export function loadCliSettings(configPath: string | undefined): { settings: RouterSettings; problems: SettingProblem[] } {
  if (configPath === undefined) return readRouterSettings(() => undefined);
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the settings file ${configPath}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new Error(`${configPath} must hold a JSON object of llmRouter.* settings`);
  return readRouterSettings((key) => (values as Record<string, unknown>)[key]);
}
