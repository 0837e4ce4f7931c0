/**
 * The ideas that decide a route, named in many natural languages (lexicon/), so that what the
 * model learns from one language carries to the others: "pourquoi", "почему" and "왜" are one
 * feature. Every concept is a feature, never a verdict.
 */
import type { ConceptKey } from './lexicon/conceptWords';
import { LEXICON_INDEX } from './lexiconIndexData';
import { SortedWords, spacedLetterOrDigit } from './sortedWords';

export interface Concept {
  readonly key: ConceptKey;
  /** Completes "The task …". */
  readonly meaning: string;
  /** The category a task naming it belongs to, and which way it leans (log-odds sign and size, as the rules weigh them). */
  readonly category?: string;
  readonly lean?: number;
}

export const concepts: readonly Concept[] = [
  { key: 'why', category: 'debug', lean: 3, meaning: 'asks why' },
  { key: 'cause', category: 'debug', lean: 3, meaning: 'asks for the cause of a failure' },
  { key: 'intermittent', category: 'debug', lean: 2, meaning: 'describes a failure that comes and goes' },
  { key: 'mystery', category: 'debug', lean: 2, meaning: 'describes a failure with no pointer to its cause' },
  { key: 'crash', category: 'debug', lean: 3, meaning: 'describes a crash, hang or leak' },
  { key: 'memory', category: 'performance', lean: 1.5, meaning: 'is about memory use' },
  { key: 'concurrency', category: 'concurrency', lean: 1.5, meaning: 'is about concurrency' },
  { key: 'security', category: 'security', lean: 1.5, meaning: 'is about security' },
  { key: 'safe', category: 'security', lean: 2, meaning: 'asks whether something is safe or risky' },
  { key: 'attack', category: 'security', lean: 2.5, meaning: 'talks of attacks or attackers' },
  { key: 'credentials', category: 'security', lean: 1.5, meaning: 'is about authentication, secrets or cryptography' },
  { key: 'design', category: 'architecture', lean: 3, meaning: 'asks for a design decision or trade-off' },
  { key: 'choice', category: 'design', lean: 2, meaning: 'asks to compare options' },
  { key: 'compatibility', category: 'architecture', lean: 1.5, meaning: 'must keep compatibility while changing a system' },
  { key: 'load', category: 'performance', lean: 1.5, meaning: 'is about behaviour under load or at scale' },
  { key: 'performance', category: 'performance', lean: 1.5, meaning: 'is about performance' },
  { key: 'correctness', category: 'algorithm', lean: 2, meaning: 'asks whether code is correct or always holds' },
  { key: 'algorithm', category: 'algorithm', lean: 1.5, meaning: 'is about an algorithm or its complexity' },
  { key: 'review', category: 'review', lean: 1.5, meaning: 'asks for a review' },
  { key: 'explain', category: 'explain', lean: -1.5, meaning: 'asks for an explanation' },
  { key: 'fix', meaning: 'asks for a fix' },
  { key: 'prescribe', meaning: 'states the change to make' },
  { key: 'scenario', meaning: 'asks what happens, or whether something can happen, in a given case' },
  { key: 'contrast', meaning: 'contrasts what happens with what should happen, or with where it works' },
  { key: 'trace', meaning: 'asks to trace or analyse the behaviour path by path' },
  { key: 'pointed-error', category: 'fix-known', lean: -2, meaning: 'names an error whose cause is stated' },
  { key: 'rename', category: 'rename', lean: -3, meaning: 'asks for a rename' },
  { key: 'convert', category: 'convert', lean: -3, meaning: 'asks to convert or port code' },
  { key: 'extract', category: 'extract', lean: -3, meaning: 'asks to extract, inline, split or move code' },
  { key: 'format', category: 'format', lean: -3, meaning: 'asks to format or tidy code' },
  { key: 'docs', category: 'docs', lean: -3, meaning: 'asks for comments or documentation' },
  { key: 'types', category: 'types', lean: -3, meaning: 'asks for type annotations' },
  { key: 'tests', category: 'tests', lean: -3, meaning: 'asks for tests' },
  { key: 'boilerplate', category: 'boilerplate', lean: -3, meaning: 'asks for boilerplate' },
  { key: 'config', category: 'config', lean: -1.5, meaning: 'asks for a configuration file or job' },
  { key: 'css', category: 'css-layout', lean: -2, meaning: 'asks for a styling change' },
  { key: 'sql', category: 'sql', lean: -1.5, meaning: 'asks for a query, index or schema change' },
  { key: 'regex', category: 'regex', lean: -2, meaning: 'asks for a regular expression' },
  { key: 'translate', category: 'translate', lean: -3, meaning: 'asks to translate text' },
  { key: 'extract-data', category: 'extract-data', lean: -2, meaning: 'asks to extract or label data into a given shape' },
  { key: 'summary', category: 'summarize', lean: -3, meaning: 'asks for a summary or a commit message' },
  { key: 'small', category: 'feature-small', lean: -1, meaning: 'says the job is small or simple' },
];

interface ConceptWordIndex {
  readonly wordStart: SortedWords;
  readonly anywhere: SortedWords;
}

let wordIndex: ConceptWordIndex | undefined;

function conceptWordIndex(): ConceptWordIndex {
  wordIndex ??= {
    wordStart: new SortedWords(LEXICON_INDEX.wordStart.words, LEXICON_INDEX.wordStart.marks),
    anywhere: new SortedWords(LEXICON_INDEX.anywhere.words, LEXICON_INDEX.anywhere.marks),
  };
  return wordIndex;
}

/**
 * The concepts an instruction names, with the words that named them: for each concept, the first
 * of its words (in the index's order) that occurs. A word of a spaced, inflecting script (Latin,
 * Greek, Cyrillic) may be a stem but must start a word: "race" is not found in "trace", nor "тест"
 * in "протест"; other scripts' words are found anywhere, as their clitics attach to them.
 */
export function conceptsIn(normalisedInstruction: string): { concept: Concept; word: string }[] {
  const { wordStart, anywhere } = conceptWordIndex();
  const firstRank = new Int32Array(concepts.length).fill(-1);
  const firstWord: { words: SortedWords; index: number }[] = [];
  const note = (words: SortedWords, partition: { readonly concepts: string; readonly ranks: string }) => (index: number) => {
    const concept = partition.concepts.charCodeAt(index);
    const rank = partition.ranks.charCodeAt(index);
    if (firstRank[concept] !== -1 && firstRank[concept] <= rank) return;
    firstRank[concept] = rank;
    firstWord[concept] = { words, index };
  };
  const inWordStart = note(wordStart, LEXICON_INDEX.wordStart);
  const inAnywhere = note(anywhere, LEXICON_INDEX.anywhere);
  for (let at = 0; at < normalisedInstruction.length; at++) {
    anywhere.forEachWordAt(normalisedInstruction, at, inAnywhere);
    if (at === 0 || !spacedLetterOrDigit(normalisedInstruction.charCodeAt(at - 1))) wordStart.forEachWordAt(normalisedInstruction, at, inWordStart);
  }
  const found: { concept: Concept; word: string }[] = [];
  concepts.forEach((entry, index) => {
    if (firstRank[index] !== -1) found.push({ concept: entry, word: firstWord[index].words.word(firstWord[index].index) });
  });
  return found;
}
