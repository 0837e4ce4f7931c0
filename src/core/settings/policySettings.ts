import { DEFAULT_CLOUD_MODEL, DEFAULT_MAX_UPLOAD_TOKENS, DEFAULT_RULES, defaultTargets, type PolicySettings, type Rule, type TargetSpec } from '../policy/policy';
import { DEFAULT_LOCAL_ONLY_GLOBS } from '../policy/privacy';
import type { ProviderKind } from '../providers/types';
import type { Route } from '../task';
import type { RawSettingReader, SettingProblem } from './routerSettings';

/** The routing part of the settings, as read: the policy (Ollama hosts possibly empty) and how the engine runs it. */
export interface RoutingSettings extends PolicySettings {
  readonly cloudModel: string;
  readonly maxParallelPerHost: number;
  readonly localFirstTokenSeconds: number;
  readonly cloudFirstTokenSeconds: number;
  readonly totalSeconds: number;
}

const PROVIDERS: ReadonlySet<string> = new Set<ProviderKind>(['ollama', 'anthropic', 'openai-compatible']);

export function readRoutingSettings(read: RawSettingReader, ollamaModel: string, problems: SettingProblem[]): RoutingSettings {
  const report = (setting: string, message: string) => problems.push({ setting, message: `${setting} ${message}` });
  const value = <T>(key: string, fallback: T, valid: (raw: unknown) => raw is T, explain: string): T => {
    const raw = read(key);
    if (raw === undefined || raw === null) return fallback;
    if (valid(raw)) return raw;
    report(key, `${explain}; using the default.`);
    return fallback;
  };
  const number = (key: string, fallback: number, min: number, max: number) =>
    value(key, fallback, (raw): raw is number => typeof raw === 'number' && Number.isFinite(raw) && raw >= min && raw <= max, `must be a number from ${min} to ${max}`);

  const cloudModel = value('llmRouter.cloud.model', DEFAULT_CLOUD_MODEL, (raw): raw is string => typeof raw === 'string' && /^claude-[\w.-]+$/.test(raw), 'must be a Claude model id such as claude-sonnet-5-5');
  const targets: Record<string, TargetSpec> = { ...defaultTargets(ollamaModel, cloudModel) };
  const rawTargets = read('llmRouter.targets');
  if (rawTargets !== undefined && rawTargets !== null) {
    if (typeof rawTargets !== 'object' || Array.isArray(rawTargets)) report('llmRouter.targets', 'must be an object of named targets; using the defaults.');
    else {
      for (const [id, spec] of Object.entries(rawTargets as Record<string, unknown>)) {
        const problem = targetProblem(spec);
        if (problem === undefined) targets[id] = spec as TargetSpec;
        else report('llmRouter.targets', `"${id}" ${problem}; it is ignored.`);
      }
    }
  }

  const rules = value('llmRouter.rules', DEFAULT_RULES, (raw): raw is Rule[] => Array.isArray(raw) && raw.every((rule) => ruleProblem(rule) === undefined), 'must be a list of {when, chain} rules');
  for (const rule of rules) for (const id of rule.chain) if (targets[id] === undefined) report('llmRouter.rules', `names the target "${id}", which llmRouter.targets does not define; it is skipped.`);

  const cloudFallback = value('llmRouter.cloud.fallbackTarget', 'claude', (raw): raw is string => typeof raw === 'string' && targets[raw]?.provider === 'anthropic', 'must name an anthropic target in llmRouter.targets');
  return {
    targets,
    rules,
    allowCloud: value('llmRouter.cloud.enabled', true, (raw): raw is boolean => typeof raw === 'boolean', 'must be true or false'),
    cloudModel,
    cloudFallback,
    categoryRoutes: value(
      'llmRouter.categoryRoutes',
      {},
      (raw): raw is Record<string, Route> => typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.values(raw).every((route) => route === 'local' || route === 'cloud'),
      'must map categories to "local" or "cloud"',
    ),
    localOnlyGlobs: value('llmRouter.privacy.localOnlyGlobs', DEFAULT_LOCAL_ONLY_GLOBS, isStringList, 'must be a list of glob patterns'),
    localHosts: value('llmRouter.privacy.localHosts', [], isStringList, 'must be a list of host names, addresses or IPv4 ranges such as 10.0.0.0/8'),
    budget: { monthlyUsd: number('llmRouter.budget.monthlyUsd', 0, 0, 1_000_000) },
    maxUploadTokens: Math.round(number('llmRouter.cloud.maxUploadTokens', DEFAULT_MAX_UPLOAD_TOKENS, 1_000, 100_000_000)),
    ollamaHosts: value('llmRouter.ollama.hosts', [], isStringList, 'must be a list of Ollama addresses'),
    maxParallelPerHost: Math.round(number('llmRouter.ollama.maxParallelPerHost', 4, 1, 64)),
    openaiCompatibleUrl: value('llmRouter.openaiCompatible.baseUrl', '', (raw): raw is string => typeof raw === 'string' && (raw === '' || /^https?:\/\/\S+$/.test(raw)), 'must be empty or a URL such as http://127.0.0.1:1234/v1').trim(),
    localFirstTokenSeconds: number('llmRouter.timeouts.localFirstTokenSeconds', 60, 1, 3600),
    cloudFirstTokenSeconds: number('llmRouter.timeouts.cloudFirstTokenSeconds', 30, 1, 3600),
    totalSeconds: number('llmRouter.timeouts.totalSeconds', 180, 5, 7200),
  };
}

/** The policy the planner uses; `defaultOllamaHost` is the resolved llmRouter.ollama.host / OLLAMA_HOST. */
export function policyFrom(routing: RoutingSettings, defaultOllamaHost: string): PolicySettings {
  return routing.ollamaHosts.length > 0 ? routing : { ...routing, ollamaHosts: [defaultOllamaHost] };
}

function isStringList(raw: unknown): raw is string[] {
  return Array.isArray(raw) && raw.every((entry) => typeof entry === 'string' && entry.trim() !== '');
}

function targetProblem(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null) return 'must be an object';
  const record = spec as Record<string, unknown>;
  if (typeof record.provider !== 'string' || !PROVIDERS.has(record.provider)) return 'needs "provider": "ollama", "anthropic" or "openai-compatible"';
  if (typeof record.model !== 'string' || record.model.trim() === '') return 'needs a "model"';
  if (record.endpoints !== undefined && !isStringList(record.endpoints)) return 'has "endpoints" that are not a list of URLs';
  if (record.numCtx !== undefined && !(Number.isInteger(record.numCtx) && (record.numCtx as number) >= 256)) return 'has a "numCtx" that is not a whole number ≥ 256';
  if (record.contextWindow !== undefined && !(Number.isInteger(record.contextWindow) && (record.contextWindow as number) >= 256)) return 'has a "contextWindow" that is not a whole number ≥ 256';
  if (record.maxOutputTokens !== undefined && !(Number.isInteger(record.maxOutputTokens) && (record.maxOutputTokens as number) > 0)) return 'has a "maxOutputTokens" that is not a positive whole number';
  return capabilitiesProblem(record) ?? priceProblem(record);
}

/** What an OpenAI-compatible target declares it takes: `{tools?: boolean, images?: boolean}`; the other providers say it themselves. */
function capabilitiesProblem(record: Record<string, unknown>): string | undefined {
  const declared = record.capabilities;
  if (declared === undefined) return undefined;
  if (record.provider !== 'openai-compatible') return 'has "capabilities", which only an OpenAI-compatible target declares (Claude takes tools and images; Ollama lists what its models take)';
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return 'has "capabilities" that is not an object such as {"tools": true, "images": false}';
  for (const [key, value] of Object.entries(declared)) {
    if (key !== 'tools' && key !== 'images') return `has "capabilities" with "${key}": only "tools" and "images" are known`;
    if (typeof value !== 'boolean') return `has "capabilities.${key}" that is not true or false`;
  }
  return undefined;
}

/** A target's own price: both figures or neither, in dollars per million tokens; Claude is priced by its model. */
function priceProblem(record: Record<string, unknown>): string | undefined {
  const given = (['inputPerMTok', 'outputPerMTok'] as const).filter((key) => record[key] !== undefined);
  if (given.length === 0) return undefined;
  if (record.provider === 'anthropic') return 'is a Claude target, priced by its model (llmRouter.pricing.models); "inputPerMTok" and "outputPerMTok" are for other targets';
  for (const key of given) {
    const value = record[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10_000) return `has a "${key}" that is not a number of dollars per million tokens from 0 to 10000`;
  }
  return given.length === 1 ? `has "${given[0]}" without "${given[0] === 'inputPerMTok' ? 'outputPerMTok' : 'inputPerMTok'}": a price needs both` : undefined;
}

function ruleProblem(rule: unknown): string | undefined {
  if (typeof rule !== 'object' || rule === null) return 'not an object';
  const { when, chain } = rule as { when?: unknown; chain?: unknown };
  if (!isStringList(chain) || chain.length === 0) return 'no chain';
  if (when !== undefined && (typeof when !== 'object' || when === null)) return 'bad when';
  const condition = (when ?? {}) as Record<string, unknown>;
  if (condition.route !== undefined && condition.route !== 'local' && condition.route !== 'cloud') return 'bad route';
  if (condition.categories !== undefined && !isStringList(condition.categories)) return 'bad categories';
  for (const key of ['minPromptTokens', 'maxPromptTokens']) if (condition[key] !== undefined && typeof condition[key] !== 'number') return `bad ${key}`;
  return undefined;
}
