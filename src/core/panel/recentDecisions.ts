import type { TaskRecord } from '../engine/taskRecord';
import { chainMoves } from '../reports/figures';
import type { RecentDecision } from './panelMessages';

/** A row of the panel's recent decisions; it says "fell back" exactly when the report counts the task as fallen back. */
export function recentDecision(record: TaskRecord): RecentDecision {
  const [setback] = chainMoves(record.attempts);
  return {
    at: record.startedAt,
    category: record.decision.category,
    route: record.route,
    outcome: record.outcome,
    ...(record.final === undefined ? {} : { model: record.final.model, local: record.final.local }),
    latencyMs: record.latencyMs,
    costUsd: record.costUsd,
    reasons: record.decision.reasons.slice(0, 3),
    ...(setback === undefined ? {} : { fallback: `${setback.model}: ${setback.reason ?? setback.outcome}` }),
    ...(record.failure === undefined ? {} : { failure: record.failure }),
  };
}
