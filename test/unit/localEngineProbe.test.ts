import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { hasModel, probeLocalEngine } from '../../src/core/ollama/localEngineProbe';
import { startFakeOllama } from '../fakes/ollama';
import { freePort } from '../harness/freePort';

describe('local engine probe', () => {
  it('reports a running server that has the model', async () => {
    const fake = await startFakeOllama({ models: ['qwen2.5-coder:7b'] });
    try {
      const state = await probeLocalEngine({ host: fake.url, model: 'qwen2.5-coder:7b', timeoutMs: 2000 });
      assert.equal(state.kind, 'ready');
      assert.equal(state.kind === 'ready' && state.version, '0.32.15');
    } finally {
      await fake.close();
    }
  });

  it('reports a running server without the model, listing what it has', async () => {
    const fake = await startFakeOllama({ models: ['llama3.1:8b'] });
    try {
      const state = await probeLocalEngine({ host: fake.url, model: 'qwen2.5-coder:7b', timeoutMs: 2000 });
      assert.equal(state.kind, 'model-missing');
      assert.deepEqual(state.kind === 'model-missing' && state.installedModels, ['llama3.1:8b']);
    } finally {
      await fake.close();
    }
  });

  it('reports a closed port as unreachable with connection refused', async () => {
    const port = await freePort();
    const state = await probeLocalEngine({ host: `http://127.0.0.1:${port}`, model: 'qwen2.5-coder:7b', timeoutMs: 2000 });
    assert.equal(state.kind, 'unreachable');
    assert.match(state.kind === 'unreachable' ? state.detail : '', /connection refused/);
  });

  it('gives up on a server that does not answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const state = await probeLocalEngine({ host: `http://127.0.0.1:${port}`, model: 'x', timeoutMs: 200 });
      assert.equal(state.kind, 'unreachable');
      assert.match(state.kind === 'unreachable' ? state.detail : '', /timeout/);
    } finally {
      silent.close();
    }
  });

  it('treats an untagged model name as :latest', () => {
    assert.ok(hasModel(['phi3:latest'], 'phi3'));
    assert.ok(!hasModel(['phi3:mini'], 'phi3'));
  });
});
