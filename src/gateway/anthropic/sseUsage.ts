import { NO_USAGE, type Usage } from '../../core/providers/types';

/**
 * Reads usage out of a Messages response as it streams past, without changing a byte of it:
 * message_start carries the input and cache counts, message_delta the cumulative output (and,
 * on newer API versions, updated input counts).
 */
export class MessagesUsageReader {
  private pending = '';
  private current: Usage = NO_USAGE;
  private stop: string | undefined;
  private error: string | undefined;
  private events = 0;
  private tools = 0;

  /** Feeds a chunk of an SSE stream. */
  feed(chunk: string): void {
    this.pending += chunk;
    let end: number;
    while ((end = this.pending.indexOf('\n\n')) >= 0) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data !== '') this.event(data);
    }
  }

  /** Reads a whole (non-streaming) JSON message. */
  readMessage(text: string): void {
    try {
      const message = JSON.parse(text) as { usage?: Record<string, unknown>; stop_reason?: string; content?: { type?: string }[] };
      this.merge(message.usage);
      this.tools = (message.content ?? []).filter((block) => block.type === 'tool_use').length;
      if (typeof message.stop_reason === 'string') this.stop = message.stop_reason;
    } catch {
      // Not JSON: nothing to count; the client gets the body as it came.
    }
  }

  get usage(): Usage {
    return this.current;
  }

  get stopReason(): string | undefined {
    return this.stop;
  }

  /** The message of an `error` event in the stream, if one came. */
  get streamError(): string | undefined {
    return this.error;
  }

  /** Tool calls in the answer (tool_use blocks). */
  get toolCalls(): number {
    return this.tools;
  }

  get eventCount(): number {
    return this.events;
  }

  private event(data: string): void {
    let value: { type?: string; message?: { usage?: Record<string, unknown> }; usage?: Record<string, unknown>; delta?: { stop_reason?: string }; error?: { message?: string }; content_block?: { type?: string } };
    try {
      value = JSON.parse(data) as typeof value;
    } catch {
      return;
    }
    this.events++;
    if (value.type === 'message_start') this.merge(value.message?.usage);
    else if (value.type === 'message_delta') {
      this.merge(value.usage);
      if (typeof value.delta?.stop_reason === 'string') this.stop = value.delta.stop_reason;
    } else if (value.type === 'content_block_start' && value.content_block?.type === 'tool_use') this.tools++;
    else if (value.type === 'error') this.error = value.error?.message ?? 'error';
  }

  private merge(usage: Record<string, unknown> | undefined): void {
    if (usage === undefined || usage === null) return;
    const number = (key: string, fallback: number) => (typeof usage[key] === 'number' ? (usage[key]) : fallback);
    this.current = {
      inputTokens: number('input_tokens', this.current.inputTokens),
      outputTokens: number('output_tokens', this.current.outputTokens),
      cacheReadTokens: number('cache_read_input_tokens', this.current.cacheReadTokens),
      cacheWriteTokens: number('cache_creation_input_tokens', this.current.cacheWriteTokens),
    };
  }
}
