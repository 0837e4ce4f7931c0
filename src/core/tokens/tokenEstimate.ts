/**
 * A cl100k token count estimated from character classes in one pass, with no tables to load:
 * what decides a task while the real tokenizer is not ready yet. It aims high (over by a fifth
 * to a half on code and prose, rarely under) so that an estimate never sends a prompt that is
 * too big to the local model.
 *
 * Letters count per word piece: a word splits where its case changes (camelCase, and random
 * strings, which split often) and every six letters. Digits count per three, as cl100k groups
 * them. A run of punctuation counts one for its first mark and a half for each further one.
 * White space counts one per run, except a single space before a word. Other scripts count per
 * UTF-16 unit: CJK and emoji halves 1.25, other letters 0.5.
 */
export function estimateTokens(text: string, stopAbove = Infinity): number {
  const limit = stopAbove / SAFETY;
  let tokens = 0;
  let letters = 0;
  let digits = 0;
  let spaces = 0;
  let marks = 0;
  // Case of the previous letter in the current word: 0 none, 1 lower, 2 upper.
  let lastCase = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const isLetter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!isLetter && letters > 0) {
      tokens += Math.ceil(letters / WORD_PIECE);
      letters = 0;
      lastCase = 0;
    }
    if (isLetter) {
      if (digits > 0) {
        tokens += Math.ceil(digits / 3);
        digits = 0;
      }
      if (marks > 0) {
        tokens += 0.5 + marks * 0.5;
        marks = 0;
      }
      if (spaces > 1) tokens += 1 + Math.floor(spaces / 16);
      spaces = 0;
      const letterCase = code <= 90 ? 2 : 1;
      // A capital after a small letter starts a piece (camelCase); a small letter after two capitals does too (random text).
      if (letters > 0 && letterCase !== lastCase && (letterCase === 2 || letters > 1)) {
        tokens += Math.ceil(letters / WORD_PIECE);
        letters = 0;
      }
      lastCase = letterCase;
      letters++;
      continue;
    }
    if (code >= 48 && code <= 57) {
      if (marks > 0) {
        tokens += 0.5 + marks * 0.5;
        marks = 0;
      }
      // cl100k never joins a space to a number.
      if (spaces > 0) tokens += 1 + Math.floor(spaces / 16);
      spaces = 0;
      digits++;
      continue;
    }
    if (digits > 0) {
      tokens += Math.ceil(digits / 3);
      digits = 0;
    }
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      if (marks > 0) {
        tokens += 0.5 + marks * 0.5;
        marks = 0;
      }
      // A single space joins the word after it; a newline or a tab is a token of its own.
      spaces += code === 32 ? 1 : 2;
      continue;
    }
    if (spaces > 0) {
      tokens += 1 + Math.floor(spaces / 16);
      spaces = 0;
    }
    if (code < 128) {
      marks++;
    } else {
      if (marks > 0) {
        tokens += 0.5 + marks * 0.5;
        marks = 0;
      }
      tokens += code >= 0x2e80 ? 1.25 : 0.5;
    }
    if (tokens > limit) break;
  }
  if (letters > 0) tokens += Math.ceil(letters / WORD_PIECE);
  if (digits > 0) tokens += Math.ceil(digits / 3);
  if (marks > 0) tokens += 0.5 + marks * 0.5;
  if (spaces > 0) tokens += 1 + Math.floor(spaces / 16);
  return Math.ceil(tokens * SAFETY);
}

/** The estimate is at most this many times the cl100k count (measured on code, prose, JSON, minified code and eight scripts). */
export const MAX_OVERESTIMATE = 1.9;

/** Letters per token in a word piece. */
const WORD_PIECE = 6;
/** Headroom over the estimate itself. */
const SAFETY = 1.1;
