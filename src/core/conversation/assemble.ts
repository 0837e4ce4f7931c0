import { NO_USAGE, type Usage } from '../providers/types';
import type { Finish, StreamPart } from './streamParts';
import type { AssistantPart, AssistantTurn, ToolCall } from './types';

/** A whole answer: what the parts of one stream add up to. */
export interface Answer {
  /** Every text delta, joined. */
  readonly text: string;
  /** Complete tool calls, in the order they were made. */
  readonly toolCalls: readonly AnswerToolCall[];
  readonly usage: Usage;
  /** Unset when the stream ended without its finish part. */
  readonly finish?: Finish;
}

/** A tool call as the model made it; `rawInput` is set when its arguments were not valid JSON. */
export interface AnswerToolCall extends ToolCall {
  readonly rawInput?: string;
}

/** Collects stream parts into an answer; the one place parts become a whole. */
export class AnswerBuilder {
  private text = '';
  private readonly toolCalls: AnswerToolCall[] = [];
  private usage: Usage = NO_USAGE;
  private finish: Finish | undefined;

  add(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        this.text += part.text;
        break;
      case 'tool-call':
        this.toolCalls.push({ id: part.id, name: part.name, input: part.input, ...(part.rawInput === undefined ? {} : { rawInput: part.rawInput }) });
        break;
      case 'usage':
        this.usage = part.usage;
        break;
      case 'finish':
        this.usage = part.usage;
        this.finish = part.reason;
        break;
      default:
        // tool-call-start and tool-call-delta are progress; the complete call follows.
        break;
    }
  }

  get answer(): Answer {
    return { text: this.text, toolCalls: [...this.toolCalls], usage: this.usage, ...(this.finish === undefined ? {} : { finish: this.finish }) };
  }
}

export function assemble(parts: Iterable<StreamPart>): Answer {
  const builder = new AnswerBuilder();
  for (const part of parts) builder.add(part);
  return builder.answer;
}

/** The answer as the assistant turn that continues the conversation. */
export function assistantTurn(answer: Pick<Answer, 'text' | 'toolCalls'>): AssistantTurn {
  const parts: AssistantPart[] = [];
  if (answer.text !== '') parts.push({ type: 'text', text: answer.text });
  for (const call of answer.toolCalls) parts.push({ type: 'tool-call', id: call.id, name: call.name, input: call.input ?? {} });
  return { role: 'assistant', parts };
}
