import { instructionSignals } from '../src/core/classifier/instructionSignals';
import { requiredFragmentsOfAny } from './requiredText';

export const SIGNAL_FRAGMENTS_PATH = ['src', 'core', 'classifier', 'signalFragments.ts'];

/** The fewest fragments that cover these: a fragment containing another adds nothing to require. */
export function coveringFragments(fragments: readonly string[]): string[] {
  const shortestFirst = [...new Set(fragments)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const fragment of shortestFirst) if (!kept.some((shorter) => fragment.includes(shorter))) kept.push(fragment);
  return kept;
}

/** Per instruction signal, in order: the fragments its patterns need, or null when they cannot be read. */
export function signalFragments(): (string[] | null)[] {
  return instructionSignals.map((signal) => {
    const fragments = requiredFragmentsOfAny(signal.patterns.map((pattern) => pattern.source));
    return fragments === undefined ? null : coveringFragments(fragments);
  });
}

/** The text of src/core/classifier/signalFragments.ts. */
export function signalFragmentsText(): string {
  const rows = signalFragments().map((fragments, index) => {
    const signal = instructionSignals[index];
    return `  // ${signal.category} (${signal.kind}): ${signal.meaning}\n  ${JSON.stringify(fragments)},`;
  });
  return [
    '// Written by `npm run build:signal-fragments` from instructionSignals.ts; do not edit by hand.',
    '',
    '/**',
    ' * Per instruction signal, in the order of instructionSignals: lower-case fragments one of which',
    ' * every match of its patterns contains (null: its patterns always run). A signal whose fragments',
    ' * are all absent from the lower-cased instruction cannot match, so its patterns are not compiled.',
    ' */',
    'export const SIGNAL_FRAGMENTS: readonly (readonly string[] | null)[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}
