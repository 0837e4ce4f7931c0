import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { RouterEngine } from '../../src/core/engine/routerEngine';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { RunningGateway } from '../../src/gateway/server';
import { startGateway } from '../../src/gateway/startGateway';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';

const TOKEN = 'llmr-gateway-test-token';
const REAL_KEY = 'sk-ant-real-key-never-shown';

const TOOLS = [
  { name: 'Edit', description: 'Edit a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' }, old_string: { type: 'string' }, new_string: { type: 'string' } }, required: ['file_path', 'old_string', 'new_string'] } },
  { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } },
];

describe('gateway: Anthropic Messages', () => {
  let anthropic: FakeAnthropic;
  let ollama: FakeOllama;
  let gateway: RunningGateway;
  let records: TaskRecord[];
  let client: Anthropic;

  async function start(values: Record<string, unknown> = {}, spentUsd = 0): Promise<void> {
    const { settings } = readRouterSettings(
      (key) =>
        ({
          'llmRouter.ollama.host': ollama.url,
          'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } },
          'llmRouter.timeouts.localFirstTokenSeconds': 2,
          'llmRouter.timeouts.cloudFirstTokenSeconds': 2,
          ...values,
        })[key],
    );
    const sink = { write: (record: TaskRecord) => void records.push(record) };
    const engine = new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(REAL_KEY), sink, spend: { monthToDateUsd: () => spentUsd }, sleep: () => Promise.resolve() });
    gateway = await startGateway({ engine, settings: () => settings, anthropicKey: () => Promise.resolve(REAL_KEY), sink, port: 0, token: TOKEN });
    client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
  }

  beforeEach(async () => {
    records = [];
    [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: REAL_KEY, cacheReadTokens: 1000, cacheCreationTokens: 200 }), startFakeOllama()]);
  });
  afterEach(async () => {
    await gateway?.close();
    await Promise.all([anthropic.close(), ollama.close()]);
  });

  it('passes a reasoning request to Claude unchanged, with the real key, and streams the answer back', async () => {
    await start();
    anthropic.script.push({ reply: 'The race comes from the shared cache being read before the lock is taken.' });
    const body = {
      model: 'claude-opus-5-5',
      max_tokens: 128000,
      stream: true,
      thinking: { type: 'adaptive' },
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      tools: TOOLS,
      messages: [{ role: 'user', content: 'Why does this deadlock under load? Think through the lock ordering across the worker pool and the cache eviction path, and explain the race.' }],
    };
    const raw = await fetch(`${gateway.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14', 'user-agent': 'claude-cli/2.1.332 (external, sdk-cli)' },
      body: JSON.stringify(body),
    });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get('x-should-retry'), null, 'Claude\'s response keeps its own headers; the gateway adds none');
    const text = await raw.text();
    assert.match(text, /event: message_start/);
    assert.match(text, /event: message_stop/);
    const said = [...text.matchAll(/"text_delta","text":"([^"]*)"/g)].map((match) => match[1]).join('');
    assert.equal(said, 'The race comes from the shared cache being read before the lock is taken.');
    const received = anthropic.requests.at(-1)!;
    assert.deepEqual(received.body, body, 'the body reaches Claude as the client sent it');
    assert.equal(received.headers['x-api-key'], REAL_KEY);
    assert.equal(received.headers.authorization, undefined, 'the gateway token is not forwarded');
    assert.equal(received.headers['anthropic-beta'], 'claude-code-20250219,interleaved-thinking-2025-05-14');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 0);
    assert.ok(!text.includes(REAL_KEY));

    const record = records.at(-1)! as TaskRecord & { surface?: string; client?: string };
    assert.equal(record.final?.provider, 'anthropic');
    assert.equal(record.surface, 'gateway');
    assert.equal(record.client, 'claude-code');
    assert.equal(record.attempts[0]?.usage.cacheReadTokens, 1000, 'cache reads are counted');
    assert.equal(record.attempts[0]?.usage.cacheWriteTokens, 200, 'cache writes are counted');
    assert.ok(record.costUsd > 0, 'priced');
  });

  it('answers a small-model call (claude-haiku) with the local model, streamed in Messages events', async () => {
    await start();
    ollama.script.push({ reply: 'Fix login redirect' });
    const stream = client.messages.stream({ model: 'claude-haiku-5-5', max_tokens: 512, system: 'Write a 3-word title for this conversation.', messages: [{ role: 'user', content: 'the login page redirects twice after sign-in' }] });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    assert.equal(message.content[0]?.type === "text" ? message.content[0].text : "", "Fix login redirect", JSON.stringify(records.map((record) => record.attempts), null, 1));
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(events[0], 'message_start');
    assert.equal(events.at(-1), 'message_stop');
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 0, 'Claude never saw it');
    const record = records.at(-1)!;
    assert.equal(record.final?.local, true);
  });

  it('falls back to the local model when Claude is overloaded (529) before the first byte', async () => {
    await start();
    anthropic.script.push({ fault: { kind: 'overloaded', retryAfterSeconds: 0 } }, { fault: { kind: 'overloaded', retryAfterSeconds: 0 } }, { fault: { kind: 'overloaded', retryAfterSeconds: 0 } });
    ollama.script.push({ reply: 'Here is the explanation from the local model.' });
    const message = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Why does this deadlock under load? Reason about the lock ordering across threads and the race in the eviction path.' }] });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'Here is the explanation from the local model.');
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 3, 'tried, retried twice, then fell back');
    assert.equal(records.length, 1, 'one request, one record');
    const [record] = records;
    assert.equal(record?.outcome, 'answered');
    assert.equal(record?.final?.local, true);
    const cloud = record?.attempts.filter((attempt) => attempt.provider === 'anthropic') ?? [];
    assert.deepEqual(cloud.map((attempt) => [attempt.retry, attempt.outcome]), [[0, 'error'], [1, 'error'], [2, 'error']], 'the three overloaded tries come first');
    assert.ok(cloud.every((attempt) => /529/.test(attempt.reason ?? '')));
    assert.equal(record?.attempts.at(-1)?.local, true, 'then the local answer');
    assert.equal(record?.costUsd, 0, 'an overloaded try consumed nothing');
    assert.ok(record !== undefined && [...record.decision.reasons, ...record.notes].some((note) => /Claude failed before answering/.test(note)), 'the record says why it went local');
  });

  it('records a Claude failure once, with its tries, when only Claude could read the request (an image by URL)', async () => {
    await start();
    anthropic.script.push({ fault: { kind: 'overloaded', retryAfterSeconds: 0 } }, { fault: { kind: 'overloaded', retryAfterSeconds: 0 } }, { fault: { kind: 'overloaded', retryAfterSeconds: 0 } });
    await assert.rejects(client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'What is in this screenshot?' }] }] }), (error: Error & { status?: number; headers?: Headers }) => error.status === 529 && error.headers?.get('x-should-retry') === 'false');
    assert.equal(records.length, 1);
    assert.equal(records[0]?.outcome, 'failed');
    assert.equal(records[0]?.attempts.length, 3);
  });

  it('keeps work going locally once the monthly allotment is spent, and stops with a clear error when only Claude could answer', async () => {
    await start({ 'llmRouter.budget.monthlyUsd': 5 }, 6);
    ollama.script.push({ reply: 'Local answer at the cap.' });
    const message = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Why does this deadlock under load? Reason about the lock ordering across threads.' }] });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'Local answer at the cap.');
    await assert.rejects(
      client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'What is in this screenshot?' }] }] }),
      (error: Error & { status?: number; headers?: Headers }) => error.status === 400 && /allotment .* is used up/.test(error.message) && error.headers?.get('x-should-retry') === 'false',
    );
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 0);
  });

  it('refuses with a 503 the client does not retry when the local draft fails and the request may not go to Claude, and records the draft once', async () => {
    await start({ 'llmRouter.budget.monthlyUsd': 5, 'llmRouter.classifier.maxLocalTokens': 32000 }, 6);
    ollama.script.push({ reply: '', toolCalls: [{ name: 'DeleteEverything', input: {} }] }, { reply: '', toolCalls: [{ name: 'DeleteEverything', input: {} }] }, { reply: '', toolCalls: [{ name: 'DeleteEverything', input: {} }] });
    await assert.rejects(
      client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 512, tools: TOOLS as Anthropic.Tool[], messages: [{ role: 'user', content: 'rename `total` to `subtotal` in orders.py' }] }),
      (error: Error & { status?: number; headers?: Headers }) => error.status === 503 && /may not go to Claude/.test(error.message) && error.headers?.get('x-should-retry') === 'false',
    );
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 0);
    assert.equal(records.length, 1, 'the failed draft is the request\'s one record');
    assert.equal(records[0]?.outcome, 'failed');
    assert.ok(records[0]?.attempts.every((attempt) => attempt.local));
  });

  it('serves a mechanical tool loop locally: the local model\'s tool call reaches the client as tool_use, and the result comes back', async () => {
    await start({ 'llmRouter.classifier.maxLocalTokens': 32000 });
    ollama.script.push({ reply: '', toolCalls: [{ name: 'Edit', input: { file_path: 'orders.py', old_string: 'total', new_string: 'subtotal' } }] }, { reply: 'Renamed total to subtotal in orders.py.' });
    const first = await client.messages.stream({ model: 'claude-opus-5-5', max_tokens: 4096, system: 'You are Claude Code.', tools: TOOLS as Anthropic.Tool[], messages: [{ role: 'user', content: 'rename `total` to `subtotal` in orders.py' }] }).finalMessage();
    assert.equal(first.stop_reason, 'tool_use', JSON.stringify(records.at(-1)));
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use');
    assert.equal(call.name, 'Edit');
    assert.deepEqual(call.input, { file_path: 'orders.py', old_string: 'total', new_string: 'subtotal' });
    const chat = ollama.requests.filter((entry) => entry.path === '/api/chat');
    const sent = chat.at(-1)?.body as { tools?: { function: { name: string } }[]; messages: { role: string; content: string }[] };
    assert.deepEqual(sent.tools?.map((tool) => tool.function.name), ['Edit', 'Read'], 'the tools reach the local model');
    assert.equal(sent.messages[0]?.content, 'You are Claude Code.', 'with the client\'s own system prompt');

    const second = await client.messages.create({
      model: 'claude-opus-5-5',
      max_tokens: 4096,
      system: 'You are Claude Code.',
      tools: TOOLS as Anthropic.Tool[],
      messages: [
        { role: 'user', content: 'rename `total` to `subtotal` in orders.py' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'The file orders.py has been updated.' }] },
      ],
    });
    assert.equal(second.content[0]?.type === 'text' ? second.content[0].text : '', 'Renamed total to subtotal in orders.py.');
    assert.equal(anthropic.requests.filter((entry) => entry.path === '/v1/messages').length, 0, 'Claude never saw the loop');
    const [one, two] = records.slice(-2);
    assert.equal(one?.surface, 'gateway');
    assert.equal(one?.toolCalls, 1);
    assert.equal(two?.turns, 3);
  });

  it('escalates a local draft that calls a tool it was not offered to Claude, and the client sees only Claude\'s answer', async () => {
    await start({ 'llmRouter.classifier.maxLocalTokens': 32000 });
    ollama.script.push({ reply: '', toolCalls: [{ name: 'DeleteEverything', input: {} }] }, { reply: '', toolCalls: [{ name: 'DeleteEverything', input: {} }] });
    anthropic.script.push({ reply: 'Claude did it properly.' });
    const message = await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 512, tools: TOOLS as Anthropic.Tool[], messages: [{ role: 'user', content: 'rename `total` to `subtotal` in orders.py' }] });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'Claude did it properly.');
    assert.equal(records.length, 1, 'one request, one record: the failed draft is not a record of its own');
    const record = records[0] as TaskRecord & { surface?: string; client?: string };
    assert.equal(record.outcome, 'answered');
    assert.equal(record.final?.provider, 'anthropic');
    assert.equal(record.surface, 'gateway');
    assert.ok(record.client !== undefined && record.client !== '', 'the client is named');
    assert.match(record.notes.join(' '), /Claude answered because the local draft failed/);
    const local = record.attempts.filter((attempt) => attempt.local);
    assert.ok(local.length > 0 && local.every((attempt) => attempt.outcome !== 'answered'), JSON.stringify(record.attempts));
    assert.deepEqual(record.attempts.map((attempt) => attempt.provider === 'anthropic'), [...local.map(() => false), true], 'the local draft\'s attempts, then Claude\'s pass-through');
    const claude = record.attempts.at(-1)!;
    assert.ok((claude.costUsd ?? 0) > 0, 'Claude\'s usage is priced');
    assert.equal(record.costUsd, claude.costUsd, 'the local drafts cost nothing; the request cost what Claude charged');
    assert.ok(record.latencyMs >= 0 && Date.parse(record.startedAt) <= Date.parse(local[0].startedAt), 'the record starts with the draft');
  });

  it('keeps the rest of a user turn on Claude once a failed local draft moved it there', async () => {
    await start({ 'llmRouter.classifier.maxLocalTokens': 32000 });
    ollama.script.push({ reply: '', toolCalls: [{ name: 'DeleteEverything', input: {} }] }, { reply: '', toolCalls: [{ name: 'DeleteEverything', input: {} }] });
    anthropic.script.push({ reply: '', toolCalls: [{ name: 'Read', input: { file_path: 'orders.py' } }] }, { reply: 'Renamed.' });
    const ask = { role: 'user' as const, content: 'rename `total` to `subtotal` in orders.py' };
    const first = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 512, tools: TOOLS as Anthropic.Tool[], messages: [ask] });
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use', JSON.stringify(first));
    const localTries = ollama.requests.filter((entry) => entry.path === '/api/chat').length;
    const second = await client.messages.create({
      model: 'claude-opus-5-5',
      max_tokens: 512,
      tools: TOOLS as Anthropic.Tool[],
      messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'total = 1' }] }],
    });
    assert.equal(second.content[0]?.type === 'text' ? second.content[0].text : '', 'Renamed.');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, localTries, 'the tool loop did not drop back to the local model');
    assert.match(records.at(-1)?.notes.join(' ') ?? '', /Stays (on|off)/);
  });

  it('ends Claude\'s stream with an error event the SDK raises when the connection breaks after the first bytes', async () => {
    await start();
    anthropic.script.push({ reply: 'one two three four five six seven', fault: { kind: 'drop-connection', afterTokens: 3 } });
    const stream = client.messages.stream({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Why does this deadlock under load? Reason about the lock ordering across threads.' }] });
    await assert.rejects(stream.finalMessage(), /broke mid-answer/);
    assert.equal(records.at(-1)?.outcome, 'failed');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 0, 'no silent fallback once bytes are out');
  });

  it('counts tokens locally and lists models in a shape both SDKs read', async () => {
    await start();
    const count = await client.messages.countTokens({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'hello there, how are you today?' }] });
    assert.ok(count.input_tokens > 3 && count.input_tokens < 30, String(count.input_tokens));
    assert.equal(anthropic.requests.length, 0, 'no content left for a count');
    const models = await client.models.list();
    const ids = models.data.map((model) => model.id);
    assert.ok(ids.includes('claude-sonnet-5-5'));
    assert.ok(ids.includes('qwen2.5-coder:7b'));
  });

  it('answers a malformed body with the API\'s 400', async () => {
    await start();
    const reply = await fetch(`${gateway.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': TOKEN, 'content-type': 'application/json' }, body: '{"messages": []}' });
    assert.equal(reply.status, 400);
    assert.equal(((await reply.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  });
});
