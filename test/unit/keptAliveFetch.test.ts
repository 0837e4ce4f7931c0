import * as assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { keptAliveFetch } from '../../src/core/providers/keptAliveFetch';

interface Loopback {
  readonly base: string;
  readonly sockets: Set<Socket>;
  readonly bodies: string[];
  close(): Promise<void>;
}

async function loopback(answer: (path: string, response: ServerResponse) => void): Promise<Loopback> {
  const sockets = new Set<Socket>();
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      answer(request.url ?? '/', response);
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    sockets,
    bodies,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('keptAliveFetch (the Ollama client’s transport)', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers as fetch does and reuses one connection for requests in turn', async () => {
    server = await loopback((_path, response) => {
      response.setHeader('content-type', 'application/x-ndjson');
      response.end('{"done":true}\n');
    });
    for (let turn = 0; turn < 3; turn++) {
      const response: Response = await keptAliveFetch(`${server.base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ turn }) });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
      assert.equal(await response.text(), '{"done":true}\n');
    }
    assert.deepEqual(server.bodies, ['{"turn":0}', '{"turn":1}', '{"turn":2}']);
    assert.equal(server.sockets.size, 1, 'the three requests went over one kept-alive connection');
  });

  it('reports an unreachable server as fetch does: "fetch failed" with the socket error as its cause', async () => {
    server = await loopback(() => undefined);
    const unreachable = server.base;
    await server.close();
    server = undefined;
    await assert.rejects(keptAliveFetch(`${unreachable}/api/chat`, { method: 'POST', body: '{}' }), (error: unknown) => {
      assert.ok(error instanceof TypeError);
      assert.equal(error.message, 'fetch failed');
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
      return true;
    });
  });

  it('stops reading an answer when the request is aborted half way, with an AbortError', async () => {
    server = await loopback((_path, response) => {
      response.write('{"message":{"content":"Re"}}\n');
    });
    const controller = new AbortController();
    const response = await keptAliveFetch(`${server.base}/api/chat`, { method: 'POST', body: '{}', signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), '{"message":{"content":"Re"}}\n');
    controller.abort();
    await assert.rejects(reader.read(), (error: unknown) => (error as Error).name === 'AbortError');
  });

  it('does not send a request whose signal is already aborted', async () => {
    server = await loopback((_path, response) => response.end());
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(keptAliveFetch(`${server.base}/api/chat`, { method: 'POST', body: '{}', signal: controller.signal }), (error: unknown) => (error as Error).name === 'AbortError');
    assert.deepEqual(server.bodies, []);
  });
});
