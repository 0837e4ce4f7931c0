import { targetLocality, type Locality } from '../security/locality';
import type { StreamPart } from '../conversation/streamParts';
import type { Request } from '../conversation/types';

export type { FinishReason, StreamPart } from '../conversation/streamParts';

/** Where a model runs. */
export type ProviderKind = 'ollama' | 'anthropic' | 'openai-compatible';

/** One provider + model, with its options: a step of a chain. */
export interface Target {
  /** The name rules refer to, e.g. `local-code` or `claude`. */
  readonly id: string;
  readonly provider: ProviderKind;
  readonly model: string;
  /** Ollama hosts (several allowed) or the base URL of an OpenAI-compatible or Anthropic endpoint. Unset: the provider's default. */
  readonly endpoints?: readonly string[];
  /** Ollama: a fixed context window; unset sizes it to the prompt. */
  readonly numCtx?: number;
  /** The largest context the model takes, when its server cannot say (an OpenAI-compatible server). */
  readonly contextWindow?: number;
  /** OpenAI-compatible: what the model takes beyond text, as the user declares it (such a server does not say). */
  readonly capabilities?: { readonly tools?: boolean; readonly images?: boolean };
  /** Ollama: how long the model stays loaded after the request (`10m`, seconds, -1 forever). */
  readonly keepAlive?: string | number;
  /** Cap on the answer's length in tokens. */
  readonly maxOutputTokens?: number;
  /** Where it runs, decided when the target is resolved from the settings (policy.ts resolveTarget). */
  readonly locality?: Locality;
  /**
   * Not Claude: USD per million prompt tokens (cache reads and writes included) and per million
   * answer tokens. Unset on a target off this machine, its cost is unknown (it is never $0).
   */
  readonly inputPerMTok?: number;
  readonly outputPerMTok?: number;
}

/** Whether the target runs on this machine (or a host declared local); see security/locality.ts. */
export function isLocal(target: Pick<Target, 'provider' | 'endpoints' | 'locality'> & Partial<Target>): boolean {
  return (target.locality ?? targetLocality(target.provider, target.endpoints)).local;
}

/** The conversation for one target: each provider converts it to its wire format and its answer back into stream parts. */
export interface ModelRequest extends Pick<Request, 'system' | 'turns' | 'tools' | 'toolMode'> {
  readonly target: Target;
  /** The prompt's size as counted locally (cl100k); sizes Ollama's context and reveals silent truncation. */
  readonly promptTokens: number;
  readonly maxOutputTokens: number;
  /** Asks for JSON matching this schema where the provider supports structured output. */
  readonly responseSchema?: Readonly<Record<string, unknown>>;
  /** Aborting it cancels the HTTP request underneath. */
  readonly signal: AbortSignal;
  /** Told when the request has to wait for a free slot and when it finally goes out (its timeouts start then). */
  readonly dispatch?: DispatchObserver;
}

/** Hears whether a request waits in line before it is sent (Ollama's per-host limit). */
export interface DispatchObserver {
  /** No slot is free: the request waits for one. */
  queued(): void;
  /** The request goes to the server now. */
  sent(): void;
}

export interface Usage {
  /** Prompt tokens the provider processed and billed at the full rate. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Prompt tokens served from the provider's cache (billed at the cache-read rate). */
  readonly cacheReadTokens: number;
  /** Prompt tokens written to the provider's cache (billed at the cache-write rate). */
  readonly cacheWriteTokens: number;
}

/** One streaming interface for every provider. */
export interface ModelProvider {
  stream(request: ModelRequest): AsyncIterable<StreamPart>;
}

export type ProviderErrorKind =
  | 'model-missing'
  | 'rate-limited'
  | 'overloaded'
  | 'server-error'
  | 'unauthorized'
  | 'no-api-key'
  | 'connection'
  | 'unreachable'
  | 'stream-broken'
  | 'bad-request'
  | 'aborted';

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate-limited', 'overloaded', 'server-error', 'connection', 'stream-broken']);

/** A provider failure in words the chain runner (and the user) can act on. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly retryable: boolean;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(kind);
  }
}

/** Reads `retry-after` (seconds or an HTTP date) and `retry-after-ms` into milliseconds. */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  const exact = headers?.get('retry-after-ms');
  if (exact !== null && exact !== undefined && Number.isFinite(Number(exact))) return Math.max(0, Number(exact));
  const value = headers?.get('retry-after');
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
