import { STANDARD_GATES, type QualityGate } from '../gates/gates';
import { AnthropicProvider, type ApiKeySource } from '../providers/anthropicProvider';
import { OllamaHostPool } from '../providers/ollamaHostPool';
import { OllamaProvider } from '../providers/ollamaProvider';
import { OpenAiCompatibleProvider } from '../providers/openaiCompatibleProvider';
import { isLocal, type ModelProvider, type ProviderKind } from '../providers/types';
import type { RouterSettings } from '../settings/routerSettings';
import { COUNT_NOW, loadTokenCounter } from '../tokens/tokenCounter';
import { planningCounter } from './promptSize';
import type { SpendSource } from '../policy/budget';
import type { Plan } from '../policy/planRoute';
import { resolveTarget } from '../policy/policy';
import { resolveOllamaHost } from '../ollama/ollamaHost';
import { baselineModelOf } from '../settings/ledgerSettings';
import { policyFrom } from '../settings/policySettings';
import { PriceTable } from '../pricing/prices';
import type { Decision, Task } from '../task';
import { planTask } from './planTask';
import type { AnswerKind } from './prompts';
import { editorActionRecord, recountedPlan, runPlan, type RunObserver, type TaskResult } from './runPlan';
import type { RecordSink, TaskRecord } from './taskRecord';
import type { ShadowResult } from '../ledger/ledger';
import type { AdaptiveRouting } from '../policy/adaptive';

export interface EngineDependencies {
  /** The current settings snapshot (re-read on every task, so changes apply at once). */
  readonly settings: () => RouterSettings;
  /** OLLAMA_HOST from the environment, used when llmRouter.ollama.host is left at its default. */
  readonly ollamaHostFromEnvironment?: string;
  readonly anthropicKey: ApiKeySource;
  readonly openaiCompatibleKey?: ApiKeySource;
  readonly sink?: RecordSink;
  /** Receives each background local comparison of a cloud-answered task (llmRouter.shadow.sampleRate). */
  readonly onShadow?: (result: ShadowResult) => void | Promise<void>;
  /** 0 ≤ value < 1; replaced in tests to make sampling certain. */
  readonly random?: () => number;
  /** Month-to-date cloud spending, for the budget. */
  readonly spend?: SpendSource;
  /** Whether the user paused local routing. */
  readonly localPaused?: () => boolean;
  readonly adaptive?: AdaptiveRouting;
  /** Checks the caller adds after the standard gates (the editor: parse and diagnostics). */
  readonly extraGates?: readonly QualityGate[];
  /** Replaces the real providers (benchmarks and tests). */
  readonly providers?: Partial<Record<ProviderKind, ModelProvider>>;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Classify → plan → run, shared by the editor, the chat participant and the CLI. */
export class RouterEngine {
  private pool: { size: number; pool: OllamaHostPool } | undefined;
  private readonly cloud: AnthropicProvider;
  private readonly openaiCompatible: OpenAiCompatibleProvider;
  private sequence = 0;
  /** Decisions taken on an estimated prompt size, before the tokenizer was ready; their records count again. */
  private readonly estimated = new WeakSet<Decision>();

  constructor(private readonly deps: EngineDependencies) {
    this.cloud = new AnthropicProvider(deps.anthropicKey);
    this.openaiCompatible = new OpenAiCompatibleProvider(deps.openaiCompatibleKey);
  }

  /**
   * Decides where the task goes, without calling any model. Does not wait for the tokenizer
   * unless the task is near a size limit: until it is ready (it loads once the first answer is
   * in) the prompt's size is a conservative estimate, and the record counts it again.
   */
  async plan(task: Task): Promise<Plan> {
    const settings = this.deps.settings();
    const { counter, estimated } = await planningCounter(task, settings);
    const plan = planTask(task, settings, {
      counter,
      now: new Date(this.deps.now?.() ?? Date.now()),
      localPaused: this.deps.localPaused?.() === true,
      ...(this.deps.adaptive === undefined ? {} : { adaptive: this.deps.adaptive }),
      ...(this.deps.ollamaHostFromEnvironment === undefined ? {} : { ollamaHostFromEnvironment: this.deps.ollamaHostFromEnvironment }),
      ...(this.deps.spend === undefined ? {} : { spend: this.deps.spend }),
    });
    if (estimated) this.estimated.add(plan.decision);
    return plan;
  }

  /**
   * The plan when the user picked one target (a model in VS Code's model picker): that target
   * alone, unless privacy or the cloud switch forbids it.
   */
  async planWithTarget(task: Task, targetId: string): Promise<Plan> {
    const plan = await this.plan(task);
    const settings = this.deps.settings();
    const target = resolveTarget(targetId, policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, this.deps.ollamaHostFromEnvironment)));
    if (target === undefined) return { ...plan, chain: [], refusal: `The target "${targetId}" is not configured (llmRouter.targets).` };
    if (!isLocal(target) && (plan.localOnly || !settings.routing.allowCloud)) {
      return { ...plan, chain: [], refusal: plan.localOnly ? `This task must stay on your machine, so ${target.model} cannot take it.` : 'Cloud models are turned off (llmRouter.cloud.enabled).' };
    }
    return { ...plan, route: isLocal(target) ? 'local' : 'cloud', chain: [target], notes: [...plan.notes, `You chose ${target.model} in the model picker.`] };
  }

  /** Plans (unless given a plan) and runs the task through its chain. */
  async run(task: Task, options: { id?: string; plan?: Plan; signal?: AbortSignal; observer?: RunObserver; extraGates?: readonly QualityGate[]; answerKind?: AnswerKind } = {}): Promise<TaskResult> {
    const plan = options.plan ?? (await this.plan(task));
    const settings = this.deps.settings();
    const gates = [...STANDARD_GATES, ...(this.deps.extraGates ?? []), ...(options.extraGates ?? [])];
    const result = await runPlan(
      task,
      plan,
      {
        providers: this.providers(settings.routing.maxParallelPerHost),
        gates,
        countTokens: (text) => COUNT_NOW.count(text),
        tokenizer: loadTokenCounter,
        baselineModel: baselineModelOf(settings.ledger, settings.routing.cloudModel),
        prices: new PriceTable(settings.ledger.pricing),
        ...(this.deps.sink === undefined ? {} : { sink: this.deps.sink }),
        timing: {
          localFirstTokenTimeoutMs: settings.routing.localFirstTokenSeconds * 1000,
          cloudFirstTokenTimeoutMs: settings.routing.cloudFirstTokenSeconds * 1000,
          totalTimeoutMs: settings.routing.totalSeconds * 1000,
        },
        ...(this.deps.now === undefined ? {} : { now: this.deps.now }),
        ...(this.deps.sleep === undefined ? {} : { sleep: this.deps.sleep }),
      },
      {
        id: options.id ?? this.nextId(),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.observer === undefined ? {} : { observer: options.observer }),
        ...(options.answerKind === undefined ? {} : { answerKind: options.answerKind }),
        ...(this.estimated.has(plan.decision) ? { promptTokensEstimated: true } : {}),
      },
    );
    const shadow = this.shadow(task, result, gates, options.answerKind);
    if (shadow !== undefined) this.pendingShadow = Promise.all([this.pendingShadow, shadow]).then(() => undefined);
    return result;
  }

  /** Every background comparison started so far, for tests and the CLI to wait on before exiting. */
  pendingShadow: Promise<void> = Promise.resolve();

  /**
   * For a sample of cloud-answered tasks, runs the local model too, in the background and through
   * the same gates: if its answer would have passed, the fallback to the cloud was unnecessary.
   */
  private shadow(task: Task, result: TaskResult, gates: readonly QualityGate[], answerKind: AnswerKind | undefined): Promise<void> | undefined {
    const settings = this.deps.settings();
    const final = result.record.final;
    const onShadow = this.deps.onShadow;
    if (onShadow === undefined || final === undefined || final.local || settings.ledger.shadowSampleRate <= 0 || this.deps.localPaused?.() === true) return undefined;
    if ((this.deps.random ?? Math.random)() >= settings.ledger.shadowSampleRate) return undefined;
    const target = resolveTarget(settings.ledger.shadowTarget, policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, this.deps.ollamaHostFromEnvironment)));
    if (target === undefined || !isLocal(target)) return undefined;
    const plan: Plan = { ...result.plan, route: 'local', chain: [target], notes: [...result.plan.notes, 'Background comparison with the local model.'] };
    return (async () => {
      const local = await runPlan(
        task,
        plan,
        { providers: this.providers(settings.routing.maxParallelPerHost), gates, countTokens: (text) => COUNT_NOW.count(text), tokenizer: loadTokenCounter, baselineModel: final.model, timing: { maxRetries: 0, totalTimeoutMs: settings.routing.totalSeconds * 1000 }, ...(this.deps.now === undefined ? {} : { now: this.deps.now }) },
        { id: `${result.record.id}-shadow`, ...(answerKind === undefined ? {} : { answerKind }) },
      );
      await onShadow({
        taskId: result.record.id,
        at: new Date(this.deps.now?.() ?? Date.now()).toISOString(),
        model: target.model,
        passed: local.record.outcome === 'answered',
        category: result.record.decision.category,
        ...(local.record.failure === undefined ? {} : { reason: local.record.failure }),
      });
    })().catch(() => undefined);
  }

  /** Records a task the editor did itself (tier 0): no model, no cost, the cloud baseline saved. */
  async recordEditorAction(task: Task, plan: Plan, latencyMs: number, options: { id?: string } = {}): Promise<TaskRecord> {
    const counter = await loadTokenCounter();
    const settings = this.deps.settings();
    const record = editorActionRecord(task, this.estimated.has(plan.decision) ? recountedPlan(plan, task, counter) : plan, {
      id: options.id ?? this.nextId(),
      startedAt: (this.deps.now?.() ?? Date.now()) - latencyMs,
      latencyMs,
      baselineModel: baselineModelOf(settings.ledger, settings.routing.cloudModel),
      prices: new PriceTable(settings.ledger.pricing),
      answerTokens: counter.count(task.code),
    });
    await this.deps.sink?.write(record);
    return record;
  }

  private providers(maxParallelPerHost: number): Record<ProviderKind, ModelProvider> {
    if (this.pool?.size !== maxParallelPerHost) this.pool = { size: maxParallelPerHost, pool: new OllamaHostPool(maxParallelPerHost) };
    return {
      ollama: this.deps.providers?.ollama ?? new OllamaProvider(this.pool.pool),
      anthropic: this.deps.providers?.anthropic ?? this.cloud,
      'openai-compatible': this.deps.providers?.['openai-compatible'] ?? this.openaiCompatible,
    };
  }

  private nextId(): string {
    this.sequence++;
    return `${(this.deps.now?.() ?? Date.now()).toString(36)}-${this.sequence}`;
  }
}
