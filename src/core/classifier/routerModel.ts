import type { Route } from '../task';
import { EDITOR_WEIGHTS, hashKey, type Feature } from './features';

/**
 * The routing model as shipped (routerModelData.ts, written by `npm run train:router`): a
 * logistic regression over hashed features with Platt calibration, a softmax head for the
 * category, and a compact index of labelled examples for "like: …" reasons.
 */
export interface RouterModelData {
  readonly version: 1;
  /** Buckets of the route weights (a power of two). */
  readonly dim: number;
  /** Route weights, one UTF-16 code unit each: a weight is (code unit − 32768) times `scale`. Read in place, nothing to decode at load. */
  readonly weights: string;
  readonly scale: number;
  readonly bias: number;
  /** Calibration: p = sigmoid(a · logit + b), fitted on out-of-fold logits. */
  readonly platt: { readonly a: number; readonly b: number };
  readonly categories: readonly string[];
  /** Buckets of the category head (a power of two); a feature's category bucket is its route bucket modulo this. */
  readonly categoryDim: number;
  /** Category weights, bucket-major (categoryDim × categories), coded like `weights` with `categoryScale`. */
  readonly categoryWeights: string;
  readonly categoryScale: number;
  readonly categoryBias: readonly number[];
  readonly examples: {
    readonly instructions: readonly string[];
    /** One character per example: l (local) or c (cloud). */
    readonly labels: string;
    /** Per example, EXAMPLE_KEYS route buckets, one UTF-16 code unit each; 65535 pads. */
    readonly keys: string;
  };
}

export const EXAMPLE_KEYS = 8;
export const NO_KEY = 0xffff;
/** A weight's integer plus this is its code unit. */
export const OFFSET = 32768;

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

/** Which labelled examples carry each route bucket: examples[offsets[key] .. offsets[key + 1]), in ascending order. */
interface ExampleIndex {
  readonly offsets: Int32Array;
  readonly examples: Int32Array;
  /** Per example, the similarity being summed in a search; -1 when the search has not reached it. */
  readonly scores: Float64Array;
}

export class RouterModel {
  private index: ExampleIndex | undefined;

  constructor(private readonly data: RouterModelData) {}

  private weight(bucket: number): number {
    return (this.data.weights.charCodeAt(bucket) - OFFSET) * this.data.scale;
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
    for (const feature of features) {
      if (!feedsCategory(feature)) continue;
      const row = (hashKey(feature.key, this.data.dim) & (this.data.categoryDim - 1)) * count;
      const weights = this.data.categoryWeights;
      const scale = this.data.categoryScale * feature.value;
      for (let c = 0; c < count; c++) totals[c] += (weights.charCodeAt(row + c) - OFFSET) * scale;
    }
    let best = 0;
    for (let c = 1; c < count; c++) if (totals[c] > totals[best]) best = c;
    return this.data.categories[best];
  }

  /** The labelled examples sharing the most decisive words and signals with these features. */
  nearest(features: readonly Feature[], limit: number): Neighbour[] {
    const { offsets, examples, scores } = this.exampleIndex();
    const reached: number[] = [];
    let own = 0;
    for (const feature of features) {
      if (feature.group !== 'word' && feature.group !== 'signal') continue;
      const key = hashKey(feature.key, this.data.dim);
      const importance = Math.abs(this.weight(key));
      own += importance;
      for (let at = offsets[key]; at < offsets[key + 1]; at++) {
        const example = examples[at];
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

  /** Built on the first search, from the examples' keys: two typed arrays, by counting sort. */
  private exampleIndex(): ExampleIndex {
    if (this.index !== undefined) return this.index;
    const keys = this.data.examples.keys;
    const exampleCount = keys.length / EXAMPLE_KEYS;
    const offsets = new Int32Array(this.data.dim + 1);
    const firstOf = (example: number, slot: number) => {
      const key = keys.charCodeAt(example * EXAMPLE_KEYS + slot);
      if (key === NO_KEY) return false;
      for (let earlier = 0; earlier < slot; earlier++) if (keys.charCodeAt(example * EXAMPLE_KEYS + earlier) === key) return false;
      return true;
    };
    for (let example = 0; example < exampleCount; example++) {
      for (let slot = 0; slot < EXAMPLE_KEYS; slot++) if (firstOf(example, slot)) offsets[keys.charCodeAt(example * EXAMPLE_KEYS + slot) + 1]++;
    }
    for (let key = 0; key < this.data.dim; key++) offsets[key + 1] += offsets[key];
    const examples = new Int32Array(offsets[this.data.dim]);
    const filled = offsets.slice(0, this.data.dim);
    for (let example = 0; example < exampleCount; example++) {
      for (let slot = 0; slot < EXAMPLE_KEYS; slot++) if (firstOf(example, slot)) examples[filled[keys.charCodeAt(example * EXAMPLE_KEYS + slot)]++] = example;
    }
    this.index = { offsets, examples, scores: new Float64Array(exampleCount).fill(-1) };
    return this.index;
  }
}

function outranks(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
