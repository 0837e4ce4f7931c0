import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ChatRequest, ChatResponse } from 'ollama';
import { ProviderError } from './types';

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });
const DEFAULT_PORT = '11434';

/** An answer other than 200 from Ollama, with the message of its `{"error": …}` body when it had one. */
export class OllamaStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OllamaStatusError';
  }
}

/**
 * Sends one streamed `/api/chat` over node:http on kept-alive connections, its NDJSON lines yielded as
 * they arrive once Ollama has answered 200. The headers and the body go out in one write, and each line is parsed straight
 * from the socket's chunks: no fetch, no web streams. A line that is not JSON ends the stream
 * with an error (a torn line would otherwise drop part of the answer); a line carrying `error`
 * throws its message. After the final line the rest of the body is read, so the connection
 * goes back to the pool; a consumer that stops early closes it.
 * A request that fails on a reused connection before any answer came (the server closed its
 * idle end as the request went out) is sent again once on a new connection.
 */
export async function openOllamaChat(host: string, body: ChatRequest, signal: AbortSignal): Promise<AsyncGenerator<ChatResponse>> {
  const response = await send(chatUrlOf(host), JSON.stringify({ ...body, stream: true }), signal);
  if (response.statusCode !== 200) {
    const raw = await readAll(response);
    throw new OllamaStatusError(response.statusCode ?? 0, errorMessageOf(raw) ?? `Error ${String(response.statusCode)}: ${response.statusMessage ?? ''}`);
  }
  return chatLines(response, host, signal);
}

async function* chatLines(response: IncomingMessage, host: string, signal: AbortSignal): AsyncGenerator<ChatResponse> {
  const onAbort = () => response.destroy(abortError(signal));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal.aborted) throw abortError(signal);
    let pending = '';
    let line = 0;
    let done = false;
    response.setEncoding('utf8');
    for await (const chunk of response as AsyncIterable<string>) {
      if (done) continue;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const piece of lines) {
        line++;
        const part = parsed(piece, host, line);
        if (part === undefined) continue;
        yield part;
        if (part.done) {
          done = true;
          break;
        }
      }
    }
    if (!done && pending.trim() !== '') {
      const part = parsed(pending, host, line + 1);
      if (part !== undefined) yield part;
    }
  } catch (error) {
    throw signal.aborted ? abortError(signal) : error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The chat endpoint of a host given as Ollama's clients take it: `host:port`, `:port` or a URL. */
export function chatUrl(host: string): URL {
  const explicit = host.includes('://') || host.startsWith(':');
  const url = new URL(host.startsWith(':') ? `http://127.0.0.1${host}` : explicit ? host : `http://${host}`);
  if (!explicit && url.port === '') url.port = DEFAULT_PORT;
  url.pathname = `${url.pathname.replace(/\/$/, '')}/api/chat`;
  return url;
}

const chatUrls = new Map<string, URL>();

/** The endpoint parsed once per host rather than per request. */
function chatUrlOf(host: string): URL {
  let url = chatUrls.get(host);
  if (url === undefined) {
    if (chatUrls.size >= 32) chatUrls.clear();
    url = chatUrl(host);
    chatUrls.set(host, url);
  }
  return url;
}

function parsed(piece: string, host: string, line: number): ChatResponse | undefined {
  if (piece.trim() === '') return undefined;
  let value: ChatResponse & { error?: unknown };
  try {
    value = JSON.parse(piece) as ChatResponse & { error?: unknown };
  } catch {
    throw new ProviderError('stream-broken', `Ollama at ${host} sent a stream line that is not valid JSON (line ${line}); the answer may be missing text`);
  }
  if (value.error !== undefined) throw new Error(typeof value.error === 'string' ? value.error : JSON.stringify(value.error));
  return value;
}

function send(url: URL, text: string, signal: AbortSignal, retried = false): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const https = url.protocol === 'https:';
    const headers = { 'content-type': 'application/json', accept: 'application/x-ndjson', 'content-length': String(Buffer.byteLength(text)) };
    const outgoing: ClientRequest = (https ? httpsRequest : httpRequest)(url, { method: 'POST', headers, agent: https ? httpsAgent : httpAgent }, (incoming) => {
      signal.removeEventListener('abort', onAbort);
      resolve(incoming);
    });
    const onAbort = () => outgoing.destroy(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    outgoing.once('error', (error: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) return reject(abortError(signal));
      if (!retried && outgoing.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return resolve(send(url, text, signal, true));
      reject(error);
    });
    outgoing.end(text);
  });
}

function readAll(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.once('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function errorMessageOf(raw: string): string | undefined {
  try {
    const value = JSON.parse(raw) as { error?: unknown };
    return typeof value.error === 'string' && value.error !== '' ? value.error : undefined;
  } catch {
    return raw.trim() === '' ? undefined : raw.trim();
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new DOMException('This operation was aborted', 'AbortError');
}
