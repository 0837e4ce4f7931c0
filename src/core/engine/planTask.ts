import { classify } from '../classifier/classify';
import type { AdaptiveRouting } from '../policy/adaptive';
import { resolveOllamaHost } from '../ollama/ollamaHost';
import { budgetStatus, type SpendSource } from '../policy/budget';
import { planRoute, type Plan } from '../policy/planRoute';
import { PrivacyGuard } from '../policy/privacy';
import { policyFrom } from '../settings/policySettings';
import type { RouterSettings } from '../settings/routerSettings';
import { promptText, type Task } from '../task';
import type { TokenCounter } from '../tokens/tokenCounter';
import type { PathBase } from '../security/paths';

export interface PlanEnvironment {
  readonly counter: TokenCounter;
  readonly ollamaHostFromEnvironment?: string;
  readonly spend?: SpendSource;
  readonly now: Date;
  readonly localPaused?: boolean;
  /** Moves borderline tasks of a category that keeps failing locally to the cloud (opt-in). */
  readonly adaptive?: AdaptiveRouting;
  /** The current folder and workspace folders that task paths are relative to. */
  readonly pathBase?: PathBase;
}

/** Classify and plan with the current settings; no model is called. */
export function planTask(task: Task, settings: RouterSettings, environment: PlanEnvironment): Plan {
  const classified = classify(task, environment.counter.count(promptText(task)), { maxLocalTokens: settings.maxLocalTokens, categoryRoutes: settings.routing.categoryRoutes });
  const decision = environment.adaptive === undefined ? classified : environment.adaptive.adjust(classified, environment.now.getTime());
  const policy = policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, environment.ollamaHostFromEnvironment));
  const budget = environment.spend === undefined ? undefined : budgetStatus(policy.budget, environment.spend.monthToDateUsd(environment.now), environment.now);
  return planRoute(task, decision, policy, { privacy: privacyGuardFor(policy.localOnlyGlobs), localPaused: environment.localPaused === true, ...(environment.pathBase === undefined ? {} : { pathBase: environment.pathBase }), ...(budget === undefined ? {} : { budget }) });
}

let cachedGuard: { globs: readonly string[]; guard: PrivacyGuard } | undefined;

/** Compiling globs costs more than a decision; the guard is rebuilt only when the globs change. */
function privacyGuardFor(globs: readonly string[]): PrivacyGuard {
  if (cachedGuard?.globs !== globs) cachedGuard = { globs, guard: new PrivacyGuard(globs) };
  return cachedGuard.guard;
}
