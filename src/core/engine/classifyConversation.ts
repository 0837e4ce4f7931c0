import { classify } from '../classifier/classify';
import type { ClassifierOptions } from '../classifier/classifierOptions';
import { formatCount } from '../reports/numbers';
import type { Decision, Task } from '../task';
import type { TokenCounter } from '../tokens/tokenCounter';
import { measurePrompt, measureTask, type PromptSize } from '../tokens/measurePrompt';

/** A decision and the size of the prompt it was taken on. */
export interface SizedDecision {
  readonly decision: Decision;
  readonly size: PromptSize;
}

/**
 * Classifies a task. An editor task is its whole prompt, so the local limit reads all of it. A
 * conversation (a task with `context`: an agent's system prompt, tool schemas, earlier turns) is
 * judged on the task itself, the latest user message with its code and the tool results since:
 * its difficulty and its size against the local limit come from that, never from the agent's
 * boilerplate. The whole prompt is still counted (the decision's `promptTokens`), for the local
 * window, the upload limit and the price.
 */
export function classifyTask(counter: TokenCounter, task: Task, options: ClassifierOptions & { readonly countLimit: number }): SizedDecision {
  if (task.context === undefined || task.context === '') {
    const size = measureTask(counter, task, options.maxLocalTokens);
    return { decision: classify(task, size.tokens, options), size };
  }
  const own: Task = { ...task, context: '' };
  const taskTokens = measureTask(counter, own, options.maxLocalTokens);
  const context = measurePrompt(counter, task.context, options.countLimit);
  const classified = classify(own, taskTokens.tokens, options);
  const promptTokens = taskTokens.tokens + context.tokens;
  return {
    decision: { ...classified, promptTokens, taskTokens: taskTokens.tokens, reasons: classified.reasons.map((reason) => restated(reason, taskTokens.tokens, promptTokens, options.maxLocalTokens)) },
    size: { tokens: promptTokens, exact: taskTokens.exact && context.exact },
  };
}

/** The classifier's sentence on the prompt's size, said of the task, with the whole prompt beside it. */
function restated(reason: string, taskTokens: number, promptTokens: number, limit: number): string {
  const whole = `the whole prompt, with the agent's system text, tool schemas and earlier turns, is ${formatCount(promptTokens)} tokens and must fit the local model's window`;
  if (reason === `The prompt is ${formatCount(taskTokens)} tokens, within the local limit of ${formatCount(limit)}`) {
    return `The task (the latest user message, its code and tool results) is ${formatCount(taskTokens)} tokens, within the local limit of ${formatCount(limit)}; ${whole}`;
  }
  if (reason.startsWith(`The prompt is ${formatCount(taskTokens)} tokens, over the local limit of ${formatCount(limit)}`)) {
    return `The task (the latest user message, its code and tool results) is ${formatCount(taskTokens)} tokens, over the local limit of ${formatCount(limit)} → cloud; ${whole.replace(' and must fit the local model\'s window', '')}`;
  }
  return reason;
}
