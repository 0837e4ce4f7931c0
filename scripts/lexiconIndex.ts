import { concepts } from '../src/core/classifier/concepts';
import { lexicons } from '../src/core/classifier/lexicon';
import type { ConceptKey } from '../src/core/classifier/lexicon/conceptWords';
import { spacedLetterOrDigit, wordMarks } from '../src/core/classifier/sortedWords';

export const LEXICON_INDEX_PATH = ['src', 'core', 'classifier', 'lexiconIndexData.ts'];

interface Entry {
  readonly word: string;
  readonly concept: number;
  /** Its place in the lexicon's order (English first): of two words naming one concept, the earlier is quoted. */
  readonly rank: number;
}

/** Every lexicon word in code-unit order, split by whether it must start a word; with its concept and rank as one code unit each. */
export function lexiconIndex(): { readonly wordStart: Partition; readonly anywhere: Partition } {
  const place = new Map(concepts.map((concept, index) => [concept.key, index]));
  const wordStart: Entry[] = [];
  const anywhere: Entry[] = [];
  let rank = 0;
  for (const lexicon of Object.values(lexicons)) {
    for (const [key, words] of Object.entries(lexicon) as [ConceptKey, string][]) {
      const concept = place.get(key);
      if (concept === undefined) throw new Error(`lexicon: no concept ${key}`);
      for (const word of words.split('|')) (spacedLetterOrDigit(word.charCodeAt(0)) ? wordStart : anywhere).push({ word, concept, rank: rank++ });
    }
  }
  if (rank >= 0xd800) throw new Error('lexicon: too many words to rank in one code unit each');
  return { wordStart: partition(wordStart), anywhere: partition(anywhere) };
}

interface Partition {
  readonly words: string;
  readonly marks: string;
  readonly concepts: string;
  readonly ranks: string;
}

function partition(entries: Entry[]): Partition {
  const sorted = [...entries].sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : a.rank - b.rank));
  const words = sorted.map((entry) => entry.word).join('|');
  return {
    words,
    marks: wordMarks(words),
    concepts: String.fromCharCode(...sorted.map((entry) => entry.concept)),
    ranks: sorted.map((entry) => String.fromCharCode(entry.rank)).join(''),
  };
}

/** The exact text of lexiconIndexData.ts. */
export function lexiconIndexText(): string {
  const index = lexiconIndex();
  const part = (name: string, value: Partition) => `  ${name}: {\n    words: ${JSON.stringify(value.words)},\n    marks: ${JSON.stringify(value.marks)},\n    concepts: ${JSON.stringify(value.concepts)},\n    ranks: ${JSON.stringify(value.ranks)},\n  },\n`;
  return (
    '// Written by `npm run build:lexicon-index` from lexicon/; do not edit by hand.\n\n' +
    '/**\n * The lexicon\'s words in code-unit order (sortedWords.ts), those that must start a word apart, with\n' +
    ' * where words start at intervals (`marks`); per word, one code unit each: its concept\'s place in\n' +
    ' * `concepts` and its rank in the lexicon\'s order.\n */\n' +
    'export const LEXICON_INDEX = {\n' +
    part('wordStart', index.wordStart) +
    part('anywhere', index.anywhere) +
    '};\n'
  );
}
