import type { OllamaModelFacts } from '../ollama/modelFacts';
import type { Target } from '../providers/types';
import { largestPromptFor } from '../tokens/contextSize';

/** What a model offered to a chat client (VS Code's model picker, vscode.lm) can honestly promise. */
export interface ModelCapabilities {
  readonly toolCalling: boolean;
  readonly imageInput: boolean;
  /** The largest prompt the model takes with room for its answer. */
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
}

/** The answer cap the engine sets when a target has none (the engine's DEFAULT_TIMING.maxOutputTokens; a unit test keeps them equal). */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;
/** Claude models' context window. */
export const CLAUDE_CONTEXT_WINDOW = 200_000;
/** What the router sizes an Ollama model to when neither the target nor its server gives a window. */
const OLLAMA_FALLBACK_WINDOW = 32_768;
/** LM Studio's default load when an OpenAI-compatible target does not set `contextWindow`. */
const OPENAI_COMPATIBLE_FALLBACK_WINDOW = 4_096;

/** Asks a target's server what it knows about its model (Ollama's /api/show); undefined when it cannot tell. */
export type FactsLookup = (target: Target) => Promise<OllamaModelFacts | undefined>;

/**
 * One target's capabilities. Claude takes tools and images. An Ollama model takes what its server
 * lists (`tools`, `vision`), and a prompt as large as the context the router will set: the target's
 * fixed `numCtx`, else the model's own window. An OpenAI-compatible server does not say what its
 * model can do, so nothing is promised beyond text unless the target's `capabilities` declare it.
 */
export async function targetCapabilities(target: Target, lookup: FactsLookup, defaultOutputTokens: number): Promise<ModelCapabilities> {
  const maxOutputTokens = target.maxOutputTokens ?? defaultOutputTokens;
  if (target.provider === 'anthropic') {
    return { toolCalling: true, imageInput: true, maxInputTokens: CLAUDE_CONTEXT_WINDOW - maxOutputTokens, maxOutputTokens };
  }
  if (target.provider === 'openai-compatible') {
    const window = target.contextWindow ?? OPENAI_COMPATIBLE_FALLBACK_WINDOW;
    return { toolCalling: target.capabilities?.tools === true, imageInput: target.capabilities?.images === true, maxInputTokens: largestPromptFor(window, maxOutputTokens), maxOutputTokens };
  }
  const facts = await lookup(target);
  const window = target.numCtx ?? target.contextWindow ?? facts?.contextLength ?? OLLAMA_FALLBACK_WINDOW;
  const listed = new Set(facts?.capabilities ?? []);
  return { toolCalling: listed.has('tools'), imageInput: listed.has('vision'), maxInputTokens: largestPromptFor(window, maxOutputTokens), maxOutputTokens };
}

/**
 * LLM Router Auto's capabilities from the targets it can route to: tools when one of them takes
 * tools; images while a Claude target can be used, since the router sends a request with images
 * to the models off this machine in its chain (policy/imageTargets.ts); the largest prompt any of
 * them takes. Cloud targets count only while the cloud is allowed.
 */
export function autoCapabilities(targets: readonly { readonly target: Target; readonly capabilities: ModelCapabilities }[], cloudAllowed: boolean): ModelCapabilities {
  const usable = targets.filter(({ target }) => target.provider !== 'anthropic' || cloudAllowed);
  return {
    toolCalling: usable.some(({ capabilities }) => capabilities.toolCalling),
    imageInput: usable.some(({ target, capabilities }) => target.provider === 'anthropic' && capabilities.imageInput),
    maxInputTokens: Math.max(0, ...usable.map(({ capabilities }) => capabilities.maxInputTokens)),
    maxOutputTokens: Math.max(0, ...usable.map(({ capabilities }) => capabilities.maxOutputTokens)),
  };
}
