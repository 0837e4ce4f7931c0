import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { clientName } from './clientName';
import { refuseDeclaredSize, refuseOrigin, refuseToken, tooLarge, type Refusal } from './guard';
import { DO_NOT_RETRY, sendError, wireFormatOf, type WireFormat } from './wireErrors';

/** A request that passed the checks, with its body read. */
export interface GatewayRequest {
  readonly method: string;
  readonly path: string;
  /** The query string with its `?`, or '' (Claude Code sends `?beta=true`). */
  readonly search: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The client's short name from its user agent (`claude-code`, `cline`…). */
  readonly client: string;
  readonly format: WireFormat;
  /** Aborted when the client goes away before the answer is complete. */
  readonly signal: AbortSignal;
}

/** Answers one route; returns false when no route matches the method and path. */
export type GatewayHandler = (request: GatewayRequest, response: ServerResponse) => Promise<boolean>;

export interface GatewayServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly token: string;
  readonly handler: GatewayHandler;
  /** Default 32 MB, the Messages API's own limit. */
  readonly maxBodyBytes?: number;
  /** One line per request: method, path, status, time, client. Never a body. */
  readonly log?: (line: string) => void;
}

export interface RunningGateway {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1_048_576;
export const HEALTH_LINE = 'LLM Router gateway is running\n';

/** Starts the gateway on 127.0.0.1 only. */
export async function startGatewayServer(options: GatewayServerOptions): Promise<RunningGateway> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const started = Date.now();
    const url = new URL(request.url ?? '/', 'http://gateway');
    const format = wireFormatOf(url.pathname, request.headers);
    const client = clientName(request.headers['user-agent']);
    response.once('finish', () => options.log?.(`${request.method ?? '?'} ${url.pathname} ${response.statusCode} ${Date.now() - started} ms (${client})`));
    void serve(request, response, url, format, client).catch((error: unknown) => {
      options.log?.(`${request.method ?? '?'} ${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendError(response, format, 500, 'api_error', 'The LLM Router gateway failed on this request; see its log.');
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse, url: URL, format: WireFormat, client: string): Promise<void> {
    const refused = refuseOrigin(request.headers);
    if (refused !== undefined) return refuse(request, response, format, refused);
    if (url.pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : HEALTH_LINE);
      return;
    }
    const refusal = refuseToken(request.headers, options.token) ?? refuseDeclaredSize(request.headers, limit);
    if (refusal !== undefined) return refuse(request, response, format, refusal);
    const body = await readBody(request, limit);
    if (body === undefined) return refuse(request, response, format, tooLarge(limit));
    const controller = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const handled = await options.handler({ method: request.method ?? 'GET', path: url.pathname, search: url.search, headers: request.headers, body, client, format, signal: controller.signal }, response);
    if (!handled) sendError(response, format, 404, 'not_found_error', `The LLM Router gateway has no ${request.method ?? ''} ${url.pathname}.`);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Refuses without reading the body; the connection closes so an unread upload does not linger. */
function refuse(request: IncomingMessage, response: ServerResponse, format: WireFormat, refusal: Refusal): void {
  response.setHeader('connection', 'close');
  sendError(response, format, refusal.status, refusal.type, refusal.message, DO_NOT_RETRY);
  request.resume();
}

/** The body, or undefined once it passes the limit (a chunked upload that declared no length). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    request.once('error', reject);
  });
}
