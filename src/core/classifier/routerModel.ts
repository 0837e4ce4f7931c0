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
  /** Route weights as little-endian int16, base64; a weight is the integer times `scale`. */
  readonly weights: string;
  readonly scale: number;
  readonly bias: number;
  /** Calibration: p = sigmoid(a · logit + b), fitted on out-of-fold logits. */
  readonly platt: { readonly a: number; readonly b: number };
  readonly categories: readonly string[];
  /** Buckets of the category head (a power of two); a feature's category bucket is its route bucket modulo this. */
  readonly categoryDim: number;
  /** Category weights as little-endian int16, base64, bucket-major (categoryDim × categories); a weight is the integer times `categoryScale`. */
  readonly categoryWeights: string;
  readonly categoryScale: number;
  readonly categoryBias: readonly number[];
  readonly examples: {
    readonly instructions: readonly string[];
    /** One character per example: l (local) or c (cloud). */
    readonly labels: string;
    /** Per example, EXAMPLE_KEYS route buckets as little-endian uint16, base64; 65535 pads. */
    readonly keys: string;
  };
}

export const EXAMPLE_KEYS = 8;
const NO_KEY = 0xffff;

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
  private readonly weights: Float32Array;
  private readonly categoryWeights: Float32Array;
  private readonly exampleKeys: Uint16Array;
  private inverted: Map<number, number[]> | undefined;

  constructor(private readonly data: RouterModelData) {
    this.weights = decodeInt16(data.weights, data.scale);
    this.categoryWeights = decodeInt16(data.categoryWeights, data.categoryScale);
    this.exampleKeys = new Uint16Array(bytes(data.examples.keys).buffer);
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
      const weight = this.weights[hashKey(feature.key, this.data.dim)] * feature.value;
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
      for (let c = 0; c < count; c++) totals[c] += this.categoryWeights[row + c] * feature.value;
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
      const importance = Math.abs(this.weights[key]);
      own += importance;
      for (const example of index.get(key) ?? []) scores.set(example, (scores.get(example) ?? 0) + importance);
    }
    if (own === 0) return [];
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([example, score]) => ({
        instruction: this.data.examples.instructions[example],
        label: this.data.examples.labels[example] === 'c' ? 'cloud' : 'local',
        similarity: score / own,
      }));
  }

  private invertedIndex(): Map<number, number[]> {
    if (this.inverted !== undefined) return this.inverted;
    const index = new Map<number, number[]>();
    for (let i = 0; i < this.exampleKeys.length; i++) {
      const key = this.exampleKeys[i];
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

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function decodeInt16(base64: string, scale: number): Float32Array {
  const raw = bytes(base64);
  const values = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * scale;
  return out;
}

/** Little-endian platform assumed by the typed-array views above, as on every platform VS Code runs on. */
export function encodeBase64(data: Uint8Array): string {
  let text = '';
  for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(text);
}
