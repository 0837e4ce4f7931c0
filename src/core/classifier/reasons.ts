import type { Route } from '../task';
import type { Feature } from './features';
import type { Contribution, Neighbour } from './routerModel';

/** Reasons name at most this many features. */
const FEATURE_REASONS = 4;
/** A feature whose weight is smaller than this is not worth a sentence. */
const NOTABLE = 0.15;
/** A labelled example is quoted when it shares at least this share of the task's decisive weight. */
const SIMILAR = 0.3;
const EXAMPLE_REASONS = 2;

/** What a reader learns from a feature: what was asked first, the size of the prompt last. */
const SALIENCE: Readonly<Record<Feature['group'], number>> = { signal: 1, editor: 1, error: 1, word: 0.9, char: 0.5, code: 0.5, size: 0.3 };

/**
 * The features that weighed most, in words, strongest first (those for the route before those
 * against it), then the nearest labelled examples: "Like: “convert this loop…” → local".
 */
export function explainScore(contributions: readonly Contribution[], route: Route, neighbours: readonly Neighbour[]): string[] {
  // A hand-written signal and a concept can say the same thing ("asks for a rename"), quoting the cue as written or as listed.
  const byPhrase = new Map<string, { phrase: string; weight: number; salience: number }>();
  let wording = 0;
  for (const { feature, weight } of contributions) {
    if (feature.phrase === undefined) {
      wording += weight;
      continue;
    }
    const key = feature.phrase.toLowerCase();
    const entry = byPhrase.get(key) ?? { phrase: feature.phrase, weight: 0, salience: SALIENCE[feature.group] };
    entry.weight += weight;
    entry.salience = Math.max(entry.salience, SALIENCE[feature.group]);
    byPhrase.set(key, entry);
  }
  const items = [...byPhrase.values()].map(({ phrase, weight, salience }) => ({ sentence: `The task ${phrase}`, weight, rank: Math.abs(weight) * salience, asked: salience === 1 }));
  items.push({ sentence: 'The wording as a whole (its spelling, in any language)', weight: wording, rank: Math.abs(wording) * SALIENCE.char, asked: false });
  const towards = (weight: number) => (route === 'cloud' ? weight > 0 : weight < 0);
  // What was asked comes before how the text and code look, when it weighed enough to name.
  const notable = items.filter((item) => item.rank >= NOTABLE).sort((a, b) => Number(b.asked) - Number(a.asked) || b.rank - a.rank);
  const chosen = [...notable.filter((item) => towards(item.weight)).slice(0, FEATURE_REASONS - 1), ...notable.filter((item) => !towards(item.weight)).slice(0, 1)];
  const reasons = chosen.map((item) => `${item.sentence} → ${item.weight > 0 ? 'cloud' : 'local'}`);
  // Precedents for the route taken: an example that went the other way explains nothing here.
  let quoted = 0;
  for (const neighbour of neighbours) {
    if (neighbour.similarity < SIMILAR || neighbour.label !== route || quoted === EXAMPLE_REASONS) continue;
    quoted++;
    reasons.push(`Like: “${neighbour.instruction}” → ${neighbour.label}`);
  }
  return reasons;
}
