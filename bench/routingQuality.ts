import { classify } from '../src/core/classifier/classify';
import { ROUTING_PROFILES, type RoutingProfile } from '../src/core/classifier/profile';
import { RouterModel } from '../src/core/classifier/routerModel';
import { PriceTable, tokensPerCl100k } from '../src/core/pricing/prices';
import type { Route } from '../src/core/task';
import type { TokenCounter } from '../src/core/tokens/tokenCounter';
import { readCorpus } from '../scripts/routingCorpus';
import { DEFAULT_TRAINING, featurize, groupFolds, seeded, trainRouterModel, type TrainingRow } from '../scripts/routerTraining';
import { REPO_ROOT } from '../test/data/datasets';
import { round } from './timing';

/** Folds of the grouped cross-validation, and the seeds of its folds and of the held-out sources. */
const FOLDS = 5;
const FOLD_SEED = 11;
const HELD_OUT_SEED = 29;
const HELD_OUT_SHARE = 0.2;
/** The two small hand-written sets are training material, never a held-out source. */
const NEVER_HELD_OUT = new Set(['dev-set', 'challenge-set']);
/** The answer an editor task gets, in cl100k tokens, for the cost estimate (the prompt is counted). */
const ANSWER_TOKENS = 400;
const CLOUD_MODEL = 'claude-sonnet-5-5';

interface Prediction {
  readonly row: TrainingRow;
  readonly probability: number;
  readonly routes: Readonly<Record<RoutingProfile, Route>>;
}

/**
 * Routing quality on tasks the evaluated model never saw: grouped cross-validation (a source is
 * never split between training and test) and a fixed set of whole sources left out of training.
 */
export function routingQuality(counter: TokenCounter) {
  const rows = featurize(readCorpus(REPO_ROOT), counter);
  const heldOut = heldOutSources(rows);
  const folds = groupFolds(rows.map((row) => row.group), FOLDS, FOLD_SEED);
  const crossValidated: Prediction[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = new RouterModel(trainRouterModel(rows.filter((row) => folds.get(row.group) !== fold), DEFAULT_TRAINING));
    crossValidated.push(...predict(rows.filter((row) => folds.get(row.group) === fold), model));
  }
  const heldOutModel = new RouterModel(trainRouterModel(rows.filter((row) => !heldOut.has(row.group)), DEFAULT_TRAINING));
  const heldOutPredictions = predict(rows.filter((row) => heldOut.has(row.group)), heldOutModel);
  return {
    corpus: { tasks: rows.length, sources: new Set(rows.map((row) => row.group)).size, naturalLanguages: new Set(rows.map((row) => row.naturalLanguage)).size, labelledLocalShare: share(rows.filter((row) => row.label === 'local').length, rows.length) },
    groupedCrossValidation: { folds: FOLDS, ...evaluate(crossValidated) },
    heldOutSources: { sources: [...heldOut].sort(), ...evaluate(heldOutPredictions) },
  };
}

function predict(rows: readonly TrainingRow[], model: RouterModel): Prediction[] {
  return rows.map((row) => {
    const routes = {} as Record<RoutingProfile, Route>;
    let probability = 0;
    for (const profile of ROUTING_PROFILES) {
      const decision = classify(row.task, row.promptTokens, { maxLocalTokens: 4000, profile, model });
      routes[profile] = decision.route;
      probability = decision.score;
    }
    return { row, probability, routes };
  });
}

/** A seeded ~20% of the sources, taking first those that bring a natural language not yet held out. */
export function heldOutSources(rows: readonly TrainingRow[]): Set<string> {
  const sizes = new Map<string, number>();
  const languages = new Map<string, Set<string>>();
  for (const row of rows) {
    sizes.set(row.group, (sizes.get(row.group) ?? 0) + 1);
    const set = languages.get(row.group) ?? new Set<string>();
    set.add(row.naturalLanguage);
    languages.set(row.group, set);
  }
  const random = seeded(HELD_OUT_SEED);
  const order = [...sizes.keys()].filter((group) => !NEVER_HELD_OUT.has(group)).sort().map((group) => ({ group, tie: random() })).sort((a, b) => a.tie - b.tie).map((item) => item.group);
  const target = rows.length * HELD_OUT_SHARE;
  const chosen = new Set<string>();
  const covered = new Set<string>();
  let count = 0;
  for (const pass of ['new languages', 'fill'] as const) {
    for (const group of order) {
      if (chosen.has(group) || count >= target) continue;
      const size = sizes.get(group) ?? 0;
      const bringsLanguage = [...(languages.get(group) ?? [])].some((language) => !covered.has(language));
      if (pass === 'new languages' && !bringsLanguage) continue;
      if (count + size > target * 1.1) continue;
      chosen.add(group);
      count += size;
      for (const language of languages.get(group) ?? []) covered.add(language);
    }
  }
  return chosen;
}

function evaluate(predictions: readonly Prediction[]) {
  const profiles = Object.fromEntries(ROUTING_PROFILES.map((profile) => [profile, routeFigures(predictions, profile)]));
  const balanced = routeFigures(predictions, 'balanced');
  return {
    tasks: predictions.length,
    ...balanced,
    profiles,
    byNaturalLanguage: breakdown(predictions, (prediction) => prediction.row.naturalLanguage),
    byCategory: breakdown(predictions, (prediction) => prediction.row.category),
    reliability: reliability(predictions),
  };
}

function routeFigures(predictions: readonly Prediction[], profile: RoutingProfile) {
  const agree = (prediction: Prediction) => prediction.routes[profile] === prediction.row.label;
  const cloud = predictions.filter((prediction) => prediction.row.label === 'cloud');
  const nonEnglish = predictions.filter((prediction) => prediction.row.naturalLanguage !== 'en');
  const cost = costs(predictions, profile);
  return {
    agreement: share(predictions.filter(agree).length, predictions.length),
    cloudRecall: share(cloud.filter((prediction) => prediction.routes[profile] === 'cloud').length, cloud.length),
    localShare: share(predictions.filter((prediction) => prediction.routes[profile] === 'local').length, predictions.length),
    labelledLocalShare: share(predictions.filter((prediction) => prediction.row.label === 'local').length, predictions.length),
    costCut: cost.routed,
    oracleCostCut: cost.oracle,
    nonEnglishAgreement: share(nonEnglish.filter(agree).length, nonEnglish.length),
    nonEnglishTasks: nonEnglish.length,
  };
}

/**
 * The estimated cut in cloud spending against sending everything to Claude. A task labelled cloud
 * but routed local is paid in full too: its local answer fails its checks and the cloud answers.
 */
function costs(predictions: readonly Prediction[], profile: RoutingProfile): { routed: number; oracle: number } {
  const price = new PriceTable().priceOf(CLOUD_MODEL, new Date().toISOString());
  const factor = tokensPerCl100k(CLOUD_MODEL);
  const cloudCost = (prediction: Prediction) => (price === undefined ? 1 : (prediction.row.promptTokens * factor * price.input + ANSWER_TOKENS * factor * price.output) / 1e6);
  let all = 0;
  let routed = 0;
  let oracle = 0;
  for (const prediction of predictions) {
    const cost = cloudCost(prediction);
    all += cost;
    if (prediction.row.label === 'cloud') oracle += cost;
    if (prediction.routes[profile] === 'cloud' || prediction.row.label === 'cloud') routed += cost;
  }
  return { routed: share(all - routed, all), oracle: share(all - oracle, all) };
}

function breakdown(predictions: readonly Prediction[], key: (prediction: Prediction) => string) {
  const groups = new Map<string, Prediction[]>();
  for (const prediction of predictions) {
    const list = groups.get(key(prediction)) ?? [];
    list.push(prediction);
    groups.set(key(prediction), list);
  }
  return Object.fromEntries(
    [...groups.entries()]
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([name, list]) => {
        const cloud = list.filter((prediction) => prediction.row.label === 'cloud');
        return [name, { tasks: list.length, agreement: share(list.filter((prediction) => prediction.routes.balanced === prediction.row.label).length, list.length), labelledCloud: cloud.length, cloudRecall: cloud.length === 0 ? null : share(cloud.filter((prediction) => prediction.routes.balanced === 'cloud').length, cloud.length) }];
      }),
  );
}

/** Predicted probability in tenths against the share of those tasks labelled cloud. */
function reliability(predictions: readonly Prediction[]) {
  const bins = Array.from({ length: 10 }, (_, index) => ({ from: index / 10, to: (index + 1) / 10, tasks: 0, predicted: 0, cloud: 0 }));
  for (const prediction of predictions) {
    const bin = bins[Math.min(9, Math.floor(prediction.probability * 10))];
    bin.tasks++;
    bin.predicted += prediction.probability;
    if (prediction.row.label === 'cloud') bin.cloud++;
  }
  return bins.filter((bin) => bin.tasks > 0).map((bin) => ({ bin: `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`, tasks: bin.tasks, meanPredicted: round(bin.predicted / bin.tasks, 3), observedCloudRate: round(bin.cloud / bin.tasks, 3) }));
}

function share(count: number, of: number): number {
  return of === 0 ? 1 : Math.round((count / of) * 10_000) / 10_000;
}

/** A seeded sample of typical corpus tasks (prompts under 2,000 characters) for the speed figures. */
export function typicalCorpusTasks(counter: TokenCounter, count = 300): TrainingRow[] {
  const rows = featurize(readCorpus(REPO_ROOT).filter((task) => task.instruction.length + task.code.length < 2000), counter);
  const random = seeded(5);
  return rows.map((row) => ({ row, tie: random() })).sort((a, b) => a.tie - b.tie).slice(0, count).map((item) => item.row);
}
