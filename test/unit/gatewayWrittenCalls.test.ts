import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { RouterEngine } from '../../src/core/engine/routerEngine';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { RunningGateway } from '../../src/gateway/server';
import { startGateway } from '../../src/gateway/startGateway';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { textWrittenToolCall } from '../fakes/script';

const TOKEN = 'llmr-gateway-test-token';
const REAL_KEY = 'sk-ant-real-key-never-shown';
const READ_SCHEMA = { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] };
const RENAME = 'rename `total` to `subtotal` in orders.py';
/** The local model's reply: a sentence, then the call written as JSON on the next line. */
const WRITTEN = `Let me look.\n${textWrittenToolCall('Read', { file_path: 'orders.py' }, 'json')}`;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('gateway: a tool call the local model writes as text after a sentence, and tool results with images, documents and search results', () => {
  let anthropic: FakeAnthropic;
  let ollama: FakeOllama;
  let gateway: RunningGateway;
  let records: TaskRecord[];

  beforeEach(async () => {
    [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: REAL_KEY }), startFakeOllama()]);
    const { settings } = readRouterSettings(
      (key) =>
        ({
          'llmRouter.ollama.host': ollama.url,
          'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } },
          'llmRouter.classifier.maxLocalTokens': 32000,
        })[key],
    );
    records = [];
    const sink = { write: (record: TaskRecord) => void records.push(record) };
    const engine = new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(REAL_KEY), sink, sleep: () => Promise.resolve() });
    gateway = await startGateway({ engine, settings: () => settings, anthropicKey: () => Promise.resolve(REAL_KEY), sink, port: 0, token: TOKEN });
  });
  afterEach(async () => {
    await gateway?.close();
    await Promise.all([anthropic.close(), ollama.close()]);
  });

  it('Anthropic format: the sentence as a text block, the call as a tool_use block, streamed', async () => {
    ollama.script.push({ reply: WRITTEN });
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const message = await client.messages
      .stream({ model: 'claude-haiku-5-5', max_tokens: 1024, tools: [{ name: 'Read', description: 'Read a file', input_schema: READ_SCHEMA as Anthropic.Tool.InputSchema }], messages: [{ role: 'user', content: RENAME }] })
      .finalMessage();
    assert.deepEqual(
      message.content.map((block) => (block.type === 'text' ? ['text', block.text] : block.type === 'tool_use' ? ['tool_use', block.name, block.input] : [block.type])),
      [
        ['text', 'Let me look.'],
        ['tool_use', 'Read', { file_path: 'orders.py' }],
      ],
    );
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 0, 'the local answer was not escalated');
  });

  it('OpenAI format: the sentence as content, the call in tool_calls, streamed and whole', async () => {
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [{ type: 'function', function: { name: 'Read', description: 'Read a file', parameters: READ_SCHEMA } }];
    ollama.script.push({ reply: WRITTEN });
    const stream = await client.chat.completions.create({ model: 'qwen2.5-coder:7b', stream: true, tools, messages: [{ role: 'user', content: RENAME }] });
    let text = '';
    const calls = new Map<number, { name: string; args: string }>();
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      for (const call of choice?.delta.tool_calls ?? []) {
        const known = calls.get(call.index) ?? { name: '', args: '' };
        calls.set(call.index, { name: known.name + (call.function?.name ?? ''), args: known.args + (call.function?.arguments ?? '') });
      }
      finish = choice?.finish_reason ?? finish;
    }
    assert.equal(text, 'Let me look.');
    assert.deepEqual([...calls.values()].map((call) => [call.name, JSON.parse(call.args) as unknown]), [['Read', { file_path: 'orders.py' }]]);
    assert.equal(finish, 'tool_calls');

    ollama.script.push({ reply: WRITTEN });
    const whole = await client.chat.completions.create({ model: 'qwen2.5-coder:7b', tools, messages: [{ role: 'user', content: RENAME }] });
    const message = whole.choices[0]?.message;
    assert.equal(message?.content, 'Let me look.');
    assert.deepEqual(message?.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : call.type)), ['Read']);
  });

  it('releases an invalid call written after shown prose as the text it is, and its record says why', async () => {
    const prose = 'I will read the file first. Then I rename the variable.';
    ollama.script.push({ reply: `${prose}\n${textWrittenToolCall('Read', { path: 42 }, 'json')}` });
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const message = await client.messages
      .stream({ model: 'claude-haiku-5-5', max_tokens: 1024, tools: [{ name: 'Read', description: 'Read a file', input_schema: READ_SCHEMA as Anthropic.Tool.InputSchema }], messages: [{ role: 'user', content: RENAME }] })
      .finalMessage();
    assert.deepEqual(
      message.content.map((block) => block.type),
      ['text'],
      'the call went out as text',
    );
    assert.match(message.content[0]?.type === 'text' ? message.content[0].text : '', /^I will read the file first\.[\s\S]*"path":42/);
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 0, 'text was out: it could not escalate unseen');
    const record = records.at(-1);
    assert.equal(record?.outcome, 'answered');
    assert.ok(
      record?.notes.some((note) => /wrote a tool call as text after its answer had begun to reach you; the call was invalid \(the arguments of the call to Read do not match its schema: .*\), so it was released as text/.test(note)),
      `the notes say so: ${JSON.stringify(record?.notes)}`,
    );
  });

  it('reads an image inside an Anthropic tool_result as an image, and Claude gets it there', async () => {
    anthropic.script.push({ reply: 'The header overlaps the total.' });
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-haiku-5-5',
      max_tokens: 256,
      tools: [{ name: 'Screenshot', description: 'Capture the page', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: 'Why does the checkout page look broken?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_shot', name: 'Screenshot', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_shot', content: [{ type: 'text', text: 'Captured.' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] }] },
      ],
    });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'The header overlaps the total.');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 0, 'the small-model call went to Claude: it carries an image');
    const sent = anthropic.requests.filter((entry) => entry.path === '/v1/messages').at(-1)?.body as { messages: { content: { type: string; content?: { type: string }[] }[] }[] };
    assert.deepEqual(sent.messages.at(-1)?.content[0]?.content?.map((block) => block.type), ['text', 'image']);
  });

  it('gives the local model the text of a document and a search result inside an Anthropic tool_result', async () => {
    ollama.script.push({ reply: 'Functions use camelCase.' });
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-haiku-5-5',
      max_tokens: 256,
      tools: [{ name: 'FetchDocs', description: 'Fetch the docs', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: 'What does the style guide say about naming?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_docs', name: 'FetchDocs', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_docs',
              content: [
                { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Use camelCase for functions.' }, title: 'Style guide' },
                { type: 'search_result', title: 'Naming FAQ', source: 'https://example.com/faq', content: [{ type: 'text', text: 'Prefer whole words.' }] },
              ],
            },
          ],
        },
      ],
    });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'Functions use camelCase.');
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 0, 'a local model could read all of it');
    const sent = ollama.requests.filter((entry) => entry.path === '/api/chat').at(-1)?.body as { messages: { role: string; content: string }[] };
    const tool = sent.messages.find((entry) => entry.role === 'tool');
    assert.equal(tool?.content, 'Document: Style guide\nUse camelCase for functions.\nSearch result: Naming FAQ\nSource: https://example.com/faq\nPrefer whole words.');
  });

  it('sends a request with a PDF inside a tool_result to Claude unchanged, and the record says why', async () => {
    anthropic.script.push({ reply: 'The invoice total is 42.' });
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const pdf = { type: 'document' as const, source: { type: 'base64' as const, media_type: 'application/pdf' as const, data: 'JVBERi0xLjQK' }, title: 'invoice.pdf' };
    await client.messages.create({
      model: 'claude-haiku-5-5',
      max_tokens: 256,
      tools: [{ name: 'Read', description: 'Read a file', input_schema: READ_SCHEMA as Anthropic.Tool.InputSchema }],
      messages: [
        { role: 'user', content: 'What is the total on the invoice?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_pdf', name: 'Read', input: { file_path: 'invoice.pdf' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_pdf', content: [pdf] }] },
      ],
    });
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 0, 'a small-model call, but a local model cannot read the PDF');
    const sent = anthropic.requests.filter((entry) => entry.path === '/v1/messages').at(-1)?.body as { messages: { content: { type: string; content?: unknown[] }[] }[] };
    assert.deepEqual(sent.messages.at(-1)?.content[0]?.content, [pdf]);
    assert.ok(
      records.at(-1)?.notes.some((note) => note.includes('a PDF document inside a tool result')),
      `the notes say why: ${JSON.stringify(records.at(-1)?.notes)}`,
    );
  });

  it('reads an image a client put in an OpenAI tool message as the result\'s image, and sends the request to a model that sees it', async () => {
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    anthropic.script.push({ reply: 'Renamed.' });
    const messages = [
      { role: 'user', content: RENAME },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_shot', type: 'function', function: { name: 'Screenshot', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_shot', content: [{ type: 'text', text: 'Captured.' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
    ] as unknown as OpenAI.Chat.Completions.ChatCompletionMessageParam[];
    const whole = await client.chat.completions.create({ model: 'qwen2.5-coder:7b', tools: [{ type: 'function', function: { name: 'Screenshot', parameters: { type: 'object', properties: {} } } }], messages });
    assert.equal(whole.choices[0]?.message.content, 'Renamed.');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 0, 'a mechanical task, but it carries an image');
    const sent = anthropic.requests.filter((entry) => entry.path === '/v1/messages').at(-1)?.body as { messages: { content: { type: string; content?: { type: string }[] }[] }[] };
    assert.deepEqual(sent.messages.at(-1)?.content[0]?.content?.map((block) => block.type), ['text', 'image']);
  });
});
