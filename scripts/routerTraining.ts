import { hashKey, taskFeatures, type Feature } from '../src/core/classifier/features';
import { EXAMPLE_KEYS, feedsCategory, NO_KEY, sigmoid, type RouterModelData } from '../src/core/classifier/routerModel';
import { packWeights } from '../src/core/classifier/weightCodec';
import type { TokenCounter } from '../src/core/tokens/tokenCounter';
import { measureTask } from '../src/core/tokens/measurePrompt';
import type { Route, Task } from '../src/core/task';
import type { CorpusTask } from './routingCorpus';

/** Training settings; the defaults are what `npm run train:router` ships. */
export interface TrainingOptions {
  readonly dim: number;
  readonly categoryDim: number;
  /** L2 penalty on the route weights (and, times `categoryL2Factor`, on the category head). */
  readonly l2: number;
  readonly categoryL2Factor: number;
  readonly iterations: number;
  readonly categoryIterations: number;
  readonly calibrationFolds: number;
  readonly seed: number;
  /** How many labelled examples the reasons can quote. */
  readonly examples: number;
  /** A route bucket is learned only when tasks of at least this many sources carry it: a word one source uses says nothing of the next. */
  readonly minGroups: number;
  /** The local window the labels assume: past it the limit sends a task to the cloud whatever the work, so such tasks teach the route nothing. */
  readonly maxLocalTokens: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  dim: 1 << 15,
  categoryDim: 1 << 10,
  l2: 3e-5,
  categoryL2Factor: 0.3,
  iterations: 300,
  categoryIterations: 150,
  calibrationFolds: 5,
  seed: 20261202,
  examples: 650,
  minGroups: 1,
  maxLocalTokens: 4000,
};

export interface TrainingRow {
  readonly id: string;
  readonly group: string;
  readonly label: Route;
  readonly category: string;
  readonly instruction: string;
  readonly naturalLanguage: string;
  readonly promptTokens: number;
  readonly task: Task;
  readonly features: readonly Feature[];
}

interface SparseRow {
  readonly keys: Int32Array;
  readonly values: Float64Array;
  readonly categoryKeys: Int32Array;
  readonly categoryValues: Float64Array;
  readonly y: number;
  readonly category: number;
  readonly group: string;
}

/** A corpus task as the classifier sees it in the editor. */
export function taskOf(task: CorpusTask): Task {
  return { instruction: task.instruction, code: task.code, ...(task.fileKind === 'none' ? {} : { language: task.fileKind }), ...(task.path === undefined ? {} : { path: task.path }) };
}

export function featurize(tasks: readonly CorpusTask[], counter: TokenCounter, maxLocalTokens = 4000): TrainingRow[] {
  return tasks.map((corpusTask) => {
    const task = taskOf(corpusTask);
    const promptTokens = measureTask(counter, task, maxLocalTokens).tokens;
    return {
      id: corpusTask.id,
      group: corpusTask.group,
      label: corpusTask.label,
      category: corpusTask.category,
      instruction: corpusTask.instruction,
      naturalLanguage: corpusTask.naturalLanguage,
      promptTokens,
      task,
      features: taskFeatures(task, promptTokens),
    };
  });
}

function sparse(rows: readonly TrainingRow[], categories: readonly string[], options: TrainingOptions): SparseRow[] {
  const categoryIndex = new Map(categories.map((category, index) => [category, index]));
  return rows.map((row) => {
    const merged = new Map<number, number>();
    const mergedCategory = new Map<number, number>();
    for (const feature of row.features) {
      if (feature.group === 'editor') continue;
      const key = hashKey(feature.key, options.dim);
      merged.set(key, (merged.get(key) ?? 0) + feature.value);
      if (feedsCategory(feature)) {
        const categoryKey = key & (options.categoryDim - 1);
        mergedCategory.set(categoryKey, (mergedCategory.get(categoryKey) ?? 0) + feature.value);
      }
    }
    return {
      keys: Int32Array.from(merged.keys()),
      values: Float64Array.from(merged.values()),
      categoryKeys: Int32Array.from(mergedCategory.keys()),
      categoryValues: Float64Array.from(mergedCategory.values()),
      y: row.label === 'cloud' ? 1 : 0,
      category: categoryIndex.get(row.category) ?? 0,
      group: row.group,
    };
  });
}

/** The rows without the route buckets fewer than `minGroups` of their sources carry. */
function withoutRareBuckets(rows: readonly SparseRow[], minGroups: number): readonly SparseRow[] {
  if (minGroups <= 1) return rows;
  const sources = new Map<number, Set<string>>();
  for (const row of rows) {
    for (const key of row.keys) {
      const seen = sources.get(key) ?? new Set<string>();
      seen.add(row.group);
      sources.set(key, seen);
    }
  }
  return rows.map((row) => {
    const kept = [...row.keys.keys()].filter((i) => (sources.get(row.keys[i])?.size ?? 0) >= minGroups);
    return { ...row, keys: Int32Array.from(kept, (i) => row.keys[i]), values: Float64Array.from(kept, (i) => row.values[i]) };
  });
}

/** Full-batch Adam on the mean log loss plus an L2 penalty: deterministic, no sampling. */
function trainLogistic(all: readonly SparseRow[], options: TrainingOptions): { weights: Float64Array; bias: number } {
  const rows = withoutRareBuckets(all, options.minGroups);
  const dim = options.dim;
  const weights = new Float64Array(dim + 1);
  const m = new Float64Array(dim + 1);
  const v = new Float64Array(dim + 1);
  const gradient = new Float64Array(dim + 1);
  const rate = 0.05;
  for (let step = 1; step <= options.iterations; step++) {
    gradient.fill(0);
    for (const row of rows) {
      let z = weights[dim];
      for (let i = 0; i < row.keys.length; i++) z += weights[row.keys[i]] * row.values[i];
      const error = sigmoid(z) - row.y;
      for (let i = 0; i < row.keys.length; i++) gradient[row.keys[i]] += error * row.values[i];
      gradient[dim] += error;
    }
    adamStep(weights, gradient, m, v, step, rate, 1 / rows.length, options.l2, dim);
  }
  return { weights: weights.subarray(0, dim), bias: weights[dim] };
}

/** Softmax regression for the category, on the category buckets. */
function trainCategories(rows: readonly SparseRow[], classes: number, options: TrainingOptions): { weights: Float64Array; bias: Float64Array } {
  const size = options.categoryDim * classes;
  const weights = new Float64Array(size + classes);
  const m = new Float64Array(size + classes);
  const v = new Float64Array(size + classes);
  const gradient = new Float64Array(size + classes);
  const totals = new Float64Array(classes);
  for (let step = 1; step <= options.categoryIterations; step++) {
    gradient.fill(0);
    for (const row of rows) {
      for (let c = 0; c < classes; c++) totals[c] = weights[size + c];
      for (let i = 0; i < row.categoryKeys.length; i++) {
        const base = row.categoryKeys[i] * classes;
        const value = row.categoryValues[i];
        for (let c = 0; c < classes; c++) totals[c] += weights[base + c] * value;
      }
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, totals[c]);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += (totals[c] = Math.exp(totals[c] - max));
      for (let c = 0; c < classes; c++) {
        const error = totals[c] / sum - (c === row.category ? 1 : 0);
        gradient[size + c] += error;
        for (let i = 0; i < row.categoryKeys.length; i++) gradient[row.categoryKeys[i] * classes + c] += error * row.categoryValues[i];
      }
    }
    adamStep(weights, gradient, m, v, step, 0.05, 1 / rows.length, options.l2 * options.categoryL2Factor, size);
  }
  return { weights: weights.subarray(0, size), bias: weights.subarray(size) };
}

/** One Adam update; weights from `penalisedUpTo` on (the biases) are not penalised. */
function adamStep(weights: Float64Array, gradient: Float64Array, m: Float64Array, v: Float64Array, step: number, rate: number, scale: number, l2: number, penalisedUpTo: number): void {
  const beta1 = 0.9;
  const beta2 = 0.999;
  const correction1 = 1 - beta1 ** step;
  const correction2 = 1 - beta2 ** step;
  for (let i = 0; i < weights.length; i++) {
    const g = gradient[i] * scale + (i < penalisedUpTo ? l2 * weights[i] : 0);
    if (g === 0 && m[i] === 0) continue;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    weights[i] -= (rate * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + 1e-8);
  }
}

function logit(weights: Float64Array, bias: number, row: SparseRow): number {
  let z = bias;
  for (let i = 0; i < row.keys.length; i++) z += weights[row.keys[i]] * row.values[i];
  return z;
}

/** Platt scaling by Newton's method on (logit, label) pairs. */
export function fitPlatt(logits: readonly number[], labels: readonly number[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < logits.length; i++) {
      const p = sigmoid(a * logits[i] + b);
      const error = p - labels[i];
      const curvature = Math.max(p * (1 - p), 1e-9);
      ga += error * logits[i];
      gb += error;
      haa += curvature * logits[i] * logits[i];
      hab += curvature * logits[i];
      hbb += curvature;
    }
    haa += 1e-6;
    hbb += 1e-6;
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

/** A seeded generator (mulberry32), so folds and example choices are the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Groups dealt into `folds` folds in a seeded order, largest first onto the smallest fold, so folds are even. */
export function groupFolds(groups: readonly string[], folds: number, seed: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const group of groups) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  const random = seeded(seed);
  const order = [...sizes.keys()].sort().map((group) => ({ group, size: sizes.get(group) ?? 0, tie: random() }));
  order.sort((a, b) => b.size - a.size || a.tie - b.tie);
  const load = new Array<number>(folds).fill(0);
  const assignment = new Map<string, number>();
  for (const { group, size } of order) {
    let fold = 0;
    for (let f = 1; f < folds; f++) if (load[f] < load[fold]) fold = f;
    assignment.set(group, fold);
    load[fold] += size;
  }
  return assignment;
}

/** The category the corpus gives tasks that came without one. */
export const UNCATEGORISED = 'general';

export function categoriesOf(rows: readonly TrainingRow[]): string[] {
  return [...new Set(rows.map((row) => row.category))].filter((category) => category !== UNCATEGORISED).sort();
}

/** Trains the route model (calibrated on out-of-fold logits), the category head and the example index. */
export function trainRouterModel(rows: readonly TrainingRow[], options: TrainingOptions = DEFAULT_TRAINING): RouterModelData {
  const categories = categoriesOf(rows);
  const all = sparse(rows, categories, options);
  const routeRows = rows.filter((row) => row.promptTokens <= options.maxLocalTokens);
  const data = all.filter((_, index) => rows[index].promptTokens <= options.maxLocalTokens);
  const route = trainLogistic(data, options);

  const folds = groupFolds(routeRows.map((row) => row.group), options.calibrationFolds, options.seed);
  const oofLogits = new Array<number>(routeRows.length).fill(0);
  for (let fold = 0; fold < options.calibrationFolds; fold++) {
    const training = data.filter((_, index) => folds.get(routeRows[index].group) !== fold);
    const model = trainLogistic(training, options);
    data.forEach((row, index) => {
      if (folds.get(routeRows[index].group) === fold) oofLogits[index] = logit(model.weights, model.bias, row);
    });
  }
  const platt = fitPlatt(oofLogits, data.map((row) => row.y));

  // Tasks without a category of their own (the challenge set's) teach the head nothing.
  const head = trainCategories(all.filter((_, index) => rows[index].category !== UNCATEGORISED), categories.length, options);
  return {
    version: 2,
    dim: options.dim,
    weights: packWeights(route.weights, WEIGHT_BLOCK),
    bias: round(route.bias, 6),
    platt: { a: round(platt.a, 6), b: round(platt.b, 6) },
    categories,
    categoryDim: options.categoryDim,
    categoryWeights: packWeights(head.weights, WEIGHT_BLOCK),
    categoryBias: Array.from(head.bias, (value) => round(value, 4)),
    examples: exampleIndex(routeRows, route.weights, options),
  };
}

/** The examples the reasons quote: short instructions, spread over categories, labels and languages, each with its most decisive keys. */
function exampleIndex(rows: readonly TrainingRow[], weights: Float64Array, options: TrainingOptions): RouterModelData['examples'] {
  const random = seeded(options.seed + 1);
  const candidates = rows
    .filter((row) => row.instruction.length <= 110 && !row.instruction.includes('\n'))
    .map((row) => ({ row, tie: random() }))
    .sort((a, b) => a.tie - b.tie);
  const byStratum = new Map<string, TrainingRow[]>();
  for (const { row } of candidates) {
    const stratum = `${row.category}|${row.label}|${row.naturalLanguage === 'en' ? 'en' : 'other'}`;
    const list = byStratum.get(stratum) ?? [];
    list.push(row);
    byStratum.set(stratum, list);
  }
  const strata = [...byStratum.keys()].sort();
  const chosen: TrainingRow[] = [];
  for (let round = 0; chosen.length < options.examples; round++) {
    let added = false;
    for (const stratum of strata) {
      const row = byStratum.get(stratum)?.[round];
      if (row === undefined || chosen.length >= options.examples) continue;
      chosen.push(row);
      added = true;
    }
    if (!added) break;
  }
  const keys = new Uint16Array(chosen.length * EXAMPLE_KEYS).fill(NO_KEY);
  chosen.forEach((row, index) => {
    const ranked = [...new Set(row.features.filter((feature) => feature.group === 'word' || feature.group === 'signal').map((feature) => hashKey(feature.key, options.dim)))]
      .filter((key) => key !== NO_KEY)
      .sort((a, b) => Math.abs(weights[b]) - Math.abs(weights[a]) || a - b)
      .slice(0, EXAMPLE_KEYS);
    ranked.forEach((key, slot) => (keys[index * EXAMPLE_KEYS + slot] = key));
  });
  return {
    instructions: chosen.map((row) => shorten(row.instruction, 90)),
    labels: chosen.map((row) => (row.label === 'cloud' ? 'c' : 'l')).join(''),
    keys: codeUnits(keys),
  };
}

function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** Weights per packed block (each block carries its own scale). */
const WEIGHT_BLOCK = 256;

/** One UTF-16 code unit per value (lone surrogates included: JSON.stringify escapes them). */
function codeUnits(units: Uint16Array): string {
  let text = '';
  for (let i = 0; i < units.length; i += 0x4000) text += String.fromCharCode(...units.subarray(i, i + 0x4000));
  return text;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
