import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { userText, type Request } from '../../src/core/conversation/types';
import { RouterEngine } from '../../src/core/engine/routerEngine';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { Ledger } from '../../src/core/ledger/ledger';
import { UsageTally } from '../../src/core/ledger/usageTally';
import { PriceTable } from '../../src/core/pricing/prices';
import { summaryTable } from '../../src/core/reports/figureText';
import { buildReport, type LedgerReport } from '../../src/core/reports/ledgerReport';
import { monthPeriod } from '../../src/core/reports/period';
import { formatReport } from '../../src/core/reports/reportFormats';
import type { RunSummary } from '../../src/core/reports/runSummary';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { RunningGateway } from '../../src/gateway/server';
import { startGateway } from '../../src/gateway/startGateway';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { cli } from './cliProcess';

const KEY = 'sk-ant-traffic-test';
const TOKEN = 'llmr-traffic-test-token';
const RENAME = 'Rename the variable total to subtotal';
const CODE = 'def total(items):\n    total = 0\n    for item in items:\n        total += item.price\n    return total';

/** The rows a user reads: source, tasks, where they were answered, what was spent. */
function rowsOf(traffic: LedgerReport['traffic']): string[] {
  return [...traffic.surfaces.map((row) => `${row.surface}: ${row.tasks} tasks, ${row.answeredLocally} local`), ...traffic.clients.map((row) => `${row.client} via ${row.surface}: ${row.tasks} tasks, ${row.answeredLocally} local`)].sort();
}

/** The rows one task per surface (recordOnePerSurface) gives, wherever they are shown. */
const ROWS_OF_ONE_PER_SURFACE = [
  'acme.reviewer via model-picker: 1 tasks, 0 local',
  'chat: 1 tasks, 1 local',
  'claude-code via gateway: 1 tasks, 1 local',
  'editor: 1 tasks, 1 local',
  'gateway: 1 tasks, 1 local',
  'github.copilot-chat via chat: 1 tasks, 1 local',
  'model-picker: 1 tasks, 0 local',
];

describe('agent traffic in the ledger, the report, the meter and status', () => {
  let anthropic: FakeAnthropic;
  let ollama: FakeOllama;
  let gateway: RunningGateway | undefined;
  let folder: string;
  let records: TaskRecord[];
  let ledger: Ledger;

  before(async () => {
    [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: KEY }), startFakeOllama()]);
  });
  after(() => Promise.all([anthropic.close(), ollama.close()]));
  afterEach(() => gateway?.close());

  /** One task from each surface, through the engine (and the gateway's HTTP server for the gateway's), into a ledger on disk. */
  async function recordOnePerSurface(): Promise<void> {
    folder = mkdtempSync(join(tmpdir(), 'llmr-traffic-'));
    const values: Record<string, unknown> = {
      'llmRouter.ollama.host': ollama.url,
      'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } },
      'llmRouter.timeouts.localFirstTokenSeconds': 2,
      'llmRouter.timeouts.cloudFirstTokenSeconds': 2,
    };
    writeFileSync(join(folder, 'settings.json'), JSON.stringify(values));
    const { settings } = readRouterSettings((key) => values[key]);
    ledger = new Ledger(new NodeLedgerFiles(join(folder, 'ledger')));
    records = [];
    const sink = { write: (record: TaskRecord) => (records.push(record), ledger.write(record)) };
    const engine = new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(KEY), sink, sleep: () => Promise.resolve() });

    ollama.script.push({ reply: '```python\ndef total(items):\n    subtotal = 0\n    for item in items:\n        subtotal += item.price\n    return subtotal\n```' });
    await engine.run({ instruction: RENAME, code: CODE, language: 'python', path: 'src/orders.py' });

    const chat = (text: string, hints: Request['hints']): Request => ({ system: 'You are a helpful assistant.', turns: [userText(text)], tools: [], toolMode: 'auto', hints });
    ollama.script.push({ reply: 'Renamed it.' });
    await engine.run(chat(`${RENAME} in src/orders.py`, { surface: 'chat', client: 'github.copilot-chat' }));
    anthropic.script.push({ reply: 'The two goroutines take the locks in opposite orders.' });
    await engine.run(chat('Why does this deadlock under load? Reason through the lock ordering of the two goroutines and explain the root cause.', { surface: 'model-picker', client: 'acme.reviewer' }));

    gateway = await startGateway({ engine, settings: () => settings, anthropicKey: () => Promise.resolve(KEY), sink, port: 0, token: TOKEN });
    const claudeCode = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0, defaultHeaders: { 'user-agent': 'claude-cli/2.1.332 (external, cli)' } });
    ollama.script.push({ reply: 'Rename total to subtotal' });
    await claudeCode.messages.create({ model: 'claude-haiku-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'Write a title for: rename total in orders.py' }] });
    await ledger.flushed();
    assert.deepEqual(records.map((record) => record.surface ?? 'editor'), ['editor', 'chat', 'model-picker', 'gateway']);
  }

  it('the report has a row per surface and per client, with the savings each earned, in text, markdown and JSON', async () => {
    await recordOnePerSurface();
    const now = new Date();
    const report = await buildReport(ledger, { period: monthPeriod(now), baselineModel: 'claude-sonnet-5-5', prices: new PriceTable({}), maxLocalTokens: 4000 });
    assert.equal(report.totals.tasks, 4);
    assert.deepEqual(rowsOf(report.traffic), ROWS_OF_ONE_PER_SURFACE);
    const bySurface = new Map(report.traffic.surfaces.map((row) => [row.surface, row]));
    const picker = bySurface.get('model-picker')!;
    const cloudRecord = records.find((record) => record.surface === 'model-picker')!;
    assert.equal(picker.costUsd, cloudRecord.costUsd, "the cloud answer's cost is on its surface's row");
    assert.ok(picker.costUsd > 0);
    for (const surface of ['editor', 'chat', 'gateway'] as const) {
      const row = bySurface.get(surface)!;
      assert.equal(row.costUsd, 0, surface);
      assert.ok(row.savedUsd > 0 && row.savedUsd === row.baselineUsd, `${surface}: a local answer saves its whole baseline`);
    }
    const sum = (key: 'tasks' | 'costUsd' | 'baselineUsd' | 'savedUsd') => report.traffic.surfaces.reduce((total, row) => total + row[key], 0);
    assert.equal(sum('tasks'), report.totals.tasks);
    assert.ok(Math.abs(sum('savedUsd') - report.totals.savedUsd) < 1e-12, 'the rows add up to the totals');
    assert.ok(Math.abs(sum('baselineUsd') - report.totals.baselineUsd) < 1e-12);

    const text = formatReport(report, 'text');
    assert.match(text, /Where the tasks came from/);
    assert.match(text, /^ {2}Local gateway +1 +1 of 1 \(100%\) +\$0\.0000 +\$\d\.\d{4} \(100% of/m);
    assert.match(text, /^ {2}claude-code \(Local gateway\) +1 /m);
    assert.match(text, /^ {2}acme\.reviewer \(Model picker \(vscode\.lm\)\) +1 +0 of 1 \(0%\) +\$\d\.\d{4}/m);
    const markdown = formatReport(report, 'md');
    assert.match(markdown, /\| Chat view \| 1 \| 1 of 1 \(100%\) \| \$0\.0000 \|/);
    assert.match(markdown, /\| github\.copilot-chat \(Chat view\) \| 1 \|/);
    const json = JSON.parse(formatReport(report, 'json')) as LedgerReport;
    assert.deepEqual(json.traffic, report.traffic);
  });

  it('the meter and llm-router status show the same rows for today, in text and --json', async () => {
    await recordOnePerSurface();
    const tally = new UsageTally();
    const now = new Date();
    tally.begin(now);
    await ledger.scan(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), new Date(now.getTime() + 60_000), (facts) => tally.add(facts));
    const today = tally.figures(new Date()).today;
    assert.deepEqual(rowsOf(today.traffic), ROWS_OF_ONE_PER_SURFACE);
    const tooltip = summaryTable('Today', today);
    assert.match(tooltip, /\| Source \| Tasks \| Answered locally \| Spent \| Saved \|/);
    assert.match(tooltip, /\| claude-code \(Local gateway\) \| 1 \| 1 of 1 \(100%\) \| \$0\.0000 \|/);

    const args = ['status', '--port', '1', '--config', join(folder, 'settings.json'), '--ledger', join(folder, 'ledger')];
    const status = await cli([...args, '--json'], {});
    assert.equal(status.code, 0, status.stderr);
    const json = JSON.parse(status.stdout) as { today: RunSummary; month: RunSummary };
    assert.deepEqual(rowsOf(json.today.traffic), rowsOf(today.traffic));
    const gatewayRow = json.month.traffic.clients.find((row) => row.client === 'claude-code');
    assert.equal(gatewayRow?.surface, 'gateway');
    assert.ok((gatewayRow?.savedUsd ?? 0) > 0);
    const text = await cli(args, {});
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Today: 4 requests/);
    assert.match(text.stdout, /By source:\n {4}Source/);
    assert.match(text.stdout, /^ {4}Model picker \(vscode\.lm\) +1 +0 of 1 \(0%\) +\$\d\.\d{4}/m);
    assert.match(text.stdout, /^ {4}acme\.reviewer \(Model picker \(vscode\.lm\)\) +1 /m);
  });
});
