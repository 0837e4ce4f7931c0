import * as assert from 'node:assert/strict';
import { DEFAULT_TIMING } from '../../src/core/engine/runPlan';
import { DEFAULT_MAX_OUTPUT_TOKENS } from '../../src/core/models/modelCapabilities';
import { routerModels, type RouterModel } from '../../src/core/models/routerModels';
import { OllamaModelShow } from '../../src/core/ollama/modelFacts';
import type { OllamaModelFacts } from '../../src/core/ollama/modelFacts';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import { contextNeeded } from '../../src/core/tokens/contextSize';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';

function settingsWith(values: Record<string, unknown>) {
  const { settings, problems } = readRouterSettings((key) => values[key]);
  assert.deepEqual(problems, []);
  return settings;
}

function byId(models: readonly RouterModel[], id: string): RouterModel {
  const model = models.find((entry) => entry.id === id);
  assert.ok(model !== undefined, `${id} is listed (${models.map((entry) => entry.id).join(', ')})`);
  return model;
}

describe('the LLM Router models declare what they can really do', () => {
  let ollama: FakeOllama;
  before(async () => {
    ollama = await startFakeOllama({ modelContextLength: 65_536 });
  });
  after(() => ollama.close());

  it('asks Ollama for each model window and tools; a fixed numCtx is the window instead', async () => {
    const settings = settingsWith({
      'llmRouter.ollama.host': ollama.url,
      'llmRouter.targets': { fixed: { provider: 'ollama', model: 'llama3.1:8b', numCtx: 8_192 } },
    });
    const show = new OllamaModelShow();
    const models = await routerModels(settings, (target) => show.factsOf(target.endpoints![0], target.model), undefined, DEFAULT_MAX_OUTPUT_TOKENS);
    const local = byId(models, 'target:local-code').capabilities;
    assert.equal(local.toolCalling, true, 'the fake lists "tools" in /api/show');
    assert.equal(local.imageInput, false, 'and no "vision"');
    // Whatever it promises fits the context the router will set for a prompt that size.
    assert.ok(contextNeeded(local.maxInputTokens, local.maxOutputTokens) <= 65_536);
    assert.ok(local.maxInputTokens > 45_000, `${local.maxInputTokens} uses the model's 65,536-token window`);
    const fixed = byId(models, 'target:fixed').capabilities;
    assert.ok(contextNeeded(fixed.maxInputTokens, fixed.maxOutputTokens) <= 8_192);
    assert.ok(fixed.maxInputTokens > 3_000 && fixed.maxInputTokens < 8_192 - 4_096, String(fixed.maxInputTokens));
    assert.ok(ollama.requests.some((entry) => entry.path === '/api/show'));
  });

  it('promises no tools for a model whose server does not list them, nor for one that does not answer', async () => {
    const settings = settingsWith({ 'llmRouter.ollama.host': 'http://127.0.0.1:9', 'llmRouter.cloud.enabled': false });
    const show = new OllamaModelShow(500);
    const models = await routerModels(settings, (target) => show.factsOf(target.endpoints![0], target.model), undefined, DEFAULT_MAX_OUTPUT_TOKENS);
    assert.equal(byId(models, 'target:local-code').capabilities.toolCalling, false);
    assert.equal(byId(models, 'auto').capabilities.toolCalling, false, 'with the cloud off and no local tools, Auto takes none');
    assert.equal(byId(models, 'auto').capabilities.imageInput, false);
  });

  it('gives Auto tools and images through Claude, and the largest window of what it can reach', async () => {
    const lookup = (): Promise<OllamaModelFacts> => Promise.resolve({ contextLength: 131_072, capabilities: ['completion', 'vision'] });
    const cloud = await routerModels(settingsWith({}), lookup, undefined, DEFAULT_MAX_OUTPUT_TOKENS);
    const claude = byId(cloud, 'target:claude').capabilities;
    assert.deepEqual({ tools: claude.toolCalling, images: claude.imageInput }, { tools: true, images: true });
    assert.equal(byId(cloud, 'target:local-code').capabilities.imageInput, true, 'a model Ollama lists with "vision" sees images');
    assert.equal(byId(cloud, 'target:local-labels').capabilities.toolCalling, false, 'an OpenAI-compatible server does not say, so no tools are promised');
    const auto = byId(cloud, 'auto').capabilities;
    assert.equal(auto.toolCalling, true);
    assert.equal(auto.imageInput, true, 'a request with images goes to Claude');
    assert.equal(auto.maxInputTokens, claude.maxInputTokens);

    const offline = byId(await routerModels(settingsWith({ 'llmRouter.cloud.enabled': false }), lookup, undefined, DEFAULT_MAX_OUTPUT_TOKENS), 'auto').capabilities;
    assert.equal(offline.toolCalling, false, 'no local model lists tools here');
    assert.equal(offline.imageInput, false, 'with the cloud off, a request with images would reach a local model');
    assert.ok(offline.maxInputTokens < claude.maxInputTokens && contextNeeded(offline.maxInputTokens, offline.maxOutputTokens) <= 131_072);
  });

  it('promises tools and images for an OpenAI-compatible target only when its settings declare them', async () => {
    const lookup = (): Promise<OllamaModelFacts> => Promise.resolve({ contextLength: 32_768, capabilities: ['completion'] });
    const settings = settingsWith({
      'llmRouter.cloud.enabled': false,
      'llmRouter.openaiCompatible.baseUrl': 'http://127.0.0.1:1234/v1',
      'llmRouter.targets': {
        'studio-tools': { provider: 'openai-compatible', model: 'qwen3-coder', endpoints: ['http://127.0.0.1:1234/v1'], capabilities: { tools: true } },
        'studio-vision': { provider: 'openai-compatible', model: 'llava', endpoints: ['http://127.0.0.1:1234/v1'], capabilities: { tools: false, images: true } },
      },
    });
    const models = await routerModels(settings, lookup, undefined, DEFAULT_MAX_OUTPUT_TOKENS);
    const tools = byId(models, 'target:studio-tools').capabilities;
    const vision = byId(models, 'target:studio-vision').capabilities;
    assert.deepEqual({ tools: tools.toolCalling, images: tools.imageInput }, { tools: true, images: false });
    assert.deepEqual({ tools: vision.toolCalling, images: vision.imageInput }, { tools: false, images: true });
    assert.equal(byId(models, 'target:local-labels').capabilities.toolCalling, false, 'a target that declares nothing stays text only');
  });

  it('reports capabilities that are not true or false, unknown ones, or ones on a provider that says for itself, and ignores that target', () => {
    for (const [spec, words] of [
      [{ provider: 'openai-compatible', model: 'm', capabilities: { tools: 'yes' } }, /"capabilities\.tools" that is not true or false/],
      [{ provider: 'openai-compatible', model: 'm', capabilities: { audio: true } }, /only "tools" and "images"/],
      [{ provider: 'openai-compatible', model: 'm', capabilities: [true] }, /not an object/],
      [{ provider: 'ollama', model: 'm', capabilities: { tools: true } }, /only an OpenAI-compatible target declares/],
    ] as const) {
      const { settings, problems } = readRouterSettings((key) => (key === 'llmRouter.targets' ? { odd: spec } : undefined));
      assert.equal(settings.routing.targets.odd, undefined, JSON.stringify(spec));
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0].message, words);
    }
  });

  it('uses the engine default answer cap', () => {
    assert.equal(DEFAULT_MAX_OUTPUT_TOKENS, DEFAULT_TIMING.maxOutputTokens);
  });
});
