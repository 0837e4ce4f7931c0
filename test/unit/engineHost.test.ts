import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import { EngineHost } from '../../src/vscode/engineHost';
import type { LedgerService } from '../../src/vscode/ledgerService';
import type { SettingsStore } from '../../src/vscode/settings';
import { REPO_ROOT } from '../data/datasets';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/openaiCompatible';

const KEY = 'lm-studio-token-7f3a9c21';

describe('the editor\'s engine (EngineHost)', () => {
  let server: FakeOpenAiCompatible;
  let anthropic: FakeAnthropic;
  beforeEach(async () => {
    [server, anthropic] = await Promise.all([startFakeOpenAiCompatible({ apiKey: KEY }), startFakeAnthropic()]);
  });
  afterEach(async () => {
    await Promise.all([server.close(), anthropic.close()]);
  });

  function host(values: Record<string, unknown>, monthCostUsd = 0): EngineHost {
    const { settings } = readRouterSettings((key) => ({ 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } }, ...values })[key]);
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
    const ledger = { ready: () => Promise.resolve(), tally: { monthCostUsd: () => monthCostUsd }, record: () => Promise.resolve(), recordShadow: () => Promise.resolve() } as unknown as LedgerService;
    return new EngineHost({ current: settings } as SettingsStore, { get: () => Promise.resolve('sk-ant-test-key-0001') }, log, ledger, () => false, { openaiCompatibleKeys: { get: () => Promise.resolve(KEY) } });
  }

  it('passes the OpenAI-compatible key to a server started with one', async () => {
    server.script.push({ reply: 'bug' });
    const engine = await host({ 'llmRouter.openaiCompatible.baseUrl': `${server.url}/v1`, 'llmRouter.rules': [{ when: {}, chain: ['local-labels'] }] }).get();
    const result = await engine.run({ instruction: 'Label this ticket as bug or feature', code: 'The printer is on fire.' });
    assert.equal(result.record.outcome, 'answered', result.record.failure);
    assert.equal(result.answer?.target.id, 'local-labels');
    assert.equal(anthropic.requests.length, 0);
  });

  it('plans with the budget, as every editor surface now does', async () => {
    const engine = await host({ 'llmRouter.budget.monthlyUsd': 1 }, 5).get();
    const plan = await engine.plan({ instruction: 'Why does this deadlock under load?', code: 'mu.Lock()\nch <- v', language: 'go' });
    assert.equal(plan.route, 'local');
    assert.ok(plan.notes.some((note) => note.includes('allotment ($1.00) is used up')), plan.notes.join(' | '));
  });

  it('is the only planning path: no editor or CLI code plans on its own', () => {
    const sources = (folder: string): string[] => readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => join(entry.parentPath, entry.name));
    const planning = [...sources('src/vscode'), ...sources('src/cli')].filter((file) => /\bplanTask\(|\bplanRoute\(|engine\/planTask'/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(planning, []);
  });
});
