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

/** Everything but printable ASCII, and the characters with a role here: `%` escapes, `|` separates, `"` and `\` would need JSON escapes. */
const SPECIAL = /[^\x20\x21\x23\x24\x26-\x5b\x5d-\x7b\x7d\x7e]/g;

function field(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL, (character) => `%${character.charCodeAt(0).toString(16).padStart(4, '0')}`) : value;
}

function unfield(value: string): string {
  return value.includes('%') ? value.replace(/%([0-9a-f]{4})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16))) : value;
}

/**
 * The compact form written at the head of each ledger line: the facts as `|`-separated fields,
 * so that reading them is one split instead of a JSON parse. The result needs no JSON escaping.
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
  return fields.join('|');
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SEPARATOR = 124;

/** Reads `|`-separated fields in place: numbers without allocating, strings as slices. */
class FieldReader {
  /** Whether any field of this head is escaped; most heads have none, and then no field needs a look. */
  private readonly escaped: boolean;

  constructor(
    private readonly text: string,
    private position: number,
  ) {
    this.escaped = text.includes('%', position);
  }

  get done(): boolean {
    return this.position > this.text.length;
  }

  private end(): number {
    const tab = this.text.indexOf('|', this.position);
    return tab === -1 ? this.text.length : tab;
  }

  string(): string {
    const end = this.end();
    const value = this.text.slice(this.position, end);
    this.position = end + 1;
    return this.escaped ? unfield(value) : value;
  }

  /** NaN for an empty field. */
  number(): number {
    const text = this.text;
    let index = this.position;
    let code = text.charCodeAt(index);
    if (code === SEPARATOR || index >= text.length) {
      this.position = index + 1;
      return Number.NaN;
    }
    const negative = code === 45;
    if (negative) code = text.charCodeAt(++index);
    let value = 0;
    while (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      code = text.charCodeAt(++index);
    }
    if (code === 46) {
      // A decimal fraction (costs): digits after the point, read the same way.
      let fraction = 0;
      let scale = 1;
      code = text.charCodeAt(++index);
      while (code >= 48 && code <= 57 && scale < 1e15) {
        fraction = fraction * 10 + (code - 48);
        scale *= 10;
        code = text.charCodeAt(++index);
      }
      value += fraction / scale;
    }
    if (code !== SEPARATOR && index < text.length) {
      // An exponent or very long digits: rare enough to hand to the full parser.
      const end = this.end();
      const parsed = Number(text.slice(this.position, end));
      this.position = end + 1;
      return parsed;
    }
    this.position = index + 1;
    return negative ? -value : value;
  }

  /** The field's first character code, skipping the field. */
  initial(): number {
    const code = this.text.charCodeAt(this.position);
    this.position = this.end() + 1;
    return code;
  }
}

const ROUTE_BY_INITIAL: Record<number, Route> = { 108: 'local', 99: 'cloud' };

/** The facts from a head written by encodeFacts, starting at `offset`; undefined when it is damaged. */
export function decodeFacts(head: string, offset = 0): TaskFacts | undefined {
  const reader = new FieldReader(head, offset);
  const at = reader.number();
  if (!Number.isFinite(at)) return undefined;
  const id = reader.string();
  const category = reader.string();
  const decided = ROUTE_BY_INITIAL[reader.initial()];
  const route = ROUTE_BY_INITIAL[reader.initial()];
  const withinLimit = ROUTE_BY_INITIAL[reader.initial()];
  const overridden = reader.number() === 1;
  const outcome = reader.string() as TaskOutcome;
  const promptTokens = reader.number();
  const answerTokens = reader.number();
  const costUsd = reader.number();
  const baselineCostUsd = reader.number();
  const baselineModel = reader.string();
  const finalTargetId = reader.string();
  const finalModel = reader.string();
  const finalLocal = reader.number() === 1;
  if (decided === undefined || route === undefined || reader.done) return undefined;
  const attempts: AttemptFacts[] = [];
  while (!reader.done) {
    const attempt: Mutable<AttemptFacts> = {
      targetId: reader.string(),
      model: reader.string(),
      local: reader.number() === 1,
      latencyMs: reader.number(),
      outcome: reader.string() as AttemptOutcome,
      inputTokens: 0,
      outputTokens: 0,
    };
    const why = reader.string();
    attempt.inputTokens = reader.number();
    attempt.outputTokens = reader.number();
    const cost = reader.number();
    if (why !== '') attempt.why = why;
    if (!Number.isNaN(cost)) attempt.costUsd = cost;
    if (Number.isNaN(attempt.latencyMs) || Number.isNaN(attempt.outputTokens)) return undefined;
    attempts.push(attempt);
  }
  const facts: Mutable<TaskFacts> = { at, id, category, decided, route, overridden, outcome, promptTokens, costUsd, attempts };
  if (withinLimit !== undefined) facts.routeWithinLimit = withinLimit;
  if (!Number.isNaN(answerTokens)) facts.answerTokens = answerTokens;
  if (!Number.isNaN(baselineCostUsd)) facts.baselineCostUsd = baselineCostUsd;
  if (baselineModel !== '') facts.baselineModel = baselineModel;
  if (finalTargetId !== '') facts.final = { targetId: finalTargetId, model: finalModel, local: finalLocal };
  return facts;
}
