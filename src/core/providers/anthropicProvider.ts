import type Anthropic from '@anthropic-ai/sdk';
import { brokenIfStarted, describeConnectionError, isAbort, networkError } from './errors';
import type { Finish } from '../conversation/streamParts';
import { parseToolInput } from '../conversation/toolCalls';
import { anthropicConversation } from './anthropicConvert';
import { ProviderError, retryAfterMs, type ModelProvider, type ModelRequest, type StreamPart, type Usage } from './types';

/** Supplies the API key: the editor's secret storage, or ANTHROPIC_API_KEY for the CLI. */
export type ApiKeySource = () => Promise<string | undefined>;

type AnthropicSdk = typeof Anthropic;
let sdk: Promise<AnthropicSdk> | undefined;
/** The SDK is loaded on the first request, so starting the CLI or the extension does not evaluate it. */
const loadSdk = (): Promise<AnthropicSdk> => (sdk ??= import('@anthropic-ai/sdk').then((module) => module.default));

/** What every surface says when Claude is needed and no key is set: where the key goes, in VS Code and for the CLI. */
export const NO_ANTHROPIC_KEY = 'no Anthropic API key is set: run "LLM Router: Set Anthropic API Key" or set ANTHROPIC_API_KEY';

/** Claude through `@anthropic-ai/sdk`, streaming; retries are the chain runner's job, so the SDK makes one attempt. */
export class AnthropicProvider implements ModelProvider {
  constructor(private readonly apiKey: ApiKeySource) {}

  async *stream(request: ModelRequest): AsyncGenerator<StreamPart> {
    const { target, signal } = request;
    const key = await this.apiKey();
    if (key === undefined || key.trim() === '') {
      throw new ProviderError('no-api-key', NO_ANTHROPIC_KEY);
    }
    const Anthropic = await loadSdk();
    // The SDK logs an unparsable event to the console; this provider reports every failure itself.
    const client = new Anthropic({ apiKey: key, maxRetries: 0, logLevel: 'off', ...(target.endpoints?.[0] === undefined ? {} : { baseURL: target.endpoints[0] }) });
    let usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    let stopReason: string | null = null;
    let stopped = false;
    let started = false;
    // Tool calls in progress, by content block index: their arguments arrive as JSON pieces.
    const calls = new Map<number, { id: string; name: string; json: string }>();
    try {
      const events = await client.messages.create({ model: target.model, max_tokens: request.maxOutputTokens, ...anthropicConversation(request), stream: true }, { signal });
      started = true;
      for await (const event of events) {
        if (event.type === 'message_start') {
          usage = merge(usage, event.message.usage);
          // Billed from here on, whether or not the answer completes.
          yield { type: 'usage', usage };
        } else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
          calls.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
          yield { type: 'tool-call-start', id: event.content_block.id, name: event.content_block.name };
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          yield { type: 'text-delta', text: event.delta.text };
        } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
          const call = calls.get(event.index);
          if (call !== undefined && event.delta.partial_json !== '') {
            call.json += event.delta.partial_json;
            yield { type: 'tool-call-delta', id: call.id, inputDelta: event.delta.partial_json };
          }
        } else if (event.type === 'content_block_stop' && calls.has(event.index)) {
          const call = calls.get(event.index)!;
          calls.delete(event.index);
          yield { type: 'tool-call', id: call.id, name: call.name, ...parseToolInput(call.json) };
        } else if (event.type === 'message_delta') {
          usage = merge(usage, event.usage);
          yield { type: 'usage', usage };
          stopReason = event.delta.stop_reason ?? stopReason;
        } else if (event.type === 'message_stop') {
          stopped = true;
        }
      }
    } catch (error) {
      throw brokenIfStarted(toProviderError(Anthropic, error, signal, target.model), started);
    }
    // An aborted raw stream ends quietly instead of throwing.
    if (signal.aborted) throw new ProviderError('aborted', 'cancelled');
    if (!stopped) throw new ProviderError('stream-broken', 'Claude ended the answer without finishing it');
    yield { type: 'finish', usage, reason: finishOf(stopReason) };
  }
}

type WireUsage = { input_tokens?: number | null; output_tokens?: number | null; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null };

/** message_start carries the input and cache counts; message_delta carries cumulative totals that replace them. */
function merge(usage: Usage, wire: WireUsage): Usage {
  return {
    inputTokens: wire.input_tokens ?? usage.inputTokens,
    outputTokens: wire.output_tokens ?? usage.outputTokens,
    cacheReadTokens: wire.cache_read_input_tokens ?? usage.cacheReadTokens,
    cacheWriteTokens: wire.cache_creation_input_tokens ?? usage.cacheWriteTokens,
  };
}

function finishOf(stopReason: string | null): Finish {
  const raw = stopReason ?? undefined;
  switch (stopReason) {
    case 'max_tokens':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'refusal', raw };
    case 'model_context_window_exceeded':
      return { unified: 'context-exceeded', raw };
    default:
      return { unified: 'stop', ...(raw === undefined ? {} : { raw }) };
  }
}

function toProviderError(Anthropic: AnthropicSdk, error: unknown, signal: AbortSignal, model: string): ProviderError {
  if (signal.aborted || isAbort(error)) return new ProviderError('aborted', 'cancelled');
  if (error instanceof Anthropic.APIConnectionError) return networkError(describeConnectionError(error) ?? error.message, (detail) => `cannot reach the Anthropic API (${detail})`);
  if (error instanceof Anthropic.APIError) {
    const status = error.status as number | undefined;
    const type = (error as { type?: string }).type;
    const detail = readableMessage(error as { error?: unknown; message: string });
    const wait = retryAfterMs(error.headers as { get(name: string): string | null } | undefined);
    if (status === 401 || status === 403) return new ProviderError('unauthorized', `the Anthropic API key was refused (${detail}): set a valid key`, undefined, status);
    if (status === 404) return new ProviderError('model-missing', `Anthropic has no model ${model}`, undefined, status);
    if (status === 429) return new ProviderError('rate-limited', `Anthropic is rate limiting: ${detail}`, wait, status);
    if (status === 529 || type === 'overloaded_error') return new ProviderError('overloaded', `Anthropic is overloaded: ${detail}`, wait, status);
    if (status === undefined) return new ProviderError('stream-broken', `Claude failed in the middle of the answer: ${detail}`);
    if (status >= 500 || status === 408) return new ProviderError('server-error', `Anthropic failed: ${detail}`, wait, status);
    return new ProviderError('bad-request', `Anthropic rejected the request: ${detail}`, undefined, status);
  }
  const connection = describeConnectionError(error);
  if (connection !== undefined) return networkError(connection, (detail) => `cannot reach the Anthropic API (${detail})`);
  if (error instanceof SyntaxError) return new ProviderError('stream-broken', 'Claude sent a stream event that is not valid JSON; the answer may be missing text');
  return new ProviderError('stream-broken', `Claude failed: ${(error as Error).message}`);
}

function readableMessage(error: { error?: unknown; message: string }): string {
  const body = error.error as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? error.message;
}
