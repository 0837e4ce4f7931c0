/**
 * Median wall times of one call of `first` and of `second` in microseconds: `iterations` samples
 * of each, taken in turn (so a slow moment of the machine falls on both rather than on one),
 * each timing a batch of `batch` calls (so microsecond bodies are not lost in timer noise),
 * after a warm-up.
 */
export function pairedMedianMicros(first: () => unknown, second: () => unknown, iterations: number, batch = 1): { first: number; second: number } {
  for (let index = 0; index < Math.ceil(iterations / 5) * batch; index++) {
    first();
    second();
  }
  const sample = (body: () => unknown) => {
    const start = process.hrtime.bigint();
    for (let call = 0; call < batch; call++) body();
    return Number(process.hrtime.bigint() - start) / 1000 / batch;
  };
  const firsts: number[] = [];
  const seconds: number[] = [];
  for (let index = 0; index < iterations; index++) {
    firsts.push(sample(first));
    seconds.push(sample(second));
  }
  return { first: median(firsts), second: median(seconds) };
}

/**
 * Median times in milliseconds of two asynchronous measures, each call returning its own time:
 * taken in turn after `warmUp` rounds, so a slow moment of the machine falls on both.
 */
export async function pairedMedianMs(first: () => Promise<number>, second: () => Promise<number>, iterations: number, warmUp = 10): Promise<{ first: number; second: number }> {
  for (let index = 0; index < warmUp; index++) {
    await first();
    await second();
  }
  const firsts: number[] = [];
  const seconds: number[] = [];
  for (let index = 0; index < iterations; index++) {
    firsts.push(await first());
    seconds.push(await second());
  }
  return { first: median(firsts), second: median(seconds) };
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
