import { STANDARD_GATES, type QualityGate } from '../gates/gates';
import { AnthropicProvider, type ApiKeySource } from '../providers/anthropicProvider';
import { OllamaHostPool } from '../providers/ollamaHostPool';
import { OllamaProvider } from '../providers/ollamaProvider';
import { OpenAiCompatibleProvider } from '../providers/openaiCompatibleProvider';
import { isLocal, type ModelProvider, type ProviderKind, type Target } from '../providers/types';
import type { RouterSettings } from '../settings/routerSettings';
import { COUNT_NOW, loadTokenCounter } from '../tokens/tokenCounter';
import { planningCounter } from './promptSize';
import type { SpendSource } from '../policy/budget';
import { uploadConsentFor, uploadRefusal, type Plan } from '../policy/planRoute';
import { resolveTarget } from '../policy/policy';
import { DEFAULT_OLLAMA_HOST, resolveOllamaHost } from '../ollama/ollamaHost';
import { OllamaModelShow } from '../ollama/modelFacts';
import { cloudWhenNoLocalWindowHolds, fitLocalWindows, type WindowLookup } from '../policy/localWindows';
import { baselineModelOf } from '../settings/ledgerSettings';
import { policyFrom } from '../settings/policySettings';
import { PriceTable } from '../pricing/prices';
import type { Decision, Task } from '../task';
import type { Request, Surface } from '../conversation/types';
import { routingView, type RoutingView } from '../conversation/routingView';
import { taskRequest } from '../conversation/taskRequest';
import { ConversationStickiness, conversationKey, type StickinessContext } from './stickiness';
import { classify } from '../classifier/classify';
import { imageCapableChain } from '../policy/imageTargets';
import type { CommitMode } from './partRelease';
import { headerSecrets, SecretScrubber } from '../security/scrub';
import type { PathBase } from '../security/paths';
import { planTask, priced } from './planTask';
import { answerKindOf, type AnswerKind } from './prompts';
import { DEFAULT_TIMING, editorActionRecord, recountedPlan, runPlan, type RunObserver, type TaskResult } from './runPlan';
import type { AttemptRecord, RecordSink, TaskRecord } from './taskRecord';
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
  /** Shared with the surface, so its own output (log, stderr) is scrubbed of the same secrets. */
  readonly scrubber?: SecretScrubber;
  /** Receives each background local comparison of a cloud-answered task (llmRouter.shadow.sampleRate). */
  readonly onShadow?: (result: ShadowResult) => void | Promise<void>;
  /** 0 ≤ value < 1; replaced in tests to make sampling certain. */
  readonly random?: () => number;
  /** Month-to-date cloud spending, for the budget. */
  readonly spend?: SpendSource;
  /** Whether the user paused local routing. */
  readonly localPaused?: () => boolean;
  /** The current folder and the workspace folders that task paths are relative to (local-only globs). */
  readonly pathBase?: () => PathBase | undefined;
  readonly adaptive?: AdaptiveRouting;
  /** Checks the caller adds after the standard gates (the editor: parse and diagnostics). */
  readonly extraGates?: readonly QualityGate[];
  /** Replaces the real providers (benchmarks and tests). */
  readonly providers?: Partial<Record<ProviderKind, ModelProvider>>;
  /** Replaces asking Ollama's /api/show for a model's context window (tests). */
  readonly contextWindow?: WindowLookup;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface PlanOptions {
  /** The user agreed to upload a prompt over llmRouter.cloud.maxUploadTokens (the editor asked; the CLI's --allow-large). */
  readonly allowLargeUpload?: boolean;
}

/** How `run` treats one request or task. */
export interface RunRequestOptions extends PlanOptions {
  readonly id?: string;
  /** A plan made beforehand (after asking the user); unset, the request is planned now. */
  readonly plan?: Plan;
  /** Aborting it cancels the HTTP request underneath. */
  readonly signal?: AbortSignal;
  readonly observer?: RunObserver;
  readonly extraGates?: readonly QualityGate[];
  /** A task's answer kind, when the surface knows better than the decision (chat asks for prose about code). */
  readonly answerKind?: AnswerKind;
  /**
   * `after-gates`: the caller gets the answer once it has passed every gate (default for the
   * editor and the CLI). `first-part`: parts stream through `observer.onPart` as they arrive, once
   * the checks that must hold first have passed (default for chat, the model picker, the gateway).
   */
  readonly commit?: CommitMode;
  /** Where a task comes from (a request names its own surface in its hints); unset, the editor. */
  readonly surface?: Surface;
  /** Attempts made for this request before the engine took it (the gateway's failed pass-through to Claude): they open its record. */
  readonly earlierAttempts?: readonly AttemptRecord[];
  /** False: a failed run is not recorded but handed back (the gateway escalates it to Claude, whose record starts with its attempts). */
  readonly recordFailure?: boolean;
}

const STREAMING_SURFACES = new Set(['chat', 'model-picker', 'gateway']);

function isRequest(input: Task | Request): input is Request {
  return 'turns' in input;
}

/** Classify → plan → run, shared by the editor, the chat participant and the CLI. */
export class RouterEngine {
  private pool: { size: number; providers: Record<ProviderKind, ModelProvider> } | undefined;
  private readonly cloud: AnthropicProvider;
  private readonly openaiCompatible: OpenAiCompatibleProvider;
  private sequence = 0;
  private readonly windows = new OllamaModelShow();
  /** Decisions taken on an estimated prompt size, before the tokenizer was ready; their records count again. */
  private readonly estimated = new WeakSet<Decision>();
  private readonly stickiness = new ConversationStickiness();

  /** Every secret the engine has handled (keys as read, telemetry headers), removed from what it records and reports. */
  readonly scrubber: SecretScrubber;

  constructor(private readonly deps: EngineDependencies) {
    this.scrubber = deps.scrubber ?? new SecretScrubber();
    const remembered = (source: ApiKeySource): ApiKeySource => async () => {
      const key = await source();
      this.scrubber.remember(key);
      return key;
    };
    this.cloud = new AnthropicProvider(remembered(deps.anthropicKey));
    this.openaiCompatible = new OpenAiCompatibleProvider(remembered(deps.openaiCompatibleKey ?? (() => Promise.resolve(undefined))));
  }

  /** The sink with every record scrubbed first. */
  private get sink(): RecordSink | undefined {
    const sink = this.deps.sink;
    return sink === undefined ? undefined : { write: (record) => sink.write(this.scrubber.scrubDeep(record)) };
  }

  /**
   * Decides where the task goes, without calling any model (a local model's window may be asked
   * for). Does not wait for the tokenizer unless the task is near a size limit: until it is ready
   * (it loads once the first answer is in) the prompt's size is a conservative estimate, and the
   * record counts it again.
   */
  async plan(input: Task | Request, options: PlanOptions = {}): Promise<Plan> {
    if (!isRequest(input)) return this.fitted(await this.planOnly(input, options));
    return this.planRequest(input, routingView(input), options);
  }

  /** A request's plan: the caller's target or the routed chain, fitted to the local windows, kept on its conversation's route. */
  private async planRequest(request: Request, view: RoutingView, options: PlanOptions): Promise<Plan> {
    const targetId = request.hints.targetId;
    const plan = targetId === undefined ? await this.planOnly(view.task, options) : await this.planOnlyWithTarget(view.task, targetId, options);
    if (request.hints.task !== undefined || targetId !== undefined) return this.fitted(plan);
    const sticky = this.stickiness.adjust(conversationKey(request), request, view, plan, this.stickinessContext(view));
    return imageCapableChain(await this.fitted(sticky), view.images);
  }

  private stickinessContext(view: RoutingView): StickinessContext {
    const settings = this.deps.settings();
    const policy = policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, this.deps.ollamaHostFromEnvironment));
    const options = { maxLocalTokens: settings.maxLocalTokens, categoryRoutes: settings.routing.categoryRoutes, profile: settings.routingProfile };
    return {
      resolve: (id) => resolveTarget(id, policy),
      localPaused: this.deps.localPaused?.() === true,
      // The failure is what the model must now deal with: read as a message pasted after the instruction.
      judgeFailure: (content) => {
        const failure: Task = { instruction: `${view.task.instruction}\n${content}`, code: '' };
        return classify(failure, COUNT_NOW.count(failure.instruction), options);
      },
    };
  }

  private async planOnly(task: Task, options: PlanOptions): Promise<Plan> {
    const settings = this.deps.settings();
    const { counter, estimated } = await planningCounter(task, settings);
    const pathBase = this.deps.pathBase?.();
    const plan = planTask(task, settings, {
      counter,
      ...(options.allowLargeUpload === true ? { allowLargeUpload: true } : {}),
      ...(pathBase === undefined ? {} : { pathBase }),
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
  async planWithTarget(task: Task, targetId: string, options: PlanOptions = {}): Promise<Plan> {
    return this.fitted(await this.planOnlyWithTarget(task, targetId, options));
  }

  private async planOnlyWithTarget(task: Task, targetId: string, options: PlanOptions): Promise<Plan> {
    const plan = await this.planOnly(task, options);
    const settings = this.deps.settings();
    const target = resolveTarget(targetId, policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, this.deps.ollamaHostFromEnvironment)));
    if (target === undefined) return { ...plan, chain: [], refusal: `The target "${targetId}" is not configured (llmRouter.targets).` };
    if (!isLocal(target) && plan.localOnly) {
      return { ...plan, chain: [], refusal: `This task must stay on your machine, so ${target.model} (on ${target.locality?.host ?? 'another machine'}) cannot take it.` };
    }
    if (target.provider === 'anthropic' && !settings.routing.allowCloud) return { ...plan, chain: [], refusal: 'Cloud models are turned off (llmRouter.cloud.enabled).' };
    if (!isLocal(target) && plan.decision.promptTokens > settings.routing.maxUploadTokens && options.allowLargeUpload !== true) {
      const uploadConsent = priced(uploadConsentFor(target, plan.decision.promptTokens, settings.routing.maxUploadTokens), settings, new Date(this.deps.now?.() ?? Date.now()));
      return { ...plan, chain: [], uploadConsent, refusal: uploadRefusal(uploadConsent) };
    }
    return { ...plan, route: isLocal(target) ? 'local' : 'cloud', chain: [target], notes: [...plan.notes, `You chose ${target.model} in the model picker.`] };
  }

  /**
   * Only the local models whose window holds the prompt: for a conversation always (an agent's
   * prompt is mostly its own system text and tool schemas, and must fit whole); for an editor
   * task over the local limit that still has local targets (it must stay local).
   */
  private async fitted(plan: Plan): Promise<Plan> {
    const conversation = plan.decision.taskTokens !== undefined;
    if ((!conversation && plan.decision.promptTokens <= this.deps.settings().maxLocalTokens) || plan.chain.every((target) => target.provider === 'anthropic')) return plan;
    const lookup = this.deps.contextWindow ?? ((target) => (target.provider === 'ollama' ? this.windows.windowOf(target.endpoints?.[0] ?? DEFAULT_OLLAMA_HOST, target.model) : Promise.resolve(undefined)));
    const fitted = await fitLocalWindows(plan, lookup, DEFAULT_TIMING.maxOutputTokens);
    return conversation ? cloudWhenNoLocalWindowHolds(plan, fitted) : fitted;
  }

  /**
   * Plans (unless given a plan) and runs a request through its chain: the one path for every
   * surface. A task (the editor's, the CLI's) runs as the request of one user turn it makes.
   */
  async run(input: Task | Request, options: RunRequestOptions = {}): Promise<TaskResult> {
    if (!isRequest(input)) {
      const plan = options.plan ?? (await this.plan(input, options));
      // Chat asks for a conversational answer even about code; the editor wants a replacement.
      const kind = options.answerKind ?? answerKindOf(input, plan.decision);
      return this.run(taskRequest(input, kind, options.surface), { ...options, plan, answerKind: kind });
    }
    const request = input;
    const view = routingView(request);
    const plan = options.plan ?? (await this.planRequest(request, view, options));
    const kind = options.answerKind ?? request.hints.answerKind ?? (request.responseSchema === undefined ? 'answer' : 'json');
    const commit = options.commit ?? (STREAMING_SURFACES.has(request.hints.surface) ? 'first-part' : 'after-gates');
    const settings = this.deps.settings();
    const gates = [...STANDARD_GATES, ...(this.deps.extraGates ?? []), ...(options.extraGates ?? [])];
    this.scrubber.remember(...headerSecrets(settings.telemetry.headers));
    const sink = this.sink;
    const observer = options.observer;
    let movedBecause: string | undefined;
    const ran = await runPlan(
      request,
      view.task,
      plan,
      {
        providers: this.providers(settings.routing.maxParallelPerHost),
        gates,
        countTokens: (text) => COUNT_NOW.count(text),
        tokenizer: loadTokenCounter,
        baselineModel: baselineModelOf(settings.ledger, settings.routing.cloudModel),
        prices: new PriceTable(settings.ledger.pricing),
        ...(sink === undefined ? {} : { sink }),
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
        answerKind: kind,
        commit,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        observer: {
          ...observer,
          onSetback: (attempt) => {
            movedBecause = attempt.reason;
            observer?.onSetback?.(this.scrubber.scrubDeep(attempt));
          },
        },
        ...(this.estimated.has(plan.decision) ? { promptTokensEstimated: true } : {}),
        ...(options.earlierAttempts === undefined ? {} : { earlierAttempts: options.earlierAttempts }),
        ...(options.recordFailure === undefined ? {} : { recordFailure: options.recordFailure }),
      },
    );
    if (request.hints.task === undefined) this.stickiness.remember(conversationKey(request), request, view.userTurnIndex, ran.answer?.target, movedBecause === undefined ? undefined : this.scrubber.scrub(movedBecause));
    // The answer is the model's text for the user's document, left as written; the record is what is shown, logged and stored.
    const result: TaskResult = { ...ran, record: this.scrubber.scrubDeep(ran.record), ...(ran.streamError === undefined ? {} : { streamError: this.scrubber.scrub(ran.streamError) }) };
    const shadow = this.shadow(request, view.task, result, gates, kind);
    if (shadow !== undefined) this.pendingShadow = Promise.all([this.pendingShadow, shadow]).then(() => undefined);
    return result;
  }

  /**
   * A request of a conversation answered by another path (the gateway passing it to Claude
   * unchanged): the conversation's later requests in the same user turn stay on that route.
   */
  rememberAnswer(request: Request, target: Target, movedBecause?: string): void {
    if (request.hints.task !== undefined) return;
    this.stickiness.remember(conversationKey(request), request, routingView(request).userTurnIndex, target, movedBecause === undefined ? undefined : this.scrubber.scrub(movedBecause));
  }

  /** Every background comparison started so far, for tests and the CLI to wait on before exiting. */
  pendingShadow: Promise<void> = Promise.resolve();

  /**
   * For a sample of cloud-answered tasks, runs the local model too, in the background and through
   * the same gates: if its answer would have passed, the fallback to the cloud was unnecessary.
   */
  private shadow(request: Request, task: Task, result: TaskResult, gates: readonly QualityGate[], answerKind: AnswerKind): Promise<void> | undefined {
    const settings = this.deps.settings();
    const final = result.record.final;
    const onShadow = this.deps.onShadow;
    // A conversation with tools is not replayed: its tool calls would be answered by nobody.
    if (onShadow === undefined || final === undefined || final.local || request.tools.length > 0 || settings.ledger.shadowSampleRate <= 0 || this.deps.localPaused?.() === true) return undefined;
    if ((this.deps.random ?? Math.random)() >= settings.ledger.shadowSampleRate) return undefined;
    const target = resolveTarget(settings.ledger.shadowTarget, policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, this.deps.ollamaHostFromEnvironment)));
    if (target === undefined || !isLocal(target)) return undefined;
    const plan: Plan = { ...result.plan, route: 'local', chain: [target], notes: [...result.plan.notes, 'Background comparison with the local model.'] };
    return (async () => {
      const local = await runPlan(
        request,
        task,
        plan,
        { providers: this.providers(settings.routing.maxParallelPerHost), gates, countTokens: (text) => COUNT_NOW.count(text), tokenizer: loadTokenCounter, baselineModel: final.model, timing: { maxRetries: 0, totalTimeoutMs: settings.routing.totalSeconds * 1000 }, ...(this.deps.now === undefined ? {} : { now: this.deps.now }) },
        { id: `${result.record.id}-shadow`, answerKind },
      );
      await onShadow({
        taskId: result.record.id,
        at: new Date(this.deps.now?.() ?? Date.now()).toISOString(),
        model: target.model,
        passed: local.record.outcome === 'answered',
        category: result.record.decision.category,
        score: result.record.decision.personal?.baseScore ?? result.record.decision.score,
        ...(local.record.failure === undefined ? {} : { reason: this.scrubber.scrub(local.record.failure) }),
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
    await this.sink?.write(record);
    return record;
  }

  /** Built once per host limit (a setting), not per request. */
  private providers(maxParallelPerHost: number): Record<ProviderKind, ModelProvider> {
    if (this.pool?.size !== maxParallelPerHost) {
      const pool = new OllamaHostPool(maxParallelPerHost);
      const providers = {
        ollama: this.deps.providers?.ollama ?? new OllamaProvider(pool),
        anthropic: this.deps.providers?.anthropic ?? this.cloud,
        'openai-compatible': this.deps.providers?.['openai-compatible'] ?? this.openaiCompatible,
      };
      this.pool = { size: maxParallelPerHost, providers };
    }
    return this.pool.providers;
  }

  private nextId(): string {
    this.sequence++;
    return `${(this.deps.now?.() ?? Date.now()).toString(36)}-${this.sequence}`;
  }
}
