import type { Decision, Route, Task } from '../task';
import type { ClassifierOptions } from './classifierOptions';
import { DEFAULT_CLASSIFIER_OPTIONS } from './classifierOptions';
import { taskFeatures, type Feature } from './features';
import { DEFAULT_ROUTING_PROFILE, routeForProbability, uncertaintySentence } from './profile';
import { explainScore } from './reasons';
import { RouterModel, type RouterModelData } from './routerModel';
import { ROUTER_MODEL_JSON } from './routerModelData';

export { DEFAULT_CLASSIFIER_OPTIONS, type ClassifierOptions } from './classifierOptions';

let shipped: RouterModel | undefined;

/** The model shipped in the bundle, parsed on first use. */
export function shippedRouterModel(): RouterModel {
  shipped ??= new RouterModel(JSON.parse(ROUTER_MODEL_JSON) as RouterModelData);
  return shipped;
}

/**
 * Decides whether a task needs reasoning (cloud) or is work a local model does well, from a
 * learned, calibrated model: `score` is the probability that the cloud is needed. Pure and
 * synchronous: the caller counts the prompt's tokens (see tokenCounter.ts).
 */
export function classify(task: Task, promptTokens: number, options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS): Decision {
  const model = options.model ?? shippedRouterModel();
  const profile = options.profile ?? DEFAULT_ROUTING_PROFILE;
  const features = taskFeatures(task, promptTokens);
  const scored = model.score(features);
  const probability = scored.probability;
  const modelRoute = routeForProbability(probability, profile);
  const maxLocalTokens = options.maxLocalTokens;
  const tooLong = promptTokens > maxLocalTokens;

  const modelled: Route = tooLong ? 'cloud' : modelRoute.route;
  // Past the window the cloud is needed whatever the work, and the score says so (budget moves read it).
  const score = tooLong ? Math.max(probability, 0.9) : probability;
  const category = tooLong ? 'long-context' : (ruleCategory(features, modelRoute.route) ?? model.category(features));
  const override = explicitRoute(task, category, options);

  // The sentences, with the nearest labelled examples, are written when first read: a request reads them for its record, after its answer.
  let reasons: string[] | undefined;
  const explain = (): string[] => {
    const sentences = explainScore(scored.contributions, modelRoute.route, model.nearest(features, 4));
    if (modelRoute.uncertain) sentences.unshift(`${uncertaintySentence(probability, profile, modelRoute.route)} → ${modelRoute.route}`);
    else sentences.push(`The model is confident (p = ${probability.toFixed(2)} that the cloud is needed) → ${modelRoute.route}`);
    if (tooLong) {
      sentences.unshift(
        `The prompt is ${formatCount(promptTokens)} tokens, over the local limit of ${formatCount(maxLocalTokens)}: a local model's context window would cut it → cloud`,
      );
    } else {
      sentences.push(`The prompt is ${formatCount(promptTokens)} tokens, within the local limit of ${formatCount(maxLocalTokens)}`);
    }
    if (override !== undefined && override.route !== modelled) {
      sentences.unshift(`${override.by} chose ${override.route === 'local' ? 'the local model' : 'the cloud'}; the model alone said ${modelled} → ${override.route}`);
    } else if (override !== undefined) {
      sentences.unshift(`${override.by} chose ${override.route === 'local' ? 'the local model' : 'the cloud'}, as the model did → ${override.route}`);
    }
    return sentences;
  };
  return {
    route: override?.route ?? modelled,
    category,
    score: Math.round(score * 1000) / 1000,
    get reasons() {
      reasons ??= explain();
      return reasons;
    },
    promptTokens,
    ...(override === undefined ? {} : { overriddenBy: override.by }),
    routeWithinLimit: modelRoute.route,
    threshold: modelRoute.threshold,
    ...(modelRoute.uncertain ? { uncertain: true } : {}),
  };
}

/**
 * The category a recognised request names (a rename, a commit message, a labelling job), when it
 * leans the way the task goes; the rules and chains users write are keyed on these. Otherwise the
 * model's category head decides.
 */
function ruleCategory(features: readonly Feature[], route: Route): string | undefined {
  let best: Feature['rule'];
  for (const feature of features) {
    const rule = feature.rule;
    if (rule === undefined || (route === 'local') !== rule.weight < 0) continue;
    // The language-specific signals name finer categories than the multilingual concepts: they win ties.
    const stronger = best === undefined || Math.abs(rule.weight) > Math.abs(best.weight) || (Math.abs(rule.weight) === Math.abs(best.weight) && best.kind === 'concept' && rule.kind !== 'concept');
    if (stronger) best = rule;
  }
  return best?.category;
}

function explicitRoute(task: Task, category: string, options: ClassifierOptions): { route: Route; by: string } | undefined {
  if (task.override !== undefined) return { route: task.override, by: `You (/${task.override})` };
  const fromSetting = options.categoryRoutes?.[category];
  if (fromSetting !== undefined) return { route: fromSetting, by: `Your setting for ${category} tasks` };
  return undefined;
}

/** 12345 → "12,345" (toLocaleString costs more than the rest of a decision). */
function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
