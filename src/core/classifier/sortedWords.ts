/**
 * Words in code-unit order, joined by `|` into one string, searched as a trie without building one:
 * the words that begin with a given prefix are a contiguous run, so finding every word a text has
 * at one position narrows that run one code unit at a time. Nothing is indexed up front: the run of
 * words that begin with a text's first two code units is found by binary search in the string the
 * first time a text has them, and only that run's word boundaries are noted. A text of one script
 * thus opens a few hundred of the lexicon's words, not all of them, and a fresh process pays for
 * what its first text needs, not for the whole lexicon.
 *
 * A word's index (its place in the order) is what callers look its data up by; `marks` (written
 * with the words by `wordMarks`) gives where every `MARK_STRIDE`th word starts, so a run's first
 * index is counted from the nearest mark rather than from the start of the string.
 */
const MARK_STRIDE = 64;
const BAR = 0x7c;

/** The words that begin with one prefix: their indexes from `first`, and where each starts and ends in the string. */
interface Run {
  readonly first: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** The words that begin with one code unit, and, found on demand, those that begin with it and each second unit. */
interface Initial {
  readonly from: number;
  readonly to: number;
  readonly alone: Run | undefined;
  readonly bySecond: Map<number, Run | undefined>;
}

export class SortedWords {
  private readonly initials = new Map<number, Initial | undefined>();

  constructor(
    private readonly joined: string,
    private readonly marks: string,
  ) {}

  /** The word with this index (one the search reported). */
  word(index: number): string {
    const start = this.startOf(index);
    const bar = this.joined.indexOf('|', start);
    return this.joined.slice(start, bar === -1 ? this.joined.length : bar);
  }

  /** Calls `found` with the index of every word that occurs in `text` at `at`. */
  forEachWordAt(text: string, at: number, found: (index: number) => void): void {
    const first = text.charCodeAt(at);
    const initial = this.initial(first);
    if (initial === undefined) return;
    if (initial.alone !== undefined) for (let word = 0; word < initial.alone.starts.length; word++) found(initial.alone.first + word);
    if (at + 1 >= text.length) return;
    const run = this.runOfSecond(initial, text.charCodeAt(at + 1));
    if (run === undefined) return;
    let low = 0;
    let high = run.starts.length;
    for (let depth = 2; low < high; depth++) {
      // Words that end here sort before their extensions.
      while (low < high && run.ends[low] - run.starts[low] === depth) found(run.first + low++);
      if (at + depth >= text.length || low >= high) return;
      const unit = text.charCodeAt(at + depth);
      low = this.lowerBound(run, low, high, depth, unit);
      high = this.lowerBound(run, low, high, depth, unit + 1);
    }
  }

  private initial(unit: number): Initial | undefined {
    if (this.initials.has(unit)) return this.initials.get(unit);
    const from = this.firstNotBefore(unit, -1);
    const to = this.firstNotBefore(unit + 1, -1);
    let initial: Initial | undefined;
    if (from < to) {
      const afterAlone = this.firstNotBefore(unit, 0);
      initial = { from, to, alone: afterAlone > from ? this.run(from, afterAlone) : undefined, bySecond: new Map() };
    }
    this.initials.set(unit, initial);
    return initial;
  }

  private runOfSecond(initial: Initial, second: number): Run | undefined {
    if (initial.bySecond.has(second)) return initial.bySecond.get(second);
    const unit = this.joined.charCodeAt(initial.from);
    const from = this.firstNotBefore(unit, second, initial.from, initial.to);
    const to = this.firstNotBefore(unit, second + 1, from, initial.to);
    const run = from < to ? this.run(from, to) : undefined;
    initial.bySecond.set(second, run);
    return run;
  }

  /**
   * Where the first word in the string (or in the words starting in [low, high)) starts that is not
   * before the prefix `first`, `second` (no second unit when `second` is −1; 0 asks for the first
   * word longer than `first` alone); past the end (length + 1) when there is none.
   */
  private firstNotBefore(first: number, second: number, low = 0, high = this.joined.length + 1): number {
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = this.joined.lastIndexOf('|', middle - 1) + 1;
      const bar = this.joined.indexOf('|', start);
      const end = bar === -1 ? this.joined.length : bar;
      if (this.before(start, end, first, second)) low = end + 1;
      else high = start;
    }
    return low;
  }

  private before(start: number, end: number, first: number, second: number): boolean {
    const unit = this.joined.charCodeAt(start);
    if (unit !== first || second === -1) return unit < first;
    // A word of that one unit alone sorts before every longer one.
    return end - start < 2 || this.joined.charCodeAt(start + 1) < second;
  }

  /** The words that start in [from, to), which are whole words of the string. */
  private run(from: number, to: number): Run {
    let count = 0;
    for (let at = from; at < to; at = this.endFrom(at) + 1) count++;
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    for (let word = 0, at = from; word < count; word++) {
      starts[word] = at;
      ends[word] = this.endFrom(at);
      at = ends[word] + 1;
    }
    return { first: this.indexAt(from), starts, ends };
  }

  private endFrom(start: number): number {
    const bar = this.joined.indexOf('|', start);
    return bar === -1 ? this.joined.length : bar;
  }

  /** The index of the word that starts at `start`. */
  private indexAt(start: number): number {
    let low = 0;
    let high = this.marks.length / 2 - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (markAt(this.marks, middle) <= start) low = middle;
      else high = middle - 1;
    }
    let index = low * MARK_STRIDE;
    for (let at = markAt(this.marks, low); at < start; at++) if (this.joined.charCodeAt(at) === BAR) index++;
    return index;
  }

  private startOf(index: number): number {
    let at = markAt(this.marks, Math.floor(index / MARK_STRIDE));
    for (let word = index - (index % MARK_STRIDE); word < index; word++) at = this.endFrom(at) + 1;
    return at;
  }

  /** The first word in [low, high) of `run` whose unit at `depth` is at least `unit` (all are longer than `depth`, and sorted). */
  private lowerBound(run: Run, low: number, high: number, depth: number, unit: number): number {
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.joined.charCodeAt(run.starts[middle] + depth) < unit) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function markAt(marks: string, mark: number): number {
  return marks.charCodeAt(2 * mark) * 0x8000 + marks.charCodeAt(2 * mark + 1);
}

/** For `joined`, where every `MARK_STRIDE`th word starts, two code units of fifteen bits each: the `marks` a SortedWords needs. */
export function wordMarks(joined: string): string {
  let marks = '';
  let start = 0;
  for (let word = 0; start <= joined.length; word++) {
    if (word % MARK_STRIDE === 0) marks += String.fromCharCode(Math.floor(start / 0x8000), start % 0x8000);
    const bar = joined.indexOf('|', start);
    start = bar === -1 ? joined.length + 1 : bar + 1;
  }
  return marks;
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
