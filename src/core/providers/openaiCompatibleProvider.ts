import type OpenAI from 'openai';
import { brokenIfStarted, describeConnectionError, isAbort, networkError } from './errors';
import type { Finish } from '../conversation/streamParts';
import { parseToolInput } from '../conversation/toolCalls';
import { openAiConversation } from './openaiConvert';
import { NO_USAGE, ProviderError, retryAfterMs, type ModelProvider, type ModelRequest, type StreamPart, type Usage } from './types';

export const DEFAULT_OPENAI_COMPATIBLE_URL = 'http://127.0.0.1:1234/v1';

type OpenAiSdk = typeof OpenAI;
let sdk: Promise<OpenAiSdk> | undefined;
/** The client is loaded on the first request, so starting the CLI or the extension does not evaluate it. */
const loadSdk = (): Promise<OpenAiSdk> => (sdk ??= import('openai').then((module) => module.default));

/** LM Studio, llama.cpp's server, vLLM and the like, through the `openai` client with a base URL. */
export class OpenAiCompatibleProvider implements ModelProvider {
  /** `apiKey`: for servers started with a key; most local servers accept any value. */
  constructor(private readonly apiKey: () => Promise<string | undefined> = () => Promise.resolve(undefined)) {}

  async *stream(request: ModelRequest): AsyncGenerator<StreamPart> {
    const { target, signal } = request;
    const baseURL = target.endpoints?.[0] ?? DEFAULT_OPENAI_COMPATIBLE_URL;
    const OpenAI = await loadSdk();
    // The SDK logs an unparsable chunk to the console; this provider reports every failure itself.
    const client = new OpenAI({ baseURL, apiKey: (await this.apiKey()) ?? 'not-needed', maxRetries: 0, logLevel: 'off' });
    let usage: Usage = NO_USAGE;
    let finishReason: string | null = null;
    let started = false;
    // Tool calls in progress, by their index in the answer: id and name come first, the arguments in fragments.
    const calls = new Map<number, { id: string; name: string; json: string }>();
    try {
      const chunks = await client.chat.completions.create(
        {
          model: target.model,
          ...openAiConversation(request),
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: request.maxOutputTokens,
          ...(request.responseSchema === undefined ? {} : { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: request.responseSchema } } }),
        },
        { signal },
      );
      started = true;
      for await (const chunk of chunks) {
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (text !== undefined && text !== null && text !== '') yield { type: 'text-delta', text };
        for (const delta of choice?.delta?.tool_calls ?? []) {
          let call = calls.get(delta.index);
          if (call === undefined) {
            call = { id: delta.id ?? `call_${delta.index}`, name: delta.function?.name ?? '', json: '' };
            calls.set(delta.index, call);
            yield { type: 'tool-call-start', id: call.id, name: call.name };
          }
          const piece = delta.function?.arguments ?? '';
          if (piece !== '') {
            call.json += piece;
            yield { type: 'tool-call-delta', id: call.id, inputDelta: piece };
          }
        }
        if (choice?.finish_reason !== undefined && choice.finish_reason !== null) {
          finishReason = choice.finish_reason;
          yield* completed(calls);
        }
        if (chunk.usage !== undefined && chunk.usage !== null) {
          const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
          usage = { ...NO_USAGE, inputTokens: chunk.usage.prompt_tokens - cached, outputTokens: chunk.usage.completion_tokens, cacheReadTokens: cached };
        }
      }
    } catch (error) {
      throw brokenIfStarted(toProviderError(OpenAI, error, signal, baseURL, target.model), started);
    }
    if (signal.aborted) throw new ProviderError('aborted', 'cancelled');
    if (finishReason === null) throw new ProviderError('stream-broken', `the server at ${baseURL} ended the answer without finishing it`);
    yield { type: 'finish', usage, reason: finishOf(finishReason) };
  }
}

/** The calls whose arguments are complete (the choice finished), in order. */
function* completed(calls: Map<number, { id: string; name: string; json: string }>): Generator<StreamPart> {
  for (const index of [...calls.keys()].sort((a, b) => a - b)) {
    const call = calls.get(index)!;
    yield { type: 'tool-call', id: call.id, name: call.name, ...parseToolInput(call.json) };
  }
  calls.clear();
}

function finishOf(reason: string): Finish {
  if (reason === 'length') return { unified: 'length', raw: reason };
  if (reason === 'tool_calls' || reason === 'function_call') return { unified: 'tool-calls', raw: reason };
  return { unified: 'stop', raw: reason };
}

function toProviderError(OpenAI: OpenAiSdk, error: unknown, signal: AbortSignal, baseURL: string, model: string): ProviderError {
  if (signal.aborted || isAbort(error)) return new ProviderError('aborted', 'cancelled');
  if (error instanceof OpenAI.APIConnectionError) return networkError(describeConnectionError(error) ?? error.message, (detail) => `no server answers at ${baseURL} (${detail})`);
  if (error instanceof OpenAI.APIError) {
    const status = error.status as number | undefined;
    const wait = retryAfterMs(error.headers as { get(name: string): string | null } | undefined);
    if (status === 404) return new ProviderError('model-missing', `the server at ${baseURL} has no model ${model}: load it there first`, undefined, status);
    if (status === 401 || status === 403) return new ProviderError('unauthorized', `the server at ${baseURL} refused the API key`, undefined, status);
    if (status === 429) return new ProviderError('rate-limited', `the server at ${baseURL} is rate limiting`, wait, status);
    if (status === 503) return new ProviderError('overloaded', `the server at ${baseURL} is busy or still loading`, wait, status);
    if (status === undefined) return new ProviderError('stream-broken', `the server at ${baseURL} failed in the middle of the answer: ${error.message}`);
    if (status >= 500) return new ProviderError('server-error', `the server at ${baseURL} failed: ${error.message}`, wait, status);
    return new ProviderError('bad-request', `the server at ${baseURL} rejected the request: ${error.message}`, undefined, status);
  }
  const connection = describeConnectionError(error);
  if (connection !== undefined) return networkError(connection, (detail) => `no server answers at ${baseURL} (${detail})`);
  if (error instanceof SyntaxError) return new ProviderError('stream-broken', `the server at ${baseURL} sent a stream chunk that is not valid JSON; the answer may be missing text`);
  return new ProviderError('stream-broken', `the server at ${baseURL} failed: ${(error as Error).message}`);
}
