import { classifyTask } from './classifyConversation';
import type { AdaptiveRouting } from '../policy/adaptive';
import { resolveOllamaHost } from '../ollama/ollamaHost';
import { budgetStatus, type SpendSource } from '../policy/budget';
import { planRoute, type Plan, type UploadConsent } from '../policy/planRoute';
import { megabytes, PrivacyGuard } from '../policy/privacy';
import { policyFrom } from '../settings/policySettings';
import type { RouterSettings } from '../settings/routerSettings';
import type { Task } from '../task';
import type { TokenCounter } from '../tokens/tokenCounter';
import type { PathBase } from '../security/paths';
import { binaryContent } from '../security/binaryContent';
import { PriceTable } from '../pricing/prices';
import { formatCount } from '../reports/numbers';

export interface PlanEnvironment {
  readonly counter: TokenCounter;
  readonly ollamaHostFromEnvironment?: string;
  readonly spend?: SpendSource;
  readonly now: Date;
  readonly localPaused?: boolean;
  /** This user's personal correction of the classifier (opt-in). */
  readonly adaptive?: AdaptiveRouting;
  /** The current folder and workspace folders that task paths are relative to. */
  readonly pathBase?: PathBase;
  /** The user agreed to upload a prompt over llmRouter.cloud.maxUploadTokens. */
  readonly allowLargeUpload?: boolean;
}

/** Classify and plan with the current settings; no model is called. */
export function planTask(task: Task, settings: RouterSettings, environment: PlanEnvironment): Plan {
  // Counting stops soon after the local limit: past it the route is settled, and 10 MB whole takes seconds.
  const { decision: classified, size } = classifyTask(environment.counter, task, { maxLocalTokens: settings.maxLocalTokens, categoryRoutes: settings.routing.categoryRoutes, profile: settings.routingProfile, countLimit: Math.max(settings.maxLocalTokens, settings.routing.maxUploadTokens) });
  const binary = binaryContent(task.code) ?? binaryContent(task.instruction);
  if (binary !== undefined) return { decision: classified, route: classified.route, chain: [], notes: [], localOnly: false, refusal: `The selection is not text: ${binary}. Nothing was sent to any model.` };
  const policy = policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, environment.ollamaHostFromEnvironment));
  const budget = environment.spend === undefined ? undefined : budgetStatus(policy.budget, environment.spend.monthToDateUsd(environment.now), environment.now);
  const adaptive = environment.adaptive;
  const plan = planRoute(task, classified, policy, {
    privacy: privacyGuardFor(policy.localOnlyGlobs),
    localPaused: environment.localPaused === true,
    ...(environment.pathBase === undefined ? {} : { pathBase: environment.pathBase }),
    ...(budget === undefined ? {} : { budget }),
    ...(environment.allowLargeUpload === true ? { allowLargeUpload: true } : {}),
    ...(adaptive === undefined ? {} : { correct: (decision) => adaptive.adjust(decision, environment.now.getTime(), settings.maxLocalTokens, settings.routingProfile) }),
  });
  const notes = size.exact ? plan.notes : [...plan.notes, `The prompt (${megabytes(task.instruction.length + task.code.length)}) was counted to past the local limit and estimated beyond: about ${formatCount(size.tokens)} tokens.`];
  return { ...plan, notes, ...(plan.uploadConsent === undefined ? {} : { uploadConsent: priced(plan.uploadConsent, settings, environment.now) }) };
}

/** The consent question with what sending the prompt would cost, when the model's price is known. */
export function priced(consent: UploadConsent, settings: RouterSettings, now: Date): UploadConsent {
  const estimatedCostUsd = new PriceTable(settings.ledger.pricing).baselineCost(consent.model, consent.promptTokens, 0, now.toISOString());
  return estimatedCostUsd === undefined ? consent : { ...consent, estimatedCostUsd };
}

let cachedGuard: { globs: readonly string[]; guard: PrivacyGuard } | undefined;

/** Compiling globs costs more than a decision; the guard is rebuilt only when the globs change. */
function privacyGuardFor(globs: readonly string[]): PrivacyGuard {
  if (cachedGuard?.globs !== globs) cachedGuard = { globs, guard: new PrivacyGuard(globs) };
  return cachedGuard.guard;
}
