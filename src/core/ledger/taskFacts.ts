import { surfaceOfClient } from '../conversation/surfaceOfClient';
import type { Surface } from '../conversation/types';
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
  /** Where the request came from; for a record without one (written before surfaces were recorded), read from its client, else the editor. */
  readonly surface: Surface;
  /** Who called, when the surface knew (another extension's id, an agent such as `claude-code`). */
  readonly client?: string;
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
    surface: record.surface ?? surfaceOfClient(record.client),
    ...(record.client === undefined ? {} : { client: record.client }),
  };
}

/** "timeout", "rate-limited", "gate: the JSON does not parse" */
function shortReason(errorKind: string | undefined, outcome: AttemptOutcome, reason: string | undefined): string {
  if (errorKind !== undefined) return errorKind;
  if (outcome === 'gate-failed' && reason !== undefined) return `gate: ${reason.split(/[;(:]/)[0].trim().slice(0, 60)}`;
  return outcome;
}

/** Everything but printable ASCII, and the characters with a role here: `%` escapes, `|` separates, `"` and `\` would need JSON escapes. */
const SPECIAL = /[^\x20\x21\x23\x24\x26-\x5b\x5d-\x7b\x7d\x7e]/g;

function field(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL, (character) => `%${character.charCodeAt(0).toString(16).padStart(4, '0')}`) : value;
}

/**
 * Opens the fields that follow the attempts: surface, then client. No escaped field can read
 * `%s` (field() writes `%` only before four hex digits), so neither can an attempt's first field,
 * and a head written before these fields existed ends with its last attempt.
 */
export const TRAFFIC_MARK = '%s';

/**
 * The compact form written at the head of each ledger line: the facts as `|`-separated fields,
 * so that reading them is one split instead of a JSON parse. The result needs no JSON escaping.
 * Fields added later go after the last one here, so that a reader that does not know them stops
 * before them.
 */
export function encodeFacts(facts: TaskFacts): string {
  const fields: (string | number)[] = [
    facts.at,
    field(facts.id),
    field(facts.category),
    facts.decided,
    facts.route,
    facts.routeWithinLimit ?? '',
    facts.overridden ? 1 : 0,
    facts.outcome,
    facts.promptTokens,
    facts.answerTokens ?? '',
    facts.costUsd,
    facts.baselineCostUsd ?? '',
    field(facts.baselineModel ?? ''),
    field(facts.final?.targetId ?? ''),
    field(facts.final?.model ?? ''),
    facts.final?.local === true ? 1 : 0,
  ];
  for (const attempt of facts.attempts) {
    fields.push(field(attempt.targetId), field(attempt.model), attempt.local ? 1 : 0, attempt.latencyMs, attempt.outcome, field(attempt.why ?? ''), attempt.inputTokens, attempt.outputTokens, attempt.costUsd ?? '');
  }
  fields.push(TRAFFIC_MARK, field(facts.surface), field(facts.client ?? ''));
  return fields.join('|');
}
