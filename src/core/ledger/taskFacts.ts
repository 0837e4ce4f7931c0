import type { AttemptOutcome, TaskOutcome, TaskRecord } from '../engine/taskRecord';
import type { Route } from '../task';

/** What reports need of one attempt. */
export interface AttemptFacts {
  readonly targetId: string;
  readonly model: string;
  readonly local: boolean;
  readonly latencyMs: number;
  readonly outcome: AttemptOutcome;
  /** Why the chain moved on, as a short label: the error kind, or the failed gate's complaint. */
  readonly why?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd?: number;
}

/** What reports need of one task record: the head of its ledger line, read without the rest. */
export interface TaskFacts {
  readonly at: number;
  readonly id: string;
  readonly category: string;
  /** The classifier's route. */
  readonly decided: Route;
  /** The route taken after privacy, budget and the cloud switch. */
  readonly route: Route;
  readonly routeWithinLimit?: Route;
  readonly overridden: boolean;
  readonly outcome: TaskOutcome;
  readonly promptTokens: number;
  readonly answerTokens?: number;
  readonly costUsd: number;
  readonly baselineCostUsd?: number;
  readonly baselineModel?: string;
  readonly final?: { readonly targetId: string; readonly model: string; readonly local: boolean };
  readonly attempts: readonly AttemptFacts[];
}

export function factsOf(record: TaskRecord): TaskFacts {
  return {
    at: Date.parse(record.startedAt),
    id: record.id,
    category: record.decision.category,
    decided: record.decision.route,
    route: record.route,
    ...(record.decision.routeWithinLimit === undefined ? {} : { routeWithinLimit: record.decision.routeWithinLimit }),
    overridden: record.decision.overriddenBy !== undefined,
    outcome: record.outcome,
    promptTokens: record.decision.promptTokens,
    ...(record.answerTokens === undefined ? {} : { answerTokens: record.answerTokens }),
    costUsd: record.costUsd,
    ...(record.baselineCostUsd === undefined ? {} : { baselineCostUsd: record.baselineCostUsd }),
    ...(record.baselineModel === undefined ? {} : { baselineModel: record.baselineModel }),
    ...(record.final === undefined ? {} : { final: { targetId: record.final.targetId, model: record.final.model, local: record.final.local } }),
    attempts: record.attempts.map((attempt) => ({
      targetId: attempt.targetId,
      model: attempt.model,
      local: attempt.local,
      latencyMs: attempt.latencyMs,
      outcome: attempt.outcome,
      ...(attempt.outcome === 'answered' ? {} : { why: shortReason(attempt.errorKind, attempt.outcome, attempt.reason) }),
      inputTokens: attempt.usage.inputTokens + attempt.usage.cacheReadTokens + attempt.usage.cacheWriteTokens,
      outputTokens: attempt.usage.outputTokens,
      ...(attempt.costUsd === undefined ? {} : { costUsd: attempt.costUsd }),
    })),
  };
}

/** "timeout", "rate-limited", "gate: the JSON does not parse" */
function shortReason(errorKind: string | undefined, outcome: AttemptOutcome, reason: string | undefined): string {
  if (errorKind !== undefined) return errorKind;
  if (outcome === 'gate-failed' && reason !== undefined) return `gate: ${reason.split(/[;(:]/)[0].trim().slice(0, 60)}`;
  return outcome;
}

type Encoded = [
  at: number,
  id: string,
  category: string,
  decided: Route,
  route: Route,
  routeWithinLimit: Route | 0,
  overridden: 0 | 1,
  outcome: TaskOutcome,
  promptTokens: number,
  answerTokens: number,
  costUsd: number,
  baselineCostUsd: number,
  baselineModel: string,
  final: [string, string, 0 | 1] | 0,
  attempts: [string, string, 0 | 1, number, AttemptOutcome, string, number, number, number][],
];

/** The compact array form written at the head of each ledger line. */
export function encodeFacts(facts: TaskFacts): Encoded {
  return [
    facts.at,
    facts.id,
    facts.category,
    facts.decided,
    facts.route,
    facts.routeWithinLimit ?? 0,
    facts.overridden ? 1 : 0,
    facts.outcome,
    facts.promptTokens,
    facts.answerTokens ?? -1,
    facts.costUsd,
    facts.baselineCostUsd ?? -1,
    facts.baselineModel ?? '',
    facts.final === undefined ? 0 : [facts.final.targetId, facts.final.model, facts.final.local ? 1 : 0],
    facts.attempts.map((attempt) => [attempt.targetId, attempt.model, attempt.local ? 1 : 0, attempt.latencyMs, attempt.outcome, attempt.why ?? '', attempt.inputTokens, attempt.outputTokens, attempt.costUsd ?? -1]),
  ];
}

export function decodeFacts(value: unknown): TaskFacts | undefined {
  if (!Array.isArray(value) || value.length < 15 || !Array.isArray(value[14])) return undefined;
  const [at, id, category, decided, route, withinLimit, overridden, outcome, promptTokens, answerTokens, costUsd, baseline, baselineModel, final, attempts] = value as Encoded;
  if (typeof at !== 'number' || typeof id !== 'string' || typeof category !== 'string') return undefined;
  return {
    at,
    id,
    category,
    decided,
    route,
    ...(withinLimit === 0 ? {} : { routeWithinLimit: withinLimit }),
    overridden: overridden === 1,
    outcome,
    promptTokens,
    ...(answerTokens === -1 ? {} : { answerTokens }),
    costUsd,
    ...(baseline === -1 ? {} : { baselineCostUsd: baseline }),
    ...(baselineModel === '' ? {} : { baselineModel }),
    ...(final === 0 ? {} : { final: { targetId: final[0], model: final[1], local: final[2] === 1 } }),
    attempts: attempts.map(([targetId, model, local, latencyMs, attemptOutcome, why, inputTokens, outputTokens, cost]) => ({
      targetId,
      model,
      local: local === 1,
      latencyMs,
      outcome: attemptOutcome,
      ...(why === '' ? {} : { why }),
      inputTokens,
      outputTokens,
      ...(cost === -1 ? {} : { costUsd: cost }),
    })),
  };
}
