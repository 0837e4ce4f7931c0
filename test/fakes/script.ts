/**
 * What a fake server does for each request: scripted replies, pacing and faults. A test pushes
 * turns onto the queue (one per request, in order); when the queue is empty the defaults apply.
 */
export type Fault =
  /** 404 with the API's not-found body for the requested model. */
  | { readonly kind: 'model-missing' }
  /** 429 with `retry-after` (seconds). */
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number }
  /** 529 overloaded (Anthropic) or 503 (Ollama, OpenAI-compatible), with `retry-after` when given. */
  | { readonly kind: 'overloaded'; readonly retryAfterSeconds?: number }
  /** 503 queue full: Ollama's "server busy" past OLLAMA_MAX_QUEUE. */
  | { readonly kind: 'queue-full' }
  /** 500 with the API's generic server error; `echoKey`: its message repeats the API key sent (as some servers do). */
  | { readonly kind: 'server-error'; readonly echoKey?: boolean }
  /** 401: the key is missing or wrong (Anthropic and OpenAI-compatible); `echoKey`: the message repeats the key sent. */
  | { readonly kind: 'unauthorized'; readonly echoKey?: boolean }
  /** The stream starts (HTTP 200) and then carries an error line or event after `afterTokens` tokens. */
  | { readonly kind: 'mid-stream-error'; readonly afterTokens: number }
  /** The stream stops after `afterTokens` tokens without its final `done` / `message_stop` / `[DONE]`. */
  | { readonly kind: 'no-done'; readonly afterTokens: number }
  /** The socket is destroyed after `afterTokens` tokens (a crash or a network drop). */
  | { readonly kind: 'drop-connection'; readonly afterTokens: number }
  /**
   * After `afterTokens` tokens the next token's line (NDJSON line or SSE `data:`) is torn in half,
   * so it is not valid JSON; the rest of the answer and its normal ending follow.
   */
  | { readonly kind: 'malformed-line'; readonly afterTokens: number }
  /** After `afterTokens` tokens the server sends nothing more but keeps the connection open until the client leaves. */
  | { readonly kind: 'stall'; readonly afterTokens: number };

export interface Turn {
  /** The assistant's whole reply; streamed a token (a word with its trailing space) at a time. */
  readonly reply?: string;
  /** Delay before the response headers are sent (queueing, model load). */
  readonly latencyMs?: number;
  /** Delay between the headers and the first token. */
  readonly timeToFirstTokenMs?: number;
  /** Pacing of the tokens after the first; unset means as fast as the socket takes them. */
  readonly tokensPerSecond?: number;
  readonly fault?: Fault;
  /** How the generation ended: `length` imitates hitting num_predict / max_tokens / the context. */
  readonly stopReason?: 'stop' | 'length';
  /** Overrides the reported prompt token count (to imitate Ollama's silent context truncation). */
  readonly promptTokens?: number;
}

export const DEFAULT_REPLY = 'Done.';

export class FakeScript {
  private readonly queue: Turn[] = [];

  constructor(public defaults: Turn = {}) {}

  /** Queues turns for the next requests, in order. */
  push(...turns: Turn[]): this {
    this.queue.push(...turns);
    return this;
  }

  /** The turn for the next generation request: the queued one, else the defaults. */
  next(): Turn {
    const turn = this.queue.shift();
    return { ...this.defaults, ...turn };
  }

  get pending(): number {
    return this.queue.length;
  }
}

/** Splits a reply into the pieces a streaming server sends: each word with the white space after it. */
export function tokenize(reply: string): string[] {
  return reply.match(/\s*\S+\s*/g) ?? (reply === '' ? [] : [reply]);
}

/** A rough prompt token count (4 characters a token), as servers report it. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
