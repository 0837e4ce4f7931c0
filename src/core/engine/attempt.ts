import { ProviderError, type FinishReason, type ModelProvider, type ModelRequest, type Usage } from '../providers/types';

export type AttemptResult =
  | { readonly ok: true; readonly text: string; readonly finish: FinishReason; readonly usage: Usage; readonly timeToFirstTokenMs?: number; readonly latencyMs: number }
  | {
      readonly ok: false;
      readonly outcome: 'error' | 'timeout' | 'cancelled';
      readonly error?: ProviderError;
      readonly reason: string;
      readonly text: string;
      readonly timeToFirstTokenMs?: number;
      readonly latencyMs: number;
    };

export interface AttemptLimits {
  readonly firstTokenTimeoutMs: number;
  readonly totalTimeoutMs: number;
}

/**
 * One request to one target, with a first-token and a total timeout. The caller's signal and the
 * timeouts all abort the HTTP request underneath.
 */
export async function attempt(
  provider: ModelProvider,
  request: Omit<ModelRequest, 'signal'>,
  limits: AttemptLimits,
  callerSignal: AbortSignal,
  now: () => number,
  onText?: (text: string) => void,
): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut: string | undefined;
  const timeout = (reason: string, ms: number) =>
    setTimeout(() => {
      timedOut = reason;
      controller.abort();
    }, ms);
  const cancel = () => controller.abort();
  callerSignal.addEventListener('abort', cancel, { once: true });
  if (callerSignal.aborted) controller.abort();
  const started = now();
  let firstTokenTimer: ReturnType<typeof setTimeout> | undefined = timeout(`no answer began within ${seconds(limits.firstTokenTimeoutMs)}`, limits.firstTokenTimeoutMs);
  const totalTimer = timeout(`the answer took longer than ${seconds(limits.totalTimeoutMs)}`, limits.totalTimeoutMs);
  let text = '';
  let timeToFirstTokenMs: number | undefined;
  try {
    for await (const event of provider.stream({ ...request, signal: controller.signal })) {
      if (event.type === 'text') {
        if (timeToFirstTokenMs === undefined) {
          timeToFirstTokenMs = now() - started;
          clearTimeout(firstTokenTimer);
          firstTokenTimer = undefined;
        }
        text += event.text;
        onText?.(event.text);
      } else {
        return { ok: true, text, finish: event.finish, usage: event.usage, ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }), latencyMs: now() - started };
      }
    }
    const error = new ProviderError('stream-broken', 'the answer ended without its final usage report');
    return { ok: false, outcome: 'error', error, reason: error.message, text, latencyMs: now() - started };
  } catch (caught) {
    const latencyMs = now() - started;
    const timing = { text, latencyMs, ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }) };
    if (timedOut !== undefined) return { ok: false, outcome: 'timeout', reason: timedOut, ...timing };
    if (callerSignal.aborted) return { ok: false, outcome: 'cancelled', reason: 'cancelled', ...timing };
    const error = caught instanceof ProviderError ? caught : new ProviderError('stream-broken', (caught as Error).message ?? String(caught));
    return { ok: false, outcome: 'error', error, reason: error.message, ...timing };
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(totalTimer);
    callerSignal.removeEventListener('abort', cancel);
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
