/**
 * Words in code-unit order, joined by `|` into one string, searched as a trie without building one:
 * the words that begin with a given prefix are a contiguous run, so finding every word a text has
 * at one position narrows that run one code unit at a time. Opening it only notes where each word
 * starts (one pass of indexOf), so tens of thousands of words open in about a millisecond, where
 * building a map of them costs tens in a fresh process.
 */
export class SortedWords {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Per first two code units (first × 65536 + second; one-unit words: −1 − unit), the run of words that begin so. */
  private readonly runs = new Map<number, { readonly first: number; end: number }>();

  constructor(private readonly joined: string) {
    let count = 1;
    for (let at = joined.indexOf('|'); at !== -1; at = joined.indexOf('|', at + 1)) count++;
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
    let from = 0;
    let run: { readonly first: number; end: number } | undefined;
    let runKey = Number.NaN;
    for (let word = 0; word < count; word++) {
      const bar = joined.indexOf('|', from);
      const end = bar === -1 ? joined.length : bar;
      this.starts[word] = from;
      this.ends[word] = end;
      const key = end - from >= 2 ? joined.charCodeAt(from) * 65536 + joined.charCodeAt(from + 1) : -1 - joined.charCodeAt(from);
      if (key !== runKey) {
        run = { first: word, end: word + 1 };
        this.runs.set(key, run);
        runKey = key;
      } else if (run !== undefined) {
        run.end = word + 1;
      }
      from = end + 1;
    }
  }

  word(index: number): string {
    return this.joined.slice(this.starts[index], this.ends[index]);
  }

  /** Calls `found` with the index of every word that occurs in `text` at `at`. */
  forEachWordAt(text: string, at: number, found: (index: number) => void): void {
    const first = text.charCodeAt(at);
    const singles = this.runs.get(-1 - first);
    if (singles !== undefined) for (let word = singles.first; word < singles.end; word++) found(word);
    if (at + 1 >= text.length) return;
    const run = this.runs.get(first * 65536 + text.charCodeAt(at + 1));
    if (run === undefined) return;
    let low = run.first;
    let high = run.end;
    for (let depth = 2; low < high; depth++) {
      // Words that end here sort before their extensions.
      while (low < high && this.lengthOf(low) === depth) found(low++);
      if (at + depth >= text.length || low >= high) return;
      const unit = text.charCodeAt(at + depth);
      low = this.lowerBound(low, high, depth, unit);
      high = this.lowerBound(low, high, depth, unit + 1);
    }
  }

  private lengthOf(word: number): number {
    return this.ends[word] - this.starts[word];
  }

  /** The first word in [low, high) whose unit at `depth` is at least `unit` (all are longer than `depth`, and sorted). */
  private lowerBound(low: number, high: number, depth: number, unit: number): number {
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.joined.charCodeAt(this.starts[middle] + depth) < unit) low = middle + 1;
      else high = middle;
    }
    return low;
  }
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
