import { instructionSignals, type InstructionSignal } from './instructionSignals';
import { PhraseIndex } from './phraseIndex';
import { SIGNAL_FRAGMENTS } from './signalFragments';

export interface SignalMatch {
  readonly signal: InstructionSignal;
  /** The text the signal's patterns matched first. */
  readonly match: string;
}

/**
 * The instruction signals whose patterns match an instruction, in the order of
 * instructionSignals, with what each matched first. A signal's patterns are joined into one
 * case-insensitive regex, compiled the first time an instruction contains one of the fragments
 * every match needs (signalFragments.ts), and run only on such instructions: the matches are the
 * joined regex's own, and most signals' regexes are never compiled in a process.
 */
export class SignalMatcher {
  private readonly index: PhraseIndex;
  /** Per fragment of the index, the signal that needs it. */
  private readonly owners: number[] = [];
  private readonly ungated: number[] = [];
  private readonly compiled: (RegExp | undefined)[];
  private readonly candidate: Uint8Array;

  constructor(private readonly signals: readonly InstructionSignal[] = instructionSignals) {
    if (SIGNAL_FRAGMENTS.length !== signals.length) throw new Error('signalFragments.ts is stale: run npm run build:signal-fragments');
    const fragments: string[] = [];
    SIGNAL_FRAGMENTS.forEach((needs, signal) => {
      if (needs === null) this.ungated.push(signal);
      else for (const fragment of needs) {
        fragments.push(fragment);
        this.owners.push(signal);
      }
    });
    this.index = new PhraseIndex(fragments);
    this.compiled = signals.map(() => undefined);
    this.candidate = new Uint8Array(signals.length);
  }

  matches(instruction: string): SignalMatch[] {
    const candidate = this.candidate;
    candidate.fill(0);
    for (const signal of this.ungated) candidate[signal] = 1;
    this.index.forEachOccurrence(instruction.toLowerCase(), (fragment) => {
      candidate[this.owners[fragment]] = 1;
    });
    const found: SignalMatch[] = [];
    for (let index = 0; index < this.signals.length; index++) {
      if (candidate[index] === 0) continue;
      const signal = this.signals[index];
      const pattern = (this.compiled[index] ??= new RegExp(signal.patterns.map((part) => `(?:${part.source})`).join('|'), 'i'));
      const match = pattern.exec(instruction);
      if (match !== null) found.push({ signal, match: match[0] });
    }
    return found;
  }
}
