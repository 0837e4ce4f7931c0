import * as assert from 'node:assert/strict';
import { LEXICON_INDEX } from '../../src/core/classifier/lexiconIndexData';
import { SortedWords, wordMarks } from '../../src/core/classifier/sortedWords';

function sortedWords(words: readonly string[]): SortedWords {
  const joined = [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('|');
  return new SortedWords(joined, wordMarks(joined));
}

function foundAt(words: SortedWords, text: string, at: number): string[] {
  const found: string[] = [];
  words.forEachWordAt(text, at, (index) => found.push(words.word(index)));
  return found;
}

describe('the sorted word search', () => {
  it('finds at each position exactly the words the text has there, one-letter, repeated and nested words included', () => {
    const list = ['a', 'a', 'ab', 'abc', 'abd', 'b', 'ba', 'bad', 'bada', 'x', 'е', 'ес', 'есть', '这', '这个'];
    for (let extra = 0; extra < 200; extra++) list.push(`c${extra.toString(36)}`);
    const words = sortedWords(list);
    const sorted = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const text of ['abcd badab', 'a', 'c1c2 cz c5k', 'есть ли это', '这个是', 'zzz', 'ab|c']) {
      for (let at = 0; at < text.length; at++) {
        assert.deepEqual(foundAt(words, text, at), sorted.filter((word) => text.startsWith(word, at)), `${text} at ${at}`);
      }
    }
  });

  it('reads back every word of the shipped lexicon index by the index the search gives it', () => {
    for (const partition of [LEXICON_INDEX.wordStart, LEXICON_INDEX.anywhere]) {
      const words = new SortedWords(partition.words, partition.marks);
      const unread = partition.words.split('|').filter((word, index) => words.word(index) !== word);
      assert.deepEqual(unread, []);
    }
  });
});
