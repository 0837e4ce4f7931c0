import { isValidJson } from '../validJson';
import { ProviderError } from './types';

/**
 * A `fetch` for the `ollama` client that checks every line of an NDJSON body before the client
 * sees it. The client skips a line it cannot parse (with a console warning) and goes on, so a
 * torn or corrupted line would silently drop part of the answer; here it errors the stream
 * instead, and the attempt fails with a reason.
 */
export function ndjsonCheckingFetch(fetchImpl: typeof fetch, host: string): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (!response.ok || response.body === null || !(response.headers.get('content-type') ?? '').includes('ndjson')) return response;
    return new Response(checkedLines(response.body, host), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/**
 * The body's bytes, passed on unchanged once every complete line in them has parsed as JSON.
 * A plain ReadableStream fed from the body rather than a TransformStream: fetch has already
 * loaded ReadableStream, while a first pipeThrough loads the writable and transform streams
 * on the first request. Like a pipe, it reads the body to its end even after the client stops
 * reading (it stops at the final message), so the response completes and its connection is
 * free for the next request.
 */
function checkedLines(body: ReadableStream<Uint8Array>, host: string): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  let cancelled = false;
  const broken = (text: string): ProviderError | undefined => {
    line++;
    if (text.trim() === '' || isValidJson(text)) return undefined;
    return new ProviderError('stream-broken', `Ollama at ${host} sent a stream line that is not valid JSON (line ${line}); the answer may be missing text`);
  };
  const forward = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> => {
    for (;;) {
      const { done, value } = await reader.read();
      if (cancelled) return;
      if (done) {
        const error = broken(pending + decoder.decode());
        if (error === undefined) controller.close();
        else controller.error(error);
        return;
      }
      const lines = (pending + decoder.decode(value, { stream: true })).split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) {
        const error = broken(text);
        if (error === undefined) continue;
        controller.error(error);
        await reader.cancel(error).catch(() => undefined);
        return;
      }
      // The client parses only complete lines, so the unchecked tail can go on: it is checked when its newline comes.
      controller.enqueue(value);
    }
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      forward(controller).catch((error: unknown) => {
        if (!cancelled) controller.error(error);
      });
    },
    cancel(reason) {
      cancelled = true;
      return reader.cancel(reason);
    },
  });
}
