import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * `fetch` over node:http on kept-alive connections, for a local model server's requests. Node's
 * own fetch sends any body as a stream, written after the headers in writes of its own; here the
 * headers and a string body go out in one write, which is most of what a local first token waits
 * for on a fast model. Failures look as fetch's do: `fetch failed` with the socket error as its
 * cause, an `AbortError` when the signal aborts. Other kinds of body go to the global fetch.
 */
export const keptAliveFetch: typeof fetch = (input, init) => {
  const body = init?.body;
  if (body !== undefined && body !== null && typeof body !== 'string') return fetch(input, init);
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
  const signal = init?.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted === true) return reject(abortError(signal));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    if (body !== undefined && body !== null) headers['content-length'] = String(Buffer.byteLength(body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let answer: IncomingMessage | undefined;
    const outgoing = send(url, { method: init?.method ?? 'GET', headers, agent: url.protocol === 'https:' ? httpsAgent : httpAgent }, (incoming) => {
      answer = incoming;
      resolve(responseOf(incoming));
    });
    const onAbort = () => {
      answer?.destroy(abortError(signal));
      outgoing.destroy(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.once('close', () => signal?.removeEventListener('abort', onAbort));
    outgoing.once('error', (error) => reject(isAbortError(error) ? error : new TypeError('fetch failed', { cause: error })));
    outgoing.end(body ?? undefined);
  });
};

function responseOf(incoming: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const status = incoming.statusCode ?? 502;
  const empty = status === 204 || status === 304;
  if (empty) incoming.resume();
  return new Response(empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>), { status, statusText: incoming.statusMessage ?? '', headers });
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new DOMException('This operation was aborted', 'AbortError');
}

function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown }).name === 'AbortError';
}
