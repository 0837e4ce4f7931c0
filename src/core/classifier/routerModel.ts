import type { Route } from '../task';
import { EDITOR_WEIGHTS, hashKey, type Feature } from './features';
import { weightAt, type PackedWeights } from './weightCodec';

/**
 * The routing model as shipped (routerModelData.ts, written by `npm run train:router`): a
 * logistic regression over hashed features with Platt calibration, a softmax head for the
 * category, and a compact index of labelled examples for "like: …" reasons.
 */
export interface RouterModelData {
  readonly version: 2;
  /** Buckets of the route weights (a power of two, at most 65536: an example key is one UTF-16 code unit). */
  readonly dim: number;
  /** Route weights, packed; decoded once, on the first decision. */
  readonly weights: PackedWeights;
  readonly bias: number;
  /** Calibration: p = sigmoid(a · logit + b), fitted on out-of-fold logits. */
  readonly platt: { readonly a: number; readonly b: number };
  readonly categories: readonly string[];
  /** Buckets of the category head (a power of two); a feature's category bucket is its route bucket modulo this. */
  readonly categoryDim: number;
  /** Category weights, bucket-major (categoryDim × categories), packed like `weights`. */
  readonly categoryWeights: PackedWeights;
  readonly categoryBias: readonly number[];
  readonly examples: {
    readonly instructions: readonly string[];
    /** One character per example: l (local) or c (cloud). */
    readonly labels: string;
    /** Per example, EXAMPLE_KEYS route buckets, one UTF-16 code unit each; 65535 pads (so bucket 65535 is never an example's key). */
    readonly keys: string;
  };
}

export const EXAMPLE_KEYS = 8;
export const NO_KEY = 0xffff;

/** Category-head features: what the words and signals say, not the spelling (character n-grams stay out). */
export function feedsCategory(feature: Feature): boolean {
  return feature.group !== 'char' && feature.group !== 'editor';
}

export interface Contribution {
  readonly feature: Feature;
  readonly weight: number;
}

export interface Scored {
  readonly logit: number;
  readonly probability: number;
  readonly contributions: readonly Contribution[];
}

export interface Neighbour {
  readonly instruction: string;
  readonly label: Route;
  readonly similarity: number;
}

/** Which labelled examples carry each route bucket: `pairs` holds key × 65536 + example, sorted and without repeats. */
interface ExampleIndex {
  readonly pairs: Float64Array;
  /** Per example, the similarity being summed in a search; -1 when the search has not reached it. */
  readonly scores: Float64Array;
}

const PAIR = 65536;

export class RouterModel {
  private index: ExampleIndex | undefined;

  constructor(private readonly data: RouterModelData) {}

  private weight(bucket: number): number {
    return weightAt(this.data.weights, bucket);
  }

  score(features: readonly Feature[]): Scored {
    let logit = this.data.bias;
    let editor = 0;
    const contributions: Contribution[] = [];
    for (const feature of features) {
      if (feature.group === 'editor') {
        const fixed = (EDITOR_WEIGHTS[feature.key] ?? 0) * feature.value;
        editor += fixed;
        contributions.push({ feature, weight: fixed });
        continue;
      }
      const weight = this.weight(hashKey(feature.key, this.data.dim)) * feature.value;
      if (weight === 0) continue;
      logit += weight;
      contributions.push({ feature, weight });
    }
    return { logit, probability: sigmoid(this.data.platt.a * logit + this.data.platt.b + editor), contributions };
  }

  category(features: readonly Feature[]): string {
    const count = this.data.categories.length;
    const totals = this.data.categoryBias.slice();
    const weights = this.data.categoryWeights;
    for (const feature of features) {
      if (!feedsCategory(feature)) continue;
      const row = (hashKey(feature.key, this.data.dim) & (this.data.categoryDim - 1)) * count;
      for (let c = 0; c < count; c++) totals[c] += weightAt(weights, row + c) * feature.value;
    }
    let best = 0;
    for (let c = 1; c < count; c++) if (totals[c] > totals[best]) best = c;
    return this.data.categories[best];
  }

  /** The labelled examples sharing the most decisive words and signals with these features. */
  nearest(features: readonly Feature[], limit: number): Neighbour[] {
    const { pairs, scores } = this.exampleIndex();
    const reached: number[] = [];
    let own = 0;
    for (const feature of features) {
      if (feature.group !== 'word' && feature.group !== 'signal') continue;
      const key = hashKey(feature.key, this.data.dim);
      const importance = Math.abs(this.weight(key));
      own += importance;
      for (let at = firstAtLeast(pairs, key * PAIR); at < pairs.length && pairs[at] < (key + 1) * PAIR; at++) {
        const example = pairs[at] - key * PAIR;
        if (scores[example] < 0) {
          scores[example] = 0;
          reached.push(example);
        }
        scores[example] += importance;
      }
    }
    // The best few by a running selection: sorting every example that shares a word costs more than the rest of the decision.
    const best: [number, number][] = [];
    for (const example of reached) {
      const entry: [number, number] = [example, scores[example]];
      scores[example] = -1;
      if (own === 0 || (best.length === limit && !outranks(entry, best[limit - 1]))) continue;
      let at = best.length === limit ? limit - 1 : best.length;
      best[at] = entry;
      while (at > 0 && outranks(best[at], best[at - 1])) {
        [best[at], best[at - 1]] = [best[at - 1], best[at]];
        at--;
      }
    }
    return best.map(([example, score]) => ({
      instruction: this.data.examples.instructions[example],
      label: this.data.examples.labels[example] === 'c' ? 'cloud' : 'local',
      similarity: score / own,
    }));
  }

  /** Built on the first search, from the examples' keys: one sorted array of (key, example) pairs. */
  private exampleIndex(): ExampleIndex {
    if (this.index !== undefined) return this.index;
    const keys = this.data.examples.keys;
    const all = new Float64Array(keys.length);
    let count = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys.charCodeAt(i);
      if (key !== NO_KEY) all[count++] = key * PAIR + Math.floor(i / EXAMPLE_KEYS);
    }
    const sorted = all.subarray(0, count).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i];
    this.index = { pairs: sorted.slice(0, distinct), scores: new Float64Array(keys.length / EXAMPLE_KEYS).fill(-1) };
    return this.index;
  }
}

/** The first index of sorted `values` holding at least `value`. */
function firstAtLeast(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function outranks(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
