import type { Target, Usage } from '../providers/types';

/** USD per million tokens. */
interface Price {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

/**
 * Anthropic list prices (USD per million tokens) as of November 2026, 5-minute cache writes.
 * Longest matching prefix wins, so `claude-sonnet-5-5-20261007` prices as `claude-sonnet-5-5`.
 */
const CLAUDE_PRICES: readonly [prefix: string, price: Price][] = [
  ['claude-opus-5-5', { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 }],
  ['claude-sonnet-5-5', { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 }],
  ['claude-haiku-5-5', { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 }],
  ['claude-opus-5', { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 }],
  ['claude-opus-4', { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 }],
  ['claude-sonnet-5', { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 }],
  ['claude-sonnet-4', { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }],
  ['claude-haiku-4', { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }],
  ['claude-fable-5', { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 }],
  ['claude-mythos-5', { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 }],
];

/** Haiku 5.5 charges more once a prompt passes 100K tokens. */
const HAIKU_LONG_PROMPT: Price = { input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 };

/**
 * Claude's 5.x tokenizer yields about 1.5× the cl100k count for the same text (a local estimate,
 * not an official figure); used only where Claude's own count is not available.
 */
export const CLAUDE_TOKENS_PER_CL100K = 1.5;

function priceOf(model: string, promptTokens: number): Price | undefined {
  let best: [string, Price] | undefined;
  for (const entry of CLAUDE_PRICES) if (model.startsWith(entry[0]) && (best === undefined || entry[0].length > best[0].length)) best = entry;
  if (best?.[0] === 'claude-haiku-5-5' && promptTokens > 100_000) return HAIKU_LONG_PROMPT;
  return best?.[1];
}

/** What a request cost: 0 on local targets, list price on Claude, undefined for a Claude model we have no price for. */
export function costOf(target: Target, usage: Usage): number | undefined {
  if (target.provider !== 'anthropic') return 0;
  const price = priceOf(target.model, usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens);
  if (price === undefined) return undefined;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output + usage.cacheWriteTokens * price.cacheWrite + usage.cacheReadTokens * price.cacheRead) / 1_000_000;
}

/** What the same task would have cost sent straight to `cloudModel`, from cl100k counts of its prompt and answer. */
export function baselineCost(cloudModel: string, promptTokensCl100k: number, answerTokensCl100k: number): number | undefined {
  const input = Math.round(promptTokensCl100k * CLAUDE_TOKENS_PER_CL100K);
  const output = Math.round(answerTokensCl100k * CLAUDE_TOKENS_PER_CL100K);
  const price = priceOf(cloudModel, input);
  if (price === undefined) return undefined;
  return (input * price.input + output * price.output) / 1_000_000;
}
