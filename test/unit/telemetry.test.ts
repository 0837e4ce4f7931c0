import * as assert from 'node:assert/strict';
import { OtlpTelemetry } from '../../src/core/telemetry/otlpTelemetry';
import { attribute, startFakeCollector, type FakeCollector } from '../fakes/otlpCollector';
import { sampleRecord } from '../data/sampleRecord';

describe('OpenTelemetry export', () => {
  let collector: FakeCollector;
  beforeEach(async () => {
    collector = await startFakeCollector();
  });
  afterEach(async () => {
    await collector.close();
  });

  it('sends each task as a span with a GenAI client span per model request, and GenAI metrics, over OTLP/HTTP', async () => {
    const telemetry = new OtlpTelemetry({ otlpEndpoint: `${collector.url}/`, headers: { authorization: 'Bearer team-token' }, serviceName: 'llm-router' }, '0.1.0');
    const startedAt = '2026-11-22T10:00:00.000Z';
    const base = sampleRecord('task-1', startedAt);
    const record = {
      ...base,
      attempts: [
        { ...base.attempts[0], outcome: 'timeout' as const, reason: 'no first token within 60 s', usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } },
        { targetId: 'claude', provider: 'anthropic' as const, model: 'claude-sonnet-5-5', local: false, retry: 0, startedAt: '2026-11-22T10:01:00.000Z', latencyMs: 2000, usage: { inputTokens: 900, outputTokens: 150, cacheReadTokens: 100, cacheWriteTokens: 0 }, costUsd: 0.0037, outcome: 'answered' as const },
      ],
      final: { targetId: 'claude', provider: 'anthropic' as const, model: 'claude-sonnet-5-5', local: false },
      costUsd: 0.0037,
    };
    telemetry.record(record);
    await telemetry.flush();
    await telemetry.shutdown();

    const task = collector.spans.find((span) => span.name === 'route types');
    assert.ok(task, collector.spans.map((span) => span.name).join(', '));
    assert.equal(attribute(task.attributes, 'llm_router.category'), 'types');
    assert.equal(attribute(task.attributes, 'gen_ai.response.model'), 'claude-sonnet-5-5');
    assert.equal(attribute(task.attributes, 'llm_router.cost_usd'), 0.0037);
    assert.equal(attribute(task.attributes, 'llm_router.task.id'), 'task-1');
    assert.equal(attribute(task.attributes, 'instruction'), undefined);

    const requests = collector.spans.filter((span) => span.parentSpanId === task.spanId);
    assert.deepEqual(
      requests.map((span) => span.name),
      ['chat qwen2.5-coder:7b', 'chat claude-sonnet-5-5'],
    );
    const [local, cloud] = requests;
    assert.equal(attribute(local.attributes, 'gen_ai.system'), 'ollama');
    assert.equal(attribute(local.attributes, 'error.type'), 'timeout');
    assert.equal(local.status?.code, 2, 'the timed-out request is an error span');
    assert.equal(attribute(cloud.attributes, 'gen_ai.system'), 'anthropic');
    assert.equal(attribute(cloud.attributes, 'gen_ai.request.model'), 'claude-sonnet-5-5');
    assert.equal(attribute(cloud.attributes, 'gen_ai.usage.input_tokens'), 1000);
    assert.equal(attribute(cloud.attributes, 'gen_ai.usage.output_tokens'), 150);
    assert.equal(BigInt(cloud.endTimeUnixNano) - BigInt(cloud.startTimeUnixNano), 2_000_000_000n);
    assert.equal(attribute(collector.resources[0] ?? [], 'service.name'), 'llm-router');

    const names = new Set(collector.metrics.map((metric) => metric.name));
    for (const name of ['gen_ai.client.token.usage', 'gen_ai.client.operation.duration', 'llm_router.cost', 'llm_router.tasks']) assert.ok(names.has(name), `${name} exported`);
    assert.ok(collector.headers.every((headers) => headers.authorization === 'Bearer team-token'));
  });
});
