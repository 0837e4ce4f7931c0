import type { Decision } from '../task';

type DecisionChanges = { -readonly [K in Exclude<keyof Decision, 'reasons'>]?: Decision[K] };

/**
 * The decision with some fields changed (as `{ ...decision, ...changes }` would give, keys in
 * the same order) whose reasons are still written only when first read: a spread would write
 * them at once, nearest labelled examples and all, on the request path. `reasons` derives the
 * new reasons from the decision's own.
 */
export function amendDecision(decision: Decision, changes: DecisionChanges, reasons: (own: readonly string[]) => readonly string[] = (own) => own): Decision {
  const amended: Record<string, unknown> = {};
  let written: readonly string[] | undefined;
  for (const key of Object.keys(decision) as (keyof Decision)[]) {
    if (key === 'reasons') {
      Object.defineProperty(amended, 'reasons', {
        get: () => (written ??= reasons(decision.reasons)),
        enumerable: true,
        configurable: true,
      });
    } else {
      amended[key] = decision[key];
    }
  }
  return Object.assign(amended, changes) as unknown as Decision;
}
