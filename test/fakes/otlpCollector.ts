import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP/HTTP JSON attribute value, as the exporters send it. */
export interface OtlpValue {
  readonly stringValue?: string;
  readonly intValue?: number | string;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
}
export interface OtlpAttribute {
  readonly key: string;
  readonly value: OtlpValue;
}
export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpAttribute[];
  readonly status?: { readonly code?: number; readonly message?: string };
}

/**
 * A loopback OpenTelemetry collector's OTLP/HTTP receiver (JSON encoding): keeps every span and
 * metric name it is sent, with the request headers.
 */
export interface FakeCollector {
  readonly url: string;
  readonly spans: OtlpSpan[];
  readonly metrics: { name: string; unit?: string; body: unknown }[];
  readonly resources: OtlpAttribute[][];
  readonly headers: Record<string, string | string[] | undefined>[];
  close(): Promise<void>;
}

interface TracesBody {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}
interface MetricsBody {
  resourceMetrics?: { scopeMetrics?: { metrics?: { name: string; unit?: string }[] }[] }[];
}

export async function startFakeCollector(): Promise<FakeCollector> {
  const collector: Omit<FakeCollector, 'url' | 'close'> = { spans: [], metrics: [], resources: [], headers: [] };
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      collector.headers.push(request.headers);
      if (request.headers['content-type']?.includes('json') !== true) {
        response.writeHead(415).end();
        return;
      }
      if (request.url === '/v1/traces') {
        const body = JSON.parse(text) as TracesBody;
        for (const resourceSpans of body.resourceSpans ?? []) {
          collector.resources.push(resourceSpans.resource?.attributes ?? []);
          for (const scope of resourceSpans.scopeSpans ?? []) collector.spans.push(...(scope.spans ?? []));
        }
      } else if (request.url === '/v1/metrics') {
        const body = JSON.parse(text) as MetricsBody;
        for (const resourceMetrics of body.resourceMetrics ?? []) for (const scope of resourceMetrics.scopeMetrics ?? []) for (const metric of scope.metrics ?? []) collector.metrics.push({ name: metric.name, ...(metric.unit === undefined ? {} : { unit: metric.unit }), body: metric });
      } else {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { ...collector, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An attribute's value as a plain JS value. */
export function attribute(attributes: readonly OtlpAttribute[], key: string): string | number | boolean | undefined {
  const value = attributes.find((entry) => entry.key === key)?.value;
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.boolValue;
}
