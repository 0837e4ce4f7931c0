import type { TaskFacts } from '../ledger/taskFacts';

export interface TargetSummary {
  readonly targetId: string;
  readonly model: string;
  readonly local: boolean;
  /** Requests sent, retries and failed attempts included. */
  readonly requests: number;
  /** Tasks this target answered. */
  readonly answered: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly medianLatencyMs: number;
  readonly p95LatencyMs: number;
}

export interface RunSummary {
  readonly tasks: number;
  readonly answered: number;
  readonly failed: number;
  readonly refused: number;
  readonly cancelled: number;
  readonly answeredLocally: number;
  readonly targets: readonly TargetSummary[];
  readonly costUsd: number;
  /** What the answered tasks would have cost sent straight to the cloud model. */
  readonly baselineCostUsd: number;
  readonly savedUsd: number;
  /** savedUsd as a share of the baseline, 0–1 (0 when there is no baseline). */
  readonly savedShare: number;
}

/** Per-target requests, tokens, cost and latency, and the savings against all-cloud, over a set of tasks. */
export function summarise(records: readonly TaskFacts[]): RunSummary {
  const byTarget = new Map<string, { model: string; local: boolean; latencies: number[]; requests: number; answered: number; inputTokens: number; outputTokens: number; costUsd: number }>();
  for (const record of records) {
    for (const attempt of record.attempts) {
      let entry = byTarget.get(attempt.targetId);
      if (entry === undefined) {
        entry = { model: attempt.model, local: attempt.local, latencies: [], requests: 0, answered: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
        byTarget.set(attempt.targetId, entry);
      }
      entry.requests++;
      if (attempt.outcome === 'answered') entry.answered++;
      entry.latencies.push(attempt.latencyMs);
      entry.inputTokens += attempt.inputTokens;
      entry.outputTokens += attempt.outputTokens;
      entry.costUsd += attempt.costUsd ?? 0;
    }
  }
  const count = (outcome: TaskFacts['outcome']) => records.filter((record) => record.outcome === outcome).length;
  const costUsd = records.reduce((sum, record) => sum + record.costUsd, 0);
  const baselineCostUsd = records.reduce((sum, record) => sum + (record.baselineCostUsd ?? 0), 0);
  // Savings count only answered tasks, whose baseline is known; money spent on failed tasks is still a cost.
  const answeredCost = records.filter((record) => record.baselineCostUsd !== undefined).reduce((sum, record) => sum + record.costUsd, 0);
  const savedUsd = baselineCostUsd - answeredCost;
  return {
    tasks: records.length,
    answered: count('answered'),
    failed: count('failed'),
    refused: count('refused'),
    cancelled: count('cancelled'),
    answeredLocally: records.filter((record) => record.final?.local === true).length,
    targets: [...byTarget.entries()].map(([targetId, entry]) => ({
      targetId,
      model: entry.model,
      local: entry.local,
      requests: entry.requests,
      answered: entry.answered,
      inputTokens: entry.inputTokens,
      outputTokens: entry.outputTokens,
      costUsd: entry.costUsd,
      medianLatencyMs: percentile(entry.latencies, 0.5),
      p95LatencyMs: percentile(entry.latencies, 0.95),
    })),
    costUsd,
    baselineCostUsd,
    savedUsd,
    savedShare: baselineCostUsd > 0 ? savedUsd / baselineCostUsd : 0,
  };
}

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}
