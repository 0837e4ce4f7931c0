import { formatCount, formatPercent } from './numbers';

/** A share's plausible range, 0–1 at both ends. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Below this many local tries of a category, its failure rate says too little to flag it or suggest a rule. */
export const MIN_TRIES_FOR_A_FLAG = 10;

/** The 95% Wilson score interval of `count` in `trials`: sound for small samples and for shares near 0 or 1. */
export function wilsonInterval(count: number, trials: number, z = 1.96): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const share = count / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (share + z2 / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((share * (1 - share)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}

/** "32–81%" */
export function intervalText(interval: Interval): string {
  return `${Math.round(interval.low * 100)}–${formatPercent(interval.high)}`;
}

/** "7 of 12 failed (58%, 95% interval 32–81%)" */
export function rateText(count: number, trials: number, what: string): string {
  return `${formatCount(count)} of ${formatCount(trials)} ${what} (${formatPercent(trials === 0 ? 0 : count / trials)}, 95% interval ${intervalText(wilsonInterval(count, trials))})`;
}
