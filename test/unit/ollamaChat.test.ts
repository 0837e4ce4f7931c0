import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChatResponse } from 'ollama';
import type { OllamaStatusError} from '../../src/core/providers/ollamaChat';
import { chatUrl, openOllamaChat } from '../../src/core/providers/ollamaChat';
import { OllamaProvider } from '../../src/core/providers/ollamaProvider';
import type { ProviderError } from '../../src/core/providers/types';

type Answer = (request: IncomingMessage, response: ServerResponse, served: { connection: number; onConnection: number }) => void;

/** A loopback server that counts connections and the requests each one carried. */
async function server(answer: Answer): Promise<{ url: string; connections: () => number; closed: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const served = new WeakMap<Socket, number>();
  let connections = 0;
  let closed = 0;
  const http: Server = createServer((request, response) => {
    const socket = request.socket;
    const onConnection = (served.get(socket) ?? 0) + 1;
    served.set(socket, onConnection);
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => answer(request, response, { connection: [...sockets].indexOf(socket) + 1, onConnection }));
  });
  http.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => {
      closed++;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    connections: () => connections,
    closed: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        http.close(() => resolve());
      }),
  };
}

const line = (part: object) => `${JSON.stringify(part)}\n`;
const piece = (content: string) => line({ model: 'm', message: { role: 'assistant', content }, done: false });
const final = line({ model: 'm', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 3, eval_count: 2 });

function streams(response: ServerResponse, ...lines: string[]): void {
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const text of lines) response.write(text);
  response.end();
}

async function contentOf(parts: AsyncIterable<ChatResponse>): Promise<string> {
  let text = '';
  for await (const part of parts) text += part.message.content;
  return text;
}

const chat = { model: 'm', messages: [{ role: 'user', content: 'rename total to subtotal' }] };

describe('Ollama chat over kept-alive connections', () => {
  it('sends later requests on the connection of the first', async () => {
    const fake = await server((_request, response) => streams(response, piece('Hello'), piece(' there'), final));
    try {
      for (let index = 0; index < 3; index++) assert.equal(await contentOf(await openOllamaChat(fake.url, chat, new AbortController().signal)), 'Hello there');
      assert.equal(fake.connections(), 1);
    } finally {
      await fake.close();
    }
  });

  it('sends a request again on a new connection when the kept-alive one was dropped as it went out', async () => {
    // The server drops the connection on its second request unanswered, as one that closed its idle end would.
    const fake = await server((request, response, served) => (served.onConnection === 2 ? request.socket.destroy() : streams(response, piece('ok'), final)));
    try {
      assert.equal(await contentOf(await openOllamaChat(fake.url, chat, new AbortController().signal)), 'ok');
      assert.equal(await contentOf(await openOllamaChat(fake.url, chat, new AbortController().signal)), 'ok');
      assert.equal(fake.connections(), 2);
    } finally {
      await fake.close();
    }
  });

  it('reports a connection dropped on a new connection as a reset, which the provider says plainly', async () => {
    const fake = await server((request) => request.socket.destroy());
    try {
      await assert.rejects(openOllamaChat(fake.url, chat, new AbortController().signal), (error: NodeJS.ErrnoException) => error.code === 'ECONNRESET');
      const provider = new OllamaProvider();
      const parts = provider.stream({ target: { id: 'local', provider: 'ollama', model: 'm', endpoints: [fake.url] }, system: '', turns: [], tools: [], toolMode: 'auto', promptTokens: 10, maxOutputTokens: 100, signal: new AbortController().signal });
      await assert.rejects(
        (async () => {
          for await (const part of parts) void part;
        })(),
        (error: ProviderError) => error.kind === 'connection' && error.message === `no Ollama answers at ${fake.url} (connection reset)`,
      );
    } finally {
      await fake.close();
    }
  });

  it('aborts before the answer begins and in the middle of it, closing the connection underneath', async () => {
    let hold: ServerResponse | undefined;
    const fake = await server((request, response) => {
      if (request.url === '/api/chat' && hold === undefined) {
        hold = response;
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write(piece('first'));
    });
    try {
      const before = new AbortController();
      const waiting = openOllamaChat(fake.url, chat, before.signal);
      setTimeout(() => before.abort(), 50);
      await assert.rejects(waiting, (error: Error) => error.name === 'AbortError');

      const during = new AbortController();
      const parts = await openOllamaChat(fake.url, chat, during.signal);
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const part of parts) {
            seen.push(part.message.content);
            during.abort();
          }
        })(),
        (error: Error) => error.name === 'AbortError',
      );
      assert.deepEqual(seen, ['first']);
      const deadline = Date.now() + 2000;
      while (fake.closed() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(fake.closed(), 2, 'both aborted requests closed their connections');
    } finally {
      await fake.close();
    }
  });

  it('fails a stream with a line that is not JSON, throws an error line, and reads an error status', async () => {
    const fake = await server((_request, response) => streams(response, piece('a'), '{"model":"m","message":{"role":"assis\n', piece('b'), final));
    const errors = await server((_request, response) => streams(response, piece('a'), line({ error: 'model runner has unexpectedly stopped' })));
    const missing = await server((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'model "m" not found, try pulling it first' }));
    });
    try {
      await assert.rejects(contentOf(await openOllamaChat(fake.url, chat, new AbortController().signal)), (error: ProviderError) => error.kind === 'stream-broken' && /not valid JSON \(line 2\)/.test(error.message));
      await assert.rejects(contentOf(await openOllamaChat(errors.url, chat, new AbortController().signal)), /model runner has unexpectedly stopped/);
      await assert.rejects(openOllamaChat(missing.url, chat, new AbortController().signal), (error: OllamaStatusError) => error.status === 404 && error.message === 'model "m" not found, try pulling it first');
    } finally {
      await Promise.all([fake.close(), errors.close(), missing.close()]);
    }
  });

  it('reads hosts as Ollama clients write them', () => {
    assert.equal(chatUrl('http://127.0.0.1:11434').href, 'http://127.0.0.1:11434/api/chat');
    assert.equal(chatUrl('gpu-box').href, 'http://gpu-box:11434/api/chat');
    assert.equal(chatUrl(':8080').href, 'http://127.0.0.1:8080/api/chat');
    assert.equal(chatUrl('https://proxy.example/ollama/').href, 'https://proxy.example/ollama/api/chat');
  });
});
