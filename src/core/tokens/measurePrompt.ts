import { promptText, type Task } from '../task';
import type { TokenCounter } from './tokenCounter';

/** A prompt's size in tokens: counted exactly, or counted past `limit` and estimated beyond. */
export interface PromptSize {
  readonly tokens: number;
  readonly exact: boolean;
}

/** Counted in pieces this long, cut after a newline, so counting can stop soon after the limit. */
const CHUNK_CHARS = 8_192;
/** Pieces of the uncounted rest sampled for the estimate, so a sparse start does not hide a dense rest. */
const SAMPLES = 4;
const SAMPLE_CHARS = 1_024;

/**
 * Counts `text` until the count passes `limit`, then estimates the rest from the density
 * counted so far and from a few samples of the rest, taking the denser (the estimate errs
 * high: it decides whether to ask before an upload). Tokenizing 10 MB whole takes seconds;
 * past the local limit the route is settled, so only the estimate matters. Under the limit
 * the count is exact but for pieces' seams (a run of blank lines cut in two counts one more).
 */
export function measurePrompt(counter: TokenCounter, text: string, limit: number): PromptSize {
  if (text.length <= CHUNK_CHARS * 2) return { tokens: counter.count(text), exact: true };
  let tokens = 0;
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + CHUNK_CHARS);
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end - 1);
      if (newline > at) end = newline + 1;
    }
    tokens += counter.count(text.slice(at, end));
    at = end;
    if (tokens > limit && at < text.length) return { tokens: tokens + estimateRest(counter, text, at, tokens / at), exact: false };
  }
  return { tokens, exact: true };
}

/** Code longer than this is measured apart from the instruction: joining them (promptText) would copy megabytes. */
const SEPARATE_CODE_CHARS = 1_048_576;

/** The size of the prompt a task makes (its instruction and code, as promptText joins them). */
export function measureTask(counter: TokenCounter, task: Task, limit: number): PromptSize {
  if (task.code.length <= SEPARATE_CODE_CHARS) return measurePrompt(counter, promptText(task), limit);
  const head = counter.count(`${task.context === undefined || task.context === '' ? '' : `${task.context}\n\n`}${task.instruction}\n\n`);
  const code = measurePrompt(counter, task.code, limit - head);
  return { tokens: head + code.tokens, exact: code.exact };
}

function estimateRest(counter: TokenCounter, text: string, from: number, countedDensity: number): number {
  const rest = text.length - from;
  let sampledTokens = 0;
  let sampledChars = 0;
  for (let index = 0; index < SAMPLES; index++) {
    const start = from + Math.floor(((index + 0.5) * rest) / SAMPLES);
    const sample = text.slice(start, Math.min(text.length, start + SAMPLE_CHARS));
    sampledTokens += counter.count(sample);
    sampledChars += sample.length;
  }
  const density = Math.max(countedDensity, sampledChars === 0 ? 0 : sampledTokens / sampledChars);
  return Math.ceil(rest * density);
}
