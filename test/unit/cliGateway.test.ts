import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { REPO_ROOT } from '../data/datasets';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { CLI, cli } from './cliProcess';

const FAKE_BIN = join(REPO_ROOT, 'test', 'fakes', 'bin');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('CLI: ollama status|on|off', () => {
  let state: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    state = mkdtempSync(join(tmpdir(), 'llmr-state-'));
    env = { LLM_ROUTER_STATE_DIR: state, OLLAMA_HOST: `127.0.0.1:${await freePort()}`, PATH: `${FAKE_BIN}${delimiter}${process.env.PATH ?? ''}` };
  });

  it('starts a server when none answers, and stops the one it started', async () => {
    const before = await cli(['ollama', 'status'], env);
    assert.equal(before.code, 1);
    assert.match(before.stdout, /No Ollama server answers/);
    const on = await cli(['ollama', 'on'], env);
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stdout, /Started .*ollama serve \(pid \d+\)/);
    const status = await cli(['ollama', 'status'], env);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /is running with qwen2.5-coder:7b \(started by llm-router, pid \d+\)/);
    const again = await cli(['ollama', 'on'], env);
    assert.match(again.stdout, /nothing to start/);
    const off = await cli(['ollama', 'off'], env);
    assert.equal(off.code, 0, off.stderr);
    assert.match(off.stdout, /Stopped the ollama serve llm-router started/);
    assert.match((await cli(['ollama', 'status'], env)).stdout, /No Ollama server answers/);
  });

  it('never stops a server someone else runs', async () => {
    const theirs = await startFakeOllama();
    try {
      const off = await cli(['ollama', 'off'], { ...env, OLLAMA_HOST: theirs.url });
      assert.equal(off.code, 1);
      assert.match(off.stderr, /was not started by llm-router, so it keeps running/);
      assert.equal((await fetch(`${theirs.url}/api/version`)).status, 200, 'still answering');
    } finally {
      await theirs.close();
    }
  });
});

describe('CLI: serve and status', () => {
  let anthropic: FakeAnthropic;
  let ollama: FakeOllama;
  let folder: string;
  let server: ChildProcess | undefined;
  before(async () => {
    [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: 'sk-ant-cli' }), startFakeOllama()]);
  });
  after(() => Promise.all([anthropic.close(), ollama.close()]));
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'llmr-serve-'));
    writeFileSync(join(folder, 'settings.json'), JSON.stringify({ 'llmRouter.ollama.host': ollama.url, 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } } }));
  });
  afterEach(() => {
    server?.kill('SIGKILL');
    server = undefined;
  });

  /** Starts `llm-router serve` and resolves with what it printed on stdout once it listens. */
  function serve(port: number, env: Record<string, string>): Promise<{ stdout: string; stderr: () => string }> {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--config', join(folder, 'settings.json'), '--ledger', join(folder, 'ledger')], { env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-cli', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ANTHROPIC_AUTH_TOKEN=')) resolve({ stdout, stderr: () => stderr });
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
  }

  it('prints a generated token once, serves Claude Code\'s requests, records them, and status shows it all', async () => {
    const port = await freePort();
    const started = await serve(port, {});
    const token = /ANTHROPIC_AUTH_TOKEN=(\S+)/.exec(started.stdout)?.[1] ?? '';
    assert.match(token, /^llmr-/);
    assert.match(started.stdout, new RegExp(`ANTHROPIC_BASE_URL=http://127.0.0.1:${port}`));
    ollama.script.push({ reply: 'Rename total' });
    const client = new Anthropic({ authToken: token, apiKey: null, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0, defaultHeaders: { 'user-agent': 'claude-cli/2.1.332 (external, sdk-cli)' } });
    const message = await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'Write a title for: rename total in orders.py' }] });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'Rename total');

    const status = await cli(['status', '--json', '--port', String(port), '--config', join(folder, 'settings.json'), '--ledger', join(folder, 'ledger')], {});
    assert.equal(status.code, 0, status.stderr);
    const json = JSON.parse(status.stdout) as { gateway: { running: boolean }; localEngine: { kind: string }; today: { tasks: number; targets: { model: string; local: boolean }[] } };
    assert.equal(json.gateway.running, true);
    assert.equal(json.localEngine.kind, 'ready');
    assert.equal(json.today.tasks, 1);
    assert.equal(json.today.targets[0]?.local, true);
    const text = await cli(['status', '--port', String(port), '--config', join(folder, 'settings.json'), '--ledger', join(folder, 'ledger')], {});
    assert.match(text.stdout, /Gateway: running on http:\/\/127.0.0.1:\d+/);
    assert.match(text.stdout, /Today: 1 request, 1 of 1 answered on this machine/);

    server?.kill('SIGINT');
    await new Promise((resolve) => server?.once('exit', resolve));
    assert.ok(!started.stderr().includes(token), 'the token is printed once, on stdout only');
    const ledger = readdirSync(join(folder, 'ledger')).find((name) => name.startsWith('ledger-'));
    assert.ok(ledger !== undefined);
    const line = readFileSync(join(folder, 'ledger', ledger), 'utf8');
    assert.ok(!line.includes(token) && !line.includes('sk-ant-cli'));
  });

  it('applies the budget: once a passed-through answer spends the month\'s allotment, the same request is answered locally', async () => {
    writeFileSync(join(folder, 'settings.json'), JSON.stringify({ 'llmRouter.ollama.host': ollama.url, 'llmRouter.budget.monthlyUsd': 0.01, 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } } }));
    const port = await freePort();
    const started = await serve(port, {});
    const token = /ANTHROPIC_AUTH_TOKEN=(\S+)/.exec(started.stdout)?.[1] ?? '';
    const client = new Anthropic({ authToken: token, apiKey: null, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const ask = () => client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Why does this cache deadlock under load? Reason through the lock ordering and explain the root cause.' }] });
    const before = anthropic.requests.length;
    // About $0.05 at Opus's price: past an allotment of one cent.
    anthropic.script.push({ reply: 'Opposite lock orders.', promptTokens: 10_000 });
    ollama.script.push({ reply: 'Take the locks in one order.' });
    const first = await ask();
    assert.equal(first.content[0]?.type === 'text' ? first.content[0].text : '', 'Opposite lock orders.');
    const second = await ask();
    assert.equal(second.content[0]?.type === 'text' ? second.content[0].text : '', 'Take the locks in one order.', 'the allotment is spent: local');
    assert.equal(anthropic.requests.length - before, 1, 'Claude saw only the first');
  });

  it('takes the token from LLM_ROUTER_GATEWAY_TOKEN without printing it, and refuses others', async () => {
    const port = await freePort();
    const started = await serve(port, { LLM_ROUTER_GATEWAY_TOKEN: 'llmr-from-env-123456' });
    assert.match(started.stdout, /ANTHROPIC_AUTH_TOKEN=\$LLM_ROUTER_GATEWAY_TOKEN/);
    assert.ok(!started.stdout.includes('llmr-from-env-123456'));
    assert.equal((await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: { 'x-api-key': 'llmr-from-env-123456' } })).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: { 'x-api-key': 'wrong' } })).status, 401);
  });
});
