import * as assert from 'node:assert/strict';
import type { ToolResultPart } from '../../src/core/conversation/types';
import { requestFromMessages } from '../../src/gateway/anthropic/fromWire';
import { requestFromChat } from '../../src/gateway/openai/fromWire';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A Messages request whose last user turn holds one tool_result with these blocks. */
function readResult(blocks: readonly unknown[]) {
  const read = requestFromMessages(
    {
      model: 'claude-haiku-5-5',
      messages: [
        { role: 'user', content: 'Check the sources.' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Fetch', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: blocks }] },
      ],
    },
    'claude-code',
  );
  const result = read.request.turns.at(-1)?.parts[0] as ToolResultPart;
  return { content: result.content, cloudOnly: read.cloudOnly, images: read.images };
}

describe('gateway: what a tool result holds, as the router reads it', () => {
  it('keeps text, images, documents and search results of an Anthropic tool_result in their order', () => {
    const { content, cloudOnly, images } = readResult([
      { type: 'text', text: 'Two sources and a screenshot.' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Use camelCase.' }, title: 'Style guide', context: 'Team rules' },
      { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'Part one.' }, { type: 'text', text: 'Part two.' }] } },
      { type: 'search_result', title: 'FAQ', source: 'https://example.com/faq', content: [{ type: 'text', text: 'Prefer whole words.' }] },
    ]);
    assert.deepEqual(content, [
      { type: 'text', text: 'Two sources and a screenshot.' },
      { type: 'image', image: { mediaType: 'image/png', data: PNG } },
      { type: 'document', document: { mediaType: 'text/plain', data: 'Use camelCase.', title: 'Style guide', context: 'Team rules' } },
      { type: 'document', document: { mediaType: 'text/plain', data: 'Part one.\nPart two.' } },
      { type: 'search-result', title: 'FAQ', source: 'https://example.com/faq', texts: ['Prefer whole words.'] },
    ]);
    assert.deepEqual(cloudOnly, [], 'a local model can be given all of it');
    assert.equal(images, 1);
  });

  it('names what only Claude can read: a PDF (inline, by URL or by file id), a document with images, an unknown block', () => {
    const inline = readResult([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'invoice.pdf' }]);
    assert.deepEqual(inline.content, [{ type: 'document', document: { mediaType: 'application/pdf', data: 'JVBERi0xLjQK', title: 'invoice.pdf' } }], 'kept, for Claude');
    assert.deepEqual(inline.cloudOnly, ['a PDF document inside a tool result']);
    assert.deepEqual(readResult([{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }]).cloudOnly, ['a PDF document given by URL inside a tool result']);
    assert.deepEqual(readResult([{ type: 'document', source: { type: 'file', file_id: 'file_011' } }]).cloudOnly, ['a PDF document given by file id inside a tool result']);
    assert.deepEqual(readResult([{ type: 'document', source: { type: 'content', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] } }]).cloudOnly, ['a document with images inside a tool result']);
    assert.deepEqual(readResult([{ type: 'browser_state', tabs: [] }]).cloudOnly, ['a browser_state block inside a tool result']);
  });

  it('keeps the text and images of an OpenAI tool message in their order', () => {
    const read = requestFromChat(
      {
        model: 'qwen2.5-coder:7b',
        messages: [
          { role: 'user', content: 'Compare the screens.' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', function: { name: 'Shoot', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'Before:' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }, { type: 'text', text: 'After: the same.' }] },
        ],
      },
      'openai-sdk-js',
    );
    const result = read.request.turns.at(-1)?.parts[0] as ToolResultPart;
    assert.deepEqual(
      result.content.map((part) => part.type),
      ['text', 'image', 'text'],
    );
  });
});
