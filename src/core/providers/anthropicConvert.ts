import type Anthropic from '@anthropic-ai/sdk';
import { toolResultText } from '../conversation/toolResultText';
import type { Document, Image, Request, ToolResult, Turn } from '../conversation/types';

type Conversation = Pick<Request, 'system' | 'turns' | 'tools' | 'toolMode'>;

export interface AnthropicConversation {
  readonly system?: string;
  readonly messages: Anthropic.MessageParam[];
  readonly tools?: Anthropic.Tool[];
  readonly tool_choice?: Anthropic.ToolChoice;
}

/** The conversation as Messages API fields: tool results lead their user message, as the API requires. */
export function anthropicConversation(request: Conversation): AnthropicConversation {
  const offered = request.tools.length > 0;
  return {
    ...(request.system === '' ? {} : { system: request.system }),
    messages: request.turns.flatMap((turn): Anthropic.MessageParam[] => {
      const content = blocksOf(turn);
      if (content.length === 0) return [];
      // A turn of plain text goes as a string, the simplest form every version of the API takes.
      const only = content.length === 1 ? content[0] : undefined;
      return [{ role: turn.role, content: only?.type === 'text' ? only.text : content }];
    }),
    ...(offered
      ? {
          tools: request.tools.map((tool) => ({ name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), input_schema: tool.inputSchema as Anthropic.Tool.InputSchema })),
          tool_choice: { type: request.toolMode === 'required' ? 'any' : request.toolMode },
        }
      : {}),
  };
}

function blocksOf(turn: Turn): Anthropic.ContentBlockParam[] {
  if (turn.role === 'assistant') {
    return turn.parts.flatMap((part): Anthropic.ContentBlockParam[] => {
      if (part.type === 'text') return part.text === '' ? [] : [{ type: 'text', text: part.text }];
      return [{ type: 'tool_use', id: anthropicCallId(part.id), name: part.name, input: part.input ?? {} }];
    });
  }
  const results: Anthropic.ContentBlockParam[] = [];
  const rest: Anthropic.ContentBlockParam[] = [];
  for (const part of turn.parts) {
    if (part.type === 'tool-result') results.push({ type: 'tool_result', tool_use_id: anthropicCallId(part.callId), content: resultContent(part), ...(part.isError === true ? { is_error: true } : {}) });
    else if (part.type === 'image') rest.push(imageBlock(part.image));
    else if (part.text !== '') rest.push({ type: 'text', text: part.text });
  }
  return [...results, ...rest];
}

/** A result of text alone goes as a string; any other as its blocks, in the order the tool gave them. */
function resultContent(result: ToolResult): Anthropic.ToolResultBlockParam['content'] {
  if (result.content.every((part) => part.type === 'text')) return toolResultText(result);
  return result.content.flatMap((part): ResultBlock[] => {
    switch (part.type) {
      case 'text':
        return part.text === '' ? [] : [{ type: 'text', text: part.text }];
      case 'image':
        return [imageBlock(part.image)];
      case 'document':
        return [documentBlock(part.document)];
      case 'search-result':
        return [{ type: 'search_result', title: part.title, source: part.source, content: part.texts.map((text) => ({ type: 'text' as const, text })) }];
    }
  });
}

type ResultBlock = Exclude<Anthropic.ToolResultBlockParam['content'], string | undefined>[number];

function documentBlock(document: Document): Anthropic.DocumentBlockParam {
  const source: Anthropic.DocumentBlockParam['source'] = document.mediaType === 'text/plain' ? { type: 'text', media_type: 'text/plain', data: document.data } : { type: 'base64', media_type: 'application/pdf', data: document.data };
  return { type: 'document', source, ...(document.title === undefined ? {} : { title: document.title }), ...(document.context === undefined ? {} : { context: document.context }) };
}

function imageBlock(image: Image): Anthropic.ImageBlockParam {
  return { type: 'image', source: { type: 'base64', media_type: image.mediaType as Anthropic.Base64ImageSource['media_type'], data: image.data } };
}

/** The API takes ids of letters, digits, `_` and `-`; another provider's id is made to fit, the same way for the call and its result. */
export function anthropicCallId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}
