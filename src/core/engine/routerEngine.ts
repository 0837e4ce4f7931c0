import { STANDARD_GATES, type QualityGate } from '../gates/gates';
import { AnthropicProvider, type ApiKeySource } from '../providers/anthropicProvider';
import { OllamaHostPool } from '../providers/ollamaHostPool';
import { OllamaProvider } from '../providers/ollamaProvider';
import { OpenAiCompatibleProvider } from '../providers/openaiCompatibleProvider';
import { isLocal, type ModelProvider, type ProviderKind } from '../providers/types';
import type { RouterSettings } from '../settings/routerSettings';
import { loadTokenCounter } from '../tokens/tokenCounter';
import type { SpendSource } from '../policy/budget';
import type { Plan } from '../policy/planRoute';
import { resolveTarget } from '../policy/policy';
import { resolveOllamaHost } from '../ollama/ollamaHost';
import { policyFrom } from '../settings/policySettings';
import type { Task } from '../task';
import { planTask } from './planTask';
import type { AnswerKind } from './prompts';
import { editorActionRecord, runPlan, type RunObserver, type TaskResult } from './runPlan';
import type { RecordSink, TaskRecord } from './taskRecord';

export interface EngineDependencies {
  /** The current settings snapshot (re-read on every task, so changes apply at once). */
  readonly settings: () => RouterSettings;
  /** OLLAMA_HOST from the environment, used when llmRouter.ollama.host is left at its default. */
  readonly ollamaHostFromEnvironment?: string;
  readonly anthropicKey: ApiKeySource;
  readonly openaiCompatibleKey?: ApiKeySource;
  readonly sink?: RecordSink;
  /** Month-to-date cloud spending, for the budget. */
  readonly spend?: SpendSource;
  /** Whether the user paused local routing. */
  readonly localPaused?: () => boolean;
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

  constructor(private readonly deps: EngineDependencies) {
    this.cloud = new AnthropicProvider(deps.anthropicKey);
    this.openaiCompatible = new OpenAiCompatibleProvider(deps.openaiCompatibleKey);
  }

  /** Decides where the task goes, without calling any model. */
  async plan(task: Task): Promise<Plan> {
    return planTask(task, this.deps.settings(), {
      counter: await loadTokenCounter(),
      now: new Date(this.deps.now?.() ?? Date.now()),
      localPaused: this.deps.localPaused?.() === true,
      ...(this.deps.ollamaHostFromEnvironment === undefined ? {} : { ollamaHostFromEnvironment: this.deps.ollamaHostFromEnvironment }),
      ...(this.deps.spend === undefined ? {} : { spend: this.deps.spend }),
    });
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
    const counter = await loadTokenCounter();
    return runPlan(
      task,
      plan,
      {
        providers: this.providers(settings.routing.maxParallelPerHost),
        gates: [...STANDARD_GATES, ...(this.deps.extraGates ?? []), ...(options.extraGates ?? [])],
        countTokens: (text) => counter.count(text),
        baselineModel: settings.routing.cloudModel,
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
      },
    );
  }

  /** Records a task the editor did itself (tier 0): no model, no cost, the cloud baseline saved. */
  async recordEditorAction(task: Task, plan: Plan, latencyMs: number, options: { id?: string } = {}): Promise<TaskRecord> {
    const counter = await loadTokenCounter();
    const settings = this.deps.settings();
    const record = editorActionRecord(task, plan, {
      id: options.id ?? this.nextId(),
      startedAt: (this.deps.now?.() ?? Date.now()) - latencyMs,
      latencyMs,
      baselineModel: settings.routing.cloudModel,
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
