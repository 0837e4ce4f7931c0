/**
 * Many short phrases found in a text in one pass: each phrase is filed under its first three code
 * units (or fewer, for shorter phrases), so each position of the text is checked only against the
 * phrases that start with the same three. Phrases marked as word starts are only looked for where
 * a word starts. Cheaper than searching the text for every phrase in turn, and it allocates
 * nothing per search.
 */
export class PhraseIndex {
  /** Phrase ids by their first code units (see key), anywhere and at word starts only. */
  private readonly anywhere = new Map<number, number[]>();
  private readonly atWordStart = new Map<number, number[]>();

  /** `wordStartOnly[id]` set: the phrase counts only where no letter or digit of a spaced script comes just before it. */
  constructor(
    private readonly phrases: readonly string[],
    wordStartOnly?: Uint8Array,
  ) {
    phrases.forEach((phrase, id) => {
      if (phrase === '') throw new Error('PhraseIndex: an empty phrase occurs everywhere');
      const map = wordStartOnly?.[id] === 1 ? this.atWordStart : this.anywhere;
      const key = keyOf(phrase, 0, Math.min(3, phrase.length));
      const ids = map.get(key);
      if (ids === undefined) map.set(key, [id]);
      else ids.push(id);
    });
  }

  /** Calls `found` with the id and position of every occurrence of every phrase in `text`, by position. */
  forEachOccurrence(text: string, found: (id: number, at: number) => void): void {
    const wordStarts = this.atWordStart.size > 0;
    const anywhere = this.anywhere.size > 0;
    for (let at = 0; at < text.length; at++) {
      if (anywhere) this.visit(this.anywhere, text, at, found);
      if (wordStarts && (at === 0 || !spacedLetterOrDigit(text.charCodeAt(at - 1)))) this.visit(this.atWordStart, text, at, found);
    }
  }

  private visit(map: Map<number, number[]>, text: string, at: number, found: (id: number, at: number) => void): void {
    const longest = Math.min(3, text.length - at);
    for (let length = 1; length <= longest; length++) {
      const ids = map.get(keyOf(text, at, length));
      if (ids === undefined) continue;
      for (const id of ids) if (length < 3 || text.startsWith(this.phrases[id], at)) found(id, at);
    }
  }
}

/** One to three code units as one number, distinct per length (under 2^53: exact in a double). */
function keyOf(text: string, at: number, length: number): number {
  let key = length;
  for (let i = 0; i < length; i++) key = key * 65536 + text.charCodeAt(at + i);
  return key;
}

/** A letter (or combining mark) of the Latin, Greek or Cyrillic scripts, or an ASCII digit: what continues a word there. */
export function spacedLetterOrDigit(unit: number): boolean {
  return (
    (unit >= 0x30 && unit <= 0x39) ||
    (unit >= 0x41 && unit <= 0x5a) ||
    (unit >= 0x61 && unit <= 0x7a) ||
    (unit >= 0xc0 && unit < 0x250 && unit !== 0xd7 && unit !== 0xf7) ||
    (unit >= 0x300 && unit < 0x530) ||
    (unit >= 0x1e00 && unit < 0x2000)
  );
}
