import { estimateTokens } from './tokenEstimate';

/** Counts prompt tokens. Local models have small context windows, so this decides what fits. */
export interface TokenCounter {
  count(text: string): number;
}

let loading: Promise<TokenCounter> | undefined;
let ready: TokenCounter | undefined;

/**
 * Loads js-tiktoken (lite build, cl100k_base ranks) on first use. Building the encoder costs
 * a few hundred milliseconds and tens of megabytes, so nothing calls this during activation,
 * and a routed request calls it only once its answer is in (see readyTokenCounter).
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= (async () => {
    const [{ Tiktoken }, ranks] = await Promise.all([
      import('js-tiktoken/lite'),
      import('js-tiktoken/ranks/cl100k_base'),
    ]);
    const encoder = new Tiktoken(ranks.default);
    // Special-token text such as "<|endoftext|>" in user code is counted as plain text.
    ready = { count: (text: string) => encoder.encode(text, [], []).length };
    return ready;
  })();
  return loading;
}

/** The tokenizer if it has been built, without starting to build it. */
export function readyTokenCounter(): TokenCounter | undefined {
  return ready;
}

/** The tokenizer when it is ready, else a conservative estimate (tokenEstimate.ts): never waits. */
export const COUNT_NOW: TokenCounter = { count: (text) => (ready === undefined ? estimateTokens(text) : ready.count(text)) };

/** Whether the tokenizer has been built in this process (activation must leave it unbuilt). */
export function isTokenCounterLoaded(): boolean {
  return ready !== undefined;
}
