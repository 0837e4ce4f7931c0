import type { QualityGate } from '../gates/gates';
import type { Plan } from '../policy/planRoute';
import { PriceTable } from '../pricing/prices';
import type { AnswerToolCall } from '../conversation/assemble';
import type { StreamPart } from '../conversation/streamParts';
import { text as textPart, userText, type Request, type Surface, type Turn } from '../conversation/types';
import { spentAtUnknownPrice } from '../reports/figures';
import { isLocal, type FinishReason, type ModelProvider, type ProviderKind, type Target } from '../providers/types';
import { promptText, type Task } from '../task';
import type { TokenCounter } from '../tokens/tokenCounter';
import { attempt, type AttemptLimits } from './attempt';
import { editedCode } from './codeBlocks';
import { consumedUsage } from './consumedUsage';
import { PartRelease, type CommitMode } from './partRelease';
import type { AnswerKind } from './prompts';
import type { AttemptRecord, RecordSink, TaskOutcome, TaskRecord } from './taskRecord';

export interface EngineTiming {
  /** Local models may need to load first. */
  readonly localFirstTokenTimeoutMs: number;
  readonly cloudFirstTokenTimeoutMs: number;
  readonly totalTimeoutMs: number;
  /** Retries per target for failures a retry can cure (429, 529, 5xx, dropped connections). */
  readonly maxRetries: number;
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** A server that asks to wait longer than this is skipped for the next target instead. */
  readonly maxRetryAfterMs: number;
  readonly maxOutputTokens: number;
}

export const DEFAULT_TIMING: EngineTiming = {
  localFirstTokenTimeoutMs: 60_000,
  cloudFirstTokenTimeoutMs: 30_000,
  totalTimeoutMs: 180_000,
  maxRetries: 2,
  baseBackoffMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 20_000,
  maxOutputTokens: 4_096,
};

const DEFAULT_PRICE_TABLE = new PriceTable();

export interface RunDependencies {
  readonly providers: Readonly<Record<ProviderKind, ModelProvider>>;
  readonly gates: readonly QualityGate[];
  /** Counts without waiting (the tokenizer once ready, an estimate before): what a failed attempt streamed. */
  readonly countTokens: (text: string) => number;
  /** The tokenizer, awaited once the answer is in, for the record's figures; unset counts with `countTokens`. */
  readonly tokenizer?: () => Promise<TokenCounter>;
  /** The model the all-cloud baseline is priced at. */
  readonly baselineModel: string;
  readonly prices?: PriceTable;
  readonly sink?: RecordSink;
  readonly timing?: Partial<EngineTiming>;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface RunObserver {
  /** A target is about to be tried; text streamed so far belongs to an abandoned attempt. */
  onAttempt?(target: Target, retry: number): void;
  /** Every text delta as the model streams it, before any check (progress; the parts the caller may use come through `onPart`). */
  onText?(text: string): void;
  /**
   * The answer's parts the caller may show: in `first-part` mode as they arrive once the checks
   * that must pass first have, in `after-gates` mode all at once after every gate. Never parts of
   * an abandoned attempt.
   */
  onPart?(part: StreamPart): void;
  /** An attempt did not produce the answer; the chain moves on or retries. */
  onSetback?(attempt: AttemptRecord): void;
}

export interface TaskResult {
  readonly plan: Plan;
  readonly record: TaskRecord;
  /** The answer that passed every gate. For edits, `code` is the replacement for the selection. */
  readonly answer?: { readonly text: string; readonly code?: string; readonly toolCalls: readonly AnswerToolCall[]; readonly finish: FinishReason; readonly target: Target };
  /**
   * Set when the answer failed after parts of it had reached the caller (`first-part`): the
   * caller must end its stream with this error, since nothing can be taken back.
   */
  readonly streamError?: string;
}

export interface RunOptions {
  readonly id: string;
  readonly signal?: AbortSignal;
  readonly observer?: RunObserver;
  readonly answerKind: AnswerKind;
  readonly commit?: CommitMode;
  /** The plan's prompt count is an estimate: the record counts it again. */
  readonly promptTokensEstimated?: boolean;
  /** Attempts made before this run for the same request; the record starts with them, and so do its cost and time. */
  readonly earlierAttempts?: readonly AttemptRecord[];
  /** False: a run that failed (not cancelled) is handed back unrecorded, since the caller tries on and its record starts with these attempts. */
  readonly recordFailure?: boolean;
}

/**
 * Runs the plan's chain for the request: retries where they can help, checks every answer,
 * escalates with the failed draft, records everything. `task` is the request as routing saw it
 * (routingView), which the gates read.
 */
export async function runPlan(request: Request, task: Task, plan: Plan, deps: RunDependencies, options: RunOptions): Promise<TaskResult> {
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? abortableSleep;
  const signal = options.signal ?? new AbortController().signal;
  const observer = options.observer ?? {};
  const earlier = options.earlierAttempts ?? [];
  const startedAt = Math.min(now(), ...earlier.map((attempt) => Date.parse(attempt.startedAt)));
  const prices = deps.prices ?? DEFAULT_PRICE_TABLE;
  const kind = options.answerKind;
  const commit = options.commit ?? 'after-gates';
  const attempts: AttemptRecord[] = [...earlier];
  const notes: string[] = [];
  let turns: readonly Turn[] = request.turns;

  // Set once a part has reached the caller: the record then waits until the caller's writes have gone out.
  let partsOut = false;
  const emit = (part: StreamPart) => {
    partsOut = true;
    observer.onPart?.(part);
  };

  const finish = async (outcome: TaskOutcome, extra: { answer?: TaskResult['answer']; failure?: string; streamError?: string } = {}): Promise<TaskResult> => {
    const latencyMs = now() - startedAt;
    // Counting, pricing and the ledger are not needed for the parts already out; they run after the caller has sent them on.
    if (partsOut && commit === 'first-part') await afterPendingWrites();
    const counter = deps.tokenizer === undefined ? { count: deps.countTokens } : await deps.tokenizer();
    const counted = options.promptTokensEstimated === true ? recountedPlan(plan, task, counter) : plan;
    const answerTokens = extra.answer === undefined ? 0 : counter.count(extra.answer.text);
    const baseline = outcome === 'answered' ? prices.baselineCost(deps.baselineModel, counted.decision.promptTokens, answerTokens, new Date(startedAt).toISOString()) : undefined;
    const record: TaskRecord = {
      ...recordBase(task, counted, options.id, startedAt, latencyMs, notes),
      ...trafficOf(request, extra.answer?.toolCalls.length ?? 0),
      attempts,
      outcome,
      ...(extra.answer === undefined ? {} : { final: { targetId: extra.answer.target.id, provider: extra.answer.target.provider, model: extra.answer.target.model, local: isLocal(extra.answer.target) } }),
      ...(extra.failure === undefined ? {} : { failure: extra.failure }),
      costUsd: attempts.reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0),
      ...(attempts.some(spentUnpriced) ? { costUnknown: true as const } : {}),
      ...(outcome === 'answered' ? { answerTokens, baselineModel: deps.baselineModel } : {}),
      ...(baseline === undefined ? {} : { baselineCostUsd: baseline }),
    };
    if (outcome !== 'failed' || options.recordFailure !== false) await deps.sink?.write(record);
    return { plan, record, ...(extra.answer === undefined ? {} : { answer: extra.answer }), ...(extra.streamError === undefined ? {} : { streamError: extra.streamError }) };
  };

  if (plan.refusal !== undefined) return finish('refused', { failure: plan.refusal });

  for (const target of plan.chain) {
    const provider = deps.providers[target.provider];
    const limits: AttemptLimits = {
      firstTokenTimeoutMs: isLocal(target) ? timing.localFirstTokenTimeoutMs : timing.cloudFirstTokenTimeoutMs,
      totalTimeoutMs: timing.totalTimeoutMs,
    };
    for (let retry = 0; ; retry++) {
      observer.onAttempt?.(target, retry);
      const started = now();
      const release = new PartRelease({ commit, tools: request.tools, toolMode: request.toolMode, checkDraft: isLocal(target) }, emit);
      // A draft that fails a check on its first parts is abandoned at once, not streamed to its end.
      const rejected = new AbortController();
      const result = await attempt(
        provider,
        {
          target,
          system: request.system,
          turns,
          tools: request.tools,
          toolMode: request.toolMode,
          promptTokens: plan.decision.promptTokens,
          maxOutputTokens: Math.min(target.maxOutputTokens ?? timing.maxOutputTokens, request.maxOutputTokens ?? Number.POSITIVE_INFINITY),
          ...(request.responseSchema === undefined ? {} : { responseSchema: request.responseSchema }),
        },
        limits,
        AbortSignal.any([signal, rejected.signal]),
        now,
        (part) => {
          if (part.type === 'text-delta') observer.onText?.(part.text);
          if (release.add(part) !== undefined) rejected.abort();
        },
      );
      const usage = consumedUsage(result, target, plan.decision.promptTokens, deps.countTokens);
      const base = {
        targetId: target.id,
        provider: target.provider,
        model: target.model,
        local: isLocal(target),
        retry,
        startedAt: new Date(started).toISOString(),
        latencyMs: result.latencyMs,
        ...(result.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: result.timeToFirstTokenMs }),
        ...(result.queuedMs === undefined ? {} : { queuedMs: result.queuedMs }),
        usage,
        ...costField(prices, target, usage, started),
      };

      const early = release.rejection;
      if (result.ok || (early !== undefined && !signal.aborted)) {
        const checked = early === undefined ? release.finish() : { text: result.text, problem: early };
        const toolCalls = early === undefined ? release.toolCalls : result.toolCalls;
        // A call recovered from the text ends the turn as a call the model made would.
        const finishReason: FinishReason = !result.ok ? 'stop' : release.recovered && result.finish === 'stop' ? 'tool-calls' : result.finish;
        const code = kind === 'edit' ? editedCode(checked.text, task.code) : undefined;
        const problem = checked.problem ?? (await firstGateFailure(deps.gates, { task, decision: plan.decision, kind, text: checked.text, toolCalls, finish: finishReason, ...(code === undefined ? {} : { code }) }));
        if (problem === undefined) {
          if (release.recovered) notes.push(`${target.model} wrote its tool call as text; it was turned into a real tool call.`);
          if (release.releasedAsText !== undefined) notes.push(`${target.model} wrote a tool call as text after its answer had begun to reach you; the call was invalid (${release.releasedAsText}), so it was released as text.`);
          release.flush();
          emit({ type: 'finish', usage, reason: { unified: finishReason, ...(result.ok && result.rawFinish !== undefined ? { raw: result.rawFinish } : {}) } });
          attempts.push({ ...base, outcome: 'answered' });
          return finish('answered', { answer: { text: checked.text, ...(code === undefined ? {} : { code }), toolCalls, finish: finishReason, target } });
        }
        const record: AttemptRecord = { ...base, outcome: 'gate-failed', reason: problem };
        attempts.push(record);
        observer.onSetback?.(record);
        if (release.committed) return finish('failed', { failure: `The answer from ${target.model} failed after it had begun to reach you: ${problem}.`, streamError: problem });
        turns = repairTurns(request.turns, checked.text, toolCalls, problem);
        break;
      }

      if (result.outcome === 'cancelled') {
        attempts.push({ ...base, outcome: 'cancelled', reason: 'cancelled' });
        return finish('cancelled', { failure: 'Cancelled.' });
      }
      const error = result.error;
      const record: AttemptRecord = { ...base, outcome: result.outcome, reason: result.reason, ...(error === undefined ? {} : { errorKind: error.kind }) };
      if (release.committed) {
        // Parts are out: neither a retry nor the next target can continue them unseen.
        attempts.push(record);
        observer.onSetback?.(record);
        return finish('failed', { failure: `${target.model} failed in the middle of the answer: ${result.reason}.`, streamError: result.reason });
      }
      const wait = error?.retryable === true && retry < timing.maxRetries ? (error.retryAfterMs ?? backoff(retry, timing)) : undefined;
      if (wait !== undefined && wait <= timing.maxRetryAfterMs) {
        attempts.push(record);
        observer.onSetback?.(record);
        try {
          await sleep(wait, signal);
        } catch {
          return finish('cancelled', { failure: 'Cancelled.' });
        }
        continue;
      }
      const movedOn = wait !== undefined ? { ...record, reason: `${record.reason}; it asks to wait ${Math.round(wait / 1000)} s, so the next target is tried` } : record;
      attempts.push(movedOn);
      observer.onSetback?.(movedOn);
      break;
    }
  }
  return finish('failed', { failure: summariseFailure(attempts) });
}

/** Above this estimate the record keeps the estimate: counting exactly would cost more than the figure is worth. */
const MAX_RECOUNT_TOKENS = 50_000;

/** The plan with its prompt counted by the tokenizer, when the decision was taken on an estimate. */
export function recountedPlan(plan: Plan, task: Task, counter: TokenCounter): Plan {
  if (plan.decision.promptTokens > MAX_RECOUNT_TOKENS) return plan;
  const taskTokens = plan.decision.taskTokens === undefined ? undefined : counter.count(promptText({ ...task, context: '' }));
  return { ...plan, decision: { ...plan.decision, promptTokens: counter.count(promptText(task)), ...(taskTokens === undefined ? {} : { taskTokens }) } };
}

/** The failed draft and what was wrong with it, after the conversation, for the next target to repair. */
function repairTurns(turns: readonly Turn[], draft: string, toolCalls: readonly AnswerToolCall[], problem: string): Turn[] {
  // Written out as text: a tool call in an assistant turn would need its result in the next turn.
  const calls = toolCalls.map((call) => `Tool call ${call.name} with arguments ${call.rawInput ?? JSON.stringify(call.input ?? {})}`);
  const written = [draft, ...calls].filter((piece) => piece.trim() !== '').join('\n\n');
  return [
    ...turns,
    { role: 'assistant', parts: [textPart(written === '' ? '(no answer)' : written)] },
    userText(`That answer was rejected: ${problem}. Repair it: keep what was right, fix what was wrong, and reply in the required form.`),
  ];
}

/** Who asked and how much conversation came with it, for the ledger's view of agent traffic. */
function trafficOf(request: Request, answerToolCalls: number): { surface: Surface; client?: string; turns: number; toolsOffered: number; toolCalls: number } {
  return {
    surface: request.hints.surface,
    ...(request.hints.client === undefined ? {} : { client: request.hints.client }),
    turns: request.turns.length,
    toolsOffered: request.tools.length,
    toolCalls: answerToolCalls,
  };
}

/** The parts of a record every outcome shares. */
function recordBase(task: Task, plan: Plan, id: string, startedAt: number, latencyMs: number, notes: readonly string[] = []) {
  return {
    id,
    startedAt: new Date(startedAt).toISOString(),
    instruction: task.instruction.length > 200 ? `${task.instruction.slice(0, 199)}…` : task.instruction,
    ...(task.language === undefined ? {} : { language: task.language }),
    ...(task.path === undefined ? {} : { path: task.path }),
    decision: {
      route: plan.decision.route,
      category: plan.decision.category,
      score: plan.decision.score,
      promptTokens: plan.decision.promptTokens,
      ...(plan.decision.taskTokens === undefined ? {} : { taskTokens: plan.decision.taskTokens }),
      reasons: plan.decision.reasons,
      ...(plan.decision.overriddenBy === undefined ? {} : { overriddenBy: plan.decision.overriddenBy }),
      ...(plan.decision.routeWithinLimit === undefined ? {} : { routeWithinLimit: plan.decision.routeWithinLimit }),
      ...(plan.decision.personal === undefined ? {} : { personal: plan.decision.personal }),
    },
    route: plan.route,
    notes: [...plan.notes, ...notes],
    latencyMs,
    ...(plan.budget === undefined ? {} : { budget: plan.budget }),
  };
}

/** The record of a task the editor did itself (tier 0): no attempts, no cost, the cloud baseline saved. */
export function editorActionRecord(task: Task, plan: Plan, facts: { id: string; startedAt: number; latencyMs: number; baselineModel: string; answerTokens: number; prices?: PriceTable }): TaskRecord {
  const baseline = (facts.prices ?? DEFAULT_PRICE_TABLE).baselineCost(facts.baselineModel, plan.decision.promptTokens, facts.answerTokens, new Date(facts.startedAt).toISOString());
  return {
    ...recordBase(task, plan, facts.id, facts.startedAt, facts.latencyMs),
    attempts: [],
    outcome: 'editor-action',
    costUsd: 0,
    answerTokens: facts.answerTokens,
    baselineModel: facts.baselineModel,
    ...(baseline === undefined ? {} : { baselineCostUsd: baseline }),
  };
}

async function firstGateFailure(gates: readonly QualityGate[], input: Parameters<QualityGate['check']>[0]): Promise<string | undefined> {
  for (const gate of gates) {
    let result;
    try {
      result = await gate.check(input);
    } catch (error) {
      // An answer is never used unchecked.
      return `the ${gate.name} check could not run (${(error as Error).message})`;
    }
    if (!result.ok) return result.reason;
  }
  return undefined;
}

function spentUnpriced({ costUsd, usage }: AttemptRecord): boolean {
  return spentAtUnknownPrice(costUsd, usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens);
}

function costField(prices: PriceTable, target: Target, usage: AttemptRecord['usage'], at: number): { costUsd?: number } {
  const cost = prices.costOf(target, usage, new Date(at).toISOString());
  return cost === undefined ? {} : { costUsd: cost };
}

/** Exponential backoff with up to 25% jitter, as the SDKs do. */
function backoff(retry: number, timing: EngineTiming): number {
  const delay = Math.min(timing.baseBackoffMs * 2 ** retry, timing.maxBackoffMs);
  return Math.round(delay * (1 - Math.random() * 0.25));
}

function summariseFailure(attempts: readonly AttemptRecord[]): string {
  if (attempts.length === 0) return 'No target was tried.';
  const lastPerTarget = new Map<string, AttemptRecord>();
  for (const entry of attempts) lastPerTarget.set(entry.targetId, entry);
  return `Every target failed: ${[...lastPerTarget.values()].map((entry) => `${entry.targetId} (${entry.model}): ${entry.reason ?? entry.outcome}`).join('; ')}.`;
}

/**
 * Resolves on a later turn of the event loop: what the caller wrote as the parts arrived (a
 * socket write, flushed after the current callbacks) goes out before the record's work starts.
 */
function afterPendingWrites(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function abortableSleep(ms: number, shared: AbortSignal): Promise<void> {
  // A linked signal of its own, so sleeps in parallel tasks do not pile listeners on the one they share.
  const signal = AbortSignal.any([shared]);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
