import type { Price, PriceEntry, PricingOptions } from '../pricing/prices';
import type { RawSettingReader, SettingProblem } from './routerSettings';

/** What the ledger keeps, how outcomes are joined, and how savings are priced. */
export interface LedgerSettings {
  /** Keep the instruction text in each record for the user's own review (off: no prompt or code text is stored). */
  readonly keepPrompts: boolean;
  /** An undo of an applied edit within this many seconds marks the task "undone". */
  readonly undoWindowSeconds: number;
  /** The model savings are measured against; empty means the configured cloud model. */
  readonly baselineModel: string;
  readonly pricing: PricingOptions;
  /** Share of cloud-answered tasks also run on the local model in the background, to measure unnecessary fallbacks (0–1). */
  readonly shadowSampleRate: number;
  /** The local target those background runs use. */
  readonly shadowTarget: string;
}

export const DEFAULT_LEDGER_SETTINGS: LedgerSettings = {
  keepPrompts: false,
  undoWindowSeconds: 120,
  baselineModel: '',
  pricing: { overrides: [], localUsdPerMillionTokens: 0 },
  shadowSampleRate: 0.05,
  shadowTarget: 'local-code',
};

export function readLedgerSettings(read: RawSettingReader, problems: SettingProblem[]): LedgerSettings {
  const keepPrompts = read('llmRouter.ledger.keepPrompts');
  const undoWindow = read('llmRouter.outcomes.undoWindowSeconds');
  const baseline = read('llmRouter.savings.baselineModel');
  const localRate = read('llmRouter.pricing.localUsdPerMillionTokens');
  const report = (setting: string, message: string) => problems.push({ setting, message: `${setting} ${message}` });

  const settings = {
    keepPrompts: DEFAULT_LEDGER_SETTINGS.keepPrompts,
    undoWindowSeconds: DEFAULT_LEDGER_SETTINGS.undoWindowSeconds,
    baselineModel: DEFAULT_LEDGER_SETTINGS.baselineModel,
    localUsdPerMillionTokens: 0,
  };
  if (keepPrompts !== undefined && keepPrompts !== null) {
    if (typeof keepPrompts === 'boolean') settings.keepPrompts = keepPrompts;
    else report('llmRouter.ledger.keepPrompts', 'must be true or false; using false.');
  }
  if (undoWindow !== undefined && undoWindow !== null) {
    if (typeof undoWindow === 'number' && Number.isFinite(undoWindow) && undoWindow >= 0 && undoWindow <= 86_400) settings.undoWindowSeconds = undoWindow;
    else report('llmRouter.outcomes.undoWindowSeconds', 'must be a number of seconds from 0 to 86400; using 120.');
  }
  if (baseline !== undefined && baseline !== null) {
    if (typeof baseline === 'string' && /^[\w.:-]*$/.test(baseline.trim())) settings.baselineModel = baseline.trim();
    else report('llmRouter.savings.baselineModel', 'must be a model id such as claude-sonnet-5-5 or gpt-4o; using the cloud model.');
  }
  if (localRate !== undefined && localRate !== null) {
    if (typeof localRate === 'number' && Number.isFinite(localRate) && localRate >= 0 && localRate <= 1000) settings.localUsdPerMillionTokens = localRate;
    else report('llmRouter.pricing.localUsdPerMillionTokens', 'must be a number of dollars from 0 to 1000; using 0.');
  }
  const overrides = priceOverrides(read('llmRouter.pricing.models'), report);
  let shadowSampleRate = DEFAULT_LEDGER_SETTINGS.shadowSampleRate;
  const rate = read('llmRouter.shadow.sampleRate');
  if (rate !== undefined && rate !== null) {
    if (typeof rate === 'number' && rate >= 0 && rate <= 1) shadowSampleRate = rate;
    else report('llmRouter.shadow.sampleRate', 'must be a share from 0 to 1; using 0.05.');
  }
  let shadowTarget = DEFAULT_LEDGER_SETTINGS.shadowTarget;
  const target = read('llmRouter.shadow.target');
  if (target !== undefined && target !== null) {
    if (typeof target === 'string' && target.trim() !== '') shadowTarget = target.trim();
    else report('llmRouter.shadow.target', 'must name a local target in llmRouter.targets; using local-code.');
  }
  return {
    keepPrompts: settings.keepPrompts,
    undoWindowSeconds: settings.undoWindowSeconds,
    baselineModel: settings.baselineModel,
    pricing: { overrides, localUsdPerMillionTokens: settings.localUsdPerMillionTokens },
    shadowSampleRate,
    shadowTarget,
  };
}

function priceOverrides(raw: unknown, report: (setting: string, message: string) => void): PriceEntry[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    report('llmRouter.pricing.models', 'must map model ids to prices; using the built-in prices.');
    return [];
  }
  const entries: PriceEntry[] = [];
  for (const [model, value] of Object.entries(raw as Record<string, unknown>)) {
    const price = priceOf(value);
    if (price === undefined) report('llmRouter.pricing.models', `"${model}" needs "input" and "output" in USD per million tokens (and optionally "cacheWrite", "cacheRead", "since"); it is ignored.`);
    else entries.push({ model, prices: [price] });
  }
  return entries;
}

function priceOf(value: unknown): Price | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const amount = (key: string) => (typeof record[key] === 'number' && Number.isFinite(record[key]) && (record[key]) >= 0 ? (record[key]) : undefined);
  const input = amount('input');
  const output = amount('output');
  if (input === undefined || output === undefined) return undefined;
  for (const key of ['cacheWrite', 'cacheRead']) if (record[key] !== undefined && amount(key) === undefined) return undefined;
  if (record.since !== undefined && !(typeof record.since === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(record.since))) return undefined;
  return {
    input,
    output,
    cacheWrite: amount('cacheWrite') ?? input * 1.25,
    cacheRead: amount('cacheRead') ?? input * 0.1,
    since: typeof record.since === 'string' ? record.since : '1970-01-01',
    source: 'your setting (llmRouter.pricing.models)',
  };
}

/** The model savings are measured against: the setting, or the configured cloud model. */
export function baselineModelOf(ledger: LedgerSettings, cloudModel: string): string {
  return ledger.baselineModel === '' ? cloudModel : ledger.baselineModel;
}
