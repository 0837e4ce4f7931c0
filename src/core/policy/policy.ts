import type { Route } from '../task';
import type { Target } from '../providers/types';
import type { BudgetSettings } from './budget';
import { DEFAULT_LOCAL_ONLY_GLOBS } from './privacy';
import { targetLocality } from '../security/locality';

/** When a rule applies; every condition given must hold. */
export interface RuleCondition {
  readonly route?: Route;
  readonly categories?: readonly string[];
  readonly minPromptTokens?: number;
  readonly maxPromptTokens?: number;
}

/** Maps matching decisions to a chain of target ids, tried in order. */
export interface Rule {
  readonly when: RuleCondition;
  readonly chain: readonly string[];
}

/** A target as the settings describe it (its id is its key). */
export type TargetSpec = Omit<Target, 'id' | 'locality'>;

export interface PolicySettings {
  readonly targets: Readonly<Record<string, TargetSpec>>;
  readonly rules: readonly Rule[];
  /** Appended to every chain that has no cloud target, unless cloud is off. */
  readonly cloudFallback: string;
  readonly allowCloud: boolean;
  readonly categoryRoutes: Readonly<Record<string, Route>>;
  readonly localOnlyGlobs: readonly string[];
  readonly budget: BudgetSettings;
  /** Where Ollama targets without endpoints of their own run (empty in the settings: the default host). */
  readonly ollamaHosts: readonly string[];
  /** The OpenAI-compatible server (LM Studio, llama.cpp); empty when none is configured. */
  readonly openaiCompatibleUrl: string;
  /** Hosts besides loopback that count as this machine for privacy (llmRouter.privacy.localHosts). */
  readonly localHosts: readonly string[];
  /** A prompt larger than this leaves the machine only when the user agrees (llmRouter.cloud.maxUploadTokens). */
  readonly maxUploadTokens: number;
}

export const DEFAULT_MAX_UPLOAD_TOKENS = 200_000;

export const DEFAULT_CLOUD_MODEL = 'claude-sonnet-5-5';

/** The reference setup: code edits on qwen2.5-coder, short summaries on llama3.1, labelling on LM Studio, reasoning on Claude. */
export function defaultTargets(ollamaModel: string, cloudModel = DEFAULT_CLOUD_MODEL): Record<string, TargetSpec> {
  return {
    'local-code': { provider: 'ollama', model: ollamaModel },
    'local-summary': { provider: 'ollama', model: 'llama3.1:8b' },
    'local-labels': { provider: 'openai-compatible', model: 'phi-3-mini' },
    claude: { provider: 'anthropic', model: cloudModel },
  };
}

export const DEFAULT_RULES: readonly Rule[] = [
  { when: { route: 'cloud' }, chain: ['claude'] },
  { when: { minPromptTokens: 4001 }, chain: ['claude'] },
  { when: { route: 'local', categories: ['summarize', 'explain', 'commit-message'], maxPromptTokens: 2000 }, chain: ['local-summary', 'local-code'] },
  { when: { route: 'local', categories: ['classify'] }, chain: ['local-labels', 'local-code'] },
  { when: { route: 'local' }, chain: ['local-code'] },
];

export function defaultPolicy(ollamaModel: string, ollamaHost: string): PolicySettings {
  return {
    targets: defaultTargets(ollamaModel),
    rules: DEFAULT_RULES,
    cloudFallback: 'claude',
    allowCloud: true,
    categoryRoutes: {},
    localOnlyGlobs: DEFAULT_LOCAL_ONLY_GLOBS,
    budget: { monthlyUsd: 0 },
    ollamaHosts: [ollamaHost],
    openaiCompatibleUrl: '',
    localHosts: [],
    maxUploadTokens: DEFAULT_MAX_UPLOAD_TOKENS,
  };
}

/** `promptTokens` undefined: the size conditions are not looked at. */
export function ruleMatches(rule: Rule, route: Route, category: string, promptTokens: number | undefined): boolean {
  const { when } = rule;
  if (when.route !== undefined && when.route !== route) return false;
  if (when.categories !== undefined && !when.categories.includes(category)) return false;
  if (promptTokens === undefined) return true;
  if (when.minPromptTokens !== undefined && promptTokens < when.minPromptTokens) return false;
  if (when.maxPromptTokens !== undefined && promptTokens > when.maxPromptTokens) return false;
  return true;
}

/** A target with its endpoints filled in from the provider-wide settings and where it runs; undefined when its server is not configured. */
export function resolveTarget(id: string, policy: PolicySettings): Target | undefined {
  const spec = policy.targets[id];
  if (spec === undefined) return undefined;
  let endpoints = spec.endpoints;
  if (endpoints === undefined || endpoints.length === 0) {
    if (spec.provider === 'ollama') endpoints = policy.ollamaHosts;
    else if (spec.provider === 'openai-compatible') {
      if (policy.openaiCompatibleUrl === '') return undefined;
      endpoints = [policy.openaiCompatibleUrl];
    }
  }
  return { id, ...spec, ...(endpoints === undefined ? {} : { endpoints }), locality: targetLocality(spec.provider, endpoints, policy.localHosts) };
}
