import type { Image, ToolResultContent } from '../../core/conversation/types';

/** A content block as the gateway reads it: a type, and fields to check before use. */
export interface Block {
  readonly type?: string;
  readonly [field: string]: unknown;
}

/** A `tool_result`'s content as the router keeps it, and what in it only Claude can read. */
export interface ReadToolResult {
  readonly content: ToolResultContent[];
  readonly images: number;
  readonly cloudOnly: string[];
}

/**
 * Reads the blocks of a `tool_result` in their order: text, images, documents (plain text, or
 * text given as content blocks, which a local model reads; a PDF, which only Claude reads) and
 * search results. A block a local model cannot be given is named in `cloudOnly`, so the request
 * goes to Claude rather than losing it.
 */
export function readToolResult(blocks: readonly Block[]): ReadToolResult {
  const content: ToolResultContent[] = [];
  const cloudOnly: string[] = [];
  let images = 0;
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: str(block.text) });
        break;
      case 'image': {
        images++;
        const image = base64Image(block);
        if (image !== undefined) content.push({ type: 'image', image });
        else cloudOnly.push('an image given by URL inside a tool result');
        break;
      }
      case 'document': {
        const read = documentOf(block);
        if (read.part !== undefined) content.push(read.part);
        if (read.cloudOnly !== undefined) cloudOnly.push(read.cloudOnly);
        break;
      }
      case 'search_result':
        content.push({ type: 'search-result', title: str(block.title), source: str(block.source), texts: textsOf(block.content) });
        break;
      case 'tool_reference':
        // It makes a deferred tool's definition part of the prompt; the tools a local model is offered hold every definition already.
        content.push({ type: 'text', text: `(The tool ${str(block.tool_name)} is available.)` });
        break;
      default:
        cloudOnly.push(`a ${String(block.type)} block inside a tool result`);
    }
  }
  return { content, images, cloudOnly };
}

/** A document block as the router keeps it, and why only Claude can read it when only Claude can. */
function documentOf(block: Block): { part?: ToolResultContent; cloudOnly?: string } {
  const source = (block.source ?? {}) as { type?: string; media_type?: string; data?: unknown; content?: unknown };
  const named = { ...(typeof block.title === 'string' ? { title: block.title } : {}), ...(typeof block.context === 'string' ? { context: block.context } : {}) };
  if (source.type === 'text') return { part: { type: 'document', document: { mediaType: 'text/plain', data: str(source.data), ...named } } };
  if (source.type === 'content') {
    const inner = blocksOf(source.content);
    const text = { type: 'document', document: { mediaType: 'text/plain', data: inner.filter((item) => item.type === 'text').map((item) => str(item.text)).join('\n'), ...named } } as const;
    return inner.every((item) => item.type === 'text') ? { part: text } : { part: text, cloudOnly: 'a document with images inside a tool result' };
  }
  if (source.type === 'base64' && typeof source.data === 'string') return { part: { type: 'document', document: { mediaType: 'application/pdf', data: source.data, ...named } }, cloudOnly: 'a PDF document inside a tool result' };
  return { cloudOnly: `a PDF document given by ${source.type === 'file' ? 'file id' : 'URL'} inside a tool result` };
}

/** An image block's picture when it is sent inline (base64); undefined for one given by URL or file id. */
export function base64Image(block: Block): Image | undefined {
  const source = block.source as { type?: string; media_type?: string; data?: string } | undefined;
  return source?.type === 'base64' && typeof source.data === 'string' ? { mediaType: String(source.media_type ?? 'image/png'), data: source.data } : undefined;
}

/** A field that should be a string, as one ('' when it is not). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function blocksOf(content: unknown): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter((block): block is Block => typeof block === 'object' && block !== null);
}

function textsOf(content: unknown): string[] {
  return blocksOf(content)
    .filter((block) => block.type === 'text')
    .map((block) => str(block.text));
}
