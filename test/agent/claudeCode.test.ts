import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PriceTable } from '../../src/core/pricing/prices';
import type { Usage } from '../../src/core/providers/types';
import { startFakeAnthropic } from '../fakes/anthropic';
import type { RecordedRequest } from '../fakes/http';
import { tokenize } from '../fakes/script';
import { runClaudeCode, type ClaudeCodeRun } from './claudeCode';
import { CLOUD_KEY, startStack, type LedgerLine, type Stack } from './stack';

/** A prompt the classifier sends to the cloud (a cause of a concurrency failure). */
const REASONING = 'Why does this cache deadlock under load? Reason through the lock ordering and explain the root cause.';
const CLOUD_REPLY = 'The two locks are taken in opposite orders on the read and write paths.';
const LOCAL_REPLY = 'Take the locks in one global order on both paths.';
const ORDERS_PY = 'def order_total(items):\n    total = 0\n    for item in items:\n        total += item.price * item.qty\n    return total\n';

describe('the real Claude Code CLI drives llm-router serve', () => {
  let stack: Stack | undefined;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && stack !== undefined) await explainFailure(stack);
    await stack?.stop();
    stack = undefined;
  });

  it('passes a reasoning prompt through to Anthropic with the body, tools and betas Claude Code sent, and prices it with its cache use', async () => {
    stack = await startStack({ anthropic: { cacheReadTokens: 3_000, cacheCreationTokens: 800 } });
    // What Claude Code sends with no gateway in between, to compare with what reaches Anthropic through it.
    stack.anthropic.script.push({ reply: CLOUD_REPLY });
    const direct = await runClaudeCode({ prompt: REASONING, cwd: stack.workspace, home: stack.home, baseUrl: stack.anthropic.url, token: CLOUD_KEY });
    assertAnswered(direct);
    assert.equal(direct.output?.result, CLOUD_REPLY);
    const sentDirectly = onlyMessagesRequest(stack.anthropic.requests.splice(0));

    stack.anthropic.script.push({ reply: CLOUD_REPLY, promptTokens: 2_500 });
    const run = await stack.claude(REASONING, { auth: 'auth-token' });
    assertAnswered(run);
    assert.equal(run.output?.result, CLOUD_REPLY);
    const forwarded = onlyMessagesRequest(stack.anthropic.requests);
    assert.deepEqual(withoutSession(forwarded.body), withoutSession(sentDirectly.body), 'the body reaches Anthropic unchanged');
    const body = forwarded.body as { model: string; tools: { name: string }[]; stream: boolean; thinking: unknown; system: { cache_control?: unknown }[]; messages: { role: string }[] };
    assert.equal(body.model, 'claude-opus-5-5');
    assert.equal(body.stream, true);
    assert.ok(body.tools.length >= 10 && ['Bash', 'Edit', 'Read', 'Write'].every((name) => body.tools.some((tool) => tool.name === name)), 'Claude Code’s own tools');
    assert.ok(body.system.some((block) => block.cache_control !== undefined), 'cache control kept');
    assert.ok(body.messages.some((message) => message.role === 'system'), 'its mid-conversation system message kept');
    assert.equal(forwarded.headers['anthropic-beta'], sentDirectly.headers['anthropic-beta'], 'the beta headers forwarded');
    assert.equal(forwarded.headers['x-api-key'] ?? bearer(forwarded), CLOUD_KEY, 'the real key, never the gateway token');
    assert.ok(!JSON.stringify(forwarded.headers).includes(stack.gateway.token), 'the gateway token stays at the gateway');

    const records = await stack.records(1);
    assert.equal(records.length, 1, 'the request is in the ledger, once');
    const [record] = records;
    assert.ok(record !== undefined);
    assertFromClaudeCode(record);
    assert.equal(record.final?.model, 'claude-opus-5-5');
    assert.equal(record.final?.local, false);
    assertOpusCost(record, { inputTokens: 2_500, outputTokens: tokenize(CLOUD_REPLY).length, cacheReadTokens: 3_000, cacheWriteTokens: 800 });
  });

  it('completes a mechanical task locally in a real tool loop: the local model calls Claude Code’s Read and Edit, and the file on disk changes', async () => {
    stack = await startStack();
    const file = join(stack.workspace, 'orders.py');
    writeFileSync(file, ORDERS_PY);
    const done = 'Renamed total to subtotal in orders.py.';
    // Claude Code's Edit refuses a file it has not read in the session, so the model reads first.
    stack.ollama.script.push(
      { toolCalls: [{ name: 'Read', input: { file_path: file } }] },
      { toolCalls: [{ name: 'Edit', input: { file_path: file, old_string: 'total', new_string: 'subtotal', replace_all: true } }] },
      { reply: done },
    );
    const run = await stack.claude('rename `total` to `subtotal` in orders.py', { args: ['--permission-mode', 'acceptEdits'] });
    assertAnswered(run);
    assert.equal(run.output?.result, done);
    assert.equal(readFileSync(file, 'utf8'), ORDERS_PY.replaceAll('total', 'subtotal'), 'Claude Code’s own Edit tool changed the file');
    assert.equal(stack.anthropic.requests.length, 0, 'nothing reached Anthropic');

    const chats = chatRequests(stack).map((request) => request.body as { tools?: { function: { name: string } }[]; messages: { role: string; content: string }[] });
    assert.equal(chats.length, 3, 'one local request per model turn');
    assert.ok(chats[0]?.tools?.some((tool) => tool.function.name === 'Edit'), 'Claude Code’s tools offered to the local model');
    const toolResults = (index: number) => (chats[index]?.messages ?? []).filter((message) => message.role === 'tool').map((message) => message.content);
    assert.ok(toolResults(1).some((content) => content.includes('total = 0')), 'the Read result (the file) went back to the local model');
    assert.ok(toolResults(2).some((content) => /updated/i.test(content)), 'and so did the Edit result');

    const records = await stack.records(3);
    assert.equal(records.length, 3, 'every request of the loop is in the ledger');
    for (const record of records) {
      assertFromClaudeCode(record);
      assert.equal(record.final?.local, true);
      assert.equal(record.costUsd, 0);
    }
  });

  it('serves a request for the small model (--model haiku) on the local model', async () => {
    stack = await startStack();
    stack.ollama.script.push({ reply: LOCAL_REPLY });
    const run = await stack.claude(REASONING, { model: 'haiku' });
    assertAnswered(run);
    assert.equal(run.output?.result, LOCAL_REPLY);
    assert.equal(stack.anthropic.requests.length, 0, 'nothing reached Anthropic');
    assert.equal(chatRequests(stack).length, 1);
    const records = await stack.records(1);
    assert.equal(records.length, 1, 'the request is in the ledger, once');
    const [record] = records;
    assert.ok(record !== undefined);
    assertFromClaudeCode(record);
    assert.equal(record.final?.local, true);
    assert.equal(record.costUsd, 0);
    assert.match(explanation(record), /haiku|small/i, 'the record says why it stayed local');
  });

  it('goes on locally once the month’s allotment is spent, instead of stopping', async () => {
    // One Opus answer of 10,000 prompt tokens costs about $0.04: past an allotment of one cent.
    stack = await startStack({ settings: { 'llmRouter.budget.monthlyUsd': 0.01 } });
    stack.anthropic.script.push({ reply: CLOUD_REPLY, promptTokens: 10_000 });
    stack.ollama.script.push({ reply: LOCAL_REPLY });

    const first = await stack.claude(REASONING);
    assertAnswered(first);
    assert.equal(first.output?.result, CLOUD_REPLY);
    const second = await stack.claude(REASONING);
    assertAnswered(second);
    assert.equal(second.output?.result, LOCAL_REPLY, 'the same reasoning prompt, answered locally');
    assert.equal(messagesRequests(stack.anthropic.requests).length, 1, 'Anthropic saw only the first');

    const records = await stack.records(2);
    assert.equal(records.length, 2);
    assert.ok(records[0] !== undefined);
    assertOpusCost(records[0], { inputTokens: 10_000, outputTokens: tokenize(CLOUD_REPLY).length, cacheReadTokens: 0, cacheWriteTokens: 0 });
    assert.ok(records[0].costUsd > 0.01, 'the first answer spent the allotment');
    assert.equal(records[1]?.final?.local, true);
    assert.equal(records[1]?.costUsd, 0);
    assert.ok(records[1] !== undefined);
    assert.match(explanation(records[1]), /allotment|budget/i, 'the record says why it stayed local');
  });

  it('falls back to the local model during a 529 storm, before Claude Code sees an error', async () => {
    stack = await startStack();
    stack.anthropic.script.defaults = { fault: { kind: 'overloaded' } };
    stack.ollama.script.push({ reply: LOCAL_REPLY });
    const run = await stack.claude(REASONING);
    assertAnswered(run);
    assert.equal(run.output?.result, LOCAL_REPLY);
    assert.ok(messagesRequests(stack.anthropic.requests).length >= 1, 'Claude was tried first');

    const records = await stack.records(1);
    assert.equal(records.length, 1, 'one request from Claude Code, one record: it did not retry on its own');
    const [record] = records;
    assert.ok(record !== undefined);
    assert.equal(record.final?.local, true);
    assert.ok(record.attempts.some((attempt) => attempt.provider === 'anthropic' && attempt.outcome !== 'answered'), 'the failed cloud attempts are recorded');
    assert.equal(record.costUsd, 0, 'an overloaded answer costs nothing');
  });
});

describe('Claude Code against a gateway it has not been given the token of', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('stops at once with the gateway’s own explanation, and nothing reaches a model', async () => {
    stack = await startStack();
    // Claude Code retries a 401 for minutes unless the answer says not to (docs/claude-code-traffic.md); 20 s is already far too long.
    const run = await stack.claude(REASONING, { token: 'sk-ant-not-the-gateway-token', timeoutMs: 20_000 });
    assert.ok(run.output !== undefined, `Claude Code was still retrying after 20 s; the gateway said:\n${stack.gateway.output().slice(-1500)}`);
    assert.equal(run.output.is_error, true);
    assert.match(run.output.result, /401.*token does not match this LLM Router gateway/s);
    assert.equal(stack.anthropic.requests.length + stack.ollama.requests.length, 0);
  });
});

describe('the fake Anthropic server', () => {
  it('accepts Claude Code’s real requests, a tool loop included', async () => {
    const anthropic = await startFakeAnthropic({ apiKey: CLOUD_KEY });
    const workspace = mkdtempSync(join(tmpdir(), 'llm-router-agent-workspace-'));
    try {
      const file = join(workspace, 'orders.py');
      writeFileSync(file, ORDERS_PY);
      anthropic.script.push({ toolCalls: [{ name: 'Read', input: { file_path: file } }] }, { reply: 'It sums price times quantity.' });
      const run = await runClaudeCode({ prompt: 'What does orders.py compute?', cwd: workspace, baseUrl: anthropic.url, token: CLOUD_KEY });
      assertAnswered(run);
      assert.equal(run.output?.result, 'It sums price times quantity.');
      const [, second] = messagesRequests(anthropic.requests).map((request) => request.body as { messages: { role: string; content: unknown }[] });
      assert.ok(JSON.stringify(second?.messages).includes('tool_result'), 'the Read result came back as a tool_result');
    } finally {
      await anthropic.close();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

/** Claude Code finished without an error; else the message says what it reported. */
function assertAnswered(run: ClaudeCodeRun): void {
  const said = run.output === undefined ? `exit ${run.code}; stdout: ${run.stdout.slice(-600)}; stderr: ${run.stderr.slice(-600)}` : `Claude Code reported: ${run.output.result}`;
  assert.equal(run.output?.is_error, false, said);
}

function messagesRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => request.path === '/v1/messages');
}

function onlyMessagesRequest(requests: readonly RecordedRequest[]): RecordedRequest {
  const found = messagesRequests(requests);
  assert.equal(found.length, 1, `one Messages request, got ${found.length}`);
  const [request] = found;
  assert.ok(request !== undefined);
  return request;
}

function chatRequests(stack: Stack): RecordedRequest[] {
  return stack.ollama.requests.filter((request) => request.path === '/api/chat');
}

function bearer(request: RecordedRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? /^Bearer (.+)$/.exec(header)?.[1] : undefined;
}

/** The body without what differs between two sessions (metadata names the session). */
function withoutSession(body: unknown): unknown {
  const rest = { ...(body as Record<string, unknown>) };
  delete rest.metadata;
  return rest;
}

/** What the gateway printed and recorded, and what the fakes were asked, for a failed test. */
async function explainFailure(stack: Stack): Promise<void> {
  const records = await stack.records(0);
  const attempts = (record: LedgerLine) => record.attempts.map((attempt) => `${attempt.provider}/${attempt.model} ${attempt.outcome}${attempt.reason === undefined ? '' : ` (${attempt.reason})`}`).join(', ');
  console.log(
    [
      `llm-router serve said:\n${stack.gateway.output().slice(-3000)}`,
      `fake Ollama was asked: ${stack.ollama.requests.map((request) => request.path).join(' ') || 'nothing'}`,
      `fake Anthropic was asked: ${stack.anthropic.requests.map((request) => request.path).join(' ') || 'nothing'}`,
      `the ledger holds ${records.length} record(s):`,
      ...records.map((record) => `  ${record.outcome} · ${record.final?.model ?? 'no model'} · $${record.costUsd} · surface ${String(record.surface)} · client ${String(record.client)} · attempts: ${attempts(record)} · ${explanation(record)}`),
    ].join('\n'),
  );
}

/** The record is priced at Opus's list price for what the fake reported (cache reads and writes at their own rates). */
function assertOpusCost(record: LedgerLine, usage: Usage): void {
  const expected = new PriceTable().costOf({ provider: 'anthropic', model: 'claude-opus-5-5' }, usage, record.startedAt);
  assert.ok(expected !== undefined && expected > 0);
  assert.ok(Math.abs(record.costUsd - expected) < 1e-9, `priced at Opus: ${record.costUsd} against ${expected}`);
}

/** What a record says about its route: the decision's reasons and the policy's notes. */
function explanation(record: LedgerLine): string {
  return [...record.decision.reasons, ...record.notes].join(' | ');
}

/** The record says where the request came from: the gateway, and Claude Code by its user agent. */
function assertFromClaudeCode(record: LedgerLine): void {
  assert.equal(record.surface, 'gateway');
  assert.equal(record.client, 'claude-code');
}
