import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readRouterSettings } from '../../src/core/settings/routerSettings';
import { resolveOllamaHost } from '../../src/core/ollama/ollamaHost';

describe('settings', () => {
  it('uses defaults when nothing is set', () => {
    const { settings, problems } = readRouterSettings(() => undefined);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('keeps valid values', () => {
    const values: Record<string, unknown> = {
      'llmRouter.ollama.host': ' http://10.0.0.5:11500 ',
      'llmRouter.ollama.model': 'llama3.1:8b',
      'llmRouter.classifier.maxLocalTokens': 6000,
    };
    const { settings, problems } = readRouterSettings((key) => values[key]);
    assert.deepEqual(settings, { ollamaHost: 'http://10.0.0.5:11500', ollamaModel: 'llama3.1:8b', maxLocalTokens: 6000 });
    assert.deepEqual(problems, []);
  });

  it('replaces malformed values with defaults and names the setting', () => {
    const values: Record<string, unknown> = {
      'llmRouter.ollama.host': 'not a host!',
      'llmRouter.ollama.model': 42,
      'llmRouter.classifier.maxLocalTokens': 12.5,
    };
    const { settings, problems } = readRouterSettings((key) => values[key]);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(
      problems.map((problem) => problem.setting),
      ['llmRouter.ollama.host', 'llmRouter.ollama.model', 'llmRouter.classifier.maxLocalTokens'],
    );
    assert.match(problems[2]?.message ?? '', /whole number from 256 to 1000000; using 4000/);
  });

  it('prefers an explicit host setting, then OLLAMA_HOST, then the default', () => {
    assert.equal(resolveOllamaHost('http://box:1', '127.0.0.1:2'), 'http://box:1');
    assert.equal(resolveOllamaHost('http://127.0.0.1:11434', '127.0.0.1:2'), '127.0.0.1:2');
    assert.equal(resolveOllamaHost(undefined, undefined), 'http://127.0.0.1:11434');
  });
});
