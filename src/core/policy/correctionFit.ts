import { DAY_MS } from '../reports/period';

/** One result the personal correction learns from: what the classifier said, and how it turned out. */
export interface CorrectionResult {
  /** When the task ran (ms since the epoch). */
  readonly at: number;
  /** The classifier's own log-odds that the task needed the cloud. */
  readonly logit: number;
  /** True when the local model did not do (failed, undone, rejected, re-asked, lost a comparison). */
  readonly neededCloud: boolean;
}

export interface FitSettings {
  /** A result this many days old counts half as much as a new one. */
  readonly halfLifeDays: number;
  /** The offset never goes beyond ± this many logits. */
  readonly maxOffset: number;
}

/** Prior precision on the offset: pulls it toward 0 (the classifier as it is) when results are few. */
const PRIOR_PRECISION = 2;

export interface Fit {
  /** The offset, capped. */
  readonly offset: number;
  /** The best offset before the cap: where a later fit of similar results can start. */
  readonly unclamped: number;
  /** The results' total weight after age decay: how much evidence the offset rests on. */
  readonly weight: number;
}

/**
 * The offset on the classifier's log-odds that best explains the results: the maximum of the
 * age-weighted logistic likelihood with a Gaussian prior at 0, found by Newton's method (the
 * objective is concave in one variable, so a few steps converge), then capped.
 */
export function fitOffset(results: readonly CorrectionResult[], now: number, settings: FitSettings, start = 0): Fit {
  const count = results.length;
  const weights = new Float64Array(count);
  const logits = new Float64Array(count);
  const labels = new Float64Array(count);
  const decayPerMs = Math.LN2 / (settings.halfLifeDays * DAY_MS);
  let weight = 0;
  for (let index = 0; index < count; index++) {
    const result = results[index];
    weights[index] = Math.exp(-decayPerMs * Math.max(0, now - result.at));
    logits[index] = result.logit;
    labels[index] = result.neededCloud ? 1 : 0;
    weight += weights[index];
  }
  // Started from the last fit, one or two steps usually suffice.
  let offset = start;
  for (let step = 0; step < 20; step++) {
    let gradient = -PRIOR_PRECISION * offset;
    let curvature = PRIOR_PRECISION;
    for (let index = 0; index < count; index++) {
      const p = 1 / (1 + Math.exp(-(logits[index] + offset)));
      gradient += weights[index] * (labels[index] - p);
      curvature += weights[index] * p * (1 - p);
    }
    const change = gradient / curvature;
    offset += change;
    if (Math.abs(change) < 1e-6) break;
  }
  return { offset: Math.max(-settings.maxOffset, Math.min(settings.maxOffset, offset)), unclamped: offset, weight };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The log-odds of a probability, kept finite for scores of exactly 0 or 1. */
export function logit(p: number): number {
  const clamped = Math.min(1 - 1e-4, Math.max(1e-4, p));
  return Math.log(clamped / (1 - clamped));
}
