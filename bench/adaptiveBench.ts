import { planTask } from '../src/core/engine/planTask';
import { AdaptiveRouting, DEFAULT_ADAPTIVE_SETTINGS } from '../src/core/policy/adaptive';
import { DEFAULT_SETTINGS } from '../src/core/settings/routerSettings';
import type { Task } from '../src/core/task';
import type { TokenCounter } from '../src/core/tokens/tokenCounter';
import { pairedMedianMicros, round } from './timing';

/**
 * What adaptive routing adds to a decision: the whole plan with and without a personal
 * correction, measured side by side. The category holds the most results the settings allow
 * (500); "refit" forces the fit on every call (as after each new result), "reused" is the usual
 * case, where the fit of the last minute is reused.
 */
export function personalCorrectionCost(counter: TokenCounter) {
  const task: Task = { instruction: 'Explain this function', code: 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)\n', language: 'python', path: 'src/orders.py' };
  const now = Date.now();
  const settings = { ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true, window: 500 };
  const adaptive = new AdaptiveRouting(() => settings);
  const { category, score } = planTask(task, DEFAULT_SETTINGS, { counter, now: new Date(now) }).decision;
  for (let index = 0; index < 500; index++) {
    adaptive.observeShadow({ taskId: `t${index}`, at: new Date(now - index * 600_000).toISOString(), model: 'qwen2.5-coder:7b', passed: index % 3 !== 0, category, score });
  }
  let minute = 0;
  const without = () => planTask(task, DEFAULT_SETTINGS, { counter, now: new Date(now) });
  const reused = () => planTask(task, DEFAULT_SETTINGS, { counter, now: new Date(now), adaptive });
  // Each call a minute later than the last: the fit is redone every time.
  const refit = () => planTask(task, DEFAULT_SETTINGS, { counter, now: new Date(now + ++minute * 61_000), adaptive });
  const usual = pairedMedianMicros(without, reused, 101, 20);
  const worst = pairedMedianMicros(without, refit, 101, 20);
  return {
    resultsInCategory: 500,
    planMicros: round(usual.first, 1),
    withCorrectionReusedMicros: round(usual.second, 1),
    withCorrectionRefitMicros: round(worst.second, 1),
    reusedRatio: round(usual.second / usual.first),
    refitRatio: round(worst.second / worst.first),
  };
}
