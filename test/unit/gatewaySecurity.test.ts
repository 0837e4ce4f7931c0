import * as assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { clientName } from '../../src/gateway/clientName';
import { startGatewayServer, HEALTH_LINE, type GatewayRequest, type RunningGateway } from '../../src/gateway/server';

const TOKEN = 'gw-test-token-0123456789';

interface Reply {
  readonly status: number;
  readonly body: string;
  /** The `x-should-retry` header, when sent. */
  readonly shouldRetry?: string;
}

/** A raw HTTP request, so Host and Origin can be anything a browser or an attacker would send. */
function send(gateway: RunningGateway, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: gateway.port, method: options.method ?? 'POST', path: options.path ?? '/v1/messages', headers: { host: `127.0.0.1:${gateway.port}`, ...options.headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(typeof response.headers['x-should-retry'] === 'string' ? { shouldRetry: response.headers['x-should-retry'] } : {}) }));
    });
    request.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked === true) {
        const body = Buffer.from(options.body);
        for (let offset = 0; offset < body.length; offset += 65_536) request.write(body.subarray(offset, offset + 65_536));
      } else request.write(options.body);
    }
    request.end();
  });
}

describe('gateway security', () => {
  let gateway: RunningGateway;
  const seen: GatewayRequest[] = [];
  const logged: string[] = [];

  beforeEach(async () => {
    seen.length = 0;
    logged.length = 0;
    gateway = await startGatewayServer({
      port: 0,
      token: TOKEN,
      maxBodyBytes: 1024,
      log: (line) => logged.push(line),
      handler: (request, response) => {
        seen.push(request);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"ok":true}');
        return Promise.resolve(true);
      },
    });
  });
  afterEach(() => gateway.close());

  it('listens on 127.0.0.1 at the port it was given (0: a free one)', () => {
    assert.match(gateway.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(gateway.port > 0);
  });

  it('answers GET / with a health line and no data, without a token', async () => {
    const reply = await send(gateway, { method: 'GET', path: '/' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, HEALTH_LINE);
    assert.equal(seen.length, 0);
  });

  it('refuses a Host that is not a loopback name with 403 (DNS rebinding)', async () => {
    for (const host of ['evil.example', 'evil.example:8080', '127.0.0.1.evil.example', '192.168.1.5']) {
      const reply = await send(gateway, { headers: { host, 'x-api-key': TOKEN }, body: '{}' });
      assert.equal(reply.status, 403, host);
      assert.equal(reply.shouldRetry, 'false');
      assert.equal((JSON.parse(reply.body) as { error: { type: string } }).error.type, 'permission_error');
    }
    assert.equal((await send(gateway, { method: 'GET', path: '/', headers: { host: 'evil.example' } })).status, 403, 'the health line too');
    for (const host of ['localhost', `localhost:${gateway.port}`, '[::1]:9', 'LOCALHOST']) {
      assert.equal((await send(gateway, { headers: { host, 'x-api-key': TOKEN }, body: '{}' })).status, 200, host);
    }
    assert.equal(seen.length, 4);
  });

  it('refuses any browser Origin with 403, even with the right token', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'null']) {
      const reply = await send(gateway, { headers: { origin, 'x-api-key': TOKEN }, body: '{}' });
      assert.equal(reply.status, 403, origin);
      assert.equal(reply.shouldRetry, 'false', 'a client SDK does not retry a refusal');
    }
    assert.equal(seen.length, 0);
  });

  it('refuses a missing or wrong token with 401, and takes it as x-api-key or Authorization: Bearer', async () => {
    const missing = await send(gateway, { body: '{}' });
    assert.equal(missing.status, 401);
    assert.equal(missing.shouldRetry, 'false', 'Claude Code would retry a 401 for minutes without it');
    assert.deepEqual(Object.keys(JSON.parse(missing.body) as object), ['type', 'error'], 'the Anthropic error shape');
    const wrong = await send(gateway, { headers: { 'x-api-key': `${TOKEN}x` }, body: '{}' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.shouldRetry, 'false');
    assert.equal((await send(gateway, { headers: { authorization: 'Bearer nope' }, body: '{}' })).status, 401);
    assert.equal((await send(gateway, { headers: { authorization: TOKEN }, body: '{}' })).status, 401, 'a bare token without Bearer');
    const openai = await send(gateway, { path: '/v1/chat/completions', body: '{}' });
    assert.equal(openai.status, 401);
    assert.equal((JSON.parse(openai.body) as { error: { code: number } }).error.code, 401, 'the OpenAI error shape on the OpenAI path');
    assert.equal((await send(gateway, { headers: { 'x-api-key': TOKEN }, body: '{}' })).status, 200);
    assert.equal((await send(gateway, { headers: { authorization: `Bearer ${TOKEN}` }, body: '{}' })).status, 200);
    assert.equal(seen.length, 2);
  });

  it('refuses a body over the limit with 413, declared or chunked', async () => {
    const big = 'x'.repeat(4096);
    const declared = await send(gateway, { headers: { 'x-api-key': TOKEN }, body: big });
    assert.equal(declared.status, 413);
    assert.equal(declared.shouldRetry, 'false');
    assert.equal((await send(gateway, { headers: { 'x-api-key': TOKEN, 'transfer-encoding': 'chunked' }, body: big, chunked: true })).status, 413);
    assert.equal(seen.length, 0);
    const small = await send(gateway, { headers: { 'x-api-key': TOKEN }, body: 'y'.repeat(1000) });
    assert.equal(small.status, 200);
    assert.equal(small.shouldRetry, undefined, 'only refusals say it');
    assert.equal(seen[0]?.body.length, 1000);
  });

  it('hands the route the path, query, client name and body, and logs no body', async () => {
    await send(gateway, { path: '/v1/messages?beta=true', headers: { 'x-api-key': TOKEN, 'user-agent': 'claude-cli/2.1.332 (external, sdk-cli)' }, body: '{"secret":"do-not-log"}' });
    assert.equal(seen[0]?.path, '/v1/messages');
    assert.equal(seen[0]?.search, '?beta=true');
    assert.equal(seen[0]?.client, 'claude-code');
    assert.equal(seen[0]?.format, 'anthropic');
    assert.ok(logged.length > 0);
    assert.ok(logged.every((line) => !line.includes('do-not-log') && !line.includes(TOKEN)), logged.join('\n'));
  });

  it('answers 404 in the client\'s shape for a path it does not serve', async () => {
    await gateway.close();
    gateway = await startGatewayServer({ port: 0, token: TOKEN, handler: () => Promise.resolve(false) });
    const reply = await send(gateway, { path: '/v1/unknown', headers: { 'x-api-key': TOKEN }, body: '{}' });
    assert.equal(reply.status, 404);
    assert.equal((JSON.parse(reply.body) as { type: string }).type, 'error');
  });
});

describe('client names from user agents', () => {
  it('names the known agents and keeps only a product name otherwise', () => {
    assert.equal(clientName('claude-cli/2.1.332 (external, sdk-cli)'), 'claude-code');
    assert.equal(clientName('Cline/3.2.1'), 'cline');
    assert.equal(clientName('OpenAI/JS 7.57.0'), 'openai-sdk-js');
    assert.equal(clientName('MyScript/1.0 (token abc123)'), 'myscript');
    assert.equal(clientName(undefined), 'unknown');
    assert.equal(clientName(' <script>'), 'unknown');
  });
});
