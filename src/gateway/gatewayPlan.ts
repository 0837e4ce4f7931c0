import type { Plan } from '../core/policy/planRoute';
import { isLocal, type Target } from '../core/providers/types';
import type { GatewayPlan, WireFacts } from './gatewayEngine';

/** Claude Code's background calls (titles, summaries, topic checks) and `--model haiku` ask for a small model. */
export function isSmallModel(model: string): boolean {
  return /haiku/i.test(model);
}

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/**
 * The engine's plan for the conversation, read for the gateway: a small-model call goes local
 * first; images, long context and content only Claude can read go to Claude; the budget's
 * "local only" holds, and when only Claude could answer at the cap, the request is refused.
 * `localFallback`: the local targets that may stand in when the plan's chain has none (Claude
 * fails, or a small-model call); 'unresolved' when they are looked up only if needed.
 */
export function gatewayPlanOf(plan: Plan, wire: WireFacts, localFallback: readonly Target[] | 'unresolved' = []): GatewayPlan {
  const inChain = plan.chain.filter((target) => isLocal(target));
  const local = inChain.length > 0 ? inChain : localFallback === 'unresolved' ? [] : localFallback;
  const cloudTarget = plan.chain.find((target) => target.provider === 'anthropic');
  const notes = [...plan.notes];
  const cloud = { targetId: cloudTarget?.id ?? 'claude', baseUrl: cloudTarget?.endpoints?.[0] ?? DEFAULT_ANTHROPIC_BASE_URL };
  const base = { decision: plan.decision, ...(plan.budget === undefined ? {} : { budget: plan.budget }), cloud };
  const needsClaude = [...wire.cloudOnly, ...(wire.images > 0 ? [`${wire.images === 1 ? 'an image' : `${wire.images} images`}`] : [])];
  // Unresolved: only asked for when Claude fails, so a request Claude answers is planned once.
  const localAllowed = (local.length > 0 || localFallback === 'unresolved') && wire.cloudOnly.length === 0;
  const cloudAllowed = cloudTarget !== undefined;
  if (plan.budget !== undefined && plan.budget.pace > 1 && !plan.budget.capped) notes.push(`Cloud spending runs at ${plan.budget.pace.toFixed(1)}× an even pace this month ($${plan.budget.spentUsd.toFixed(2)} of $${plan.budget.allotmentUsd.toFixed(2)}).`);

  if (needsClaude.length > 0) {
    if (cloudAllowed) return { ...base, first: 'cloud', localAllowed, cloudAllowed, notes: [...notes, `Claude takes it: the request carries ${needsClaude.join(', ')}.`] };
    if (!localAllowed) {
      const why = plan.budget?.capped === true ? `this month's cloud allotment ($${plan.budget.allotmentUsd.toFixed(2)}) is used up` : plan.localOnly ? 'it must stay on this machine' : 'Claude is not available for it';
      return { ...base, first: 'local', localAllowed, cloudAllowed, notes, refusal: `This request carries ${needsClaude.join(', ')}, which only Claude can read, and ${why}.` };
    }
  }
  if (!localAllowed && !cloudAllowed) return { ...base, first: 'local', localAllowed, cloudAllowed, notes, refusal: plan.refusal ?? 'No model can take this request: check llmRouter.targets and llmRouter.rules.' };
  if (isSmallModel(wire.model) && localAllowed && needsClaude.length === 0) {
    return { ...base, first: 'local', localAllowed, cloudAllowed, notes: [...notes, `A small-model call (${wire.model}) goes to ${local[0]?.model ?? 'a local model'}.`] };
  }
  // The chain's head, not the route: a conversation kept on Claude for the rest of a user turn has a local route but Claude first.
  const head = plan.chain[0];
  const first = !cloudAllowed || (localAllowed && (head === undefined ? plan.route === 'local' : isLocal(head))) ? 'local' : 'cloud';
  return { ...base, first, localAllowed, cloudAllowed, notes };
}
