import type { Message, Tool } from 'ollama';
import type { Request, Turn } from '../conversation/types';
import { toolNamesById } from '../conversation/toolCalls';
import { toolResultImages, toolResultText } from '../conversation/toolResultText';

type Conversation = Pick<Request, 'system' | 'turns' | 'tools' | 'toolMode'>;

/** The conversation as Ollama's /api/chat messages: tool results become `tool` messages naming their tool, images go on the message they came in (a tool result's on its `tool` message). */
export function ollamaMessages(request: Conversation): Message[] {
  const names = toolNamesById(request.turns);
  const messages: Message[] = request.system === '' ? [] : [{ role: 'system', content: request.system }];
  for (const turn of request.turns) messages.push(...messagesOf(turn, names));
  return messages;
}

function messagesOf(turn: Turn, names: ReadonlyMap<string, string>): Message[] {
  if (turn.role === 'assistant') {
    const calls = turn.parts.flatMap((part) => (part.type === 'tool-call' ? [{ function: { name: part.name, arguments: objectOf(part.input) } }] : []));
    return [{ role: 'assistant', content: textOf(turn), ...(calls.length === 0 ? {} : { tool_calls: calls }) }];
  }
  const messages: Message[] = [];
  for (const part of turn.parts) {
    if (part.type !== 'tool-result') continue;
    const name = names.get(part.callId);
    // Ollama takes a message's images as a list beside its text, so the order of a result's text and images cannot be kept.
    const images = toolResultImages(part).map((image) => image.data);
    const text = toolResultText(part);
    messages.push({ role: 'tool', content: part.isError === true ? `Error: ${text}` : text, ...(name === undefined ? {} : { tool_name: name }), ...(images.length === 0 ? {} : { images }) });
  }
  const images = turn.parts.flatMap((part) => (part.type === 'image' ? [part.image.data] : []));
  const content = textOf(turn);
  if (content !== '' || images.length > 0 || messages.length === 0) messages.push({ role: 'user', content, ...(images.length === 0 ? {} : { images }) });
  return messages;
}

/** The tools offered, in Ollama's shape; none when the tool mode forbids calls (Ollama has no tool_choice). */
export function ollamaTools(request: Conversation): Tool[] | undefined {
  if (request.tools.length === 0 || request.toolMode === 'none') return undefined;
  return request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema } }));
}

function textOf(turn: Turn): string {
  return turn.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** Ollama takes arguments as an object only. */
function objectOf(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}
