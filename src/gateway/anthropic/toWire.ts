import { randomBytes } from 'node:crypto';
import type { FinishReason, StreamPart } from '../../core/conversation/streamParts';
import type { Answer } from '../../core/conversation/assemble';
import type { Usage } from '../../core/providers/types';

/** Anthropic's stop reasons for the router's. */
export function stopReasonOf(reason: FinishReason | undefined): string {
  switch (reason) {
    case 'tool-calls':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'refusal':
      return 'refusal';
    case 'context-exceeded':
    case 'input-truncated':
      return 'model_context_window_exceeded';
    default:
      return 'end_turn';
  }
}

/** Tool-use ids the API accepts when the conversation later goes to Claude (`^[a-zA-Z0-9_-]+$`). */
export function wireToolId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return clean === '' ? `toolu_${randomBytes(12).toString('hex')}` : clean;
}

export function messageId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}

function usageJson(usage: Usage): Record<string, number> {
  return { input_tokens: usage.inputTokens, cache_creation_input_tokens: usage.cacheWriteTokens, cache_read_input_tokens: usage.cacheReadTokens, output_tokens: usage.outputTokens };
}

/** The non-streaming reply: one message with its content blocks. */
export function messageJson(answer: Answer, model: string, id = messageId()): object {
  const content: object[] = [];
  if (answer.text !== '') content.push({ type: 'text', text: answer.text });
  for (const call of answer.toolCalls) content.push({ type: 'tool_use', id: wireToolId(call.id), name: call.name, input: call.input ?? {} });
  return { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReasonOf(answer.finish?.unified), stop_sequence: null, usage: usageJson(answer.usage) };
}

/**
 * Turns stream parts into Messages API server-sent events, in the order the SDKs expect:
 * message_start, then per block content_block_start / _delta… / _stop, then message_delta and
 * message_stop. Each call returns the text to write.
 */
export class MessagesEventWriter {
  private started = false;
  private index = -1;
  private open: { kind: 'text' } | { kind: 'tool'; id: string; sentInput: boolean } | undefined;
  private finished = false;

  constructor(
    private readonly model: string,
    private readonly inputTokens: number,
    private readonly id = messageId(),
  ) {}

  /** The events for one part (possibly none). */
  write(part: StreamPart): string {
    let out = this.start();
    switch (part.type) {
      case 'text-delta':
        if (part.text === '') break;
        if (this.open?.kind !== 'text') {
          out += this.close();
          this.index++;
          this.open = { kind: 'text' };
          out += event('content_block_start', { index: this.index, content_block: { type: 'text', text: '' } });
        }
        out += event('content_block_delta', { index: this.index, delta: { type: 'text_delta', text: part.text } });
        break;
      case 'tool-call-start':
        out += this.openTool(part.id, part.name);
        break;
      case 'tool-call-delta':
        if (this.open?.kind !== 'tool' || this.open.id !== part.id || part.inputDelta === '') break;
        this.open.sentInput = true;
        out += event('content_block_delta', { index: this.index, delta: { type: 'input_json_delta', partial_json: part.inputDelta } });
        break;
      case 'tool-call': {
        if (this.open?.kind !== 'tool' || this.open.id !== part.id) out += this.openTool(part.id, part.name);
        // A provider that delivers arguments whole (Ollama) sends them as one delta, as Claude's SDK accumulates them.
        if (this.open?.kind === 'tool' && !this.open.sentInput) out += event('content_block_delta', { index: this.index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(part.input ?? {}) } });
        out += this.close();
        break;
      }
      case 'finish':
        out += this.finish(part.usage, stopReasonOf(part.reason.unified));
        break;
      default:
        break;
    }
    return out;
  }

  /** The last events when the stream ends with a failure after bytes were sent: an `error` event the SDKs raise. */
  fail(message: string, type = 'api_error'): string {
    if (this.finished) return '';
    this.finished = true;
    return `${this.start()}${event('error', { error: { type, message } })}`;
  }

  get done(): boolean {
    return this.finished;
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return event('message_start', { message: { id: this.id, type: 'message', role: 'assistant', model: this.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: this.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } } });
  }

  private openTool(id: string, name: string): string {
    let out = this.close();
    this.index++;
    this.open = { kind: 'tool', id, sentInput: false };
    out += event('content_block_start', { index: this.index, content_block: { type: 'tool_use', id: wireToolId(id), name, input: {} } });
    return out;
  }

  private close(): string {
    if (this.open === undefined) return '';
    this.open = undefined;
    return event('content_block_stop', { index: this.index });
  }

  private finish(usage: Usage, stopReason: string): string {
    if (this.finished) return '';
    this.finished = true;
    return `${this.close()}${event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: usageJson(usage) })}${event('message_stop', {})}`;
  }
}

function event(name: string, data: object): string {
  return `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
}
