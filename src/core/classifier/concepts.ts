/**
 * The ideas that decide a route, named in many natural languages (lexicon/), so that what the
 * model learns from one language carries to the others: "pourquoi", "почему" and "왜" are one
 * feature. Every concept is a feature, never a verdict.
 */
import type { ConceptKey } from './lexicon/conceptWords';
import { lexicons } from './lexicon';
import { PhraseIndex, spacedLetterOrDigit } from './phraseIndex';

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
  readonly phrases: PhraseIndex;
  readonly words: readonly string[];
  readonly concept: Int32Array;
}

let wordIndex: ConceptWordIndex | undefined;

/** Every language's words in one index, each knowing its concept; English first, then the lexicon's order. */
function conceptWordIndex(): ConceptWordIndex {
  if (wordIndex !== undefined) return wordIndex;
  const words: string[] = [];
  const concept: number[] = [];
  const place = new Map(concepts.map((entry, index) => [entry.key, index]));
  for (const lexicon of Object.values(lexicons)) {
    for (const [key, list] of Object.entries(lexicon) as [ConceptKey, string][]) {
      const index = place.get(key);
      if (index === undefined) continue;
      for (const word of list.split('|')) {
        words.push(word);
        concept.push(index);
      }
    }
  }
  const wordStartOnly = Uint8Array.from(words, (word) => (spacedLetterOrDigit(word.charCodeAt(0)) ? 1 : 0));
  wordIndex = { phrases: new PhraseIndex(words, wordStartOnly), words, concept: Int32Array.from(concept) };
  return wordIndex;
}

/**
 * The concepts an instruction names, with the words that named them: for each concept, the first
 * of its words (in the index's order) that occurs. A word of a spaced, inflecting script (Latin,
 * Greek, Cyrillic) may be a stem but must start a word: "race" is not found in "trace", nor "тест"
 * in "протест"; other scripts' words are found anywhere, as their clitics attach to them.
 */
export function conceptsIn(normalisedInstruction: string): { concept: Concept; word: string }[] {
  const { phrases, words, concept } = conceptWordIndex();
  const first = new Int32Array(concepts.length).fill(-1);
  phrases.forEachOccurrence(normalisedInstruction, (id) => {
    const named = concept[id];
    if (first[named] === -1 || id < first[named]) first[named] = id;
  });
  const found: { concept: Concept; word: string }[] = [];
  concepts.forEach((entry, index) => {
    if (first[index] !== -1) found.push({ concept: entry, word: words[first[index]] });
  });
  return found;
}
