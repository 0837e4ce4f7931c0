import { tokensPerCl100k } from '../pricing/prices';
import { NO_USAGE, type Target, type Usage } from '../providers/types';
import type { AttemptResult } from './attempt';

/**
 * What an attempt consumed, so that a failed one is priced like any other. A finished answer:
 * the provider's counts. A failed one: the provider's last report where it sent one (Claude's
 * message_start and message_delta), and once the model had begun, at least the prompt and the
 * text that streamed before the failure, counted here in the target's tokens.
 */
export function consumedUsage(result: AttemptResult, target: Pick<Target, 'model'>, promptTokens: number, countTokens: (text: string) => number): Usage {
  if (result.ok) return result.usage;
  const reported = result.reportedUsage ?? NO_USAGE;
  const promptRead = reported.inputTokens + reported.cacheReadTokens + reported.cacheWriteTokens > 0;
  if (!promptRead && result.text === '') return reported;
  const factor = tokensPerCl100k(target.model);
  const streamed = result.text === '' ? 0 : Math.round(countTokens(result.text) * factor);
  return {
    ...reported,
    inputTokens: promptRead ? reported.inputTokens : Math.round(promptTokens * factor),
    outputTokens: Math.max(reported.outputTokens, streamed),
  };
}
