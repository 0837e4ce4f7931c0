import * as assert from 'node:assert/strict';
import { parseOverride, type Task } from '../../src/core/task';
import { startFakeOllama } from '../fakes/ollama';
import { chatRequests, startEngineRig, type EngineRig } from './engineHarness';

/** About 5,500 cl100k tokens of Python: over the default local limit of 4,000. */
const longCode = Array.from({ length: 290 }, (_, index) => `def step_${index}(value):\n    return transform(value, factor=${index}) + 1\n`).join('\n');

describe('/local and privacy-forced local: what must stay local never reaches the cloud', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = await startEngineRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  const sentContext = () => (chatRequests(rig.ollama, '/api/chat')[0]?.body as { options: { num_ctx: number } } | undefined)?.options.num_ctx;

  it('runs /local over the token limit on the local model, with num_ctx sized to the prompt', async () => {
    rig.ollama.script.push({ reply: 'def step_0(value: int) -> int: ...' });
    const result = await rig.engine().run({ ...parseOverride('/local Add type hints'), code: longCode, language: 'python' });
    const tokens = result.plan.decision.promptTokens;
    assert.ok(tokens > 5000 && tokens < 7000, `${tokens} tokens`);
    assert.equal(result.record.outcome, 'answered');
    assert.equal(result.answer?.target.id, 'local-code');
    assert.deepEqual(result.plan.chain.map((target) => target.id), ['local-code']);
    const numCtx = sentContext() ?? 0;
    assert.ok(numCtx >= tokens * 1.25 && numCtx <= 32_768, `num_ctx ${numCtx} for ${tokens} tokens`);
    assert.ok(result.plan.notes.some((note) => note.includes('with a context of')), result.plan.notes.join(' | '));
    assert.equal(rig.anthropic.requests.length, 0);
  });

  it('does not fall back to Claude when the local model fails on a /local task', async () => {
    rig.ollama.script.defaults = { fault: { kind: 'model-missing' } };
    const result = await rig.engine().run({ instruction: 'Add type hints', override: 'local', code: 'def f(x):\n    return x', language: 'python' });
    assert.equal(result.record.outcome, 'failed');
    assert.equal(rig.anthropic.requests.length, 0);
    assert.ok(result.plan.notes.some((note) => note.startsWith('You chose /local')));
  });

  it('runs a long local-only file locally too, instead of refusing it for want of a rule', async () => {
    rig.ollama.script.push({ reply: 'Reviewed.' });
    const task: Task = { instruction: 'Review this file', code: longCode, language: 'python', path: 'secrets/pipeline.py' };
    const result = await rig.engine().run(task);
    assert.equal(result.record.outcome, 'answered', result.record.failure);
    assert.equal(result.answer?.target.id, 'local-code');
    assert.ok((sentContext() ?? 0) > 4096);
    assert.equal(rig.anthropic.requests.length, 0);
  });

  it('refuses with the reason when the prompt does not fit the local model\'s window (from /api/show)', async () => {
    const small = await startFakeOllama({ modelContextLength: 8192 });
    try {
      const result = await rig.engine({ 'llmRouter.ollama.host': small.url }).run({ instruction: 'Add type hints', override: 'local', code: longCode, language: 'python' });
      assert.equal(result.record.outcome, 'refused');
      assert.match(result.plan.refusal ?? '', /must stay on your machine, but the prompt \([\d,]+ tokens, [\d,]+ with room for the answer\) does not fit the context window of any local model: local-code \(qwen2\.5-coder:7b\) holds 8,192/);
      assert.equal(chatRequests(small, '/api/chat').length, 0);
      assert.equal(small.requests.filter((entry) => entry.path === '/api/show').length, 1);
      assert.equal(rig.anthropic.requests.length, 0);
    } finally {
      await small.close();
    }
  });

  it('takes a target\'s own contextWindow for a server that cannot say (OpenAI-compatible)', async () => {
    const settings = {
      'llmRouter.openaiCompatible.baseUrl': `${rig.lmStudio.url}/v1`,
      'llmRouter.rules': [{ when: { route: 'local' }, chain: ['local-labels'] }],
      'llmRouter.targets': { 'local-labels': { provider: 'openai-compatible', model: 'phi-3-mini', contextWindow: 16_384 }, claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [rig.anthropic.url] } },
    };
    const plan = await rig.engine(settings).plan({ instruction: 'Label these', override: 'local', code: longCode });
    assert.deepEqual(plan.chain.map((target) => target.id), ['local-labels']);
    const tooSmall = await rig.engine({ ...settings, 'llmRouter.targets': { ...settings['llmRouter.targets'], 'local-labels': { provider: 'openai-compatible', model: 'phi-3-mini' } } }).plan({ instruction: 'Label these', override: 'local', code: longCode });
    assert.match(tooSmall.refusal ?? '', /local-labels \(phi-3-mini\) holds 4,096/);
  });
});
