import type { RouterSettings } from '../settings/routerSettings';
import { promptText, type Task } from '../task';
import { loadTokenCounter, readyTokenCounter, type TokenCounter } from '../tokens/tokenCounter';
import { estimateTokens, MAX_OVERESTIMATE } from '../tokens/tokenEstimate';

/**
 * The counter to plan a task with, without waiting for the tokenizer where it need not: the
 * tokenizer once it is ready; before that the estimate, when no size at which the plan changes
 * (the local limit, a rule's bounds) lies between the estimate and the smallest count it can
 * stand for, so the plan is the one the exact count would give; else the tokenizer, loaded
 * now (a task near a limit is worth the wait).
 */
export async function planningCounter(task: Task, settings: RouterSettings): Promise<{ readonly counter: TokenCounter; readonly estimated: boolean }> {
  const ready = readyTokenCounter();
  if (ready !== undefined) return { counter: ready, estimated: false };
  const text = promptText(task);
  const estimate = estimateTokens(text);
  const lowest = Math.floor(estimate / MAX_OVERESTIMATE);
  if (planBoundaries(settings).some((boundary) => lowest <= boundary && boundary < estimate)) return { counter: await loadTokenCounter(), estimated: false };
  return { counter: { count: (counted) => (counted === text ? estimate : estimateTokens(counted)) }, estimated: true };
}

/** Counts `n` for which a plan at `n` tokens and one at `n + 1` can differ. */
function planBoundaries(settings: RouterSettings): number[] {
  // Over the upload limit a prompt leaves the machine only when the user agrees.
  const boundaries = [settings.maxLocalTokens, settings.routing.maxUploadTokens];
  for (const { when } of settings.routing.rules) {
    if (when.maxPromptTokens !== undefined) boundaries.push(when.maxPromptTokens);
    if (when.minPromptTokens !== undefined) boundaries.push(when.minPromptTokens - 1);
  }
  return boundaries;
}
