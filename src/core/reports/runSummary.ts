import type { EditorOutcome } from '../ledger/ledger';
import type { TaskFacts } from '../ledger/taskFacts';
import { addTask, emptySums, figuresOf, relabelTask, spentAtUnknownPrice, wasSent, type Figures } from './figures';
import { countLatency, emptyHistogram, latencyAt, type LatencyHistogram } from './latencyHistogram';
import { addTraffic, emptyTraffic, relabelTraffic, trafficOf, type Traffic } from './traffic';

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
  /** What its priced requests cost. */
  readonly costUsd: number;
  /** Requests that consumed tokens at no known price (a remote target without one): their cost is not in costUsd. */
  readonly costUnknownRequests: number;
  readonly medianLatencyMs: number;
  readonly p95LatencyMs: number;
}

/** The shared figures of a run of tasks (a batch, a day, a month), with a row per target. */
export interface RunSummary extends Figures {
  readonly targets: readonly TargetSummary[];
  /** Where the tasks came from: per surface, and per client where the caller is known. */
  readonly traffic: Traffic;
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
  costUnknownRequests: number;
}

/** The shared figures, and per-target requests, tokens, cost and latency, added up one task at a time. */
export class RunTally {
  private readonly byTarget = new Map<string, TargetTally>();
  private readonly sums = emptySums();
  private readonly traffic = emptyTraffic();

  /** Adds a task, with the user's latest outcome for it when there is one. Its baseline is the one recorded with it. */
  add(record: TaskFacts, outcome?: EditorOutcome): void {
    addTask(this.sums, record, outcome, record.baselineCostUsd);
    addTraffic(this.traffic, record, outcome, record.baselineCostUsd);
    for (const attempt of record.attempts) {
      if (!wasSent(attempt)) continue;
      let entry = this.byTarget.get(attempt.targetId);
      if (entry === undefined) {
        entry = { model: attempt.model, local: attempt.local, latencies: emptyHistogram(), requests: 0, answered: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, costUnknownRequests: 0 };
        this.byTarget.set(attempt.targetId, entry);
      }
      entry.requests++;
      if (attempt.outcome === 'answered') entry.answered++;
      countLatency(entry.latencies, attempt.latencyMs);
      entry.inputTokens += attempt.inputTokens;
      entry.outputTokens += attempt.outputTokens;
      entry.costUsd += attempt.costUsd ?? 0;
      if (spentAtUnknownPrice(attempt.costUsd, attempt.inputTokens + attempt.outputTokens)) entry.costUnknownRequests++;
    }
  }

  /** The user's outcome for an answered task added before it arrived. */
  relabel(task: Pick<TaskFacts, 'surface' | 'client'>, baselineUsd: number | undefined, before: EditorOutcome | undefined, after: EditorOutcome): void {
    relabelTask(this.sums, baselineUsd, before, after);
    relabelTraffic(this.traffic, task, baselineUsd, before, after);
  }

  summary(): RunSummary {
    return {
      ...figuresOf(this.sums),
      targets: [...this.byTarget.entries()].map(([targetId, entry]) => ({
        targetId,
        model: entry.model,
        local: entry.local,
        requests: entry.requests,
        answered: entry.answered,
        inputTokens: entry.inputTokens,
        outputTokens: entry.outputTokens,
        costUsd: entry.costUsd,
        costUnknownRequests: entry.costUnknownRequests,
        medianLatencyMs: latencyAt(entry.latencies, entry.requests, 0.5),
        p95LatencyMs: latencyAt(entry.latencies, entry.requests, 0.95),
      })),
      traffic: trafficOf(this.traffic),
    };
  }
}

/** The summary of a set of tasks (a batch run). */
export function summarise(records: readonly TaskFacts[]): RunSummary {
  const tally = new RunTally();
  for (const record of records) tally.add(record);
  return tally.summary();
}
