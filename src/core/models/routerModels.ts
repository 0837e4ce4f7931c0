import { resolveOllamaHost } from '../ollama/ollamaHost';
import { resolveTarget } from '../policy/policy';
import type { Target } from '../providers/types';
import { placeLabel } from '../security/locality';
import { policyFrom } from '../settings/policySettings';
import type { RouterSettings } from '../settings/routerSettings';
import { autoCapabilities, targetCapabilities, type FactsLookup, type ModelCapabilities } from './modelCapabilities';

export const AUTO_MODEL_ID = 'auto';
export const TARGET_MODEL_PREFIX = 'target:';

/** A model LLM Router offers to chat clients: Auto, or one configured target. */
export interface RouterModel {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly detail: string;
  readonly tooltip: string;
  readonly capabilities: ModelCapabilities;
}

/** The target id behind a model id, or undefined for Auto. */
export function targetIdOf(modelId: string): string | undefined {
  return modelId.startsWith(TARGET_MODEL_PREFIX) ? modelId.slice(TARGET_MODEL_PREFIX.length) : undefined;
}

/**
 * Auto and every configured target, with what each can honestly do (asking Ollama about its
 * models). A target that cannot be resolved (an OpenAI-compatible one without a server URL) is
 * listed as not configured, with no tools.
 */
export async function routerModels(settings: RouterSettings, lookup: FactsLookup, ollamaHostFromEnvironment: string | undefined, defaultOutputTokens: number): Promise<RouterModel[]> {
  const policy = policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, ollamaHostFromEnvironment));
  const entries = await Promise.all(
    Object.entries(settings.routing.targets).map(async ([id, spec]) => {
      const target = resolveTarget(id, policy);
      const capabilities = await targetCapabilities(target ?? { id, ...spec }, lookup, defaultOutputTokens);
      return { id, spec, target, capabilities: target === undefined ? { ...capabilities, toolCalling: false, imageInput: false } : capabilities };
    }),
  );
  const resolved = entries.flatMap(({ target, capabilities }) => (target === undefined ? [] : [{ target, capabilities }]));
  const auto: RouterModel = {
    id: AUTO_MODEL_ID,
    name: 'LLM Router Auto',
    family: 'llm-router',
    detail: 'routes each request',
    tooltip: 'Each request goes to the cheapest model that can do it well: a local model for structured work, Claude for reasoning.',
    capabilities: autoCapabilities(resolved, settings.routing.allowCloud),
  };
  return [
    auto,
    ...entries.map(({ id, spec, target, capabilities }) => ({
      id: `${TARGET_MODEL_PREFIX}${id}`,
      name: `${spec.model} (via LLM Router)`,
      family: spec.provider,
      detail: placeOf(target),
      tooltip: `LLM Router target "${id}": ${spec.provider} ${spec.model}`,
      capabilities,
    })),
  ];
}

function placeOf(target: Target | undefined): string {
  return target === undefined ? 'not configured' : placeLabel(target);
}
