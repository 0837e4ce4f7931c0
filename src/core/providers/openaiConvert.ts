import type OpenAI from 'openai';
import { toolNamesById } from '../conversation/toolCalls';
import { contentText, toolResultImages, toolResultText } from '../conversation/toolResultText';
import type { Image, Request, ToolResult, Turn } from '../conversation/types';

type Conversation = Pick<Request, 'system' | 'turns' | 'tools' | 'toolMode'>;
type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

export interface OpenAiConversation {
  readonly messages: Message[];
  readonly tools?: OpenAI.Chat.Completions.ChatCompletionTool[];
  readonly tool_choice?: 'auto' | 'required' | 'none';
}

/** The conversation as Chat Completions fields: each tool result a `tool` message, images as data URLs (a tool result's in the user message after the tool messages). */
export function openAiConversation(request: Conversation): OpenAiConversation {
  const messages: Message[] = request.system === '' ? [] : [{ role: 'system', content: request.system }];
  const names = toolNamesById(request.turns);
  for (const turn of request.turns) messages.push(...messagesOf(turn, names));
  if (request.tools.length === 0) return { messages };
  return {
    messages,
    tools: request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema } })),
    tool_choice: request.toolMode,
  };
}

function messagesOf(turn: Turn, names: ReadonlyMap<string, string>): Message[] {
  if (turn.role === 'assistant') {
    const text = turn.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    const calls = turn.parts.flatMap((part) => (part.type === 'tool-call' ? [{ id: part.id, type: 'function' as const, function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) } }] : []));
    return [{ role: 'assistant', content: text === '' && calls.length > 0 ? null : text, ...(calls.length === 0 ? {} : { tool_calls: calls }) }];
  }
  const messages: Message[] = [];
  // Tool messages take text only: a result's images follow all of them, in the user message, in their order.
  const resultImages: ContentPart[] = [];
  const content: ContentPart[] = [];
  for (const part of turn.parts) {
    if (part.type === 'tool-result') {
      const text = resultTextMarkingImages(part);
      messages.push({ role: 'tool', tool_call_id: part.callId, content: part.isError === true ? `Error: ${text}` : text });
      const images = toolResultImages(part);
      images.forEach((image, index) => resultImages.push({ type: 'text', text: `${imageName(index, images.length)} returned by ${names.get(part.callId) ?? 'the tool'} (call ${part.callId}):` }, imageUrl(image)));
    } else if (part.type === 'image') content.push(imageUrl(part.image));
    else content.push({ type: 'text', text: part.text });
  }
  content.unshift(...resultImages);
  if (content.length > 0 || messages.length === 0) {
    // Plain text stays a string: some local servers read no content arrays.
    const onlyText = content.every((part) => part.type === 'text');
    messages.push({ role: 'user', content: onlyText ? content.map((part) => (part.type === 'text' ? part.text : '')).join('') : content });
  }
  return messages;
}

/** The result's text in order, each image marked where it came (the images follow in the user message, named the same). */
function resultTextMarkingImages(result: ToolResult): string {
  const images = result.content.filter((part) => part.type === 'image').length;
  if (images === 0) return toolResultText(result);
  let seen = 0;
  return result.content
    .map((part) => (part.type === 'image' ? `[${imageName(seen++, images)}: in the next user message]` : contentText(part)))
    .filter((piece) => piece !== '')
    .join('\n');
}

/** "The image" when there is one, else "Image 2". */
function imageName(index: number, count: number): string {
  return count === 1 ? 'The image' : `Image ${index + 1}`;
}

function imageUrl(image: Image): ContentPart {
  return { type: 'image_url', image_url: { url: `data:${image.mediaType};base64,${image.data}` } };
}
