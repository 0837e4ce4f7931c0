import type { EditorOutcome } from '../ledger/ledger';
import type { TaskFacts } from '../ledger/taskFacts';
import { addTask, emptySums, figuresOf, relabelTask, wasSent, type Figures } from './figures';
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

/** The shared figures of a run of tasks (a batch, a day, a month), with a row per target. */
export interface RunSummary extends Figures {
  readonly targets: readonly TargetSummary[];
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

/** The shared figures, and per-target requests, tokens, cost and latency, added up one task at a time. */
export class RunTally {
  private readonly byTarget = new Map<string, TargetTally>();
  private readonly sums = emptySums();

  /** Adds a task, with the user's latest outcome for it when there is one. Its baseline is the one recorded with it. */
  add(record: TaskFacts, outcome?: EditorOutcome): void {
    addTask(this.sums, record, outcome, record.baselineCostUsd);
    for (const attempt of record.attempts) {
      if (!wasSent(attempt)) continue;
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

  /** The user's outcome for an answered task added before it arrived. */
  relabel(baselineUsd: number | undefined, before: EditorOutcome | undefined, after: EditorOutcome): void {
    relabelTask(this.sums, baselineUsd, before, after);
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
        medianLatencyMs: latencyAt(entry.latencies, entry.requests, 0.5),
        p95LatencyMs: latencyAt(entry.latencies, entry.requests, 0.95),
      })),
    };
  }
}

/** The summary of a set of tasks (a batch run). */
export function summarise(records: readonly TaskFacts[]): RunSummary {
  const tally = new RunTally();
  for (const record of records) tally.add(record);
  return tally.summary();
}
