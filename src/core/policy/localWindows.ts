import type { ProviderKind, Target } from '../providers/types';
import { contextNeeded } from '../tokens/contextSize';
import type { Plan } from './planRoute';
import { formatCount } from '../reports/numbers';

/** The window a model has when neither the target nor its server says: what the router sizes Ollama to, LM Studio's default load. */
const KNOWN_WINDOWS: Record<Exclude<ProviderKind, 'anthropic'>, number> = { ollama: 32_768, 'openai-compatible': 4_096 };

/** Asks a target's server for its model's window (Ollama's /api/show); undefined when it cannot tell. */
export type WindowLookup = (target: Target) => Promise<number | undefined>;

/**
 * For a prompt over the local token limit (one that must stay local, or a rule that sends it to a
 * local model anyway): keeps each local or self-hosted target whose model's window holds the
 * prompt and the answer, with Ollama's context sized to the prompt; drops the others, saying
 * why; refuses, with the reason, when nothing is left.
 */
export async function fitLocalWindows(plan: Plan, lookup: WindowLookup, defaultOutputTokens: number): Promise<Plan> {
  const promptTokens = plan.decision.promptTokens;
  const notes = [...plan.notes];
  const chain: Target[] = [];
  const tooSmall: string[] = [];
  let needed = 0;
  for (const target of plan.chain) {
    if (target.provider === 'anthropic') {
      chain.push(target);
      continue;
    }
    needed = contextNeeded(promptTokens, target.maxOutputTokens ?? defaultOutputTokens);
    const window = target.numCtx ?? target.contextWindow ?? (await lookup(target)) ?? KNOWN_WINDOWS[target.provider];
    if (needed > window) {
      tooSmall.push(`${target.id} (${target.model}) holds ${formatCount(window)}`);
      notes.push(`${target.id} (${target.model}) holds ${formatCount(window)} tokens; this prompt needs ${formatCount(needed)} with room for the answer, so it is skipped.`);
      continue;
    }
    if (target.provider === 'ollama' && target.numCtx === undefined) {
      chain.push({ ...target, numCtx: needed });
      notes.push(`${target.id} (${target.model}) runs this ${formatCount(promptTokens)}-token prompt with a context of ${formatCount(needed)} tokens (its window: ${formatCount(window)}).`);
    } else {
      chain.push(target);
    }
  }
  if (chain.length > 0 || plan.refusal !== undefined || plan.editorAction !== undefined || tooSmall.length === 0) return { ...plan, chain, notes };
  const why = plan.localOnly ? 'This task must stay on your machine, but the' : 'The';
  return {
    ...plan,
    chain,
    notes,
    refusal: `${why} prompt (${formatCount(promptTokens)} tokens, ${formatCount(needed)} with room for the answer) does not fit the context window of any local model: ${tooSmall.join('; ')}. Select less, or name a model with a larger window (numCtx or contextWindow in llmRouter.targets).`,
  };
}


/**
 * A conversation routed local whose whole prompt (an agent's system text, tool schemas and turns)
 * fits no local model's window goes to the cloud left in its chain, and the plan says so.
 */
export function cloudWhenNoLocalWindowHolds(before: Plan, fitted: Plan): Plan {
  const hadLocal = before.chain.some((target) => target.provider !== 'anthropic');
  const hasLocal = fitted.chain.some((target) => target.provider !== 'anthropic');
  if (before.route !== 'local' || !hadLocal || hasLocal || fitted.chain.length === 0 || fitted.refusal !== undefined) return fitted;
  return { ...fitted, route: 'cloud', notes: [...fitted.notes, `The whole prompt (${formatCount(before.decision.promptTokens)} tokens with the system text, tool schemas and earlier turns) fits no local model's window → cloud.`] };
}
