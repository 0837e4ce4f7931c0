import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readRouterSettings } from '../../src/core/settings/routerSettings';
import { resolveOllamaHost } from '../../src/core/ollama/ollamaHost';

describe('settings', () => {
  it('reads the gateway port: 4141 unless set, 0 for a free port, and the default with a problem for anything else', () => {
    const port = (value: unknown) => readRouterSettings((key) => (key === 'llmRouter.gateway.port' ? value : undefined));
    assert.equal(port(undefined).settings.gatewayPort, 4141);
    assert.equal(port(0).settings.gatewayPort, 0);
    assert.equal(port(8080).settings.gatewayPort, 8080);
    for (const bad of [65_536, -1, 41.5, '4141']) {
      const { settings, problems } = port(bad);
      assert.equal(settings.gatewayPort, 4141, String(bad));
      assert.deepEqual(problems.map((problem) => problem.setting), ['llmRouter.gateway.port']);
    }
  });

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
      'llmRouter.routing.profile': 'quality',
      'llmRouter.apply.mode': 'preview',
      'llmRouter.gateway.port': 5151,
    };
    const { settings, problems } = readRouterSettings((key) => values[key]);
    assert.deepEqual(
      { ...settings, routing: undefined, ledger: undefined, adaptive: undefined, telemetry: undefined },
      { ollamaHost: 'http://10.0.0.5:11500', ollamaModel: 'llama3.1:8b', ollamaPath: 'ollama', maxLocalTokens: 6000, routingProfile: 'quality', applyMode: 'preview', gatewayPort: 5151, routing: undefined, ledger: undefined, adaptive: undefined, telemetry: undefined },
    );
    assert.equal(settings.routing.targets['local-code']?.model, 'llama3.1:8b', 'the code target follows llmRouter.ollama.model');
    assert.deepEqual(problems, []);
  });

  it('replaces malformed values with defaults and names the setting', () => {
    const values: Record<string, unknown> = {
      'llmRouter.ollama.host': 'not a host!',
      'llmRouter.ollama.model': 42,
      'llmRouter.classifier.maxLocalTokens': 12.5,
      'llmRouter.routing.profile': 'cheap',
      'llmRouter.apply.mode': 'sometimes',
    };
    const { settings, problems } = readRouterSettings((key) => values[key]);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(
      problems.map((problem) => problem.setting),
      ['llmRouter.ollama.host', 'llmRouter.ollama.model', 'llmRouter.classifier.maxLocalTokens', 'llmRouter.routing.profile', 'llmRouter.apply.mode'],
    );
    assert.match(problems[2]?.message ?? '', /whole number from 256 to 1000000; using 4000/);
    assert.match(problems[3]?.message ?? '', /must be "economy", "balanced", "quality"; using "balanced"/);
  });

  it('reads routing settings and reports every unusable one by name, keeping the rest', () => {
    const values: Record<string, unknown> = {
      'llmRouter.targets': {
        'big-coder': { provider: 'ollama', model: 'qwen2.5-coder:32b', numCtx: 16384 },
        broken: { provider: 'gemini', model: 'x' },
      },
      'llmRouter.rules': [{ when: { categories: ['tests'] }, chain: ['big-coder', 'ghost'] }],
      'llmRouter.budget.monthlyUsd': -5,
      'llmRouter.cloud.enabled': 'yes',
      'llmRouter.privacy.localOnlyGlobs': ['**/*.key'],
      'llmRouter.openaiCompatible.baseUrl': 'localhost:1234',
    };
    const { settings, problems } = readRouterSettings((key) => values[key]);
    assert.equal(settings.routing.targets['big-coder']?.numCtx, 16384);
    assert.equal(settings.routing.targets.broken, undefined);
    assert.ok(settings.routing.targets.claude !== undefined, 'defaults stay beside user targets');
    assert.deepEqual(settings.routing.rules[0]?.chain, ['big-coder', 'ghost']);
    assert.equal(settings.routing.budget.monthlyUsd, 0);
    assert.equal(settings.routing.allowCloud, true);
    assert.deepEqual(settings.routing.localOnlyGlobs, ['**/*.key']);
    assert.equal(settings.routing.openaiCompatibleUrl, '');
    const messages = problems.map((problem) => problem.message).join('\n');
    assert.match(messages, /llmRouter.targets "broken" needs "provider"/);
    assert.match(messages, /llmRouter.rules names the target "ghost"/);
    assert.match(messages, /llmRouter.budget.monthlyUsd must be a number from 0/);
    assert.match(messages, /llmRouter.cloud.enabled must be true or false/);
    assert.match(messages, /llmRouter.openaiCompatible.baseUrl must be empty or a URL/);
  });

  it('reads the adaptive routing settings, with defaults for unusable values', () => {
    const good = readRouterSettings((key) => ({ 'llmRouter.adaptive.enabled': true, 'llmRouter.adaptive.window': 50, 'llmRouter.adaptive.maxCorrection': 1, 'llmRouter.adaptive.halfLifeDays': 3 })[key]);
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.settings.adaptive, { enabled: true, window: 50, maxCorrection: 1, halfLifeDays: 3, minResults: 5 });
    const bad = readRouterSettings((key) => ({ 'llmRouter.adaptive.enabled': 'yes', 'llmRouter.adaptive.maxCorrection': 9, 'llmRouter.adaptive.halfLifeDays': 0 })[key]);
    assert.deepEqual(bad.settings.adaptive, DEFAULT_SETTINGS.adaptive);
    assert.deepEqual(bad.problems.map((problem) => problem.setting), ['llmRouter.adaptive.enabled', 'llmRouter.adaptive.maxCorrection', 'llmRouter.adaptive.halfLifeDays']);
    assert.match(bad.problems[1]?.message ?? '', /from 0 to 3; using 1.5/);
  });

  it('reads the privacy and upload settings, with defaults for unusable values', () => {
    const good = readRouterSettings((key) => ({ 'llmRouter.privacy.localHosts': ['gpu-box.lan', '10.0.0.0/8'], 'llmRouter.cloud.maxUploadTokens': 50_000, 'llmRouter.targets': { lm: { provider: 'openai-compatible', model: 'phi', contextWindow: 8192 } } })[key]);
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.settings.routing.localHosts, ['gpu-box.lan', '10.0.0.0/8']);
    assert.equal(good.settings.routing.maxUploadTokens, 50_000);
    assert.equal(good.settings.routing.targets.lm?.contextWindow, 8192);
    const bad = readRouterSettings((key) => ({ 'llmRouter.privacy.localHosts': 'gpu-box', 'llmRouter.cloud.maxUploadTokens': 10, 'llmRouter.targets': { lm: { provider: 'openai-compatible', model: 'phi', contextWindow: 12 } } })[key]);
    assert.deepEqual(bad.settings.routing.localHosts, []);
    assert.equal(bad.settings.routing.maxUploadTokens, 200_000);
    assert.equal(bad.settings.routing.targets.lm, undefined);
    assert.deepEqual(bad.problems.map((problem) => problem.setting).sort(), ['llmRouter.cloud.maxUploadTokens', 'llmRouter.privacy.localHosts', 'llmRouter.targets']);
  });

  it('prefers an explicit host setting, then OLLAMA_HOST, then the default', () => {
    assert.equal(resolveOllamaHost('http://box:1', '127.0.0.1:2'), 'http://box:1');
    assert.equal(resolveOllamaHost('http://127.0.0.1:11434', '127.0.0.1:2'), '127.0.0.1:2');
    assert.equal(resolveOllamaHost(undefined, undefined), 'http://127.0.0.1:11434');
  });
});
