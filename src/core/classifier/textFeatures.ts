/**
 * Multilingual text features of an instruction: hashed word unigrams and bigrams and character
 * n-grams of its normalised form. Whole words only, so "author" never counts as "auth".
 */

/** Code names in an instruction (`retryCount`, parse_args, Foo.bar) say nothing about the work: one token stands for all. */
const CODE_NAME = /`[^`\n]{1,80}`|\b[A-Za-z_$][\w$]*(?:[a-z][A-Z]|_[A-Za-z0-9]|\.[A-Za-z_$])[\w$.]*(?:\(\))?/g;
const NUMBER = /\p{N}+(?:[.,]\p{N}+)*/gu;
const WORD = /[\p{L}\p{M}\p{N}‹›']+/gu;
/** Scripts written without spaces between words: their words are read as character pairs. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export const CODE_NAME_TOKEN = '‹name›';
/**
 * Character n-grams together weigh this much more than an instruction's words: they carry the
 * languages and spellings the words miss (grouped cross-validation chose it with the L2 penalty).
 */
export const CHARACTER_GRAM_WEIGHT = 1.4;
const NUMBER_TOKEN = '0';

/** NFKC, code names and numbers folded, Unicode-aware lower case. */
export function normaliseInstruction(instruction: string): string {
  return instruction.normalize('NFKC').replace(CODE_NAME, ` ${CODE_NAME_TOKEN} `).replace(NUMBER, NUMBER_TOKEN).toLowerCase();
}

/** The words of a normalised instruction; a run of unspaced script becomes its characters and their pairs. */
export function instructionWords(normalised: string): string[] {
  const words: string[] = [];
  for (const match of normalised.matchAll(WORD)) {
    const word = match[0].replace(/^'+|'+$/g, '');
    if (word === '') continue;
    if (!UNSPACED.test(word)) {
      words.push(word);
      continue;
    }
    const chars = Array.from(word);
    for (let i = 0; i < chars.length; i++) {
      if (i + 1 < chars.length) words.push(chars[i] + chars[i + 1]);
      else if (chars.length === 1) words.push(chars[i]);
    }
  }
  return words;
}

/** Character n-grams of each word, padded so the start and end of a word count. */
export function characterGrams(words: readonly string[], sizes: readonly number[] = [3, 4]): string[] {
  const grams: string[] = [];
  for (const word of words) {
    if (word === CODE_NAME_TOKEN) continue;
    const padded = ` ${word} `;
    // A word of the Basic Multilingual Plane is its code units; others are split into code points first.
    if (!hasSurrogates(padded)) {
      for (const size of sizes) for (let i = 0; i + size <= padded.length; i++) grams.push(padded.slice(i, i + size));
      continue;
    }
    const points = Array.from(padded);
    for (const size of sizes) {
      if (points.length < size) continue;
      for (let i = 0; i + size <= points.length; i++) grams.push(points.slice(i, i + size).join(''));
    }
  }
  return grams;
}

function hasSurrogates(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
  }
  return false;
}
