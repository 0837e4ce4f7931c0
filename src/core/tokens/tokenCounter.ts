import { estimateTokens } from './tokenEstimate';

/** Counts prompt tokens. Local models have small context windows, so this decides what fits. */
export interface TokenCounter {
  count(text: string): number;
}

let loading: Promise<TokenCounter> | undefined;
let ready: TokenCounter | undefined;

/**
 * Loads js-tiktoken (lite build, cl100k_base ranks) on first use. Building the encoder costs
 * a few hundred milliseconds and tens of megabytes, so nothing calls this during activation,
 * and a routed request calls it only once its answer is in (see readyTokenCounter).
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= (async () => {
    const [{ Tiktoken }, ranks] = await Promise.all([
      import('js-tiktoken/lite'),
      import('js-tiktoken/ranks/cl100k_base'),
    ]);
    const encoder = new Tiktoken(ranks.default);
    const rankMap = (encoder as unknown as { rankMap?: Map<string, number> }).rankMap;
    // The encoder's own byte-pair merge looks up every pair again after each merge; counting with its ranks directly is the same count, faster.
    const countPiece = rankMap instanceof Map ? pieceCounter(rankMap) : (piece: string) => encoder.encode(piece, [], []).length;
    ready = new PieceCachingCounter(countPiece, new RegExp(ranks.default.pat_str, 'gu'));
    return ready;
  })();
  return loading;
}

/** The tokenizer if it has been built, without starting to build it. */
export function readyTokenCounter(): TokenCounter | undefined {
  return ready;
}

/** The tokenizer when it is ready, else a conservative estimate (tokenEstimate.ts): never waits. */
export const COUNT_NOW: TokenCounter = { count: (text) => (ready === undefined ? estimateTokens(text) : ready.count(text)) };

/** Whether the tokenizer has been built in this process (activation must leave it unbuilt). */
export function isTokenCounterLoaded(): boolean {
  return ready !== undefined;
}

/** Pieces longer than this are counted each time (they rarely repeat); the cache is emptied when it holds this many. */
const MAX_CACHED_PIECE = 64;
const MAX_CACHED_PIECES = 200_000;

/**
 * Counts as the tokenizer does, piece by piece (its pre-tokenizing pattern splits the text into
 * words, numbers, punctuation and spaces, and each piece is encoded alone), with each piece's
 * count remembered: code repeats its pieces so much that byte-pair merging, the costly part,
 * runs for few of them. The total is exactly the tokenizer's. Special-token text such as
 * "<|endoftext|>" in user code is counted as plain text.
 */
class PieceCachingCounter implements TokenCounter {
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly encodePiece: (piece: string) => number,
    private readonly pieces: RegExp,
  ) {}

  count(text: string): number {
    let tokens = 0;
    const pattern = this.pieces;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const piece = match[0];
      if (piece === '') {
        pattern.lastIndex++;
        continue;
      }
      let count = piece.length <= MAX_CACHED_PIECE ? this.cache.get(piece) : undefined;
      if (count === undefined) {
        count = this.encodePiece(piece);
        if (piece.length <= MAX_CACHED_PIECE) {
          if (this.cache.size >= MAX_CACHED_PIECES) this.cache.clear();
          this.cache.set(piece, count);
        }
      }
      tokens += count;
    }
    return tokens;
  }
}

/**
 * How many tokens byte-pair merging makes of one piece, with the tokenizer's ranks (keyed by
 * comma-joined bytes): the lowest-ranked adjacent pair is merged until none is in the ranks,
 * and only the two pairs beside a merge are looked up again.
 */
function pieceCounter(ranks: Map<string, number>): (piece: string) => number {
  const utf8 = new TextEncoder();
  return (piece) => {
    const bytes = utf8.encode(piece);
    if (bytes.length <= 1 || ranks.has(bytes.join(','))) return 1;
    // starts[i]: where part i begins; a part ends where the next begins.
    const starts: number[] = Array.from({ length: bytes.length + 1 }, (_, index) => index);
    const rankOf = (index: number): number => {
      if (index + 2 >= starts.length) return Infinity;
      return ranks.get(bytes.subarray(starts[index], starts[index + 2]).join(',')) ?? Infinity;
    };
    const pairRanks = starts.slice(0, -1).map((_, index) => rankOf(index));
    for (;;) {
      let best = Infinity;
      let at = -1;
      for (let index = 0; index < pairRanks.length; index++) {
        if (pairRanks[index] < best) {
          best = pairRanks[index];
          at = index;
        }
      }
      if (at === -1) break;
      starts.splice(at + 1, 1);
      pairRanks.splice(at + 1, 1);
      pairRanks[at] = rankOf(at);
      if (at > 0) pairRanks[at - 1] = rankOf(at - 1);
    }
    return starts.length - 1;
  };
}
