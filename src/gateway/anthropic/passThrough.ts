import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Usage } from '../../core/providers/types';
import type { GatewayRequest } from '../server';
import { MessagesUsageReader } from './sseUsage';

export const DEFAULT_ANTHROPIC_URL = 'https://api.anthropic.com';

/** One request sent upstream. */
export interface UpstreamTry {
  readonly retry: number;
  readonly startedAt: number;
  readonly latencyMs: number;
  readonly status?: number;
  /** Why this try did not answer, when it did not. */
  readonly failure?: string;
  readonly timeToFirstByteMs?: number;
}

export type PassThroughResult =
  /** The response went to the client as it came; usage is what it reported. */
  | { readonly kind: 'answered'; readonly tries: readonly UpstreamTry[]; readonly usage: Usage; readonly toolCalls: number; readonly stopReason?: string; readonly status: number }
  /** Nothing reached the client: the caller may fall back, or send `reply` (the upstream error as it came). */
  | { readonly kind: 'failed'; readonly tries: readonly UpstreamTry[]; readonly reason: string; readonly fallback: boolean; readonly reply?: { readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer } }
  /** The stream broke after bytes had gone out: it was ended with an `error` event. */
  | { readonly kind: 'broken'; readonly tries: readonly UpstreamTry[]; readonly usage: Usage; readonly reason: string }
  | { readonly kind: 'cancelled'; readonly tries: readonly UpstreamTry[] };

export interface PassThroughOptions {
  /** The configured Anthropic endpoint (default https://api.anthropic.com). */
  readonly baseUrl: string;
  /** The real key; it goes upstream only. */
  readonly apiKey: string;
  /** Retries of an overloaded or reset request before any byte went to the client. */
  readonly maxRetries: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Statuses worth trying again or answering elsewhere: overload, rate limits, server faults, a refused key. */
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504, 529]);
const FALL_BACK = new Set([...RETRYABLE, 401, 403]);
/** Headers of the hop, never forwarded (RFC 9110 §7.6.1), plus the length, which the body keeps as it is. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * Sends the client's request to Anthropic unchanged (its body, its anthropic-* headers, its query)
 * with the real key instead of the gateway token, and streams the answer back byte for byte. The
 * first chunk is read before anything is written, so a 529, a reset or an `error` event at the
 * start is retried (or left to the caller's fallback) without the client seeing it.
 */
export async function passThrough(request: GatewayRequest, response: ServerResponse, options: PassThroughOptions): Promise<PassThroughResult> {
  const tries: UpstreamTry[] = [];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let retry = 0; ; retry++) {
    if (request.signal.aborted) return { kind: 'cancelled', tries };
    const startedAt = Date.now();
    const opened = await open(request, options);
    if (opened.kind === 'error') {
      tries.push({ retry, startedAt, latencyMs: Date.now() - startedAt, failure: opened.reason });
      if (request.signal.aborted) return { kind: 'cancelled', tries };
      if (retry < options.maxRetries) {
        await sleep(backoff(retry, undefined));
        continue;
      }
      return { kind: 'failed', tries, reason: opened.reason, fallback: true };
    }
    const upstream = opened.response;
    const status = upstream.statusCode ?? 502;
    if (status !== 200) {
      const body = await readAll(upstream);
      const reason = `Anthropic answered ${status}${errorMessage(body)}`;
      tries.push({ retry, startedAt, latencyMs: Date.now() - startedAt, status, failure: reason });
      if (RETRYABLE.has(status) && retry < options.maxRetries) {
        await sleep(backoff(retry, upstream.headers['retry-after']));
        continue;
      }
      return { kind: 'failed', tries, reason, fallback: FALL_BACK.has(status), reply: { status, headers: upstream.headers, body } };
    }
    const streaming = /event-stream/.test(upstream.headers['content-type'] ?? '');
    const reader = new MessagesUsageReader();
    const first = await firstChunk(upstream);
    if (first === undefined || (streaming && startsWithError(first))) {
      const reason = first === undefined ? 'the connection to Anthropic closed before the answer began' : `Anthropic's stream began with an error${errorMessage(first)}`;
      upstream.destroy();
      tries.push({ retry, startedAt, latencyMs: Date.now() - startedAt, status, failure: reason });
      if (retry < options.maxRetries) {
        await sleep(backoff(retry, undefined));
        continue;
      }
      return { kind: 'failed', tries, reason, fallback: true };
    }
    const timeToFirstByteMs = Date.now() - startedAt;
    // Corked around the head and the first chunk, so both leave in one write now rather than on the next tick.
    response.cork();
    response.writeHead(200, forwardedHeaders(upstream.headers));
    response.write(first);
    response.uncork();
    const chunks: Buffer[] = [];
    // Usage is read from each chunk after it has gone to the client.
    const take = (chunk: Buffer) => (streaming ? reader.feed(chunk.toString('utf8')) : chunks.push(chunk));
    take(first);
    const ended = await relay(upstream, response, take);
    if (!streaming) reader.readMessage(Buffer.concat(chunks).toString('utf8'));
    const latencyMs = Date.now() - startedAt;
    if (ended === 'cancelled') {
      tries.push({ retry, startedAt, latencyMs, status, timeToFirstByteMs, failure: 'the client went away' });
      return { kind: 'cancelled', tries };
    }
    if (ended === 'broken' || (streaming && reader.stopReason === undefined && reader.streamError === undefined)) {
      const reason = reader.streamError ?? 'the connection to Anthropic broke mid-answer';
      if (streaming && !response.writableEnded) response.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: `LLM Router gateway: ${reason}` } })}\n\n`);
      else if (!response.writableEnded) response.destroy();
      tries.push({ retry, startedAt, latencyMs, status, timeToFirstByteMs, failure: reason });
      return { kind: 'broken', tries, usage: reader.usage, reason };
    }
    response.end();
    if (reader.streamError !== undefined) {
      tries.push({ retry, startedAt, latencyMs, status, timeToFirstByteMs, failure: reader.streamError });
      return { kind: 'broken', tries, usage: reader.usage, reason: reader.streamError };
    }
    tries.push({ retry, startedAt, latencyMs, status, timeToFirstByteMs });
    return { kind: 'answered', tries, usage: reader.usage, toolCalls: reader.toolCalls, status, ...(reader.stopReason === undefined ? {} : { stopReason: reader.stopReason }) };
  }
}

function open(request: GatewayRequest, options: PassThroughOptions): Promise<{ kind: 'response'; response: IncomingMessage } | { kind: 'error'; reason: string }> {
  const upstream = upstreamOf(options.baseUrl);
  const headers: Record<string, string | string[]> = { 'x-api-key': options.apiKey, 'content-type': 'application/json', 'content-length': String(request.body.length) };
  for (const name in request.headers) {
    const value = request.headers[name];
    if (value === undefined) continue;
    if (name.startsWith('anthropic-') || name === 'accept' || name === 'user-agent' || name === 'x-app') headers[name] = value;
  }
  const send = upstream.https ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const outgoing = send({ ...upstream.options, path: `${upstream.basePath}${request.path}${request.search}`, method: request.method, headers }, (incoming) => resolve({ kind: 'response', response: incoming }));
    const onAbort = () => outgoing.destroy(new Error('the client went away'));
    request.signal.addEventListener('abort', onAbort, { once: true });
    outgoing.once('close', () => request.signal.removeEventListener('abort', onAbort));
    outgoing.once('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'error', reason: `could not reach Anthropic at ${upstream.origin} (${error.code ?? error.message})` }));
    outgoing.end(request.body);
  });
}

interface Upstream {
  readonly https: boolean;
  readonly origin: string;
  /** The base URL's own path without its trailing slash (a proxy at https://host/anthropic): the request's path goes below it. */
  readonly basePath: string;
  readonly options: { readonly protocol: string; readonly hostname: string; readonly port: string | undefined; readonly agent: HttpAgent; readonly auth?: string };
}

const upstreams = new Map<string, Upstream>();

/** The endpoint's parts, parsed once per configured base URL rather than per request. */
function upstreamOf(baseUrl: string): Upstream {
  let upstream = upstreams.get(baseUrl);
  if (upstream !== undefined) return upstream;
  const url = new URL(baseUrl);
  const https = url.protocol === 'https:';
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  upstream = { https, origin: url.origin, basePath: url.pathname.replace(/\/$/, ''), options: { protocol: url.protocol, hostname, port: url.port === '' ? undefined : url.port, agent: https ? httpsAgent : httpAgent, ...(url.username === '' ? {} : { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }) } };
  if (upstreams.size >= 16) upstreams.clear();
  upstreams.set(baseUrl, upstream);
  return upstream;
}

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP.has(name) && name !== 'content-length') out[name] = value;
  return out;
}

function firstChunk(upstream: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const done = (value: Buffer | undefined) => {
      upstream.off('data', onData);
      upstream.off('end', onEnd);
      upstream.off('error', onEnd);
      upstream.off('close', onEnd);
      upstream.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer) => done(chunk);
    const onEnd = () => done(undefined);
    upstream.on('data', onData);
    upstream.once('end', onEnd);
    upstream.once('error', onEnd);
    upstream.once('close', onEnd);
  });
}

/** Copies the rest of the upstream body to the client; says how it ended. */
function relay(upstream: IncomingMessage, response: ServerResponse, take: (chunk: Buffer) => void): Promise<'ended' | 'broken' | 'cancelled'> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (how: 'ended' | 'broken' | 'cancelled') => {
      if (settled) return;
      settled = true;
      resolve(how);
    };
    upstream.on('data', (chunk: Buffer) => {
      const flowing = response.write(chunk);
      take(chunk);
      if (!flowing) {
        upstream.pause();
        response.once('drain', () => upstream.resume());
      }
    });
    upstream.once('end', () => settle('ended'));
    upstream.once('error', () => settle('broken'));
    upstream.once('aborted', () => settle('broken'));
    upstream.once('close', () => settle(upstream.complete ? 'ended' : 'broken'));
    response.once('close', () => {
      if (!response.writableEnded) {
        upstream.destroy();
        settle('cancelled');
      }
    });
    // A short body can end while the first chunk is read: its `end` has been and gone.
    if (upstream.readableEnded) settle('ended');
    else if (upstream.destroyed) settle(upstream.complete ? 'ended' : 'broken');
    else upstream.resume();
  });
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', () => resolve(Buffer.concat(chunks)));
  });
}

function startsWithError(chunk: Buffer): boolean {
  return /^event:\s*error/m.test(chunk.toString('utf8', 0, Math.min(chunk.length, 200)).split('\n\n')[0] ?? '');
}

function errorMessage(body: Buffer): string {
  const match = /"message"\s*:\s*"([^"]{1,200})"/.exec(body.toString('utf8', 0, 2000));
  return match === null ? '' : `: ${match[1]}`;
}

/** retry-after when the server gives one (at most 2 s: the client is waiting), else 250 ms doubling. */
function backoff(retry: number, retryAfter: string | string[] | undefined): number {
  const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(2000, seconds * 1000);
  return Math.min(2000, 250 * 2 ** retry);
}
