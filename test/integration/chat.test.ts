import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ApiKeyStore } from '../../src/vscode/apiKeyStore';
import { ANTHROPIC_KEY } from '../../src/vscode/apiKeys';
import { routerChatHandler, routerFollowups, type RouterChatMetadata } from '../../src/vscode/chat/routerParticipant';
import { EngineHost } from '../../src/vscode/engineHost';
import { ReportService } from '../../src/vscode/reportService';
import { LedgerService } from '../../src/vscode/ledgerService';
import { SettingsStore } from '../../src/vscode/settings';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { activatedExtension, openAndSelect, settingsScope } from './extension';

/** Records what the handler streams, as the chat view would show it. */
class RecordingStream {
  markdownText = '';
  progressMessages: string[] = [];
  markdown(value: string | vscode.MarkdownString) {
    this.markdownText += typeof value === 'string' ? value : value.value;
  }
  buttons: vscode.Command[] = [];
  progress(value: string) {
    this.progressMessages.push(value);
  }
  button(command: vscode.Command) {
    this.buttons.push(command);
  }
}

const noSecrets = { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event } as unknown as vscode.SecretStorage;

describe('@router in chat and the LLM Router models', () => {
  const settings = settingsScope();
  let ollama: FakeOllama;
  let anthropic: FakeAnthropic;
  let handler: vscode.ChatRequestHandler;
  const token = new vscode.CancellationTokenSource().token;
  const request = (prompt: string, command?: string) => ({ prompt, command, references: [], toolReferences: [], model: undefined }) as unknown as vscode.ChatRequest;

  before(async () => {
    await activatedExtension();
  });
  beforeEach(async () => {
    [ollama, anthropic] = await Promise.all([startFakeOllama(), startFakeAnthropic()]);
    process.env.ANTHROPIC_API_KEY = 'sk-ant-chat-test-key-000000000001';
    await settings.set('llmRouter.ollama.host', ollama.url);
    await settings.set('llmRouter.targets', { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } });
    // The handler as the extension registers it, with its own engine, inside this real extension host.
    const log = vscode.window.createOutputChannel('LLM Router (chat test)', { log: true });
    const store = new SettingsStore(log);
    const ledger = new LedgerService(vscode.Uri.file(mkdtempSync(join(tmpdir(), 'llm-router-chat-'))), log);
    handler = routerChatHandler({ engines: new EngineHost(store, new ApiKeyStore(ANTHROPIC_KEY, noSecrets), log, ledger, () => false), ledger, reports: new ReportService(ledger, store) });
  });
  afterEach(async () => {
    await settings.restore();
    delete process.env.ANTHROPIC_API_KEY;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.all([ollama.close(), anthropic.close()]);
  });

  it('answers with the local model for mechanical work, streaming, and ends with a badge', async () => {
    await openAndSelect('src/orders.py', 'def total(items):');
    ollama.script.push({ reply: 'def total(items: list[dict]) -> float:' });
    const stream = new RecordingStream();
    const result = (await handler(request('add type hints'), { history: [] }, stream as unknown as vscode.ChatResponseStream, token)) as vscode.ChatResult;
    const metadata = result.metadata as RouterChatMetadata;
    assert.equal(metadata.target, 'local-code');
    assert.equal(metadata.plan?.route, 'local');
    assert.match(stream.markdownText, /-> float/);
    assert.match(stream.markdownText, /\*qwen2\.5-coder:7b · local · \d+ tokens · \$0\.0000 · saved \$0\.\d+\*/);
    assert.ok(stream.progressMessages.some((message) => message.includes('asking qwen2.5-coder:7b (local)')));
    const followups = (await routerFollowups.provideFollowups(result, { history: [] }, token)) ?? [];
    assert.deepEqual(
      followups.map((followup) => followup.label),
      ['Retry in the cloud', 'Retry locally'],
    );
  });

  it('/report shows this week\'s routing report with an export button', async () => {
    await openAndSelect('src/orders.py', 'def total(items):');
    ollama.script.push({ reply: 'def total(items: list[dict]) -> float:' });
    await handler(request('add type hints'), { history: [] }, new RecordingStream() as unknown as vscode.ChatResponseStream, token);
    const stream = new RecordingStream();
    await handler(request('', 'report'), { history: [] }, stream as unknown as vscode.ChatResponseStream, token);
    assert.match(stream.markdownText, /### LLM Router — Routing Report/);
    assert.match(stream.markdownText, /\| `qwen2\.5-coder:7b` \| local \| 1 \|/);
    assert.match(stream.markdownText, /Savings:\*\* \$0\.\d+ \(100% of \$0\.\d+ all-cloud\)/);
    assert.deepEqual(
      stream.buttons.map((button) => button.command),
      ['llmRouter.exportReport'],
    );
  });

  it('/cloud sends the request to Claude, and /why explains the last decision', async () => {
    anthropic.script.push({ reply: 'It holds the lock while waiting.' });
    const stream = new RecordingStream();
    const result = (await handler(request('add type hints', 'cloud'), { history: [] }, stream as unknown as vscode.ChatResponseStream, token)) as vscode.ChatResult;
    assert.equal((result.metadata as RouterChatMetadata).target, 'claude');
    // VS Code builds history turns itself; its typings keep the constructor private.
    const ResponseTurn = vscode.ChatResponseTurn as unknown as new (response: unknown[], result: vscode.ChatResult, participant: string) => vscode.ChatResponseTurn;
    const turn = new ResponseTurn([], result, 'llm-router.router');
    const why = new RecordingStream();
    await handler(request('', 'why'), { history: [turn] }, why as unknown as vscode.ChatResponseStream, token);
    assert.match(why.markdownText, /The last request went \*\*cloud\*\*/);
    assert.match(why.markdownText, /You \(\/cloud\) chose the cloud/);
  });

  it('/classify shows the decision without calling any model, and /stats the spending', async () => {
    const stream = new RecordingStream();
    await handler(request('why does this deadlock under load?', 'classify'), { history: [] }, stream as unknown as vscode.ChatResponseStream, token);
    assert.match(stream.markdownText, /\*\*Cloud \(Claude\)\*\* · \w+ · score 0\.\d+ · \d+ tokens → `claude-sonnet-5-5`/);
    assert.match(stream.markdownText, /No model was called/);
    // (The status bar's probe of /api/version and /api/tags is not a model call.)
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length + anthropic.requests.length, 0);
    const stats = new RecordingStream();
    await handler(request('', 'stats'), { history: [] }, stats as unknown as vscode.ChatResponseStream, token);
    // /classify calls no model, so this test's fresh ledger still holds no task.
    assert.match(stats.markdownText, /\*\*Today\*\*: no routed tasks yet\./);
  });

  it('reports every failure instead of an answer', async () => {
    ollama.script.defaults = { fault: { kind: 'model-missing' } };
    delete process.env.ANTHROPIC_API_KEY;
    const result = (await handler(request('add type hints'), { history: [] }, new RecordingStream() as unknown as vscode.ChatResponseStream, token)) as vscode.ChatResult;
    assert.match(result.errorDetails?.message ?? '', /ollama pull qwen2\.5-coder:7b.*no Anthropic API key/s);
  });

  it('offers LLM Router Auto and each target as language models that answer through the router', async () => {
    const models = await vscode.lm.selectChatModels({ vendor: 'llm-router' });
    assert.ok(models.some((model) => model.name === 'LLM Router Auto'), models.map((model) => model.name).join());
    assert.ok(models.some((model) => model.id === 'target:claude'));
    const auto = models.find((model) => model.id === 'auto');
    assert.ok(auto !== undefined);
    ollama.script.push({ reply: 'Renamed.' });
    const response = await auto.sendRequest([vscode.LanguageModelChatMessage.User('Rename the variable x to count in: let x = 1;')], {}, token);
    let text = '';
    for await (const chunk of response.text) text += chunk;
    assert.equal(text, 'Renamed.');
    assert.ok(ollama.requests.some((entry) => entry.path === '/api/chat'));
    assert.ok((await auto.countTokens('hello world')) > 0);
  });
});
