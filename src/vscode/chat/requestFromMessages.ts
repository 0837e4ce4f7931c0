import * as vscode from 'vscode';
import type { AssistantPart, Image, Request, RequestHints, ToolMode, ToolResultContent, ToolSpec, Turn, UserPart } from '../../core/conversation/types';

/**
 * VS Code's language model messages as one core request, converted once here. Parts are told
 * apart by their shape rather than their class, so that parts from a newer VS Code than the
 * typings (data parts with images, tool results with `isError`) come through too.
 */
export function requestFromMessages(messages: readonly vscode.LanguageModelChatRequestMessage[], options: { readonly tools?: readonly vscode.LanguageModelChatTool[]; readonly toolMode?: vscode.LanguageModelChatToolMode }, hints: RequestHints): Request {
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const message of messages) {
    const role: number = message.role;
    if (role === SYSTEM_ROLE) {
      const text = message.content.flatMap((part) => (isText(part) ? [part.value] : [])).join('');
      if (text.trim() !== '') system.push(text);
    } else if (message.role === vscode.LanguageModelChatMessageRole.Assistant) {
      append(turns, { role: 'assistant', parts: message.content.flatMap(assistantPart) });
    } else {
      append(turns, { role: 'user', parts: message.content.flatMap(userPart) });
    }
  }
  const tools = (options.tools ?? []).map(toolSpec);
  return { system: system.join('\n\n'), turns, tools, toolMode: toolModeOf(tools, options.toolMode), hints };
}

/** LanguageModelChatMessageRole.System, which VS Code's typings do not list yet: what VS Code's own chat sends its instructions as. */
const SYSTEM_ROLE = 3;

/** Consecutive messages of one role make one turn (providers expect the roles to alternate). */
function append(turns: Turn[], turn: Turn): void {
  if (turn.parts.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === 'user' && turn.role === 'user') turns[turns.length - 1] = { role: 'user', parts: [...last.parts, ...turn.parts] };
  else if (last?.role === 'assistant' && turn.role === 'assistant') turns[turns.length - 1] = { role: 'assistant', parts: [...last.parts, ...turn.parts] };
  else turns.push(turn);
}

function userPart(part: unknown): UserPart[] {
  if (isText(part)) return part.value === '' ? [] : [{ type: 'text', text: part.value }];
  if (isToolResult(part)) return [{ type: 'tool-result', callId: part.callId, content: resultContent(part.content), ...(part.isError === true ? { isError: true } : {}) }];
  if (isImage(part)) return [{ type: 'image', image: imageOf(part) }];
  if (isData(part) && isTextual(part.mimeType)) return [{ type: 'text', text: new TextDecoder().decode(part.data) }];
  // Other data (a client's cache-control markers), thinking and anything unknown carry nothing for the model.
  return [];
}

function assistantPart(part: unknown): AssistantPart[] {
  if (isText(part)) return part.value === '' ? [] : [{ type: 'text', text: part.value }];
  if (isToolCall(part)) return [{ type: 'tool-call', id: part.callId, name: part.name, input: part.input }];
  return [];
}

/** A tool result's content in its order: text (pieces in a row joined), JSON as written, images as images, and a note for what cannot be passed on. */
function resultContent(content: readonly unknown[]): ToolResultContent[] {
  const parts: ToolResultContent[] = [];
  for (const part of content) {
    if (isImage(part)) {
      parts.push({ type: 'image', image: imageOf(part) });
      continue;
    }
    const text = resultPieceText(part);
    if (text === '') continue;
    const last = parts.at(-1);
    if (last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: last.text + text };
    else parts.push({ type: 'text', text });
  }
  return parts;
}

function resultPieceText(part: unknown): string {
  if (isText(part)) return part.value;
  if (isData(part)) return isTextual(part.mimeType) ? new TextDecoder().decode(part.data) : `[${part.mimeType} content, ${part.data.byteLength} bytes, not passed on]`;
  if (typeof part === 'object' && part !== null && 'value' in part) return JSON.stringify(part.value);
  return '';
}

function toolSpec(tool: vscode.LanguageModelChatTool): ToolSpec {
  return { name: tool.name, ...(tool.description === '' ? {} : { description: tool.description }), inputSchema: (tool.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} } };
}

function toolModeOf(tools: readonly ToolSpec[], mode: vscode.LanguageModelChatToolMode | undefined): ToolMode {
  if (tools.length === 0) return 'none';
  return mode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto';
}

function isTextual(mimeType: string): boolean {
  return mimeType.startsWith('text/') || mimeType === 'application/json' || mimeType.endsWith('+json');
}

function isImage(part: unknown): part is { mimeType: string; data: Uint8Array } {
  return isData(part) && part.mimeType.startsWith('image/');
}

function imageOf(part: { mimeType: string; data: Uint8Array }): Image {
  return { mediaType: part.mimeType, data: Buffer.from(part.data).toString('base64') };
}

function isText(part: unknown): part is { value: string } {
  return typeof part === 'object' && part !== null && typeof (part as { value?: unknown }).value === 'string' && !('callId' in part);
}

function isToolCall(part: unknown): part is { callId: string; name: string; input: unknown } {
  return typeof part === 'object' && part !== null && typeof (part as { callId?: unknown }).callId === 'string' && typeof (part as { name?: unknown }).name === 'string' && 'input' in part;
}

function isToolResult(part: unknown): part is { callId: string; content: readonly unknown[]; isError?: boolean } {
  return typeof part === 'object' && part !== null && typeof (part as { callId?: unknown }).callId === 'string' && Array.isArray((part as { content?: unknown }).content);
}

function isData(part: unknown): part is { mimeType: string; data: Uint8Array } {
  return typeof part === 'object' && part !== null && typeof (part as { mimeType?: unknown }).mimeType === 'string' && (part as { data?: unknown }).data instanceof Uint8Array;
}
