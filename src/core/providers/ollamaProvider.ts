import type { ChatResponse, Ollama } from 'ollama';
import type { Finish } from '../conversation/streamParts';
import { mintCallId } from '../conversation/toolCalls';
import { ollamaMessages, ollamaTools } from './ollamaConvert';
import { NO_USAGE, ProviderError, type ModelProvider, type ModelRequest, type StreamPart } from './types';
import { OllamaHostPool } from './ollamaHostPool';
import { ndjsonCheckingFetch } from './ndjsonGuard';
import { keptAliveFetch } from './keptAliveFetch';
import { brokenIfStarted, describeConnectionError, isAbort, networkError } from './errors';
import { contextNeeded } from '../tokens/contextSize';

/** Largest context the router sizes on its own; a target's `numCtx` can set any value. */
const MAX_AUTO_CONTEXT = 32_768;
const DEFAULT_KEEP_ALIVE = '10m';

let clientClass: Promise<typeof Ollama> | undefined;
/** The client is loaded on the first request, so starting the CLI or the extension does not evaluate it. */
export const loadOllamaClient = (): Promise<typeof Ollama> => (clientClass ??= import('ollama').then((module) => module.Ollama));

/** Local models through the `ollama` client: context sized to the prompt, truncation detected, requests cancellable. */
export class OllamaProvider implements ModelProvider {
  constructor(private readonly pool = new OllamaHostPool()) {}

  async *stream(request: ModelRequest): AsyncGenerator<StreamPart> {
    const { target, signal } = request;
    const Ollama = await loadOllamaClient();
    const lease = await this.pool.acquire(target.endpoints, signal, () => request.dispatch?.queued());
    request.dispatch?.sent();
    try {
      // A client per request, so the caller's signal aborts the HTTP request even before the stream starts.
      const client = new Ollama({ host: lease.host, fetch: ndjsonCheckingFetch((input, init) => keptAliveFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }), lease.host) });
      const numCtx = target.numCtx ?? contextFor(request.promptTokens, request.maxOutputTokens);
      const tools = ollamaTools(request);
      let finalPart: ChatResponse | undefined;
      let started = false;
      let toolCalls = 0;
      try {
        const parts = await client.chat({
          model: target.model,
          messages: ollamaMessages(request),
          ...(tools === undefined ? {} : { tools }),
          stream: true,
          keep_alive: target.keepAlive ?? DEFAULT_KEEP_ALIVE,
          options: { num_ctx: numCtx, num_predict: request.maxOutputTokens },
          ...(request.responseSchema === undefined ? {} : { format: request.responseSchema }),
        });
        started = true;
        for await (const part of parts) {
          if (part.message.content !== '') yield { type: 'text-delta', text: part.message.content };
          // Ollama sends each call whole, with no id: the router mints one that stays with the call.
          for (const call of part.message.tool_calls ?? []) {
            const id = mintCallId();
            toolCalls++;
            yield { type: 'tool-call-start', id, name: call.function.name };
            yield { type: 'tool-call', id, name: call.function.name, input: call.function.arguments ?? {} };
          }
          if (part.done) finalPart = part;
        }
      } catch (error) {
        const mapped = brokenIfStarted(toProviderError(error, signal, lease.host, target.model), started);
        if (mapped.kind === 'connection' || mapped.kind === 'unreachable') lease.markUnreachable();
        throw mapped;
      }
      if (finalPart === undefined) throw new ProviderError('stream-broken', `Ollama at ${lease.host} ended the answer without finishing it`);
      yield { type: 'finish', usage: { ...NO_USAGE, inputTokens: finalPart.prompt_eval_count ?? 0, outputTokens: finalPart.eval_count ?? 0 }, reason: finishOf(finalPart, request.promptTokens, numCtx, toolCalls > 0) };
    } finally {
      lease.release();
    }
  }
}

/** Prompt plus answer, with slack, up to the largest context sized automatically. */
export function contextFor(promptTokens: number, maxOutputTokens: number): number {
  return Math.min(MAX_AUTO_CONTEXT, contextNeeded(promptTokens, maxOutputTokens));
}

/**
 * Ollama cuts a prompt that overflows `num_ctx` without an error. The sign is a prompt evaluation
 * far below the prompt's size when the prompt was big enough to overflow; a small count on a small
 * prompt is the server's prompt cache at work, not truncation.
 */
function finishOf(part: ChatResponse, promptTokens: number, numCtx: number, madeToolCalls: boolean): Finish {
  const raw = part.done_reason;
  const evaluated = part.prompt_eval_count ?? 0;
  if (evaluated > 0 && promptTokens >= numCtx * 0.5 && evaluated < promptTokens * 0.6) return { unified: 'input-truncated', raw };
  if (raw === 'length') return { unified: 'length', raw };
  // Ollama says `stop` after tool calls too.
  return { unified: madeToolCalls ? 'tool-calls' : 'stop', raw };
}

function toProviderError(error: unknown, signal: AbortSignal, host: string, model: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted || isAbort(error)) return new ProviderError('aborted', 'cancelled');
  const failure = error as Error & { status_code?: number; error?: string };
  if (failure.name === 'ResponseError' && typeof failure.status_code === 'number') {
    const status = failure.status_code;
    const detail = failure.error ?? failure.message;
    if (status === 404) return new ProviderError('model-missing', `Ollama at ${host} has no model ${model}: run \`ollama pull ${model}\``, undefined, status);
    if (status === 429) return new ProviderError('rate-limited', `Ollama at ${host} is rate limiting: ${detail}`, undefined, status);
    if (status === 503) return new ProviderError('overloaded', `Ollama at ${host} is busy: ${detail}`, undefined, status);
    if (status === 401 || status === 403) return new ProviderError('unauthorized', `Ollama at ${host} refused the request: ${detail}`, undefined, status);
    if (status >= 500) return new ProviderError('server-error', `Ollama at ${host} failed: ${detail}`, undefined, status);
    return new ProviderError('bad-request', `Ollama at ${host} rejected the request: ${detail}`, undefined, status);
  }
  const connection = describeConnectionError(error);
  if (connection !== undefined) return networkError(connection, (detail) => `no Ollama answers at ${host} (${detail})`);
  if (failure.message === 'Did not receive done or success response in stream.') {
    return new ProviderError('stream-broken', `Ollama at ${host} ended the answer without finishing it`);
  }
  return new ProviderError('stream-broken', `Ollama at ${host} failed in the middle of the answer: ${failure.message}`);
}
