import type { AnswerToolCall } from '../conversation/assemble';
import type { Finish, StreamPart } from '../conversation/streamParts';
import { ProviderError, type FinishReason, type ModelProvider, type ModelRequest, type Usage } from '../providers/types';

/** Timings every attempt reports. `timeToFirstTokenMs` counts from when the request was sent, after any wait for a slot. */
interface AttemptTiming {
  readonly timeToFirstTokenMs?: number;
  readonly latencyMs: number;
  /** How long the request waited for a free slot before it was sent. */
  readonly queuedMs?: number;
}

export type AttemptResult =
  | ({
      readonly ok: true;
      readonly text: string;
      readonly toolCalls: readonly AnswerToolCall[];
      readonly finish: FinishReason;
      /** The provider's own word for how it ended (`end_turn`, `tool_use`, `stop`…). */
      readonly rawFinish?: string;
      readonly usage: Usage;
    } & AttemptTiming)
  | ({
      readonly ok: false;
      readonly outcome: 'error' | 'timeout' | 'cancelled';
      readonly error?: ProviderError;
      readonly reason: string;
      /** What streamed before the attempt failed. */
      readonly text: string;
      /** Tool calls completed before the attempt failed. */
      readonly toolCalls: readonly AnswerToolCall[];
      /** The provider's last report of what the request consumed, if it sent one before failing. */
      readonly reportedUsage?: Usage;
    } & AttemptTiming);

export interface AttemptLimits {
  readonly firstTokenTimeoutMs: number;
  readonly totalTimeoutMs: number;
}

/**
 * One request to one target, with a first-token and a total timeout that run from when the
 * request is sent: a wait for a free slot on a busy host counts against neither. The caller's
 * signal and the timeouts all abort the HTTP request underneath.
 */
export async function attempt(
  provider: ModelProvider,
  request: Omit<ModelRequest, 'signal' | 'dispatch'>,
  limits: AttemptLimits,
  callerSignal: AbortSignal,
  now: () => number,
  onPart?: (part: StreamPart) => void,
): Promise<AttemptResult> {
  const timeouts = new AbortController();
  // Linked rather than listened to: many attempts share the caller's signal (a batch), and a listener each would pile up on it.
  const signal = AbortSignal.any([callerSignal, timeouts.signal]);
  let timedOut: string | undefined;
  let firstTokenTimer: ReturnType<typeof setTimeout> | undefined;
  let totalTimer: ReturnType<typeof setTimeout> | undefined;
  const timeout = (reason: string, ms: number) =>
    setTimeout(() => {
      timedOut = reason;
      timeouts.abort();
    }, ms);
  const startTimers = () => {
    firstTokenTimer = timeout(`no answer began within ${seconds(limits.firstTokenTimeoutMs)}`, limits.firstTokenTimeoutMs);
    totalTimer = timeout(`the answer took longer than ${seconds(limits.totalTimeoutMs)}`, limits.totalTimeoutMs);
  };
  const stopTimers = () => {
    clearTimeout(firstTokenTimer);
    clearTimeout(totalTimer);
  };

  const started = now();
  let sentAt = started;
  let queuedAt: number | undefined;
  let queuedMs: number | undefined;
  startTimers();
  const dispatch = {
    queued: () => {
      queuedAt = now();
      stopTimers();
    },
    sent: () => {
      if (queuedAt === undefined) return;
      sentAt = now();
      queuedMs = sentAt - queuedAt;
      startTimers();
    },
  };

  let text = '';
  const toolCalls: AnswerToolCall[] = [];
  let timeToFirstTokenMs: number | undefined;
  let reportedUsage: Usage | undefined;
  const timing = (): AttemptTiming => ({ latencyMs: now() - started, ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }), ...(queuedMs === undefined ? {} : { queuedMs }) });
  const partial = () => ({ text, toolCalls, ...(reportedUsage === undefined ? {} : { reportedUsage }), ...timing() });
  const done = (usage: Usage, finish: Finish): AttemptResult => ({ ok: true, text, toolCalls, finish: finish.unified, ...(finish.raw === undefined ? {} : { rawFinish: finish.raw }), usage, ...timing() });
  try {
    for await (const part of provider.stream({ ...request, signal, dispatch })) {
      if (part.type === 'usage') {
        reportedUsage = part.usage;
        continue;
      }
      if (part.type === 'finish') return done(part.usage, part.reason);
      // The answer has begun, whether with text or with a tool call.
      if (timeToFirstTokenMs === undefined) {
        timeToFirstTokenMs = now() - sentAt;
        clearTimeout(firstTokenTimer);
      }
      if (part.type === 'text-delta') text += part.text;
      else if (part.type === 'tool-call') toolCalls.push({ id: part.id, name: part.name, input: part.input, ...(part.rawInput === undefined ? {} : { rawInput: part.rawInput }) });
      onPart?.(part);
    }
    const error = new ProviderError('stream-broken', 'the answer ended without its final usage report');
    return { ok: false, outcome: 'error', error, reason: error.message, ...partial() };
  } catch (caught) {
    if (timedOut !== undefined) return { ok: false, outcome: 'timeout', reason: timedOut, ...partial() };
    if (callerSignal.aborted) return { ok: false, outcome: 'cancelled', reason: 'cancelled', ...partial() };
    const error = caught instanceof ProviderError ? caught : new ProviderError('stream-broken', (caught as Error).message ?? String(caught));
    return { ok: false, outcome: 'error', error, reason: error.message, ...partial() };
  } finally {
    stopTimers();
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
