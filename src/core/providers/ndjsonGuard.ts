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
    return new Response(response.body.pipeThrough(lineChecker(host)), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Passes the bytes through unchanged once every complete line in them has parsed as JSON. */
function lineChecker(host: string): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  const check = (text: string, controller: TransformStreamDefaultController<Uint8Array>): boolean => {
    line++;
    if (text.trim() === '' || isValidJson(text)) return true;
    controller.error(new ProviderError('stream-broken', `Ollama at ${host} sent a stream line that is not valid JSON (line ${line}); the answer may be missing text`));
    return false;
  };
  return new TransformStream({
    transform(chunk, controller) {
      const lines = (pending + decoder.decode(chunk, { stream: true })).split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) if (!check(text, controller)) return;
      // The client parses only complete lines, so the unchecked tail can go on: it is checked when its newline comes.
      controller.enqueue(chunk);
    },
    flush(controller) {
      check(pending + decoder.decode(), controller);
    },
  });
}
