import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { textWrittenToolCall } from '../fakes/script';
import { fileFor } from '../../src/core/ledger/ledger';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { activatedExtension, settingsScope } from './extension';

/** A tool as an agent offers it (VS Code's own read-file tool has this shape). */
const READ_FILE: vscode.LanguageModelChatTool = {
  name: 'read_file',
  description: 'Reads a file of the workspace.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
};
const withTools: vscode.LanguageModelChatRequestOptions = { tools: [READ_FILE], toolMode: vscode.LanguageModelChatToolMode.Auto };

interface Collected {
  text: string;
  calls: vscode.LanguageModelToolCallPart[];
}

async function collect(response: vscode.LanguageModelChatResponse): Promise<Collected> {
  const collected: Collected = { text: '', calls: [] };
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) collected.text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) collected.calls.push(part);
  }
  return collected;
}

async function model(id: string): Promise<vscode.LanguageModelChat> {
  const [found] = await vscode.lm.selectChatModels({ vendor: 'llm-router', id });
  assert.ok(found !== undefined, `the model ${id} is offered`);
  return found;
}

/** The conversation after a tool call and its result, as an agent continues it. */
function continued(prompt: string, call: vscode.LanguageModelToolCallPart, result: string): vscode.LanguageModelChatMessage[] {
  return [
    vscode.LanguageModelChatMessage.User(prompt),
    vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelToolCallPart(call.callId, call.name, call.input)]),
    vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart(result)])]),
  ];
}

type Block = { type: string; id?: string; tool_use_id?: string; name?: string; input?: unknown };
function anthropicBlocks(fake: FakeAnthropic, type: string): Block[] {
  const last = fake.requests.filter((entry) => entry.path === '/v1/messages').at(-1)?.body as { messages: { content: string | Block[] }[] } | undefined;
  assert.ok(last !== undefined, 'Claude was asked');
  return last.messages.flatMap((message) => (typeof message.content === 'string' ? [] : message.content.filter((block) => block.type === type)));
}

function ollamaChats(fake: FakeOllama): { messages: { role: string; content: string; tool_calls?: unknown[] }[]; tools?: unknown[] }[] {
  return fake.requests.filter((entry) => entry.path === '/api/chat').map((entry) => entry.body as never);
}

/** This month's ledger records, as the extension wrote them. */
function ledgerRecords(folder: string): TaskRecord[] {
  const file = join(folder, fileFor(new Date()));
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { r: TaskRecord }).r);
}

const ORDERS = 'def total(items):\n    return sum(item["price"] for item in items)\n';

describe('the LLM Router models as chat models with tools (vscode.lm)', () => {
  const settings = settingsScope();
  let ollama: FakeOllama;
  let anthropic: FakeAnthropic;
  const token = () => new vscode.CancellationTokenSource().token;

  let ledgerFolder: string;

  before(async () => {
    ledgerFolder = (await activatedExtension()).api.ledgerFolder;
  });
  beforeEach(async () => {
    [ollama, anthropic] = await Promise.all([startFakeOllama({ modelContextLength: 65_536 }), startFakeAnthropic()]);
    process.env.ANTHROPIC_API_KEY = 'sk-ant-chat-models-test-key-0000001';
    await settings.set('llmRouter.ollama.host', ollama.url);
    await settings.set('llmRouter.targets', { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } });
  });
  afterEach(async () => {
    await settings.restore();
    delete process.env.ANTHROPIC_API_KEY;
    await Promise.all([ollama.close(), anthropic.close()]);
  });

  it('offers each local model with the window its server reports, not a constant', async () => {
    for (let waited = 0; waited < 5_000 && (await model('target:local-code')).maxInputTokens <= 32_768; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const local = await model('target:local-code');
    assert.ok(local.maxInputTokens > 45_000 && local.maxInputTokens < 65_536, `${local.maxInputTokens}: the fake's model holds 65,536 tokens`);
    assert.ok((await model('auto')).maxInputTokens >= local.maxInputTokens);
    assert.ok(ollama.requests.some((entry) => entry.path === '/api/show'));
  });

  it('runs a tool round trip on the local model: call, result, final answer', async () => {
    const local = await model('target:local-code');
    const prompt = 'Write a docstring for total in src/orders.py';
    ollama.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const first = await collect(await local.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], withTools, token()));
    assert.equal(first.text, '');
    assert.equal(first.calls.length, 1);
    const [call] = first.calls;
    assert.deepEqual({ name: call.name, input: call.input }, { name: 'read_file', input: { path: 'src/orders.py' } });
    assert.ok(call.callId.length > 0, 'the call has an id the agent answers with');
    const sent = ollamaChats(ollama).at(-1)!;
    assert.deepEqual((sent.tools as { function: { name: string } }[]).map((tool) => tool.function.name), ['read_file'], 'the tools reach Ollama');

    ollama.script.push({ reply: '"""Adds up the price of every item."""' });
    const second = await collect(await local.sendRequest(continued(prompt, call, ORDERS), withTools, token()));
    assert.equal(second.text, '"""Adds up the price of every item."""');
    assert.deepEqual(second.calls, []);
    const roles = ollamaChats(ollama).at(-1)!.messages.map((message) => message.role);
    assert.deepEqual(roles.slice(-3), ['user', 'assistant', 'tool'], 'the call and its result reach Ollama as a tool turn');
    assert.equal(ollamaChats(ollama).at(-1)!.messages.at(-1)!.content, ORDERS);
  });

  it('records every request as a task, with where it came from and its turns and tool calls', async () => {
    const local = await model('target:local-code');
    const before = new Set(ledgerRecords(ledgerFolder).map((record) => record.id));
    ollama.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    await collect(await local.sendRequest([vscode.LanguageModelChatMessage.User('Write a docstring for total in src/orders.py')], withTools, token()));
    let added: TaskRecord[] = [];
    for (let waited = 0; added.length === 0 && waited < 5_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      added = ledgerRecords(ledgerFolder).filter((record) => !before.has(record.id));
    }
    assert.equal(added.length, 1, 'one request, one task in the ledger');
    const [record] = added;
    assert.equal(record.surface, 'model-picker', 'asked through vscode.lm, not the chat view');
    assert.equal(record.client, 'llm-router.llm-router', 'the extension that called (here the tests, inside this extension)');
    assert.deepEqual({ turns: record.turns, toolsOffered: record.toolsOffered, toolCalls: record.toolCalls }, { turns: 1, toolsOffered: 1, toolCalls: 1 });
    assert.equal(record.final?.targetId, 'local-code');
  });

  it('runs a tool round trip on Claude, with the call id kept from the call to its result', async () => {
    const claude = await model('target:claude');
    const prompt = 'Why does total miscount refunds? Look at src/orders.py';
    anthropic.script.push({ reply: 'Let me read it.', toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const first = await collect(await claude.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], withTools, token()));
    assert.equal(first.text, 'Let me read it.');
    assert.equal(first.calls.length, 1);
    const call = first.calls[0];

    anthropic.script.push({ reply: 'Refunds have negative prices, and sum() keeps them.' });
    const second = await collect(await claude.sendRequest(continued(prompt, call, ORDERS), withTools, token()));
    assert.equal(second.text, 'Refunds have negative prices, and sum() keeps them.');
    const uses = anthropicBlocks(anthropic, 'tool_use');
    const results = anthropicBlocks(anthropic, 'tool_result');
    assert.equal(uses.length, 1);
    assert.equal(results.length, 1);
    assert.equal(results[0].tool_use_id, uses[0].id, 'Claude sees a result for the call it made');
  });

  it('passes an attached image to Claude, and Auto (offered as seeing images) sends a request with one to Claude', async () => {
    const claude = await model('target:claude');
    assert.equal((claude as unknown as { capabilities?: { supportsImageToText?: boolean } }).capabilities?.supportsImageToText, true);
    // A 1×1 PNG, as a data part (VS Code 1.139 has LanguageModelDataPart; the typings used here predate it).
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const { LanguageModelDataPart } = vscode as unknown as { LanguageModelDataPart: { image(data: Uint8Array, mimeType: string): unknown } };
    anthropic.script.push({ reply: 'A single pixel.' });
    const message = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelTextPart('What is in this picture?'), LanguageModelDataPart.image(png, 'image/png') as vscode.LanguageModelTextPart]);
    const answer = await collect(await claude.sendRequest([message], {}, token()));
    assert.equal(answer.text, 'A single pixel.');
    const images = anthropicBlocks(anthropic, 'image') as unknown as { source: { media_type: string; data: string } }[];
    assert.deepEqual(images.map((image) => image.source), [{ type: 'base64', media_type: 'image/png', data: png.toString('base64') }]);

    // Through Auto, a mechanical task that carries an image still goes to a model that sees it.
    anthropic.script.push({ reply: 'Renamed.' });
    const auto = await model('auto');
    assert.equal((auto as unknown as { capabilities?: { supportsImageToText?: boolean } }).capabilities?.supportsImageToText, true);
    const routed = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelTextPart('Rename total to order_total in this screenshot of src/orders.py'), LanguageModelDataPart.image(png, 'image/png') as vscode.LanguageModelTextPart]);
    assert.equal((await collect(await auto.sendRequest([routed], {}, token()))).text, 'Renamed.');
    assert.equal(ollamaChats(ollama).length, 0, 'no local model was given the image');
  });

  it('passes an image a tool gave back to Claude inside its tool result, and Auto sends such a conversation to Claude', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const { LanguageModelDataPart } = vscode as unknown as { LanguageModelDataPart: { image(data: Uint8Array, mimeType: string): unknown } };
    const prompt = 'Rename total to order_total in src/orders.py';
    const call = new vscode.LanguageModelToolCallPart('call_shot', 'read_file', { path: 'screenshots/orders.png' });
    const messages = [
      vscode.LanguageModelChatMessage.User(prompt),
      vscode.LanguageModelChatMessage.Assistant([call]),
      vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('The file is an image.'), LanguageModelDataPart.image(png, 'image/png')])]),
    ];
    anthropic.script.push({ reply: 'The screenshot shows total in the header.' });
    const answer = await collect(await (await model('auto')).sendRequest(messages, withTools, token()));
    assert.equal(answer.text, 'The screenshot shows total in the header.');
    assert.equal(ollamaChats(ollama).length, 0, 'no local model was given the image');
    const [result] = anthropicBlocks(anthropic, 'tool_result') as unknown as { content: { type: string; text?: string; source?: { data: string } }[] }[];
    assert.deepEqual(
      result?.content.map((block) => (block.type === 'image' ? ['image', block.source?.data] : [block.type, block.text])),
      [
        ['text', 'The file is an image.'],
        ['image', png.toString('base64')],
      ],
    );
  });

  it('keeps the call ids when a conversation moves from the local model to Claude mid-task', async () => {
    const auto = await model('auto');
    const prompt = 'Rename the variable items to lines in total, in src/orders.py';
    ollama.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const first = await collect(await auto.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], withTools, token()));
    assert.equal(first.calls.length, 1, 'the local model made the call');
    assert.equal(anthropic.requests.length, 0);
    const call = first.calls[0];

    // The local model's next step calls a tool nobody offered: the turn escalates to Claude.
    ollama.script.push({ toolCalls: [{ name: 'delete_everything', input: {} }] });
    anthropic.script.push({ reply: 'def total(lines):\n    return sum(line["price"] for line in lines)' });
    const second = await collect(await auto.sendRequest(continued(prompt, call, ORDERS), withTools, token()));
    assert.match(second.text, /def total\(lines\)/);
    assert.deepEqual(second.calls, [], 'the invalid local call never reached the caller');
    const uses = anthropicBlocks(anthropic, 'tool_use');
    const results = anthropicBlocks(anthropic, 'tool_result');
    assert.deepEqual(uses.map((use) => use.name), ['read_file'], 'Claude sees the local model\'s call');
    assert.equal(results[0]?.tool_use_id, uses[0]?.id);
    assert.match(uses[0].id!, /^[a-zA-Z0-9_-]+$/, 'an id Anthropic accepts');
  });

  it('turns a tool call the local model wrote as text into a real call', async () => {
    const local = await model('target:local-code');
    ollama.script.push({ reply: textWrittenToolCall('read_file', { path: 'src/orders.py' }, 'tool-call-tag') });
    const answer = await collect(await local.sendRequest([vscode.LanguageModelChatMessage.User('Write a docstring for total in src/orders.py')], withTools, token()));
    assert.equal(answer.text.trim(), '', 'the written call is not shown as text');
    assert.deepEqual(
      answer.calls.map((call) => ({ name: call.name, input: call.input })),
      [{ name: 'read_file', input: { path: 'src/orders.py' } }],
    );
  });

  it('turns a call the local model writes on the line after a sentence into that sentence and a real call', async () => {
    const local = await model('target:local-code');
    ollama.script.push({ reply: `Let me look.\n${textWrittenToolCall('read_file', { path: 'src/orders.py' }, 'json')}` });
    const answer = await collect(await local.sendRequest([vscode.LanguageModelChatMessage.User('Write a docstring for total in src/orders.py')], withTools, token()));
    assert.equal(answer.text, 'Let me look.');
    assert.deepEqual(
      answer.calls.map((call) => ({ name: call.name, input: call.input })),
      [{ name: 'read_file', input: { path: 'src/orders.py' } }],
    );
  });

  it('escalates a local tool call whose arguments do not match the schema, before anything is shown', async () => {
    const auto = await model('auto');
    ollama.script.push({ toolCalls: [{ name: 'read_file', input: { file: 42 } }] });
    anthropic.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const answer = await collect(await auto.sendRequest([vscode.LanguageModelChatMessage.User('Write a docstring for total in src/orders.py')], withTools, token()));
    assert.deepEqual(
      answer.calls.map((call) => call.input),
      [{ path: 'src/orders.py' }],
      'only Claude\'s valid call reaches the caller',
    );
    assert.equal(ollamaChats(ollama).length, 1);
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 1);
  });

  it('streams the first words while the model is still writing, and cancelling ends the request', async () => {
    const local = await model('target:local-code');
    // The fake sends six words (an opening paragraph the engine can judge) and then holds the stream open until the client leaves.
    ollama.script.push({ reply: 'Total adds up the prices.\n\nIt returns one number for every caller.', fault: { kind: 'stall', afterTokens: 6 } });
    const cancel = new vscode.CancellationTokenSource();
    const response = await local.sendRequest([vscode.LanguageModelChatMessage.User('Explain what total returns')], {}, cancel.token);
    const chunks = response.text[Symbol.asyncIterator]();
    let seen = '';
    while (!seen.includes('\n\nIt')) {
      const next = await chunks.next();
      assert.ok(next.done !== true, `the answer ended early: ${JSON.stringify(seen)}`);
      seen += next.value;
    }
    assert.match(seen, /^Total adds up the prices\.\n\nIt/, 'the opening arrived while the model had not finished');
    cancel.cancel();
    // The model never finishes this answer: the response ends only because cancelling aborted the request.
    for (;;) {
      const next = await chunks.next().catch((error: unknown) => ({ done: true as const, value: error }));
      if (next.done === true) break;
    }
    cancel.dispose();
  });
});
