import type { ToolResult, ToolResultContent } from './types';

/**
 * A tool result as text, its parts in order, for a model that reads only text in a tool result
 * and for counting and routing: documents and search results give their text with what names
 * them; images give nothing here (they travel as images).
 */
export function toolResultText(result: ToolResult): string {
  return result.content
    .map(contentText)
    .filter((piece) => piece !== '')
    .join('\n');
}

/** One part of a tool result as text ('' for an image). */
export function contentText(part: ToolResultContent): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'image':
      return '';
    case 'document': {
      const { document } = part;
      const name = document.title === undefined ? [] : [`Document: ${document.title}`];
      const about = document.context === undefined ? [] : [document.context];
      const body = document.mediaType === 'text/plain' ? document.data : '(a PDF, which this model cannot read)';
      return [...name, ...about, body].join('\n');
    }
    case 'search-result':
      return [`Search result: ${part.title}`, `Source: ${part.source}`, ...part.texts].join('\n');
  }
}

/** The images of a tool result, in order. */
export function toolResultImages(result: ToolResult) {
  return result.content.flatMap((part) => (part.type === 'image' ? [part.image] : []));
}
