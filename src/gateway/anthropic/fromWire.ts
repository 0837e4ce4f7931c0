import type { AssistantPart, Request, ToolMode, ToolSpec, Turn, UserPart } from '../../core/conversation/types';
import { base64Image, blocksOf, readToolResult, str } from './contentBlocks';

/** A Messages API request as far as the gateway reads it; everything else rides along untouched. */
export interface MessagesBody {
  readonly model: string;
  readonly max_tokens?: number;
  readonly stream?: boolean;
  readonly system?: unknown;
  readonly messages: readonly { readonly role: string; readonly content: unknown }[];
  readonly tools?: readonly unknown[];
  readonly tool_choice?: { readonly type?: string };
  readonly thinking?: { readonly type?: string };
  readonly metadata?: { readonly user_id?: string };
}

/** The request as the engine reads it, and what in it only the cloud can serve. */
export interface ReadRequest {
  readonly request: Request;
  /** Content a local model cannot take (an image by URL, a PDF, a server tool); empty when none. */
  readonly cloudOnly: readonly string[];
  readonly images: number;
}

/** Checks the fields every Messages request has; the message says what is wrong, as the API would. */
export function messagesBodyOf(value: unknown): MessagesBody | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The body must be a JSON object.';
  const body = value as Record<string, unknown>;
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Field required';
  for (const message of body.messages as unknown[]) {
    if (typeof message !== 'object' || message === null) return 'messages: each message must be an object';
    const { role } = message as { role?: unknown };
    // Claude Code 2.1 sends system messages between the turns (its environment notes) under a beta.
    if (role !== 'user' && role !== 'assistant' && role !== 'system') return 'messages: role must be "user", "assistant" or "system"';
  }
  if (body.tools !== undefined && !Array.isArray(body.tools)) return 'tools: Input should be a valid list';
  return value as MessagesBody;
}

/** Converts a Messages request into the router's conversation, once, at the edge. */
export function requestFromMessages(body: MessagesBody, client: string, sessionId?: string): ReadRequest {
  const cloudOnly = new Set<string>();
  let images = 0;
  const turns: Turn[] = [];
  const laterSystem: string[] = [];
  for (const message of body.messages) {
    const blocks = blocksOf(message.content);
    if (message.role === 'system') laterSystem.push(systemText(message.content));
    else if (message.role === 'user') {
      const parts: UserPart[] = [];
      for (const block of blocks) {
        if (block.type === 'text') parts.push({ type: 'text', text: str(block.text) });
        else if (block.type === 'image') {
          images++;
          const image = base64Image(block);
          if (image !== undefined) parts.push({ type: 'image', image });
          else cloudOnly.add('an image given by URL');
        } else if (block.type === 'tool_result') {
          const read = readToolResult(blocksOf(block.content));
          images += read.images;
          for (const why of read.cloudOnly) cloudOnly.add(why);
          parts.push({ type: 'tool-result', callId: str(block.tool_use_id), content: read.content, ...(block.is_error === true ? { isError: true } : {}) });
        } else if (block.type === 'document') cloudOnly.add('a document (PDF) block');
        else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') cloudOnly.add(`a ${String(block.type)} block`);
      }
      turns.push({ role: 'user', parts });
    } else {
      const parts: AssistantPart[] = [];
      for (const block of blocks) {
        if (block.type === 'text') parts.push({ type: 'text', text: str(block.text) });
        else if (block.type === 'tool_use') parts.push({ type: 'tool-call', id: str(block.id), name: str(block.name), input: block.input ?? {} });
        else if (block.type === 'server_tool_use' || block.type === 'web_search_tool_result') cloudOnly.add(`a ${block.type} block`);
        // Thinking blocks are the cloud model's own scratch work: a local model neither reads nor needs them.
      }
      turns.push({ role: 'assistant', parts });
    }
  }
  const tools: ToolSpec[] = [];
  for (const tool of body.tools ?? []) {
    const spec = tool as { name?: unknown; description?: unknown; input_schema?: unknown; type?: unknown };
    if (typeof spec.name !== 'string') continue;
    if (typeof spec.input_schema !== 'object' || spec.input_schema === null) {
      // Server tools (web search, code execution) run on Anthropic's side.
      cloudOnly.add(`the server tool ${spec.name}`);
      continue;
    }
    tools.push({ name: spec.name, ...(typeof spec.description === 'string' ? { description: spec.description } : {}), inputSchema: spec.input_schema as Record<string, unknown> });
  }
  const request: Request = {
    system: [systemText(body.system), ...laterSystem].filter((part) => part !== '').join('\n\n'),
    turns,
    tools,
    toolMode: toolModeOf(body.tool_choice, tools.length),
    ...(typeof body.max_tokens === 'number' ? { maxOutputTokens: body.max_tokens } : {}),
    hints: { surface: 'gateway', client, ...(conversationKeyOf(body, sessionId) ?? {}) },
  };
  return { request, cloudOnly: [...cloudOnly], images };
}

function systemText(system: unknown): string {
  if (typeof system === 'string') return system;
  return blocksOf(system)
    .filter((block) => block.type === 'text')
    .map((block) => str(block.text))
    .join('\n\n');
}

function toolModeOf(choice: MessagesBody['tool_choice'], tools: number): ToolMode {
  if (tools === 0 || choice?.type === 'none') return 'none';
  return choice?.type === 'any' || choice?.type === 'tool' ? 'required' : 'auto';
}

/**
 * Claude Code names its session (the `x-claude-code-session-id` header; in metadata.user_id, as
 * `…_session_<uuid>` or a JSON `session_id`): one conversation per session and model (its
 * small-model calls are their own).
 */
function conversationKeyOf(body: MessagesBody, sessionId: string | undefined): { conversationKey: string } | undefined {
  const session = sessionId ?? /session_?id"?\s*:?\s*"?([0-9a-f-]{8,})/i.exec(body.metadata?.user_id ?? '')?.[1] ?? /session_([0-9a-f-]{8,})/i.exec(body.metadata?.user_id ?? '')?.[1];
  return session === undefined ? undefined : { conversationKey: `session:${session}:${body.model}` };
}
