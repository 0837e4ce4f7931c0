import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LocalEngineState } from '../../src/core/ollama/localEngineProbe';
import { Commands } from '../../src/vscode/ids';
import { startFakeOllama } from '../fakes/ollama';
import { freePort } from '../harness/freePort';
import { activatedExtension, withSetting } from './extension';

const checkLocalEngine = () => vscode.commands.executeCommand<LocalEngineState>(Commands.checkLocalEngine);

describe('LLM Router: Check Local Engine (Ollama)', () => {
  before(async () => {
    await activatedExtension();
  });

  it('finds the Ollama server named in the settings, with the model installed', async () => {
    const ollama = await startFakeOllama({ models: ['qwen2.5-coder:7b'] });
    try {
      const state = await withSetting('llmRouter.ollama.host', ollama.url, checkLocalEngine);
      assert.equal(state.kind, 'ready');
      assert.ok(ollama.requests.some((request) => request.path === '/api/tags'));
    } finally {
      await ollama.close();
    }
  });

  it('says which model is missing and what the server has instead', async () => {
    const ollama = await startFakeOllama({ models: ['llama3.1:8b'] });
    try {
      const state = await withSetting('llmRouter.ollama.host', ollama.url, () => withSetting('llmRouter.ollama.model', 'qwen2.5-coder:14b', checkLocalEngine));
      assert.equal(state.kind, 'model-missing');
      assert.ok(state.kind === 'model-missing' && state.model === 'qwen2.5-coder:14b');
      assert.deepEqual(state.kind === 'model-missing' && state.installedModels, ['llama3.1:8b']);
    } finally {
      await ollama.close();
    }
  });

  it('reports an unreachable server instead of failing', async () => {
    const closedPort = await freePort();
    const state = await withSetting('llmRouter.ollama.host', `http://127.0.0.1:${closedPort}`, checkLocalEngine);
    assert.equal(state.kind, 'unreachable');
  });
});
