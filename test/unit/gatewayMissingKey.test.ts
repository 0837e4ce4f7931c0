import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { RouterEngine } from '../../src/core/engine/routerEngine';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { Ledger } from '../../src/core/ledger/ledger';
import { PriceTable } from '../../src/core/pricing/prices';
import { buildReport, type LedgerReport } from '../../src/core/reports/ledgerReport';
import { isoWeekOf, weekPeriod } from '../../src/core/reports/period';
import { reportText } from '../../src/core/reports/reportFormats';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { RunningGateway } from '../../src/gateway/server';
import { startGateway } from '../../src/gateway/startGateway';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';

const TOKEN = 'llmr-gateway-test-token';
const REASONING = 'Why does this deadlock under load? Reason about the lock ordering across the worker threads and the race in the cache eviction path.';
/** What the client must read: the request needs Claude, no key is set, and where each surface takes one. */
const HOW_TO_FIX = /LLM Router: this request needs Claude, and no Anthropic API key is set: run "LLM Router: Set Anthropic API Key" or set ANTHROPIC_API_KEY \(for llm-router serve, in its environment\)/;

describe('gateway without an Anthropic API key', () => {
  let anthropic: FakeAnthropic;
  let ollama: FakeOllama;
  let gateway: RunningGateway;
  let ledger: Ledger;
  let records: TaskRecord[];

  async function start(values: Record<string, unknown> = {}): Promise<void> {
    const { settings } = readRouterSettings(
      (key) =>
        ({
          'llmRouter.ollama.host': ollama.url,
          'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } },
          'llmRouter.shadow.sampleRate': 0,
          ...values,
        })[key],
    );
    ledger = new Ledger(new NodeLedgerFiles(mkdtempSync(join(tmpdir(), 'llm-router-nokey-'))));
    records = [];
    const sink = {
      write: async (record: TaskRecord) => {
        records.push(record);
        await ledger.write(record);
      },
    };
    const noKey = () => Promise.resolve(undefined);
    const engine = new RouterEngine({ settings: () => settings, anthropicKey: noKey, sink });
    gateway = await startGateway({ engine, settings: () => settings, anthropicKey: noKey, sink, port: 0, token: TOKEN });
  }

  function report(): Promise<LedgerReport> {
    return buildReport(ledger, { period: weekPeriod(isoWeekOf(new Date()))!, baselineModel: 'claude-sonnet-5-5', prices: new PriceTable(), maxLocalTokens: 4000 });
  }

  beforeEach(async () => {
    [anthropic, ollama] = await Promise.all([startFakeAnthropic(), startFakeOllama()]);
  });
  afterEach(async () => {
    await gateway?.close();
    await Promise.all([anthropic.close(), ollama.close()]);
  });

  it('tells an Anthropic client how to set the key, and records the task as not sent, at $0', async () => {
    await start();
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const error = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: REASONING }] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof Anthropic.BadRequestError, `a 400 the SDK reads, not ${String(error)}`);
    assert.equal(error.headers?.get('x-should-retry'), 'false', 'nothing changes until the key is set');
    const said = (error.error as { error?: { type?: string; message?: string } }).error;
    assert.equal(said?.type, 'invalid_request_error');
    assert.match(said?.message ?? '', HOW_TO_FIX);
    assert.match(said?.message ?? '', /turn the cloud off \(llmRouter\.cloud\.enabled: false\)/);
    assert.equal(anthropic.requests.length, 0, 'nothing went to Claude');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 0, 'the default chain for a cloud task has no local target, so none stands in (as for an editor task)');

    assert.equal(records.length, 1, 'one request, one record');
    const [record] = records;
    assert.equal(record?.outcome, 'failed');
    assert.equal(record?.costUsd, 0);
    assert.equal(record?.baselineCostUsd, undefined, 'no answer, no savings');
    assert.deepEqual(
      record?.attempts.map((attempt) => ({ provider: attempt.provider, outcome: attempt.outcome, errorKind: attempt.errorKind, tokens: attempt.usage.inputTokens + attempt.usage.outputTokens, costUsd: attempt.costUsd })),
      [{ provider: 'anthropic', outcome: 'error', errorKind: 'no-api-key', tokens: 0, costUsd: 0 }],
    );
    assert.match(record?.failure ?? '', /no Anthropic API key is set/);
    assert.ok(record?.notes.some((note) => note.startsWith('Not sent to Claude')));
    assert.ok(!record?.notes.some((note) => note.startsWith('Passed through')));

    const week = await report();
    assert.equal(week.totals.tasks, 1);
    assert.equal(week.totals.failed, 1);
    assert.equal(week.totals.requests, 0, 'no request was sent');
    assert.equal(week.totals.cloudTokens, 0);
    assert.equal(week.totals.costUsd, 0);
    assert.equal(week.totals.savedUsd, 0);
    assert.equal(week.models.find((model) => !model.local), undefined, 'no Claude row: Claude was never asked');
    assert.match(reportText(week), /Total requests: 0 · 1 task/);
  });

  it('moves on to the local target the rules chain after Claude, as an editor task does, and says why in the report', async () => {
    await start({ 'llmRouter.rules': [{ when: { route: 'cloud' }, chain: ['claude', 'local-code'] }] });
    ollama.script.push({ reply: 'The eviction path takes the locks in the other order.' });
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: REASONING }] });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'The eviction path takes the locks in the other order.');
    assert.equal(anthropic.requests.length, 0);

    assert.equal(records.length, 1);
    const [record] = records;
    assert.equal(record?.outcome, 'answered');
    assert.equal(record?.final?.local, true);
    assert.deepEqual(
      record?.attempts.map((attempt) => [attempt.provider, attempt.errorKind ?? attempt.outcome]),
      [
        ['anthropic', 'no-api-key'],
        ['ollama', 'answered'],
      ],
    );
    assert.ok(record?.notes.includes('Answered locally because no Anthropic API key is set.'));

    const week = await report();
    assert.equal(week.totals.requests, 1, 'the local answer is the one request sent');
    assert.equal(week.totals.answeredLocally, 1);
    assert.deepEqual(week.fallbacks.reasons, [{ reason: 'no-api-key', count: 1 }]);
    assert.equal(week.models.find((model) => !model.local), undefined);
  });

  it('tells an OpenAI client the same, in its error shape, and records the unsent Claude attempt', async () => {
    await start();
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: REASONING }] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof OpenAI.BadRequestError, `a 400 the SDK reads, not ${String(error)}`);
    assert.equal(error.type, 'invalid_request_error');
    assert.match(error.message, HOW_TO_FIX);
    assert.equal(anthropic.requests.length, 0);
    const [record] = records;
    assert.equal(records.length, 1);
    assert.equal(record?.outcome, 'failed');
    assert.equal(record?.costUsd, 0);
    assert.equal(record?.attempts.at(-1)?.errorKind, 'no-api-key');
    assert.equal((await report()).totals.requests, 0);
  });

  it('still answers a small-model call locally, since it needs no key', async () => {
    await start();
    ollama.script.push({ reply: 'Fix login redirect' });
    const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'Write a 3-word title: the login page redirects twice after sign-in' }] });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'Fix login redirect');
    assert.equal(records[0]?.attempts.some((attempt) => attempt.errorKind === 'no-api-key'), false);
  });
});
