/**
 * Latencies counted per whole millisecond: exact percentiles at that resolution, in memory that
 * grows with distinct values (bounded by the timeout), not with requests. A plain Map, so a tally
 * holding one crosses to and from worker threads as it is.
 */
export type LatencyHistogram = Map<number, number>;

export function countLatency(histogram: LatencyHistogram, latencyMs: number, times = 1): void {
  const key = Math.round(latencyMs);
  histogram.set(key, (histogram.get(key) ?? 0) + times);
}

/** The latency at `share` (0–1) of the `total` requests counted, 0 when there are none. */
export function latencyAt(histogram: LatencyHistogram, total: number, share: number): number {
  if (total === 0) return 0;
  const rank = Math.min(total, Math.max(1, Math.ceil(share * total)));
  let seen = 0;
  const values = [...histogram].sort((a, b) => a[0] - b[0]);
  for (const [value, count] of values) {
    seen += count;
    if (seen >= rank) return value;
  }
  return values.at(-1)?.[0] ?? 0;
}
