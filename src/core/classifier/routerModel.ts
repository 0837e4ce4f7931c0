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

export class RouterModel {
  private inverted: Map<number, number[]> | undefined;

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
    const index = this.invertedIndex();
    const scores = new Map<number, number>();
    let own = 0;
    for (const feature of features) {
      if (feature.group !== 'word' && feature.group !== 'signal') continue;
      const key = hashKey(feature.key, this.data.dim);
      const importance = Math.abs(this.weight(key));
      own += importance;
      for (const example of index.get(key) ?? []) scores.set(example, (scores.get(example) ?? 0) + importance);
    }
    if (own === 0) return [];
    // The best few by a running selection: sorting every example that shares a word costs more than the rest of the decision.
    const best: [number, number][] = [];
    for (const entry of scores) {
      if (best.length === limit && !outranks(entry, best[limit - 1])) continue;
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

  private invertedIndex(): Map<number, number[]> {
    if (this.inverted !== undefined) return this.inverted;
    const index = new Map<number, number[]>();
    const keys = this.data.examples.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys.charCodeAt(i);
      if (key === NO_KEY) continue;
      const example = Math.floor(i / EXAMPLE_KEYS);
      const list = index.get(key);
      if (list === undefined) index.set(key, [example]);
      else if (list[list.length - 1] !== example) list.push(example);
    }
    this.inverted = index;
    return index;
  }
}

function outranks(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
