import { DEFAULT_CLASSIFIER_OPTIONS } from '../classifier/classifierOptions';
import { DEFAULT_ROUTING_PROFILE, isRoutingProfile, ROUTING_PROFILES, type RoutingProfile } from '../classifier/profile';
import { DEFAULT_OLLAMA_HOST } from '../ollama/ollamaHost';
import { DEFAULT_ADAPTIVE_SETTINGS, type AdaptiveSettings } from '../policy/adaptive';
import { readAdaptiveSettings } from './adaptiveSettings';
import { DEFAULT_LEDGER_SETTINGS, readLedgerSettings, type LedgerSettings } from './ledgerSettings';
import { DEFAULT_TELEMETRY_SETTINGS, readTelemetrySettings } from './telemetrySettings';
import type { TelemetrySettings } from '../telemetry/otlpTelemetry';
import { readRoutingSettings, type RoutingSettings } from './policySettings';

/** One validated snapshot of the `llmRouter.*` settings. */
export interface RouterSettings {
  readonly ollamaHost: string;
  readonly ollamaModel: string;
  /** The `ollama` executable the status bar toggle starts (`ollama serve`); a name looked up on PATH, or a path. */
  readonly ollamaPath: string;
  readonly maxLocalTokens: number;
  /** How uncertain decisions are settled: economy (local), balanced, quality (cloud). */
  readonly routingProfile: RoutingProfile;
  readonly routing: RoutingSettings;
  /** Route this refactor: apply the checked answer at once, or show it in a diff to accept or reject. */
  readonly applyMode: 'direct' | 'preview';
  readonly ledger: LedgerSettings;
  readonly adaptive: AdaptiveSettings;
  readonly telemetry: TelemetrySettings;
  /** The port Start Local Gateway listens on in VS Code; 0 takes a free one. */
  readonly gatewayPort: number;
}

export const DEFAULT_OLLAMA_MODEL = 'qwen2.5-coder:7b';
export const DEFAULT_SETTINGS: RouterSettings = {
  ollamaHost: DEFAULT_OLLAMA_HOST,
  ollamaModel: DEFAULT_OLLAMA_MODEL,
  ollamaPath: 'ollama',
  maxLocalTokens: DEFAULT_CLASSIFIER_OPTIONS.maxLocalTokens,
  routingProfile: DEFAULT_ROUTING_PROFILE,
  routing: readRoutingSettings(() => undefined, DEFAULT_OLLAMA_MODEL, []),
  applyMode: 'direct',
  ledger: DEFAULT_LEDGER_SETTINGS,
  adaptive: DEFAULT_ADAPTIVE_SETTINGS,
  telemetry: DEFAULT_TELEMETRY_SETTINGS,
  gatewayPort: 4141,
};

/** A setting that held an unusable value and was replaced by its default. */
export interface SettingProblem {
  readonly setting: string;
  readonly message: string;
}

/** Reads raw values by their full key (`llmRouter.ollama.host`); returns undefined when unset. */
export type RawSettingReader = (key: string) => unknown;

export function readRouterSettings(read: RawSettingReader): { settings: RouterSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];

  const text = (key: string, fallback: string, check: (value: string) => string | undefined): string => {
    const value = read(key);
    if (value === undefined || value === null) return fallback;
    const problem = typeof value !== 'string' ? 'must be text' : check(value.trim());
    if (problem === undefined) return (value as string).trim();
    problems.push({ setting: key, message: `${key} ${problem}; using "${fallback}".` });
    return fallback;
  };

  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const value = read(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push({ setting: key, message: `${key} must be a whole number from ${min} to ${max}; using ${fallback}.` });
    return fallback;
  };

  const ollamaHost = text('llmRouter.ollama.host', DEFAULT_SETTINGS.ollamaHost, (value) =>
      /^(https?:\/\/)?[\w.-]+(:\d{1,5})?(\/.*)?$|^(https?:\/\/)?\[[0-9a-f:]+\](:\d{1,5})?(\/.*)?$/i.test(value) ? undefined : 'is not a host such as http://127.0.0.1:11434',
    );
  const ollamaModel = text('llmRouter.ollama.model', DEFAULT_SETTINGS.ollamaModel, (value) =>
    /^[\w./-]+(:[\w.-]+)?$/.test(value) ? undefined : 'is not an Ollama model name such as qwen2.5-coder:7b',
  );
  const settings: RouterSettings = {
    ollamaHost,
    ollamaModel,
    ollamaPath: text('llmRouter.ollama.path', DEFAULT_SETTINGS.ollamaPath, (value) => (value === '' ? 'must name the ollama executable' : undefined)),
    maxLocalTokens: integer('llmRouter.classifier.maxLocalTokens', DEFAULT_SETTINGS.maxLocalTokens, 256, 1_000_000),
    routingProfile: routingProfileOf(read('llmRouter.routing.profile'), problems),
    routing: readRoutingSettings(read, ollamaModel, problems),
    applyMode: applyModeOf(read('llmRouter.apply.mode'), problems),
    ledger: readLedgerSettings(read, problems),
    adaptive: readAdaptiveSettings(read, problems),
    telemetry: readTelemetrySettings(read, problems),
    gatewayPort: integer('llmRouter.gateway.port', DEFAULT_SETTINGS.gatewayPort, 0, 65_535),
  };
  return { settings, problems };
}

function applyModeOf(value: unknown, problems: SettingProblem[]): RouterSettings['applyMode'] {
  if (value === undefined || value === null || value === 'direct' || value === 'preview') return value ?? 'direct';
  problems.push({ setting: 'llmRouter.apply.mode', message: 'llmRouter.apply.mode must be "direct" or "preview"; using "direct".' });
  return 'direct';
}

function routingProfileOf(value: unknown, problems: SettingProblem[]): RoutingProfile {
  if (value === undefined || value === null) return DEFAULT_ROUTING_PROFILE;
  if (isRoutingProfile(value)) return value;
  problems.push({ setting: 'llmRouter.routing.profile', message: `llmRouter.routing.profile must be ${ROUTING_PROFILES.map((profile) => `"${profile}"`).join(', ')}; using "${DEFAULT_ROUTING_PROFILE}".` });
  return DEFAULT_ROUTING_PROFILE;
}
