import { routingView } from '../core/conversation/routingView';
import { toolResultText } from '../core/conversation/toolResultText';
import type { Request } from '../core/conversation/types';
import type { RouterEngine } from '../core/engine/routerEngine';
import type { AttemptRecord, RecordSink, TaskRecord } from '../core/engine/taskRecord';
import type { Plan } from '../core/policy/planRoute';
import { isLocal, NO_USAGE, type Target } from '../core/providers/types';
import { PriceTable } from '../core/pricing/prices';
import { NO_ANTHROPIC_KEY } from '../core/providers/anthropicProvider';
import { baselineModelOf } from '../core/settings/ledgerSettings';
import type { RouterSettings } from '../core/settings/routerSettings';
import { COUNT_NOW } from '../core/tokens/tokenCounter';
import { NO_LOCAL_TARGET, type CloudOutcome, type FailedCloud, type GatewayEngine, type GatewayPlan, type LocalStart, type WireFacts } from './gatewayEngine';
import { gatewayPlanOf, isSmallModel } from './gatewayPlan';
import { PartQueue } from './partQueue';

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
  private readonly plans = new WeakMap<GatewayPlan, { plan: Plan; request: Request; local: readonly Target[] | undefined }>();
  private sequence = 0;

  constructor(private readonly options: EngineGatewayOptions) {}

  async plan(request: Request, wire: WireFacts): Promise<GatewayPlan> {
    const plan = await this.options.engine.plan(request);
    // The local stand-ins are looked up now only when they may answer first; else on Claude's failure.
    const cloudFirst = plan.chain[0]?.provider === 'anthropic' && !isSmallModel(wire.model);
    const local = cloudFirst ? undefined : await this.localTargets(request, plan);
    const gateway = gatewayPlanOf(plan, wire, local ?? 'unresolved');
    this.plans.set(gateway, { plan, request, local });
    return gateway;
  }

  /** The plan's local targets, else those the local rules would give the request (to stand in when Claude fails); none when local routing is paused. */
  private async localTargets(request: Request, plan: Plan): Promise<readonly Target[]> {
    const inChain = plan.chain.filter((target) => isLocal(target));
    if (inChain.length > 0) return inChain;
    return (await this.options.engine.plan({ ...request, hints: { ...request.hints, override: 'local' } })).chain.filter((target) => isLocal(target));
  }

  async runLocal(request: Request, plan: GatewayPlan, signal: AbortSignal, failedCloud?: FailedCloud): Promise<LocalStart> {
    const planned = this.plans.get(plan);
    // A missing key is a setting, not an outage: as in the editor, the chain moves on to its own next target, and no stand-in is looked up.
    const chain = planned === undefined ? [] : failedCloud?.outcome.missingKey === true ? planned.plan.chain.filter((target) => isLocal(target)) : (planned.local ?? (planned.local = await this.localTargets(planned.request, planned.plan)));
    if (planned === undefined || chain.length === 0) {
      // The engine never sees the request, so Claude's failure is its record.
      if (failedCloud !== undefined) await this.recordCloud(failedCloud.outcome);
      return { kind: 'failed', reason: planned === undefined ? 'the request was not planned by this gateway' : NO_LOCAL_TARGET };
    }
    const notes = [...plan.notes, ...(failedCloud === undefined ? [] : [`Answered locally because ${failedCloud.reason}.`])];
    // A draft that may still escalate to Claude is left for Claude's record to open with.
    const run = failedCloud === undefined ? { recordFailure: !plan.cloudAllowed } : { earlierAttempts: this.cloudAttempts(failedCloud.outcome) };
    return this.stream(request, { ...planned.plan, route: 'local', chain, notes }, signal, run);
  }

  async run(request: Request, plan: GatewayPlan, signal: AbortSignal): Promise<LocalStart> {
    const planned = this.plans.get(plan);
    if (planned === undefined) return { kind: 'failed', reason: 'the request was not planned by this gateway' };
    const cloud = plan.cloudAllowed ? planned.plan.chain.filter((target) => target.provider === 'anthropic') : [];
    // Without a key, Claude's attempt fails at once: as in runLocal, only the chain's own local targets follow it, no stand-in.
    const missingKey = cloud.length > 0 && ((await this.options.anthropicKey()) ?? '').trim() === '';
    const local = !plan.localAllowed ? [] : missingKey ? planned.plan.chain.filter((target) => isLocal(target)) : (planned.local ?? (planned.local = await this.localTargets(planned.request, planned.plan)));
    const chain = plan.first === 'local' ? [...local, ...cloud] : [...cloud, ...local];
    if (chain.length === 0) return { kind: 'failed', reason: 'no target can take it' };
    return this.stream(request, { ...planned.plan, route: plan.first, chain, notes: plan.notes }, signal);
  }

  /**
   * Runs the request through the engine with `first-part` commit: resolves once the first part
   * has passed the checks (the parts then follow as they come), or with the reason when no
   * target's answer did. A failure after that ends the parts with an error.
   */
  private stream(request: Request, plan: Plan, signal: AbortSignal, run: { earlierAttempts?: readonly AttemptRecord[]; recordFailure?: boolean } = {}): Promise<LocalStart> {
    return new Promise((resolve) => {
      const queue = new PartQueue();
      let model: string | undefined;
      let started = false;
      const running = this.options.engine.run(request, {
        plan,
        signal,
        commit: 'first-part',
        ...run,
        observer: {
          onAttempt: (target) => (model = target.model),
          onPart: (part) => {
            queue.push(part);
            if (started) return;
            started = true;
            resolve({ kind: 'started', model: model ?? plan.chain[0]?.model ?? 'local', parts: queue });
          },
        },
      });
      running.then(
        (result) => {
          const unwritten = run.recordFailure === false && result.record.outcome === 'failed';
          if (!started) resolve({ kind: 'failed', reason: result.record.failure ?? `no answer (${result.record.outcome})`, ...(unwritten ? { draft: result.record } : {}), ...missingKeyOf(result.record) });
          else if (result.streamError !== undefined || result.answer === undefined) queue.fail(result.streamError ?? result.record.failure ?? 'the answer failed');
          else queue.end();
        },
        (error: Error) => {
          if (!started) resolve({ kind: 'failed', reason: error.message });
          else queue.fail(error.message);
        },
      );
    });
  }

  anthropicKey(): Promise<string | undefined> {
    return this.options.anthropicKey().then((key) => {
      this.options.engine.scrubber.remember(key);
      return key;
    });
  }

  async recordCloud(outcome: CloudOutcome): Promise<void> {
    const claude = this.plans.get(outcome.plan)?.plan.chain.find((target) => target.provider === 'anthropic');
    if (outcome.outcome === 'answered' && claude !== undefined) this.options.engine.rememberAnswer(outcome.request, { ...claude, model: outcome.model }, outcome.escalatedFrom);
    const sink = this.options.sink;
    if (sink === undefined) return;
    await sink.write(this.options.engine.scrubber.scrubDeep(this.cloudRecord(outcome)));
  }

  async recordDraft(draft: TaskRecord): Promise<void> {
    await this.options.sink?.write(draft);
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

  /** Claude's tries as the ledger's attempts: each priced by what it consumed (the usage Claude reported is the last try's). */
  private cloudAttempts(outcome: CloudOutcome): AttemptRecord[] {
    if (outcome.missingKey === true) return [unsentAttempt(outcome, this.options.now?.() ?? Date.now())];
    const prices = new PriceTable(this.options.settings().ledger.pricing);
    const target = { provider: 'anthropic' as const, model: outcome.model };
    return outcome.tries.map((attempt, index) => {
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
  }

  private cloudRecord(outcome: CloudOutcome): TaskRecord {
    const settings = this.options.settings();
    const prices = new PriceTable(settings.ledger.pricing);
    const now = this.options.now?.() ?? Date.now();
    const earlier = outcome.earlierAttempts ?? [];
    const started = Math.min(outcome.tries[0]?.startedAt ?? now, ...earlier.map((attempt) => Date.parse(attempt.startedAt)));
    const attempts = [...earlier, ...this.cloudAttempts(outcome)];
    const answered = outcome.outcome === 'answered';
    const baselineModel = baselineModelOf(settings.ledger, settings.routing.cloudModel);
    const baseline = answered ? prices.baselineCost(baselineModel, outcome.plan.decision.promptTokens, outcome.usage.outputTokens, new Date(started).toISOString()) : undefined;
    const sent = outcome.missingKey === true ? `Not sent to Claude (${outcome.model}): ${NO_ANTHROPIC_KEY}.` : `Passed through to Claude unchanged (${outcome.model}).`;
    const notes = [...outcome.plan.notes, ...(outcome.escalatedFrom === undefined ? [] : [`Claude answered because ${outcome.escalatedFrom}.`]), sent];
    const view = routingView(outcome.request);
    const record: TaskRecord = {
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
      turns: view.turns,
      toolsOffered: view.toolsOffered,
      toolCalls: outcome.toolCalls,
    };
    return record;
  }
}

/** Whether a failed run's chain could not ask Claude for want of a key, and why its other target failed. */
function missingKeyOf(record: TaskRecord): { missingKey?: { otherFailure?: string } } {
  if (!record.attempts.some((attempt) => attempt.errorKind === 'no-api-key')) return {};
  const other = record.attempts.filter((attempt) => attempt.errorKind !== 'no-api-key' && attempt.outcome !== 'answered').at(-1)?.reason;
  return { missingKey: other === undefined ? {} : { otherFailure: other } };
}

/** The Claude attempt of a request that could not be sent (no key): no time, no tokens, no cost, and why. */
function unsentAttempt(outcome: CloudOutcome, at: number): AttemptRecord {
  return { targetId: outcome.plan.cloud.targetId, provider: 'anthropic', model: outcome.model, local: false, retry: 0, startedAt: new Date(at).toISOString(), latencyMs: 0, usage: NO_USAGE, costUsd: 0, outcome: 'error', errorKind: 'no-api-key', reason: NO_ANTHROPIC_KEY };
}

/** All the text a model would read: system, turns and tool schemas. */
export function conversationText(request: Request): string {
  const turns = request.turns.map((turn) => turn.parts.map((part) => (part.type === 'text' ? part.text : part.type === 'tool-result' ? toolResultText(part) : part.type === 'tool-call' ? `${part.name} ${JSON.stringify(part.input)}` : '')).join('\n'));
  return [request.system, ...turns, ...request.tools.map((tool) => JSON.stringify(tool))].join('\n');
}
