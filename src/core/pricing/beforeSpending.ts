import type { Plan } from '../policy/planRoute';
import { NO_USAGE } from '../providers/types';
import { formatCount, formatUsd } from '../reports/numbers';
import { baselineModelOf } from '../settings/ledgerSettings';
import type { RouterSettings } from '../settings/routerSettings';
import { PriceTable } from './prices';

/** What a plan would cost before anything is sent: its first target's price for the prompt's tokens in and as many out, and the baseline model's. */
export interface SpendingEstimate {
  /** The first target's estimate; undefined when its price is unknown. */
  readonly estimateUsd: number | undefined;
  /** The same tokens on the baseline model, shown beside a non-Claude target; undefined when not shown. */
  readonly cloudUsd: number | undefined;
}

export function estimateSpending(plan: Plan, settings: RouterSettings, at: Date): SpendingEstimate {
  const first = plan.chain[0];
  const prices = new PriceTable(settings.ledger.pricing);
  const now = at.toISOString();
  const tokens = plan.decision.promptTokens;
  const cloudEstimate = prices.baselineCost(baselineModelOf(settings.ledger, settings.routing.cloudModel), tokens, tokens, now);
  const estimateUsd = first === undefined ? 0 : first.provider !== 'anthropic' ? prices.costOf(first, { ...NO_USAGE, inputTokens: tokens, outputTokens: tokens }, now) : (prices.baselineCost(first.model, tokens, tokens, now) ?? cloudEstimate);
  return { estimateUsd, cloudUsd: first?.provider === 'anthropic' ? undefined : cloudEstimate };
}

/** "local · qwen2.5-coder:7b · rename · 312 tokens · est. $0.0000 (cloud would be $0.0040)": the editor's line before it sends. */
export function describeBeforeSpending(plan: Plan, settings: RouterSettings, at = new Date()): string {
  const { estimateUsd, cloudUsd } = estimateSpending(plan, settings, at);
  const cloud = cloudUsd === undefined ? '' : ` (cloud would be ${formatUsd(cloudUsd)})`;
  return `${plan.route} · ${plan.chain[0]?.model ?? 'no model'} · ${plan.decision.category} · ${formatCount(plan.decision.promptTokens)} tokens · est. ${estimateUsd === undefined ? 'unknown' : formatUsd(estimateUsd)}${cloud}`;
}
