import type { AssistantPart, Image, Request, ToolMode, ToolResultContent, ToolSpec, Turn, UserPart } from '../../core/conversation/types';
import type { ReadRequest } from '../anthropic/fromWire';

/** A Chat Completions request as far as the gateway reads it. */
export interface ChatBody {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly tools?: readonly { readonly type?: string; readonly function?: { readonly name?: string; readonly description?: string; readonly parameters?: Record<string, unknown> } }[];
  readonly tool_choice?: unknown;
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly response_format?: { readonly type?: string; readonly json_schema?: { readonly schema?: Record<string, unknown> } };
}

interface ChatMessage {
  readonly role: string;
  readonly content?: unknown;
  readonly tool_calls?: readonly { readonly id?: string; readonly function?: { readonly name?: string; readonly arguments?: string } }[];
  readonly tool_call_id?: string;
}

export function chatBodyOf(value: unknown): ChatBody | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The body must be a JSON object.';
  const body = value as Record<string, unknown>;
  if (typeof body.model !== 'string' || body.model === '') return "Missing required parameter: 'model'.";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "Missing required parameter: 'messages'.";
  for (const message of body.messages as unknown[]) {
    const role = (message as { role?: unknown } | null)?.role;
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(String(role))) return "Invalid value for 'messages[].role'.";
  }
  return value as ChatBody;
}

/** Converts a Chat Completions request into the router's conversation: system and developer messages become the system text, tool messages tool results. */
export function requestFromChat(body: ChatBody, client: string): ReadRequest {
  const system: string[] = [];
  const turns: Turn[] = [];
  const cloudOnly = new Set<string>();
  let images = 0;
  const pushUser = (parts: UserPart[]) => {
    const last = turns.at(-1);
    // Consecutive tool results (and the user text after them) are one user turn.
    if (last?.role === 'user') turns[turns.length - 1] = { role: 'user', parts: [...last.parts, ...parts] };
    else turns.push({ role: 'user', parts });
  };
  for (const message of body.messages) {
    if (message.role === 'system' || message.role === 'developer') system.push(textOf(message.content));
    else if (message.role === 'tool') {
      // The API takes text only here; clients that put images in a tool message anyway are read as they meant it, in their order.
      const content: ToolResultContent[] = [];
      for (const part of partsOf(message.content)) {
        if (part.type === 'text') content.push({ type: 'text', text: typeof part.text === 'string' ? part.text : '' });
        else if (part.type === 'image_url') {
          images++;
          const image = inlineImage(part);
          if (image !== undefined) content.push({ type: 'image', image });
          else cloudOnly.add('an image given by URL inside a tool result');
        } else cloudOnly.add(`a ${String(part.type)} part inside a tool result`);
      }
      pushUser([{ type: 'tool-result', callId: message.tool_call_id ?? '', content }]);
    } else if (message.role === 'user') {
      const parts: UserPart[] = [];
      for (const part of partsOf(message.content)) {
        if (part.type === 'text') parts.push({ type: 'text', text: typeof part.text === 'string' ? part.text : '' });
        else if (part.type === 'image_url') {
          images++;
          const image = inlineImage(part);
          if (image !== undefined) parts.push({ type: 'image', image });
          else cloudOnly.add('an image given by URL');
        } else cloudOnly.add(`a ${String(part.type)} part`);
      }
      pushUser(parts);
    } else {
      const parts: AssistantPart[] = [];
      const text = textOf(message.content);
      if (text !== '') parts.push({ type: 'text', text });
      for (const call of message.tool_calls ?? []) parts.push({ type: 'tool-call', id: call.id ?? '', name: call.function?.name ?? '', input: parseArguments(call.function?.arguments) });
      turns.push({ role: 'assistant', parts });
    }
  }
  const tools: ToolSpec[] = (body.tools ?? []).flatMap((tool) => {
    const fn = tool.function;
    if (typeof fn?.name !== 'string') return [];
    return [{ name: fn.name, ...(typeof fn.description === 'string' ? { description: fn.description } : {}), inputSchema: fn.parameters ?? { type: 'object', properties: {} } }];
  });
  const maxOutputTokens = body.max_completion_tokens ?? body.max_tokens;
  const schema = body.response_format?.type === 'json_schema' ? body.response_format.json_schema?.schema : undefined;
  const request: Request = {
    system: system.join('\n\n'),
    turns,
    tools,
    toolMode: toolModeOf(body.tool_choice, tools.length),
    ...(typeof maxOutputTokens === 'number' ? { maxOutputTokens } : {}),
    ...(schema === undefined ? {} : { responseSchema: schema }),
    hints: { surface: 'gateway', client },
  };
  return { request, cloudOnly: [...cloudOnly], images };
}

function partsOf(content: unknown): { readonly type?: string; readonly [field: string]: unknown }[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter((part): part is { type?: string } => typeof part === 'object' && part !== null);
}

/** An `image_url` part's picture when it is a data URL; undefined for one given by an address. */
function inlineImage(part: { readonly [field: string]: unknown }): Image | undefined {
  const url = (part.image_url as { url?: string } | undefined)?.url ?? '';
  const data = /^data:([^;]+);base64,(.*)$/s.exec(url);
  return data === null ? undefined : { mediaType: data[1] ?? 'image/png', data: data[2] ?? '' };
}

function textOf(content: unknown): string {
  return partsOf(content)
    .filter((part) => part.type === 'text')
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}

/** Arguments arrive as a JSON string; one that does not parse is kept as the text it was. */
function parseArguments(text: string | undefined): unknown {
  if (text === undefined || text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toolModeOf(choice: unknown, tools: number): ToolMode {
  if (tools === 0 || choice === 'none') return 'none';
  if (choice === 'required' || (typeof choice === 'object' && choice !== null)) return 'required';
  return 'auto';
}
