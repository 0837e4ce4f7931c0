/**
 * Median wall time of one call of `body` in microseconds: `iterations` samples, each timing a
 * batch of `batch` calls (so microsecond bodies are not lost in timer noise), after a warm-up.
 */
export function medianMicros(body: () => unknown, iterations: number, batch = 1): number {
  for (let index = 0; index < Math.ceil(iterations / 5) * batch; index++) body();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const start = process.hrtime.bigint();
    for (let call = 0; call < batch; call++) body();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  return median(samples);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
