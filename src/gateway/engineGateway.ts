import type { StreamPart } from '../core/conversation/streamParts';
import type { Request } from '../core/conversation/types';
import type { RouterEngine } from '../core/engine/routerEngine';
import type { AttemptRecord, RecordSink, TaskRecord } from '../core/engine/taskRecord';
import type { Plan } from '../core/policy/planRoute';
import { isLocal, NO_USAGE, type Target } from '../core/providers/types';
import { PriceTable } from '../core/pricing/prices';
import { baselineModelOf } from '../core/settings/ledgerSettings';
import type { RouterSettings } from '../core/settings/routerSettings';
import type { Task } from '../core/task';
import { COUNT_NOW } from '../core/tokens/tokenCounter';
import type { CloudOutcome, GatewayEngine, GatewayPlan, LocalStart, WireFacts } from './gatewayEngine';
import { gatewayPlanOf } from './gatewayPlan';

export interface EngineGatewayOptions {
  readonly engine: RouterEngine;
  readonly settings: () => RouterSettings;
  readonly anthropicKey: () => Promise<string | undefined>;
  /** Where the records of requests Claude answered go (the engine records local answers itself, into the same sink). */
  readonly sink?: RecordSink;
  readonly now?: () => number;
}

/** The gateway on the router's engine: its planning, its local targets and checks, its ledger. */
export class EngineGateway implements GatewayEngine {
  private readonly plans = new WeakMap<GatewayPlan, { plan: Plan; task: Task; local: readonly Target[] }>();
  private sequence = 0;

  constructor(private readonly options: EngineGatewayOptions) {}

  async plan(request: Request, wire: WireFacts): Promise<GatewayPlan> {
    const task = routingTask(request);
    const plan = await this.options.engine.plan(task);
    const local = await this.localTargets(task, plan);
    const gateway = gatewayPlanOf(plan, wire, local);
    this.plans.set(gateway, { plan, task, local });
    return gateway;
  }

  /** The plan's local targets, else those the local rules would give it (to stand in when Claude fails); none when local routing is paused. */
  private async localTargets(task: Task, plan: Plan): Promise<readonly Target[]> {
    const inChain = plan.chain.filter((target) => isLocal(target));
    if (inChain.length > 0) return inChain;
    return (await this.options.engine.plan({ ...task, override: 'local' })).chain.filter((target) => isLocal(target));
  }

  async runLocal(_request: Request, plan: GatewayPlan, signal: AbortSignal, escalatedFrom?: string): Promise<LocalStart> {
    const planned = this.plans.get(plan);
    if (planned === undefined) return { kind: 'failed', reason: 'the request was not planned by this gateway' };
    const chain = planned.local;
    if (chain.length === 0) return { kind: 'failed', reason: 'no local target is configured for it' };
    const notes = [...plan.notes, ...(escalatedFrom === undefined ? [] : [`Answered locally because ${escalatedFrom}.`])];
    return this.runChain(planned.task, { ...planned.plan, route: 'local', chain, notes }, signal);
  }

  async run(_request: Request, plan: GatewayPlan, signal: AbortSignal): Promise<LocalStart> {
    const planned = this.plans.get(plan);
    if (planned === undefined) return { kind: 'failed', reason: 'the request was not planned by this gateway' };
    const cloud = plan.cloudAllowed ? planned.plan.chain.filter((target) => target.provider === 'anthropic') : [];
    const local = plan.localAllowed ? planned.local : [];
    const chain = plan.first === 'local' ? [...local, ...cloud] : [...cloud, ...local];
    if (chain.length === 0) return { kind: 'failed', reason: 'no target can take it' };
    return this.runChain(planned.task, { ...planned.plan, route: plan.first, chain, notes: plan.notes }, signal);
  }

  private async runChain(task: Task, plan: Plan, signal: AbortSignal): Promise<LocalStart> {
    const result = await this.options.engine.run(task, { plan, signal, answerKind: 'answer' });
    const answer = result.answer;
    if (answer === undefined) return { kind: 'failed', reason: result.record.failure ?? result.record.outcome };
    const usage = result.record.attempts.at(-1)?.usage ?? NO_USAGE;
    const parts: StreamPart[] = [
      { type: 'text-delta', text: answer.text },
      { type: 'finish', usage, reason: { unified: 'stop', raw: 'stop' } },
    ];
    return { kind: 'started', model: answer.target.model, parts: iterate(parts) };
  }

  anthropicKey(): Promise<string | undefined> {
    return this.options.anthropicKey().then((key) => {
      this.options.engine.scrubber.remember(key);
      return key;
    });
  }

  async recordCloud(outcome: CloudOutcome): Promise<void> {
    const sink = this.options.sink;
    if (sink === undefined) return;
    await sink.write(this.options.engine.scrubber.scrubDeep(this.cloudRecord(outcome)));
  }

  countTokens(request: Request): number {
    return COUNT_NOW.count(conversationText(request));
  }

  models(): readonly { id: string; local: boolean }[] {
    const settings = this.options.settings();
    const seen = new Map<string, boolean>();
    for (const target of Object.values(settings.routing.targets)) if (!seen.has(target.model)) seen.set(target.model, target.provider !== 'anthropic');
    for (const model of ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5']) if (!seen.has(model)) seen.set(model, false);
    return [...seen].map(([id, local]) => ({ id, local }));
  }

  private cloudRecord(outcome: CloudOutcome): TaskRecord {
    const settings = this.options.settings();
    const prices = new PriceTable(settings.ledger.pricing);
    const now = this.options.now?.() ?? Date.now();
    const started = outcome.tries[0]?.startedAt ?? now;
    const target = { provider: 'anthropic' as const, model: outcome.model };
    const attempts: AttemptRecord[] = outcome.tries.map((attempt, index) => {
      const last = index === outcome.tries.length - 1;
      const usage = last ? outcome.usage : NO_USAGE;
      const cost = prices.costOf(target, usage, new Date(attempt.startedAt).toISOString());
      return {
        targetId: outcome.plan.cloud.targetId,
        provider: 'anthropic',
        model: outcome.model,
        local: false,
        retry: attempt.retry,
        startedAt: new Date(attempt.startedAt).toISOString(),
        latencyMs: attempt.latencyMs,
        ...(attempt.timeToFirstByteMs === undefined ? {} : { timeToFirstTokenMs: attempt.timeToFirstByteMs }),
        usage,
        ...(cost === undefined ? {} : { costUsd: cost }),
        outcome: attempt.failure === undefined ? 'answered' : last && outcome.outcome === 'cancelled' ? 'cancelled' : 'error',
        ...(attempt.failure === undefined ? {} : { reason: attempt.failure }),
      };
    });
    const answered = outcome.outcome === 'answered';
    const baselineModel = baselineModelOf(settings.ledger, settings.routing.cloudModel);
    const baseline = answered ? prices.baselineCost(baselineModel, outcome.plan.decision.promptTokens, outcome.usage.outputTokens, new Date(started).toISOString()) : undefined;
    const notes = [...outcome.plan.notes, ...(outcome.escalatedFrom === undefined ? [] : [`Claude answered because ${outcome.escalatedFrom}.`]), `Passed through to Claude unchanged (${outcome.model}).`];
    const record: TaskRecord & { surface: 'gateway'; client?: string } = {
      id: `gw-${started.toString(36)}-${(this.sequence++).toString(36)}`,
      startedAt: new Date(started).toISOString(),
      decision: outcome.plan.decision,
      route: 'cloud',
      notes,
      attempts,
      outcome: answered ? 'answered' : outcome.outcome === 'cancelled' ? 'cancelled' : 'failed',
      ...(answered ? { final: { targetId: outcome.plan.cloud.targetId, provider: 'anthropic' as const, model: outcome.model, local: false } } : {}),
      ...(outcome.failure === undefined ? {} : { failure: outcome.failure }),
      latencyMs: now - started,
      costUsd: attempts.reduce((sum, attempt) => sum + (attempt.costUsd ?? 0), 0),
      ...(baseline === undefined ? {} : { baselineCostUsd: baseline, baselineModel }),
      answerTokens: outcome.usage.outputTokens,
      ...(outcome.plan.budget === undefined ? {} : { budget: outcome.plan.budget }),
      surface: 'gateway',
      ...(outcome.request.hints.client === undefined ? {} : { client: outcome.request.hints.client }),
    };
    return record;
  }
}

function iterate(parts: readonly StreamPart[]): AsyncIterable<StreamPart> {
  return {
    [Symbol.asyncIterator]: () => {
      let index = 0;
      return { next: () => Promise.resolve(index < parts.length ? { done: false, value: parts[index++] } : { done: true, value: undefined }) };
    },
  };
}

/** All the text a model would read: system, turns and tool schemas. */
export function conversationText(request: Request): string {
  const turns = request.turns.map((turn) => turn.parts.map((part) => (part.type === 'text' ? part.text : part.type === 'tool-result' ? part.content : part.type === 'tool-call' ? `${part.name} ${JSON.stringify(part.input)}` : '')).join('\n'));
  return [request.system, ...turns, ...request.tools.map((tool) => JSON.stringify(tool))].join('\n');
}

/** What the classifier reads of a conversation: the latest user text as the instruction, its tool results as the code. */
export function routingTask(request: Request): Task {
  const latest = [...request.turns].reverse().find((turn) => turn.role === 'user' && turn.parts.some((part) => part.type === 'text'));
  const instruction = latest?.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n') ?? '';
  const last = request.turns.at(-1);
  const code = last?.role === 'user' ? last.parts.flatMap((part) => (part.type === 'tool-result' ? [part.content] : [])).join('\n\n') : '';
  return { instruction, code, ...(request.hints.override === undefined ? {} : { override: request.hints.override }), ...(request.hints.paths?.[0] === undefined ? {} : { path: request.hints.paths[0], paths: request.hints.paths.slice(1) }) };
}
