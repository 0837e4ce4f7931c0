import type OpenAI from 'openai';
import type { Request, Turn } from '../conversation/types';

type Conversation = Pick<Request, 'system' | 'turns' | 'tools' | 'toolMode'>;
type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface OpenAiConversation {
  readonly messages: Message[];
  readonly tools?: OpenAI.Chat.Completions.ChatCompletionTool[];
  readonly tool_choice?: 'auto' | 'required' | 'none';
}

/** The conversation as Chat Completions fields: each tool result a `tool` message, images as data URLs. */
export function openAiConversation(request: Conversation): OpenAiConversation {
  const messages: Message[] = request.system === '' ? [] : [{ role: 'system', content: request.system }];
  for (const turn of request.turns) messages.push(...messagesOf(turn));
  if (request.tools.length === 0) return { messages };
  return {
    messages,
    tools: request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema } })),
    tool_choice: request.toolMode,
  };
}

function messagesOf(turn: Turn): Message[] {
  if (turn.role === 'assistant') {
    const text = turn.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    const calls = turn.parts.flatMap((part) => (part.type === 'tool-call' ? [{ id: part.id, type: 'function' as const, function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) } }] : []));
    return [{ role: 'assistant', content: text === '' && calls.length > 0 ? null : text, ...(calls.length === 0 ? {} : { tool_calls: calls }) }];
  }
  const messages: Message[] = [];
  const content: OpenAI.Chat.Completions.ChatCompletionContentPart[] = [];
  for (const part of turn.parts) {
    if (part.type === 'tool-result') messages.push({ role: 'tool', tool_call_id: part.callId, content: part.isError === true ? `Error: ${part.content}` : part.content });
    else if (part.type === 'image') content.push({ type: 'image_url', image_url: { url: `data:${part.image.mediaType};base64,${part.image.data}` } });
    else content.push({ type: 'text', text: part.text });
  }
  if (content.length > 0 || messages.length === 0) {
    // Plain text stays a string: some local servers read no content arrays.
    const onlyText = content.every((part) => part.type === 'text');
    messages.push({ role: 'user', content: onlyText ? content.map((part) => (part.type === 'text' ? part.text : '')).join('') : content });
  }
  return messages;
}
