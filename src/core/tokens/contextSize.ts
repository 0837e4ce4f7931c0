/** cl100k undercounts other tokenizers; leave room so the prompt is not cut. */
const TOKENIZER_SLACK = 1.25;
const MIN_CONTEXT = 2_048;

/** The context a local model needs for the prompt and the answer: slack added, rounded up to a multiple of 1,024. */
export function contextNeeded(promptTokens: number, maxOutputTokens: number): number {
  const needed = Math.ceil(promptTokens * TOKENIZER_SLACK) + maxOutputTokens;
  return Math.max(MIN_CONTEXT, Math.ceil(needed / 1024) * 1024);
}

/** The largest prompt (as counted locally) that `contextNeeded` fits into a context of `window` tokens with room for the answer. */
export function largestPromptFor(window: number, maxOutputTokens: number): number {
  return Math.max(0, Math.floor((window - maxOutputTokens) / TOKENIZER_SLACK));
}
