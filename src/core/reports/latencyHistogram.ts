/** Latencies up to this many milliseconds are counted in a dense array, one slot per millisecond (256 KB at most); longer ones in a Map. */
const DENSE_MS = 65_536;

/**
 * Latencies counted per whole millisecond: exact percentiles at that resolution, in memory that
 * grows with the longest latency seen (or with distinct values past DENSE_MS), not with requests.
 * Counting one is an index into a typed array, not a hash lookup. Plain data, so a tally holding
 * one crosses to and from worker threads as it is.
 */
export interface LatencyHistogram {
  /** Count per millisecond below DENSE_MS, grown by doubling to the longest latency seen. */
  dense: Uint32Array;
  /** Counts of latencies from DENSE_MS on. */
  readonly sparse: Map<number, number>;
}

export function emptyHistogram(): LatencyHistogram {
  return { dense: new Uint32Array(0), sparse: new Map() };
}

export function countLatency(histogram: LatencyHistogram, latencyMs: number, times = 1): void {
  const key = latencyMs > 0 ? Math.round(latencyMs) : 0;
  if (key >= DENSE_MS) {
    histogram.sparse.set(key, (histogram.sparse.get(key) ?? 0) + times);
    return;
  }
  let dense = histogram.dense;
  if (key >= dense.length) {
    let length = Math.max(1024, dense.length);
    while (length <= key) length *= 2;
    const grown = new Uint32Array(Math.min(length, DENSE_MS));
    grown.set(dense);
    histogram.dense = dense = grown;
  }
  dense[key] += times;
}

/** Adds every count of `from` into `into`. */
export function mergeLatencies(into: LatencyHistogram, from: LatencyHistogram): void {
  const { dense } = from;
  for (let latency = dense.length - 1; latency >= 0; latency--) if (dense[latency] > 0) countLatency(into, latency, dense[latency]);
  for (const [latency, count] of from.sparse) countLatency(into, latency, count);
}

/** The latency at `share` (0–1) of the `total` requests counted, 0 when there are none. */
export function latencyAt(histogram: LatencyHistogram, total: number, share: number): number {
  if (total === 0) return 0;
  const rank = Math.min(total, Math.max(1, Math.ceil(share * total)));
  let seen = 0;
  let last = 0;
  const { dense } = histogram;
  for (let latency = 0; latency < dense.length; latency++) {
    if (dense[latency] === 0) continue;
    seen += dense[latency];
    last = latency;
    if (seen >= rank) return latency;
  }
  for (const [latency, count] of [...histogram.sparse].sort((a, b) => a[0] - b[0])) {
    seen += count;
    last = latency;
    if (seen >= rank) return latency;
  }
  return last;
}
