/** Counts prompt tokens. Local models have small context windows, so this decides what fits. */
export interface TokenCounter {
  count(text: string): number;
}

let loading: Promise<TokenCounter> | undefined;
let loaded = false;

/**
 * Loads js-tiktoken (lite build, cl100k_base ranks) on first use. Building the encoder costs
 * a few hundred milliseconds and tens of megabytes, so nothing calls this during activation.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= (async () => {
    const [{ Tiktoken }, ranks] = await Promise.all([
      import('js-tiktoken/lite'),
      import('js-tiktoken/ranks/cl100k_base'),
    ]);
    const encoder = new Tiktoken(ranks.default);
    loaded = true;
    // Special-token text such as "<|endoftext|>" in user code is counted as plain text.
    return { count: (text: string) => encoder.encode(text, [], []).length };
  })();
  return loading;
}

/** Whether the tokenizer has been built in this process (activation must leave it unbuilt). */
export function isTokenCounterLoaded(): boolean {
  return loaded;
}
