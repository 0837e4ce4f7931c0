import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LocalEngineState } from '../../src/core/ollama/localEngineProbe';
import type { Plan } from '../../src/core/policy/planRoute';
import { Commands } from '../../src/vscode/ids';
import { startFakeOllama } from '../fakes/ollama';
import { freePort } from '../harness/freePort';
import { activatedExtension, settingsScope } from './extension';

/** The test double of the ollama binary (test/fakes/bin/ollama). */
const FAKE_OLLAMA_BINARY = join(__dirname, '..', '..', '..', 'test', 'fakes', 'bin', 'ollama');
const toggle = () => vscode.commands.executeCommand<{ state: LocalEngineState; paused: boolean }>(Commands.toggleOllama);
const answers = async (url: string) => {
  try {
    return (await fetch(`${url}/api/version`)).ok;
  } catch {
    return false;
  }
};

describe('the Ollama toggle in the status bar', () => {
  const settings = settingsScope();
  const set = settings.set;

  before(async () => {
    await activatedExtension();
  });
  afterEach(async () => {
    await settings.restore();
  });

  it('starts ollama serve when nothing answers, and stops only the server it started', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await set('llmRouter.ollama.host', url);
    await set('llmRouter.ollama.path', FAKE_OLLAMA_BINARY);
    const on = await toggle();
    assert.equal(on.state.kind, 'ready');
    assert.equal(await answers(url), true);
    const off = await toggle();
    assert.equal(off.state.kind, 'unreachable');
    assert.equal(await answers(url), false);
  });

  it('pauses local routing, and never stops a server it did not start', async () => {
    const external = await startFakeOllama();
    try {
      await set('llmRouter.ollama.host', external.url);
      const paused = await toggle();
      assert.equal(paused.paused, true);
      assert.equal(await answers(external.url), true, 'the server keeps running');
      const { api } = await activatedExtension();
      const plan: Plan = await api.plan({ instruction: 'Add type hints', code: 'def f(x): return x', language: 'python' });
      assert.ok(plan.chain.every((target) => target.provider === 'anthropic'), plan.chain.map((target) => target.id).join());
      assert.ok(plan.notes.some((note) => note.includes('Local routing is paused')));
      const resumed = await toggle();
      assert.equal(resumed.paused, false);
      const again: Plan = await api.plan({ instruction: 'Add type hints', code: 'def f(x): return x', language: 'python' });
      assert.equal(again.chain[0]?.id, 'local-code');
    } finally {
      await external.close();
    }
  });

  it('says what is missing when there is no ollama to start', async () => {
    await set('llmRouter.ollama.host', `http://127.0.0.1:${await freePort()}`);
    await set('llmRouter.ollama.path', '/nonexistent/bin/ollama');
    const result = await toggle();
    assert.equal(result.state.kind, 'unreachable');
    assert.equal(result.paused, false);
  });

  it('pulls a missing model with progress and then reports it ready', async () => {
    const external = await startFakeOllama({ models: ['llama3.1:8b'] });
    try {
      await set('llmRouter.ollama.host', external.url);
      const before = await vscode.commands.executeCommand<LocalEngineState>(Commands.checkLocalEngine);
      assert.equal(before.kind, 'model-missing');
      const after = await vscode.commands.executeCommand<LocalEngineState>(Commands.pullModel);
      assert.equal(after.kind, 'ready');
      assert.ok(external.requests.some((request) => request.path === '/api/pull'));
    } finally {
      await external.close();
    }
  });
});
