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
  /**
   * Tool calls the model makes after the reply's text (an empty `reply` for calls alone). The
   * answer then ends as the API ends a tool turn (`tool_use`, `tool_calls`; Ollama says `stop`).
   */
  readonly toolCalls?: readonly FakeToolCall[];
}

/**
 * One tool call as the fake's model makes it: `input` is serialised as the wire format does, or
 * `inputText` is sent exactly as given (to imitate arguments that are not valid JSON). Ollama
 * parses arguments itself and leaves a call whose arguments do not parse in the text, as it does.
 */
export type FakeToolCall =
  | { readonly name: string; readonly input: unknown }
  | { readonly name: string; readonly inputText: string };

/** The arguments of a scripted call as the JSON text a model would stream. */
export function toolInputText(call: FakeToolCall): string {
  return 'inputText' in call ? call.inputText : JSON.stringify(call.input);
}

/** The pieces streamed tool arguments arrive in: a few characters each, like a model's tokens. */
export function inputPieces(inputText: string): string[] {
  return inputText.match(/[\s\S]{1,6}/g) ?? [''];
}

/**
 * A reply in which a local model writes a tool call as text instead of making it, in the shapes
 * seen in practice: a JSON object (`json`), the same in a fenced block (`fenced`), Hermes/Qwen's
 * `<tool_call>` wrapper (`tool-call-tag`), or Qwen3-Coder's `<function=…><parameter=…>` XML (`xml`).
 */
export function textWrittenToolCall(name: string, input: Record<string, unknown>, style: 'json' | 'fenced' | 'tool-call-tag' | 'xml'): string {
  const json = JSON.stringify({ name, arguments: input });
  switch (style) {
    case 'json':
      return json;
    case 'fenced':
      return `I will call the tool.\n\n\`\`\`json\n${json}\n\`\`\``;
    case 'tool-call-tag':
      return `<tool_call>\n${json}\n</tool_call>`;
    case 'xml':
      return `<tool_call>\n<function=${name}>\n${Object.entries(input)
        .map(([key, value]) => `<parameter=${key}>\n${typeof value === 'string' ? value : JSON.stringify(value)}\n</parameter>`)
        .join('\n')}\n</function>\n</tool_call>`;
  }
}

export const DEFAULT_REPLY = 'Done.';

/** The reply's text: the default only for a turn that makes no tool calls. */
export function replyText(turn: Turn): string {
  return turn.reply ?? ((turn.toolCalls ?? []).length > 0 ? '' : DEFAULT_REPLY);
}

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
