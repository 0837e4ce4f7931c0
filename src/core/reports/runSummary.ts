import type { TaskFacts } from '../ledger/taskFacts';
import { countLatency, latencyAt, type LatencyHistogram } from './latencyHistogram';

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

interface TargetTally {
  model: string;
  local: boolean;
  latencies: LatencyHistogram;
  requests: number;
  answered: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Per-target requests, tokens, cost and latency, and the savings against all-cloud, added up one task at a time. */
export class RunTally {
  private readonly byTarget = new Map<string, TargetTally>();
  private readonly counts: Record<TaskFacts['outcome'], number> = { answered: 0, failed: 0, refused: 0, cancelled: 0, 'editor-action': 0 };
  private tasks = 0;
  private answeredLocally = 0;
  private costUsd = 0;
  private baselineCostUsd = 0;
  /** What the tasks with a baseline cost: savings count only answered tasks; money spent on failed ones is still a cost. */
  private costOfBaselined = 0;

  add(record: TaskFacts): void {
    this.tasks++;
    this.counts[record.outcome]++;
    if (record.final?.local === true) this.answeredLocally++;
    this.costUsd += record.costUsd;
    if (record.baselineCostUsd !== undefined) {
      this.baselineCostUsd += record.baselineCostUsd;
      this.costOfBaselined += record.costUsd;
    }
    for (const attempt of record.attempts) {
      let entry = this.byTarget.get(attempt.targetId);
      if (entry === undefined) {
        entry = { model: attempt.model, local: attempt.local, latencies: new Map(), requests: 0, answered: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
        this.byTarget.set(attempt.targetId, entry);
      }
      entry.requests++;
      if (attempt.outcome === 'answered') entry.answered++;
      countLatency(entry.latencies, attempt.latencyMs);
      entry.inputTokens += attempt.inputTokens;
      entry.outputTokens += attempt.outputTokens;
      entry.costUsd += attempt.costUsd ?? 0;
    }
  }

  summary(): RunSummary {
    const savedUsd = this.baselineCostUsd - this.costOfBaselined;
    return {
      tasks: this.tasks,
      answered: this.counts.answered,
      failed: this.counts.failed,
      refused: this.counts.refused,
      cancelled: this.counts.cancelled,
      answeredLocally: this.answeredLocally,
      targets: [...this.byTarget.entries()].map(([targetId, entry]) => ({
        targetId,
        model: entry.model,
        local: entry.local,
        requests: entry.requests,
        answered: entry.answered,
        inputTokens: entry.inputTokens,
        outputTokens: entry.outputTokens,
        costUsd: entry.costUsd,
        medianLatencyMs: latencyAt(entry.latencies, entry.requests, 0.5),
        p95LatencyMs: latencyAt(entry.latencies, entry.requests, 0.95),
      })),
      costUsd: this.costUsd,
      baselineCostUsd: this.baselineCostUsd,
      savedUsd,
      savedShare: this.baselineCostUsd > 0 ? savedUsd / this.baselineCostUsd : 0,
    };
  }
}

/** The summary of a set of tasks (a batch run). */
export function summarise(records: readonly TaskFacts[]): RunSummary {
  const tally = new RunTally();
  for (const record of records) tally.add(record);
  return tally.summary();
}
