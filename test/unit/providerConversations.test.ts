import type Anthropic from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { assemble, assistantTurn } from '../../src/core/conversation/assemble';
import type { StreamPart } from '../../src/core/conversation/streamParts';
import { text, userText, type Request, type ToolSpec, type Turn } from '../../src/core/conversation/types';
import { anthropicConversation } from '../../src/core/providers/anthropicConvert';
import { AnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { ollamaMessages, ollamaTools } from '../../src/core/providers/ollamaConvert';
import { OllamaProvider } from '../../src/core/providers/ollamaProvider';
import { openAiConversation } from '../../src/core/providers/openaiConvert';
import { OpenAiCompatibleProvider } from '../../src/core/providers/openaiCompatibleProvider';
import type { ModelProvider, Target } from '../../src/core/providers/types';
import { startFakeAnthropic } from '../fakes/anthropic';
import type { RunningFake } from '../fakes/http';
import { startFakeOllama } from '../fakes/ollama';
import { startFakeOpenAiCompatible } from '../fakes/openaiCompatible';
import type { FakeScript } from '../fakes/script';

const READ_FILE: ToolSpec = { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A conversation that uses every kind of part: what each converter must carry over. */
const conversation: Pick<Request, 'system' | 'turns' | 'tools' | 'toolMode'> = {
  system: 'You are a coding agent.',
  tools: [READ_FILE],
  toolMode: 'auto',
  turns: [
    { role: 'user', parts: [{ type: 'text', text: 'What does this screen show, and what is in cart.ts?' }, { type: 'image', image: { mediaType: 'image/png', data: PNG } }] },
    { role: 'assistant', parts: [{ type: 'text', text: 'Let me read it.' }, { type: 'tool-call', id: 'vscode:call/1', name: 'read_file', input: { path: 'src/cart.ts' } }] },
    { role: 'user', parts: [{ type: 'tool-result', callId: 'vscode:call/1', content: [text('ENOENT')], isError: true }, { type: 'text', text: 'Try src/shop/cart.ts' }] },
  ],
};

/** A tool that gave back a screenshot with its text. */
const screenshotTurns: readonly Turn[] = [
  userText('Why is the checkout button grey?'),
  { role: 'assistant', parts: [{ type: 'tool-call', id: 'call_shot', name: 'screenshot', input: {} }] },
  { role: 'user', parts: [{ type: 'tool-result', callId: 'call_shot', content: [text('Captured the checkout page.'), { type: 'image', image: { mediaType: 'image/png', data: PNG } }] }] },
];
const screenshot: Pick<Request, 'system' | 'turns' | 'tools' | 'toolMode'> = { system: '', tools: [{ name: 'screenshot', inputSchema: { type: 'object', properties: {} } }], toolMode: 'auto', turns: screenshotTurns };

describe('provider converters', () => {
  it('pass the images a tool gave back in each API\'s own form', () => {
    assert.deepEqual(ollamaMessages(screenshot).at(-1), { role: 'tool', content: 'Captured the checkout page.', tool_name: 'screenshot', images: [PNG] });
    assert.deepEqual(anthropicConversation(screenshot).messages.at(-1), {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'call_shot', content: [{ type: 'text', text: 'Captured the checkout page.' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] }],
    });
    // Chat Completions takes text only in tool messages: the images follow in a user message.
    assert.deepEqual(openAiConversation(screenshot).messages.slice(-2), [
      { role: 'tool', tool_call_id: 'call_shot', content: 'Captured the checkout page.\n[The image: in the next user message]' },
      { role: 'user', content: [{ type: 'text', text: 'The image returned by screenshot (call call_shot):' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
    ]);
    const withText: Turn = { role: 'user', parts: [...(screenshotTurns[2]?.parts ?? []), { type: 'text', text: 'Compare with the design.' }] } as Turn;
    const openAi = openAiConversation({ ...screenshot, turns: [...screenshotTurns.slice(0, 2), withText] }).messages;
    assert.deepEqual(
      (openAi.at(-1)?.content as { type: string }[]).map((part) => part.type),
      ['text', 'image_url', 'text'],
      "the user's own words come after the tool's images",
    );
  });


  it('keep a tool result\'s text and images in the order the tool gave them, where the API can say it', () => {
    const other = 'R0lGODlhAQABAAAAACw=';
    const before = { type: 'image' as const, image: { mediaType: 'image/png', data: PNG } };
    const after = { type: 'image' as const, image: { mediaType: 'image/gif', data: other } };
    const turns: Turn[] = [...screenshotTurns.slice(0, 2), { role: 'user', parts: [{ type: 'tool-result', callId: 'call_shot', content: [text('Before the fix:'), before, text('After the fix:'), after] }] }];
    const anthropic = anthropicConversation({ ...screenshot, turns }).messages.at(-1)?.content as Anthropic.ToolResultBlockParam[];
    assert.deepEqual(
      (anthropic[0]?.content as Anthropic.ContentBlockParam[]).map((block) => (block.type === 'text' ? block.text : block.type === 'image' && block.source.type === 'base64' ? block.source.data : block.type)),
      ['Before the fix:', PNG, 'After the fix:', other],
    );
    const [tool, user] = openAiConversation({ ...screenshot, turns }).messages.slice(-2);
    assert.equal(tool?.content, 'Before the fix:\n[Image 1: in the next user message]\nAfter the fix:\n[Image 2: in the next user message]');
    assert.deepEqual(
      (user?.content as { type: string; text?: string; image_url?: { url: string } }[]).map((part) => part.text ?? part.image_url?.url.slice(0, 14)),
      ['Image 1 returned by screenshot (call call_shot):', 'data:image/png', 'Image 2 returned by screenshot (call call_shot):', 'data:image/gif'],
    );
    // Ollama takes a message's images as a list beside its text: the order is that of the list.
    assert.deepEqual(ollamaMessages({ ...screenshot, turns }).at(-1), { role: 'tool', content: 'Before the fix:\nAfter the fix:', tool_name: 'screenshot', images: [PNG, other] });
  });

  it('give a local model the text of documents and search results a tool gave back, and Claude the blocks themselves', () => {
    const turns: Turn[] = [
      userText('What does the style guide say about naming?'),
      { role: 'assistant', parts: [{ type: 'tool-call', id: 'call_doc', name: 'fetch_docs', input: {} }] },
      {
        role: 'user',
        parts: [
          {
            type: 'tool-result',
            callId: 'call_doc',
            content: [
              text('Found two sources.'),
              { type: 'document', document: { mediaType: 'text/plain', data: 'Use camelCase for functions.', title: 'Style guide', context: 'Team conventions' } },
              { type: 'search-result', title: 'Naming FAQ', source: 'https://example.com/faq', texts: ['Prefer whole words.', 'No Hungarian notation.'] },
            ],
          },
        ],
      },
    ];
    const request = { system: '', tools: [{ name: 'fetch_docs', inputSchema: { type: 'object', properties: {} } }], toolMode: 'auto' as const, turns };
    const expected = 'Found two sources.\nDocument: Style guide\nTeam conventions\nUse camelCase for functions.\nSearch result: Naming FAQ\nSource: https://example.com/faq\nPrefer whole words.\nNo Hungarian notation.';
    assert.equal(ollamaMessages(request).at(-1)?.content, expected);
    assert.equal(openAiConversation(request).messages.at(-1)?.content, expected);
    const anthropic = anthropicConversation(request).messages.at(-1)?.content as Anthropic.ToolResultBlockParam[];
    assert.deepEqual(anthropic[0]?.content, [
      { type: 'text', text: 'Found two sources.' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Use camelCase for functions.' }, title: 'Style guide', context: 'Team conventions' },
      { type: 'search_result', title: 'Naming FAQ', source: 'https://example.com/faq', content: [{ type: 'text', text: 'Prefer whole words.' }, { type: 'text', text: 'No Hungarian notation.' }] },
    ]);
  });

  it('Ollama: system first, images on the user message, tool results as tool messages naming their tool', () => {
    assert.deepEqual(ollamaMessages(conversation), [
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'user', content: 'What does this screen show, and what is in cart.ts?', images: [PNG] },
      { role: 'assistant', content: 'Let me read it.', tool_calls: [{ function: { name: 'read_file', arguments: { path: 'src/cart.ts' } } }] },
      { role: 'tool', content: 'Error: ENOENT', tool_name: 'read_file' },
      { role: 'user', content: 'Try src/shop/cart.ts' },
    ]);
    assert.deepEqual(ollamaTools(conversation), [{ type: 'function', function: { name: 'read_file', description: 'Reads a file', parameters: READ_FILE.inputSchema } }]);
    assert.equal(ollamaTools({ ...conversation, toolMode: 'none' }), undefined, 'Ollama has no tool_choice: no tools when none may be called');
  });

  it('Anthropic: tool_use and tool_result blocks with ids the API takes, results first in their turn, images as base64 sources', () => {
    const wire = anthropicConversation(conversation);
    assert.equal(wire.system, 'You are a coding agent.');
    assert.deepEqual(wire.messages, [
      { role: 'user', content: [{ type: 'text', text: 'What does this screen show, and what is in cart.ts?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me read it.' }, { type: 'tool_use', id: 'vscode_call_1', name: 'read_file', input: { path: 'src/cart.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'vscode_call_1', content: 'ENOENT', is_error: true }, { type: 'text', text: 'Try src/shop/cart.ts' }] },
    ]);
    assert.deepEqual(wire.tools, [{ name: 'read_file', description: 'Reads a file', input_schema: READ_FILE.inputSchema }]);
    assert.deepEqual(wire.tool_choice, { type: 'auto' });
    assert.deepEqual(anthropicConversation({ ...conversation, toolMode: 'required' }).tool_choice, { type: 'any' });
    assert.deepEqual(anthropicConversation({ ...conversation, toolMode: 'none' }).tool_choice, { type: 'none' });
    assert.deepEqual(anthropicConversation({ system: '', tools: [], toolMode: 'auto', turns: [userText('hi')] }), { messages: [{ role: 'user', content: 'hi' }] });
  });

  it('OpenAI: tool_calls with JSON arguments, tool messages by call id, images as data URLs', () => {
    const wire = openAiConversation(conversation);
    assert.deepEqual(wire.messages, [
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'user', content: [{ type: 'text', text: 'What does this screen show, and what is in cart.ts?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
      { role: 'assistant', content: 'Let me read it.', tool_calls: [{ id: 'vscode:call/1', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/cart.ts"}' } }] },
      { role: 'tool', tool_call_id: 'vscode:call/1', content: 'Error: ENOENT' },
      { role: 'user', content: 'Try src/shop/cart.ts' },
    ]);
    assert.deepEqual(wire.tools, [{ type: 'function', function: { name: 'read_file', description: 'Reads a file', parameters: READ_FILE.inputSchema } }]);
    assert.equal(wire.tool_choice, 'auto');
  });
});

interface Subject {
  readonly name: string;
  start(): Promise<RunningFake & { script: FakeScript }>;
  target(url: string): Target;
  provider(): ModelProvider;
  /** The provider's own word for a tool turn's end. */
  readonly rawToolFinish: string;
  /** Whether the arguments stream in pieces (Ollama sends each call whole). */
  readonly streamsArguments: boolean;
}

const subjects: Subject[] = [
  { name: 'Ollama', start: () => startFakeOllama(), target: (url) => ({ id: 'qwen', provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [url] }), provider: () => new OllamaProvider(), rawToolFinish: 'stop', streamsArguments: false },
  { name: 'Anthropic', start: () => startFakeAnthropic(), target: (url) => ({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [url] }), provider: () => new AnthropicProvider(() => Promise.resolve('sk-test')), rawToolFinish: 'tool_use', streamsArguments: true },
  { name: 'OpenAI-compatible', start: () => startFakeOpenAiCompatible(), target: (url) => ({ id: 'phi', provider: 'openai-compatible', model: 'phi-3-mini', endpoints: [`${url}/v1`] }), provider: () => new OpenAiCompatibleProvider(), rawToolFinish: 'tool_calls', streamsArguments: true },
];

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('provider streams of tool calls, round trip', () => {
  for (const subject of subjects) {
    describe(subject.name, () => {
      let fake: RunningFake & { script: FakeScript };
      beforeEach(async () => {
        fake = await subject.start();
      });
      afterEach(() => fake.close());

      const request = (turns: readonly Turn[]) => ({ target: subject.target(fake.url), system: 'You are a coding agent.', turns, tools: [READ_FILE], toolMode: 'auto' as const, promptTokens: 40, maxOutputTokens: 256, signal: new AbortController().signal });

      it('streams a call as start, argument pieces and the whole call, and ends for tool calls', async () => {
        fake.script.push({ reply: 'Reading.', toolCalls: [{ name: 'read_file', input: { path: 'src/shop/cart.ts' } }] });
        const parts = await collect(subject.provider().stream(request([userText('Open the cart')])));
        const start = parts.findIndex((part) => part.type === 'tool-call-start');
        const call = parts.find((part) => part.type === 'tool-call');
        assert.ok(start >= 0 && call?.type === 'tool-call');
        assert.ok(parts.findIndex((part) => part.type === 'text-delta') < start, 'the text came first');
        assert.equal(call.name, 'read_file');
        assert.deepEqual(call.input, { path: 'src/shop/cart.ts' });
        assert.ok(call.id.length > 0);
        const deltas = parts.filter((part) => part.type === 'tool-call-delta');
        if (subject.streamsArguments) assert.equal(deltas.map((part) => (part.type === 'tool-call-delta' ? part.inputDelta : '')).join(''), '{"path":"src/shop/cart.ts"}');
        const finish = parts.at(-1);
        assert.ok(finish?.type === 'finish');
        assert.deepEqual(finish.reason, { unified: 'tool-calls', raw: subject.rawToolFinish });
      });

      // Ollama parses arguments itself and leaves a call that does not parse in the text (the fakes' contract test).
      if (subject.streamsArguments) it('keeps arguments that are not JSON as raw text, for the checks to refuse', async () => {
        fake.script.push({ toolCalls: [{ name: 'read_file', inputText: '{"path": "src/' }] });
        const parts = await collect(subject.provider().stream(request([userText('Open the cart')])));
        const call = parts.find((part) => part.type === 'tool-call');
        assert.ok(call?.type === 'tool-call');
        assert.equal(call.input, undefined);
        assert.equal(call.rawInput, '{"path": "src/');
      });

      it('sends the answer back as the next turn with its result, and the server takes it', async () => {
        fake.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/shop/cart.ts' } }] });
        const first = assemble(await collect(subject.provider().stream(request([userText('Open the cart')]))));
        const call = first.toolCalls[0];
        assert.ok(call !== undefined);
        fake.script.push({ reply: 'The cart holds two items.' });
        const turns: Turn[] = [userText('Open the cart'), assistantTurn(first), { role: 'user', parts: [{ type: 'tool-result', callId: call.id, content: [text('export const items = [1, 2];')] }] }];
        const second = assemble(await collect(subject.provider().stream(request(turns))));
        assert.equal(second.text, 'The cart holds two items.');
        assert.deepEqual(second.finish, { unified: 'stop', raw: subject.name === 'Anthropic' ? 'end_turn' : 'stop' });
      });

      it('takes a tool result that carries an image', async () => {
        fake.script.push({ reply: 'The button is disabled.' });
        const answer = assemble(await collect(subject.provider().stream({ ...request(screenshotTurns), tools: screenshot.tools })));
        assert.equal(answer.text, 'The button is disabled.');
        const body = JSON.stringify(fake.requests.at(-1)?.body);
        assert.ok(body.includes(PNG), 'the image reached the server');
      });

      it('takes over a conversation begun elsewhere, its call ids as they were', async () => {
        fake.script.push({ reply: 'Two items.' });
        const answer = assemble(await collect(subject.provider().stream(request(conversation.turns))));
        assert.equal(answer.text, 'Two items.');
      });
    });
  }
});
