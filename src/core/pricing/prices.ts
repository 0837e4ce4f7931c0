import { isLocal, type Target, type Usage } from '../providers/types';

/** USD per million tokens, in effect from `since` (YYYY-MM-DD) until a later entry for the same model. */
export interface Price {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
  readonly since: string;
  /** Where the figure came from, shown beside it in reports and the panel. */
  readonly source?: string;
}

/** A model id prefix (longest match wins, so `claude-sonnet-5-5-20261007` prices as `claude-sonnet-5-5`) and its prices over time. */
export interface PriceEntry {
  readonly model: string;
  readonly prices: readonly Price[];
  /** Prompts longer than this many tokens pay `longPrompt` instead. */
  readonly longPromptTokens?: number;
  readonly longPrompt?: Omit<Price, 'since'>;
}

const ANTHROPIC = 'Anthropic list price, 5-minute cache writes';

/** Defaults from the published list prices of November 2026; users override them per model in settings. */
export const DEFAULT_PRICES: readonly PriceEntry[] = [
  { model: 'claude-opus-5-5', prices: [{ input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2, since: '2026-10-07', source: ANTHROPIC }] },
  {
    model: 'claude-sonnet-5-5',
    prices: [
      { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2, since: '2026-09-01', source: ANTHROPIC },
      { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1, since: '2026-10-07', source: `${ANTHROPIC}; cache reads cut on 2026-10-07` },
    ],
  },
  {
    model: 'claude-haiku-5-5',
    prices: [{ input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01, since: '2026-10-07', source: ANTHROPIC }],
    longPromptTokens: 100_000,
    longPrompt: { input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 },
  },
  { model: 'claude-opus-5', prices: [{ input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, since: '2026-01-01', source: ANTHROPIC }] },
  { model: 'claude-opus-4', prices: [{ input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, since: '2025-11-24', source: ANTHROPIC }] },
  { model: 'claude-sonnet-5', prices: [{ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2, since: '2026-01-01', source: ANTHROPIC }] },
  { model: 'claude-sonnet-4', prices: [{ input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, since: '2025-05-22', source: ANTHROPIC }] },
  { model: 'claude-haiku-4', prices: [{ input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1, since: '2025-10-15', source: ANTHROPIC }] },
  { model: 'claude-fable-5', prices: [{ input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1, since: '2026-06-01', source: ANTHROPIC }] },
  { model: 'claude-mythos-5', prices: [{ input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1, since: '2026-06-01', source: ANTHROPIC }] },
  { model: 'gpt-4o-mini', prices: [{ input: 0.15, output: 0.6, cacheWrite: 0.15, cacheRead: 0.075, since: '2024-07-18', source: 'OpenAI list price' }] },
  { model: 'gpt-4o', prices: [{ input: 2.5, output: 10, cacheWrite: 2.5, cacheRead: 1.25, since: '2024-10-01', source: 'OpenAI list price' }] },
];

/**
 * Tokens a model's own tokenizer yields per cl100k token, a local estimate used only where the
 * provider's count is not available: Claude's 5.x tokenizer ≈ 1.5×; GPT-4o's o200k ≈ 1.0×.
 */
export function tokensPerCl100k(model: string): number {
  return model.startsWith('claude-') ? 1.5 : 1;
}

export interface PricingOptions {
  /** Per-model overrides from settings, replacing the defaults for that model prefix. */
  readonly overrides?: readonly PriceEntry[];
  /** USD per million tokens for local models (electricity, hardware); 0 by default. */
  readonly localUsdPerMillionTokens?: number;
}

/** What pricing a request needs to know of its target. */
export type PricedTarget = Pick<Target, 'provider' | 'model' | 'endpoints' | 'locality' | 'inputPerMTok' | 'outputPerMTok'>;

/** A target off this machine that is not Claude and has no price of its own: what it costs is not known (never $0). */
export function isUnpricedRemote(target: PricedTarget): boolean {
  return target.provider !== 'anthropic' && (target.inputPerMTok === undefined || target.outputPerMTok === undefined) && !isLocal(target);
}

/** Prices every attempt and the all-cloud baseline; user overrides win over the defaults. */
export class PriceTable {
  private readonly entries: readonly PriceEntry[];
  readonly localUsdPerMillionTokens: number;

  constructor(options: PricingOptions = {}) {
    const overridden = new Set((options.overrides ?? []).map((entry) => entry.model));
    this.entries = [...(options.overrides ?? []), ...DEFAULT_PRICES.filter((entry) => !overridden.has(entry.model))];
    this.localUsdPerMillionTokens = options.localUsdPerMillionTokens ?? 0;
  }

  /** The price in effect for `model` on `at` (an ISO date or timestamp), or undefined when the model is unknown. */
  priceOf(model: string, at: string, promptTokens = 0): Omit<Price, 'since'> | undefined {
    let best: PriceEntry | undefined;
    for (const entry of this.entries) if (model.startsWith(entry.model) && (best === undefined || entry.model.length > best.model.length)) best = entry;
    if (best === undefined) return undefined;
    if (best.longPrompt !== undefined && best.longPromptTokens !== undefined && promptTokens > best.longPromptTokens) return best.longPrompt;
    const day = at.slice(0, 10);
    const sorted = [...best.prices].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
    return sorted.filter((price) => price.since <= day).pop() ?? sorted[0];
  }

  /**
   * What a request cost: Claude at its model's price on `at`; another target at its own price
   * (inputPerMTok, outputPerMTok) when it has one, else at the local rate when it runs on this
   * machine. Undefined when the cost is not known: a Claude model without a price, or a target off
   * this machine without one.
   */
  costOf(target: PricedTarget, usage: Usage, at: string): number | undefined {
    const tokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    if (target.provider !== 'anthropic') {
      if (target.inputPerMTok !== undefined && target.outputPerMTok !== undefined) return (tokens * target.inputPerMTok + usage.outputTokens * target.outputPerMTok) / 1_000_000;
      return isUnpricedRemote(target) ? undefined : ((tokens + usage.outputTokens) * this.localUsdPerMillionTokens) / 1_000_000;
    }
    const price = this.priceOf(target.model, at, tokens);
    if (price === undefined) return undefined;
    return (usage.inputTokens * price.input + usage.outputTokens * price.output + usage.cacheWriteTokens * price.cacheWrite + usage.cacheReadTokens * price.cacheRead) / 1_000_000;
  }

  /** What the same task would have cost sent straight to `model`, from cl100k counts of its prompt and answer. */
  baselineCost(model: string, promptTokensCl100k: number, answerTokensCl100k: number, at: string): number | undefined {
    const factor = tokensPerCl100k(model);
    const input = Math.round(promptTokensCl100k * factor);
    const output = Math.round(answerTokensCl100k * factor);
    const price = this.priceOf(model, at, input);
    if (price === undefined) return undefined;
    return (input * price.input + output * price.output) / 1_000_000;
  }

  /** Every model's current price, for the panel and reports. */
  list(at: string): { model: string; price: Omit<Price, 'since'> & { since?: string } }[] {
    return this.entries.map((entry) => ({ model: entry.model, price: this.priceOf(entry.model, at) ?? entry.prices[0] }));
  }
}
