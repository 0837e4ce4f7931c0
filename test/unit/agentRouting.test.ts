import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { RouterEngine } from '../../src/core/engine/routerEngine';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { RunningGateway } from '../../src/gateway/server';
import { startGateway } from '../../src/gateway/startGateway';
import { messagesBodyOf, requestFromMessages, type MessagesBody } from '../../src/gateway/anthropic/fromWire';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { claudeCodeBody, firstUserTurn, ENVIRONMENT, readResult, titleCallBody, toolRound, type ClaudeCodeTurn } from './claudeCodeBodies';

const TOKEN = 'llmr-agent-routing-token';
const REAL_KEY = 'sk-ant-agent-routing-key';
const ORDERS_PY = 'def order_total(items):\n    total = 0\n    for item in items:\n        total += item.price * item.qty\n    return total\n';
const RENAME = 'rename `total` to `subtotal` in orders.py';

/** Claude Code through the gateway with the default settings: no raised local limit, no custom rules. */
describe('routing Claude Code’s requests by the task, with the default settings', () => {
  let anthropic: FakeAnthropic;
  let ollama: FakeOllama;
  let gateway: RunningGateway;
  let records: TaskRecord[];
  let client: Anthropic;
  let fresh: RouterEngine;

  beforeEach(async () => {
    records = [];
    [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: REAL_KEY }), startFakeOllama()]);
    const { settings } = readRouterSettings(
      (key) =>
        ({
          'llmRouter.ollama.host': ollama.url,
          'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } },
          'llmRouter.shadow.sampleRate': 0,
        })[key],
    );
    fresh = new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(REAL_KEY) });
    const sink = { write: (record: TaskRecord) => void records.push(record) };
    const engine = new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(REAL_KEY), sink, sleep: () => Promise.resolve() });
    gateway = await startGateway({ engine, settings: () => settings, anthropicKey: () => Promise.resolve(REAL_KEY), sink, port: 0, token: TOKEN });
    client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
  });
  afterEach(async () => {
    await gateway?.close();
    await Promise.all([anthropic.close(), ollama.close()]);
  });

  const send = (body: Record<string, unknown>) => client.messages.stream(body as never).finalMessage();
  const localRequests = () => ollama.requests.filter((entry) => entry.path === '/api/chat').length;
  const cloudRequests = () => anthropic.requests.filter((entry) => entry.path === '/v1/messages').length;
  const toolUse = (message: Anthropic.Message) => {
    const call = message.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use', `a tool call: ${JSON.stringify(message.content)}`);
    return call;
  };

  it('serves a mechanical rename locally through its whole tool loop, though each request is over 10,000 tokens', async () => {
    ollama.script.push({ toolCalls: [{ name: 'Read', input: { file_path: '/home/dev/shop/orders.py' } }] }, { toolCalls: [{ name: 'Edit', input: { file_path: '/home/dev/shop/orders.py', old_string: 'total', new_string: 'subtotal', replace_all: true } }] }, { reply: 'Renamed total to subtotal in orders.py.' });
    const read = toolUse(await send(claudeCodeBody(RENAME)));
    assert.equal(read.name, 'Read');
    const afterRead = toolRound([{ id: read.id, name: 'Read', input: read.input, result: readResult(ORDERS_PY) }]);
    const edit = toolUse(await send(claudeCodeBody(RENAME, { later: afterRead })));
    assert.equal(edit.name, 'Edit');
    const afterEdit = [...afterRead, ...toolRound([{ id: edit.id, name: 'Edit', input: edit.input, result: 'The file /home/dev/shop/orders.py has been updated.' }])];
    const done = await send(claudeCodeBody(RENAME, { later: afterEdit }));
    assert.deepEqual(done.content.map((block) => (block.type === 'text' ? block.text : block.type)), ['Renamed total to subtotal in orders.py.']);

    assert.equal(cloudRequests(), 0, 'nothing reached Claude');
    assert.equal(localRequests(), 3);
    assert.equal(records.length, 3);
    for (const record of records) {
      assert.equal(record.final?.local, true, record.notes.join(' '));
      assert.ok(record.decision.promptTokens > 10_000, `the whole prompt is counted: ${record.decision.promptTokens}`);
      assert.ok((record.decision.taskTokens ?? Infinity) < 1_000, `the task is small: ${record.decision.taskTokens}`);
    }
    assert.match(records[0]?.decision.reasons.join(' ') ?? '', /The task \(the latest user message, its code and tool results\) is \d+ tokens, within the local limit of 4,000; the whole prompt, .* is [\d,]+ tokens/);
  });

  it('classifies only the user’s words: the reminder’s commit attribution and the system prompt are not the task', async () => {
    ollama.script.push({ reply: 'def greet(name: str) -> str:' });
    await send(claudeCodeBody('add type hints to greet in hello.py'));
    const [record] = records;
    assert.equal(record?.final?.local, true, record?.notes.join(' '));
    assert.doesNotMatch(record?.decision.reasons.join(' ') ?? '', /auth|credential|attribution/i);
  });

  it('keeps a local tool loop local when the file it read would route fresh to Claude (over the local limit), and says why', async () => {
    const longFile = `${ORDERS_PY}${Array.from({ length: 500 }, (_, index) => `def line_total_${index}(item):\n    return item.price * item.qty + ${index}\n`).join('')}`;
    ollama.script.push({ toolCalls: [{ name: 'Read', input: { file_path: '/home/dev/shop/orders.py' } }] }, { reply: 'Renamed.' });
    const read = toolUse(await send(claudeCodeBody(RENAME)));
    const later = toolRound([{ id: read.id, name: 'Read', input: read.input, result: readResult(longFile) }]);
    const followUp = claudeCodeBody(RENAME, { later });
    const unremembered = await fresh.plan(requestFromMessages(messagesBodyOf(followUp) as MessagesBody, 'claude-code').request);
    assert.equal(unremembered.chain[0]?.provider, 'anthropic', `planned afresh, the follow-up goes to Claude: ${unremembered.decision.reasons.join(' ')}`);
    await send(followUp);
    assert.equal(cloudRequests(), 0, records.map((record) => record.notes.join(' ')).join('\n'));
    assert.equal(records[1]?.final?.local, true);
    assert.match(records[1]?.notes.join(' ') ?? '', /Stays on qwen2\.5-coder:7b for the rest of this user turn: its tool results show no failure/);
  });

  it('moves a local tool loop up to Claude when its tools fail twice, with the reason', async () => {
    ollama.script.push({ toolCalls: [{ name: 'Bash', input: { file_path: '/home/dev/shop', command: 'pytest' } }] }, { toolCalls: [{ name: 'Bash', input: { file_path: '/home/dev/shop', command: 'pytest -x' } }] });
    anthropic.script.push({ reply: 'The fixture shares one connection across threads; give each test its own.' });
    const prompt = 'rename `total` to `subtotal` in orders.py and run the tests';
    const first = toolUse(await send(claudeCodeBody(prompt)));
    const failed = 'FAILED tests/test_orders.py::test_total - AssertionError\nexit code 1';
    const once = toolRound([{ id: first.id, name: 'Bash', input: first.input, result: failed, isError: true }]);
    const second = toolUse(await send(claudeCodeBody(prompt, { later: once })));
    assert.equal(records[1]?.final?.local, true, 'one failure: the local model gets another try');
    const twice = [...once, ...toolRound([{ id: second.id, name: 'Bash', input: second.input, result: failed, isError: true }])];
    const answer = await send(claudeCodeBody(prompt, { later: twice }));
    assert.equal(answer.content[0]?.type === 'text' ? answer.content[0].text : '', 'The fixture shares one connection across threads; give each test its own.');
    assert.equal(cloudRequests(), 1);
    assert.equal(records[2]?.final?.provider, 'anthropic');
    assert.match(records[2]?.notes.join(' ') ?? '', /Moves up from qwen2\.5-coder:7b within this user turn: 2 tool results in this user turn reported a failure/);
  });

  it('moves a local tool loop up to Claude at once when a failed tool result needs reasoning', async () => {
    ollama.script.push({ toolCalls: [{ name: 'Bash', input: { file_path: '/home/dev/shop', command: 'pytest' } }] });
    anthropic.script.push({ reply: 'The worker and the flusher take the two locks in opposite orders.' });
    const prompt = 'run the tests';
    const first = toolUse(await send(claudeCodeBody(prompt)));
    const hang = 'Timeout: test_concurrent_checkout hung after 60 s\nThread worker-1 waits on lock_b held by flusher; flusher waits on lock_a held by worker-1 (deadlock)\n  File "cache.py", line 88, in evict\n    with self.lock_a:\nexit code 1';
    await send(claudeCodeBody(prompt, { later: toolRound([{ id: first.id, name: 'Bash', input: first.input, result: hang, isError: true }]) }));
    assert.equal(records[1]?.final?.provider, 'anthropic', records[1]?.notes.join(' '));
    assert.match(records[1]?.notes.join(' ') ?? '', /Moves up from (llama3\.1:8b|qwen2\.5-coder:7b) within this user turn: a tool reported a failure that needs reasoning/);
  });

  it('answers a small-model title call locally', async () => {
    ollama.script.push({ reply: '{"title": "Rename total in orders"}' });
    const message = await send(titleCallBody(RENAME));
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', '{"title": "Rename total in orders"}');
    assert.equal(cloudRequests(), 0);
    assert.equal(records[0]?.final?.local, true);
  });

  it('sends a reasoning turn to Claude unchanged', async () => {
    anthropic.script.push({ reply: 'Two paths take the same locks in opposite orders.' });
    const body = claudeCodeBody('why does this deadlock sometimes');
    await send(body);
    assert.equal(localRequests(), 0);
    assert.equal(cloudRequests(), 1);
    assert.deepEqual(anthropic.requests.at(-1)?.body, body);
    assert.equal(records[0]?.final?.provider, 'anthropic');
  });

  it('sends a conversation past the local window to Claude, saying so', async () => {
    const bigFile = Array.from({ length: 2_600 }, (_, index) => `    row_${index} = compute_row(${index}, table[${index}], weights[${index % 17}])`).join('\n');
    const earlier: ClaudeCodeTurn[] = [firstUserTurn('read report.py'), ENVIRONMENT, ...toolRound([{ id: 'toolu_01', name: 'Read', input: { file_path: '/home/dev/shop/report.py' }, result: readResult(bigFile) }]), { role: 'assistant', content: [{ type: 'text', text: 'I read it.' }] }];
    anthropic.script.push({ reply: 'Renamed.' });
    await send(claudeCodeBody(RENAME, { messages: [...earlier, { role: 'user', content: [{ type: 'text', text: RENAME }] }] }));
    assert.equal(localRequests(), 0);
    assert.equal(records[0]?.final?.provider, 'anthropic');
    assert.ok((records[0]?.decision.promptTokens ?? 0) > 32_768 / 1.25, `${records[0]?.decision.promptTokens}`);
    assert.match(records[0]?.notes.join(' ') ?? '', /fits no local model's window → cloud/);
  });

  it('sends a turn with an image to Claude', async () => {
    anthropic.script.push({ reply: 'The button overlaps the header.' });
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    await send(claudeCodeBody('', { messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }, { type: 'text', text: 'rename the class in this screenshot' }] }] }));
    assert.equal(localRequests(), 0);
    assert.equal(records[0]?.final?.provider, 'anthropic');
  });
});
