import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { AttemptRecord, TaskRecord } from '../engine/taskRecord';
import type { ProviderKind } from '../providers/types';

export interface TelemetrySettings {
  /** The collector's OTLP/HTTP base address, such as http://collector:4318; empty turns export off. */
  readonly otlpEndpoint: string;
  /** Extra headers for the collector (authentication). */
  readonly headers: Readonly<Record<string, string>>;
  readonly serviceName: string;
  readonly metricIntervalMs?: number;
}

/** The GenAI semantic conventions' names for where a model runs. */
const GEN_AI_SYSTEM: Record<ProviderKind, string> = { ollama: 'ollama', anthropic: 'anthropic', 'openai-compatible': 'openai' };

/**
 * Each task as a span (with a child span per model request) and GenAI metrics, exported over
 * OTLP/HTTP to the team's collector. Carries decisions, models, tokens, latency and cost; never
 * prompts, code or answers.
 */
export class OtlpTelemetry {
  private readonly tracerProvider: TracerProvider;
  private readonly meterProvider: MeterProvider;
  private readonly instruments;

  constructor(settings: TelemetrySettings, version?: string) {
    const base = settings.otlpEndpoint.replace(/\/+$/, '');
    const resource = resourceFromAttributes({ 'service.name': settings.serviceName, ...(version === undefined ? {} : { 'service.version': version }) });
    this.tracerProvider = new TracerProvider({ resource, spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${base}/v1/traces`, headers: { ...settings.headers } }) })] });
    this.meterProvider = new MeterProvider({
      resource,
      readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics`, headers: { ...settings.headers } }), exportIntervalMillis: settings.metricIntervalMs ?? 60_000 })],
    });
    const meter = this.meterProvider.getMeter('llm-router', version);
    this.instruments = {
      tokens: meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}', description: 'Tokens used per model request' }),
      duration: meter.createHistogram('gen_ai.client.operation.duration', { unit: 's', description: 'Duration of each model request' }),
      cost: meter.createCounter('llm_router.cost', { unit: 'USD', description: 'What the routed tasks cost' }),
      baseline: meter.createCounter('llm_router.baseline_cost', { unit: 'USD', description: 'What the answered tasks would have cost on the baseline model' }),
      tasks: meter.createCounter('llm_router.tasks', { unit: '{task}', description: 'Routed tasks by route, category and outcome' }),
    };
    this.tracer = this.tracerProvider.getTracer('llm-router', version);
  }

  private readonly tracer;

  record(record: TaskRecord): void {
    const started = Date.parse(record.startedAt);
    const taskAttributes: Attributes = {
      'llm_router.task.id': record.id,
      'llm_router.category': record.decision.category,
      'llm_router.decision.route': record.decision.route,
      'llm_router.route': record.route,
      'llm_router.decision.score': record.decision.score,
      'llm_router.prompt_tokens': record.decision.promptTokens,
      'llm_router.outcome': record.outcome,
      'llm_router.cost_usd': record.costUsd,
      'llm_router.attempts': record.attempts.length,
      ...(record.baselineCostUsd === undefined ? {} : { 'llm_router.baseline_cost_usd': record.baselineCostUsd, 'llm_router.baseline_model': record.baselineModel ?? '' }),
      ...(record.final === undefined ? {} : { 'gen_ai.response.model': record.final.model, 'gen_ai.system': GEN_AI_SYSTEM[record.final.provider], 'llm_router.local': record.final.local }),
    };
    const taskSpan = this.tracer.startSpan(`route ${record.decision.category}`, { kind: SpanKind.INTERNAL, startTime: started, attributes: taskAttributes });
    const parent = trace.setSpan(context.active(), taskSpan);
    for (const attempt of record.attempts) this.recordAttempt(attempt, parent, record);
    if (record.outcome === 'failed' || record.outcome === 'refused') taskSpan.setStatus({ code: SpanStatusCode.ERROR, message: record.failure ?? record.outcome });
    taskSpan.end(started + record.latencyMs);

    const common = { 'llm_router.category': record.decision.category, 'llm_router.route': record.route };
    this.instruments.tasks.add(1, { ...common, 'llm_router.outcome': record.outcome });
    this.instruments.cost.add(record.costUsd, common);
    if (record.baselineCostUsd !== undefined) this.instruments.baseline.add(record.baselineCostUsd, common);
  }

  private recordAttempt(attempt: AttemptRecord, parent: ReturnType<typeof trace.setSpan>, record: TaskRecord): void {
    const system = GEN_AI_SYSTEM[attempt.provider];
    const attributes: Attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': system,
      'gen_ai.provider.name': system,
      'gen_ai.request.model': attempt.model,
      'gen_ai.usage.input_tokens': attempt.usage.inputTokens + attempt.usage.cacheReadTokens + attempt.usage.cacheWriteTokens,
      'gen_ai.usage.output_tokens': attempt.usage.outputTokens,
      'llm_router.target': attempt.targetId,
      'llm_router.retry': attempt.retry,
      'llm_router.attempt.outcome': attempt.outcome,
      ...(attempt.outcome === 'answered' ? { 'gen_ai.response.model': attempt.model } : {}),
      ...(attempt.costUsd === undefined ? {} : { 'llm_router.cost_usd': attempt.costUsd }),
      ...(attempt.timeToFirstTokenMs === undefined ? {} : { 'llm_router.time_to_first_token_ms': attempt.timeToFirstTokenMs }),
      ...(attempt.outcome === 'answered' ? {} : { 'error.type': attempt.errorKind ?? attempt.outcome }),
    };
    const started = Date.parse(attempt.startedAt);
    const span = this.tracer.startSpan(`chat ${attempt.model}`, { kind: SpanKind.CLIENT, startTime: started, attributes }, parent);
    if (attempt.outcome !== 'answered') span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.reason ?? attempt.outcome });
    span.end(started + attempt.latencyMs);

    const metricAttributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.system': system, 'gen_ai.provider.name': system, 'gen_ai.request.model': attempt.model, 'llm_router.category': record.decision.category };
    this.instruments.duration.record(attempt.latencyMs / 1000, { ...metricAttributes, ...(attempt.outcome === 'answered' ? {} : { 'error.type': attempt.errorKind ?? attempt.outcome }) });
    this.instruments.tokens.record(attributes['gen_ai.usage.input_tokens'] as number, { ...metricAttributes, 'gen_ai.token.type': 'input' });
    this.instruments.tokens.record(attempt.usage.outputTokens, { ...metricAttributes, 'gen_ai.token.type': 'output' });
  }

  /** Sends what is buffered now (tests, the end of a CLI run). */
  async flush(): Promise<void> {
    await Promise.all([this.tracerProvider.forceFlush(), this.meterProvider.forceFlush()]);
  }

  async shutdown(): Promise<void> {
    await Promise.all([this.tracerProvider.shutdown(), this.meterProvider.shutdown()]);
  }
}
