import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { tokenize, type Turn } from './script';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface RunningFake {
  /** Base URL such as `http://127.0.0.1:43127`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: unknown, recorded: RecordedRequest) => Promise<void> | void;

/**
 * Starts a loopback HTTP server on an ephemeral port. It never keeps the process alive (it is
 * unref'd), closes its sockets on close(), and shuts itself down after `idleTimeoutMs` without
 * requests when that is given.
 */
export async function startFake(handler: Handler, options: { idleTimeoutMs?: number; port?: number } = {}): Promise<RunningFake> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let idleTimer: NodeJS.Timeout | undefined;
  const server: Server = createServer((request, response) => {
    armIdleTimer();
    void (async () => {
      const raw = await readBody(request);
      let body: unknown = raw;
      if (raw !== '' && (request.headers['content-type'] ?? '').includes('json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const recorded: RecordedRequest = { method: request.method ?? 'GET', path: (request.url ?? '/').split('?')[0] ?? '/', headers: request.headers, body };
      requests.push(recorded);
      await handler(request, response, body, recorded);
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: `fake server failure: ${String(error)}` });
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  server.unref();
  const { port } = server.address() as AddressInfo;

  const close = () =>
    new Promise<void>((resolve) => {
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  function armIdleTimer() {
    if (options.idleTimeoutMs === undefined) return;
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void close(), options.idleTimeoutMs);
    idleTimer.unref();
  }
  armIdleTimer();
  return { url: `http://127.0.0.1:${port}`, port, requests, close };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Whether the client has gone away (aborted or closed), so a stream should stop. */
export function clientGone(response: ServerResponse): boolean {
  return response.destroyed || response.writableEnded || response.socket === null || response.socket.destroyed;
}

export interface StreamPlan {
  readonly tokens: string[];
  /** Tokens to send before a mid-stream fault, or all of them. */
  readonly sendCount: number;
}

/** How many tokens to stream before the turn's fault (if it is a mid-stream one) takes over. */
export function planStream(turn: Turn, reply: string): StreamPlan {
  const tokens = tokenize(reply);
  const fault = turn.fault;
  const cut = fault !== undefined && 'afterTokens' in fault ? Math.min(fault.afterTokens, tokens.length) : tokens.length;
  return { tokens, sendCount: cut };
}

/**
 * Writes the first `count` tokens through `write`, waiting for the time to first token before the
 * first and for the token rate between the rest; stops early when the client goes away.
 * Returns false if the client went away.
 */
export async function paceTokens(response: ServerResponse, turn: Turn, tokens: readonly string[], count: number, write: (token: string, index: number) => void): Promise<boolean> {
  if ((turn.timeToFirstTokenMs ?? 0) > 0) await sleep(turn.timeToFirstTokenMs);
  const gap = turn.tokensPerSecond !== undefined && turn.tokensPerSecond > 0 ? 1000 / turn.tokensPerSecond : 0;
  for (let index = 0; index < count; index++) {
    if (clientGone(response)) return false;
    if (index > 0 && gap > 0) await sleep(gap);
    write(tokens[index] ?? '', index);
  }
  return !clientGone(response);
}

export async function waitLatency(turn: Turn): Promise<void> {
  if ((turn.latencyMs ?? 0) > 0) await sleep(turn.latencyMs);
}

/** Ends the response abruptly, as a crashed server or a dropped network does. */
export function dropConnection(response: ServerResponse): void {
  // What was already written reaches the client first, as it would over a real network.
  if (response.headersSent && !response.writableEnded) response.write('', () => setTimeout(() => response.socket?.destroy(), 10));
  else response.socket?.destroy();
}

/** Sends nothing more and keeps the connection open until the client goes away (a hung server). */
export function stallUntilClientLeaves(response: ServerResponse): Promise<void> {
  if (clientGone(response)) return Promise.resolve();
  return new Promise((resolve) => response.once('close', () => resolve()));
}

/** The first half of a serialised line: what a torn write leaves, never valid JSON. */
export function tornHalf(serialised: string): string {
  return serialised.slice(0, Math.max(1, Math.floor(serialised.length / 2)));
}
