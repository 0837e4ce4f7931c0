import { randomBytes } from 'node:crypto';
import type { Answer } from '../../core/conversation/assemble';
import type { FinishReason, StreamPart } from '../../core/conversation/streamParts';
import type { Usage } from '../../core/providers/types';

export function finishReasonOf(reason: FinishReason | undefined): string {
  switch (reason) {
    case 'tool-calls':
      return 'tool_calls';
    case 'length':
    case 'context-exceeded':
    case 'input-truncated':
      return 'length';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function completionId(): string {
  return `chatcmpl-${randomBytes(12).toString('hex')}`;
}

function usageJson(usage: Usage): object {
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return { prompt_tokens: prompt, completion_tokens: usage.outputTokens, total_tokens: prompt + usage.outputTokens, prompt_tokens_details: { cached_tokens: usage.cacheReadTokens } };
}

export function completionJson(answer: Answer, model: string, id = completionId()): object {
  const toolCalls = answer.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } }));
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: answer.text === '' && toolCalls.length > 0 ? null : answer.text, ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }), refusal: null }, finish_reason: finishReasonOf(answer.finish?.unified), logprobs: null }],
    usage: usageJson(answer.usage),
  };
}

/**
 * Stream parts as Chat Completions chunks: a first chunk with the role, content deltas, tool calls
 * by index (id and name first, then argument pieces), the finish chunk, the usage chunk when
 * asked for (`stream_options.include_usage`), and always `data: [DONE]`.
 */
export class ChatChunkWriter {
  private readonly created = Math.floor(Date.now() / 1000);
  private started = false;
  private readonly toolIndex = new Map<string, { index: number; sentArguments: boolean }>();
  private finished = false;

  constructor(
    private readonly model: string,
    private readonly includeUsage: boolean,
    private readonly id = completionId(),
  ) {}

  write(part: StreamPart): string {
    let out = this.start();
    switch (part.type) {
      case 'text-delta':
        if (part.text !== '') out += this.chunk({ content: part.text });
        break;
      case 'tool-call-start':
        out += this.openTool(part.id, part.name);
        break;
      case 'tool-call-delta': {
        const tool = this.toolIndex.get(part.id);
        if (tool === undefined || part.inputDelta === '') break;
        tool.sentArguments = true;
        out += this.chunk({ tool_calls: [{ index: tool.index, function: { arguments: part.inputDelta } }] });
        break;
      }
      case 'tool-call': {
        if (!this.toolIndex.has(part.id)) out += this.openTool(part.id, part.name);
        const tool = this.toolIndex.get(part.id);
        if (tool !== undefined && !tool.sentArguments) {
          tool.sentArguments = true;
          out += this.chunk({ tool_calls: [{ index: tool.index, function: { arguments: JSON.stringify(part.input ?? {}) } }] });
        }
        break;
      }
      case 'finish':
        if (this.finished) break;
        this.finished = true;
        out += this.chunk({}, finishReasonOf(part.reason.unified));
        if (this.includeUsage) out += data({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: usageJson(part.usage) });
        out += 'data: [DONE]\n\n';
        break;
      default:
        break;
    }
    return out;
  }

  /** An error after bytes went out: an `error` object the SDK raises, then the terminator. */
  fail(message: string): string {
    if (this.finished) return '';
    this.finished = true;
    return `${data({ error: { message, type: 'server_error', code: 502 } })}data: [DONE]\n\n`;
  }

  get done(): boolean {
    return this.finished;
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private openTool(id: string, name: string): string {
    const index = this.toolIndex.size;
    this.toolIndex.set(id, { index, sentArguments: false });
    return this.chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] });
  }

  private chunk(delta: object, finishReason: string | null = null): string {
    return data({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] });
  }
}

function data(value: object): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}
