import { DEFAULT_ADAPTIVE_SETTINGS, type AdaptiveSettings } from '../policy/adaptive';
import type { RawSettingReader, SettingProblem } from './routerSettings';

export function readAdaptiveSettings(read: RawSettingReader, problems: SettingProblem[]): AdaptiveSettings {
  const number = (key: string, fallback: number, min: number, max: number, integer = false): number => {
    const value = read(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))) return value;
    problems.push({ setting: key, message: `${key} must be a ${integer ? 'whole number' : 'number'} from ${min} to ${max}; using ${fallback}.` });
    return fallback;
  };
  const enabled = read('llmRouter.adaptive.enabled');
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') problems.push({ setting: 'llmRouter.adaptive.enabled', message: 'llmRouter.adaptive.enabled must be true or false; using false.' });
  return {
    enabled: enabled === true,
    window: number('llmRouter.adaptive.window', DEFAULT_ADAPTIVE_SETTINGS.window, 5, 500, true),
    maxCorrection: number('llmRouter.adaptive.maxCorrection', DEFAULT_ADAPTIVE_SETTINGS.maxCorrection, 0, 3),
    halfLifeDays: number('llmRouter.adaptive.halfLifeDays', DEFAULT_ADAPTIVE_SETTINGS.halfLifeDays, 1, 90),
    minResults: DEFAULT_ADAPTIVE_SETTINGS.minResults,
  };
}
