/**
 * Many short phrases found in a text in one pass: each phrase is filed under its first two code
 * units, so each position of the text is checked only against the phrases that start there.
 * Cheaper than searching the text for every phrase in turn, and it allocates nothing per search.
 */
export class PhraseIndex {
  /** Phrase ids by their first code unit times 65536 plus their second. */
  private readonly byPair = new Map<number, number[]>();
  /** One-unit phrases by their code unit. */
  private readonly bySingle = new Map<number, number[]>();

  constructor(private readonly phrases: readonly string[]) {
    phrases.forEach((phrase, id) => {
      if (phrase === '') throw new Error('PhraseIndex: an empty phrase occurs everywhere');
      const key = phrase.length === 1 ? phrase.charCodeAt(0) : phrase.charCodeAt(0) * 65536 + phrase.charCodeAt(1);
      const map = phrase.length === 1 ? this.bySingle : this.byPair;
      const ids = map.get(key);
      if (ids === undefined) map.set(key, [id]);
      else ids.push(id);
    });
  }

  /** Calls `found` with the id and position of every occurrence of every phrase in `text`, by position. */
  forEachOccurrence(text: string, found: (id: number, at: number) => void): void {
    const singles = this.bySingle.size > 0;
    for (let at = 0; at < text.length; at++) {
      const first = text.charCodeAt(at);
      if (singles) {
        const ids = this.bySingle.get(first);
        if (ids !== undefined) for (const id of ids) found(id, at);
      }
      if (at + 1 === text.length) break;
      const ids = this.byPair.get(first * 65536 + text.charCodeAt(at + 1));
      if (ids === undefined) continue;
      for (const id of ids) if (text.startsWith(this.phrases[id], at)) found(id, at);
    }
  }
}
