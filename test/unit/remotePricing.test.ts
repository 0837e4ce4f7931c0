import * as assert from 'node:assert/strict';
import { resultLine } from '../../src/cli/batchCommand';
import type { StreamPart } from '../../src/core/conversation/streamParts';
import type { ModelProvider, ModelRequest } from '../../src/core/providers/types';
import { factsOf } from '../../src/core/ledger/taskFacts';
import { savedByTask } from '../../src/core/reports/figures';
import { formatSpent } from '../../src/core/reports/numbers';
import { summarise } from '../../src/core/reports/runSummary';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { Task } from '../../src/core/task';
import { startEngineRig, type EngineRig } from './engineHarness';

/** A server on another machine that answers with these token counts (no such host is reachable from a test). */
class RemoteServer implements ModelProvider {
  readonly requests: ModelRequest[] = [];
  // eslint-disable-next-line @typescript-eslint/require-await
  async *stream(request: ModelRequest): AsyncIterable<StreamPart> {
    this.requests.push(request);
    yield { type: 'text-delta', text: 'bug' };
    yield { type: 'finish', reason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 2_000, outputTokens: 400, cacheReadTokens: 0, cacheWriteTokens: 0 } };
  }
}

const labelTask: Task = { instruction: 'Label this ticket as bug or feature', code: 'The export button crashes the app' };
const remote = (price: Record<string, number> = {}) => ({
  'llmRouter.targets': { 'team-gpu': { provider: 'openai-compatible', model: 'qwen2.5-32b', endpoints: ['http://10.0.0.5:8000/v1'], ...price } },
  'llmRouter.rules': [{ when: {}, chain: ['team-gpu'] }],
  'llmRouter.cloud.enabled': false,
});

describe('remote OpenAI-compatible targets are priced honestly', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = await startEngineRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  it('without a price: the decision and the record say the cost is unknown, and no saving is claimed', async () => {
    const server = new RemoteServer();
    const result = await rig.engine(remote(), { providers: { 'openai-compatible': server } }).run(labelTask);
    assert.equal(server.requests.length, 1);
    assert.equal(result.record.outcome, 'answered');
    assert.ok(result.plan.notes.some((note) => /team-gpu runs on 10\.0\.0\.5 — not local, with no price: .*recorded as unknown/.test(note)), result.plan.notes.join(' | '));
    assert.equal(result.record.attempts[0]?.costUsd, undefined);
    assert.equal(result.record.costUnknown, true);
    assert.equal(formatSpent(result.record), 'cost unknown');
    assert.ok((result.record.baselineCostUsd ?? 0) > 0, 'the all-cloud figure is still known');
    assert.equal(savedByTask(result.record), undefined);
    assert.equal(resultLine('t1', result).costUnknown, true, 'a batch result line says so too');
    const figures = summarise([factsOf(result.record)]);
    assert.equal(figures.savedUsd, 0);
    assert.equal(figures.baselineUsd, 0);
  });

  it('with inputPerMTok and outputPerMTok: each attempt costs what it consumed, and savings are the baseline minus that', async () => {
    const result = await rig.engine(remote({ inputPerMTok: 0.5, outputPerMTok: 1.5 }), { providers: { 'openai-compatible': new RemoteServer() } }).run(labelTask);
    const cost = (2_000 * 0.5 + 400 * 1.5) / 1_000_000;
    assert.equal(result.record.attempts[0]?.costUsd, cost);
    assert.equal(result.record.costUsd, cost);
    assert.equal(result.record.costUnknown, undefined);
    assert.equal(resultLine('t1', result).costUnknown, false);
    assert.ok(!result.plan.notes.some((note) => note.includes('no price')));
    const baseline = result.record.baselineCostUsd ?? 0;
    assert.equal(savedByTask(result.record), baseline - cost);
    assert.equal(summarise([factsOf(result.record)]).savedUsd, baseline - cost);
  });

  it('a server on this machine stays at the local rate', async () => {
    const local = { ...remote(), 'llmRouter.targets': { 'team-gpu': { provider: 'openai-compatible', model: 'qwen2.5-32b', endpoints: ['http://127.0.0.1:8000/v1'] } } };
    const result = await rig.engine(local, { providers: { 'openai-compatible': new RemoteServer() } }).run(labelTask);
    assert.equal(result.record.attempts[0]?.costUsd, 0);
    assert.equal(result.record.costUnknown, undefined);
    assert.equal(savedByTask(result.record), result.record.baselineCostUsd);
  });

  it('validates a target price: both figures, dollars from 0, never on Claude', () => {
    const problemsWith = (spec: Record<string, unknown>) => readRouterSettings((key) => (key === 'llmRouter.targets' ? { x: spec } : undefined));
    const gpu = { provider: 'openai-compatible', model: 'm', endpoints: ['http://10.0.0.5:8000/v1'] };
    const priced = problemsWith({ ...gpu, inputPerMTok: 0.2, outputPerMTok: 0 });
    assert.deepEqual(priced.problems, []);
    assert.equal(priced.settings.routing.targets.x?.inputPerMTok, 0.2);
    for (const [spec, message] of [
      [{ ...gpu, inputPerMTok: 0.2 }, /"inputPerMTok" without "outputPerMTok"/],
      [{ ...gpu, inputPerMTok: -1, outputPerMTok: 1 }, /"inputPerMTok" that is not a number of dollars/],
      [{ ...gpu, inputPerMTok: 1, outputPerMTok: '2' }, /"outputPerMTok" that is not a number of dollars/],
      [{ provider: 'anthropic', model: 'claude-sonnet-5-5', inputPerMTok: 1, outputPerMTok: 2 }, /Claude target, priced by its model/],
    ] as const) {
      const { settings, problems } = problemsWith(spec);
      assert.match(problems.map((problem) => problem.message).join(' | '), message);
      assert.equal(settings.routing.targets.x, undefined, 'a target with a bad price is ignored, as any bad target is');
    }
  });
});
