import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/openaiCompatible';

/** The fakes are only useful if the real clients cannot tell them from the real servers. */
describe('fake servers against the real clients', () => {
  describe('Ollama (ollama-js)', () => {
    let fake: FakeOllama;
    let client: Ollama;
    beforeEach(async () => {
      fake = await startFakeOllama();
      client = new Ollama({ host: fake.url });
    });
    afterEach(() => fake.close());

    it('streams a chat as NDJSON and ends with done, metrics in nanoseconds', async () => {
      fake.script.push({ reply: 'const total = 1;' });
      const parts = [];
      for await (const part of await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'hi' }], stream: true, options: { num_ctx: 8192 }, keep_alive: '10m' })) {
        parts.push(part);
      }
      assert.equal(parts.map((part) => part.message.content).join(''), 'const total = 1;');
      const last = parts.at(-1)!;
      assert.equal(last.done, true);
      assert.equal(last.done_reason, 'stop');
      assert.equal(last.eval_count, 4);
      assert.ok(last.total_duration > 1000, 'durations are nanoseconds');
      assert.equal(fake.requests.at(-1)?.headers['content-type'], 'application/json');
      assert.deepEqual((fake.requests.at(-1)?.body as { options: unknown }).options, { num_ctx: 8192 });
    });

    it('answers generate without streaming, as the client asks by default', async () => {
      fake.script.push({ reply: 'four words right here' });
      const result = await client.generate({ model: 'qwen2.5-coder:7b', prompt: 'x' });
      assert.equal(result.response, 'four words right here');
      assert.equal(result.done, true);
      assert.equal((fake.requests.at(-1)?.body as { stream: boolean }).stream, false);
    });

    it('lists, shows, reports version and loaded models', async () => {
      assert.equal((await client.version()).version, '0.32.15');
      assert.deepEqual((await client.list()).models.map((model) => model.name), ['qwen2.5-coder:7b', 'llama3.1:8b']);
      const shown = await client.show({ model: 'qwen2.5-coder:7b' });
      assert.equal(shown.details.quantization_level, 'Q4_K_M');
      await client.chat({ model: 'llama3.1:8b', messages: [{ role: 'user', content: 'x' }] });
      assert.deepEqual((await client.ps()).models.map((model) => model.name), ['llama3.1:8b']);
      const health = await fetch(fake.url);
      assert.equal(await health.text(), 'Ollama is running');
    });

    it('reports a missing model as a 404 ResponseError', async () => {
      await assert.rejects(client.chat({ model: 'nope:1b', messages: [{ role: 'user', content: 'x' }], stream: true }), (error: Error & { status_code?: number }) => {
        assert.equal(error.name, 'ResponseError');
        assert.equal(error.status_code, 404);
        assert.equal(error.message, "model 'nope:1b' not found");
        return true;
      });
    });

    it('reports a full queue as 503 server busy', async () => {
      fake.script.push({ fault: { kind: 'queue-full' } });
      await assert.rejects(client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }] }), (error: Error & { status_code?: number }) => {
        assert.equal(error.status_code, 503);
        assert.match(error.message, /server busy/);
        return true;
      });
    });

    it('throws a plain Error for an error line in the middle of a stream', async () => {
      fake.script.push({ reply: 'a b c d', fault: { kind: 'mid-stream-error', afterTokens: 2 } });
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const part of await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }], stream: true })) seen.push(part.message.content);
        })(),
        (error: Error & { status_code?: number }) => error.message === 'an error was encountered while running the model' && error.status_code === undefined,
      );
      assert.deepEqual(seen, ['a ', 'b ']);
    });

    it('throws when a stream ends without done', async () => {
      fake.script.push({ reply: 'a b c', fault: { kind: 'no-done', afterTokens: 1 } });
      await assert.rejects(
        (async () => {
          for await (const _ of await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }], stream: true })) void _;
        })(),
        /Did not receive done or success response in stream/,
      );
    });

    it('surfaces a dropped connection as an error, never as a short answer', async () => {
      fake.script.push({ reply: 'a b c', fault: { kind: 'drop-connection', afterTokens: 1 } });
      await assert.rejects(async () => {
        for await (const _ of await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }], stream: true })) void _;
      });
    });

    it('reports truncation the way Ollama does: done_reason length and a small prompt_eval_count', async () => {
      fake.script.push({ reply: 'cut', stopReason: 'length', promptTokens: 2048 });
      const result = await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x'.repeat(40_000) }] });
      assert.equal(result.done_reason, 'length');
      assert.equal(result.prompt_eval_count, 2048);
    });

    it('streams pull progress to success and installs the model', async () => {
      const statuses = [];
      for await (const progress of await client.pull({ model: 'phi3:mini', stream: true })) statuses.push(progress.status);
      assert.equal(statuses[0], 'pulling manifest');
      assert.equal(statuses.at(-1), 'success');
      assert.ok((await client.list()).models.some((model) => model.name === 'phi3:mini'));
    });

    it('paces tokens: time to first token and tokens per second', async () => {
      fake.script.push({ reply: 'one two three four five', timeToFirstTokenMs: 60, tokensPerSecond: 50 });
      const started = Date.now();
      let first = 0;
      for await (const part of await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }], stream: true })) {
        if (first === 0 && part.message.content !== '') first = Date.now() - started;
      }
      const total = Date.now() - started;
      assert.ok(first >= 55, `first token after ${first} ms`);
      assert.ok(total >= 60 + 4 * 20 - 10, `whole stream took ${total} ms`);
    });

    it('stops streaming when the client aborts', async () => {
      fake.script.push({ reply: 'word '.repeat(200), tokensPerSecond: 200 });
      const stream = await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }], stream: true });
      let count = 0;
      await assert.rejects(
        (async () => {
          for await (const _ of stream) {
            void _;
            if (++count === 3) stream.abort();
          }
        })(),
        (error: Error) => error.name === 'AbortError',
      );
      assert.ok(count < 10);
    });
  });

  describe('Anthropic (@anthropic-ai/sdk)', () => {
    let fake: FakeAnthropic;
    let client: Anthropic;
    beforeEach(async () => {
      fake = await startFakeAnthropic({ apiKey: 'sk-test', cacheReadTokens: 7 });
      client = new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
    });
    afterEach(() => fake.close());

    it('answers a JSON message with usage including cache reads', async () => {
      fake.script.push({ reply: 'Hi there!' });
      const message = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] });
      assert.deepEqual(message.content, [{ type: 'text', text: 'Hi there!' }]);
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.usage.output_tokens, 2);
      assert.equal(message.usage.cache_read_input_tokens, 7);
      assert.match(message._request_id ?? '', /^req_/);
      assert.equal(fake.requests.at(-1)?.headers.authorization, 'Bearer sk-test');
      assert.equal(fake.requests.at(-1)?.headers['anthropic-version'], '2026-10-21');
    });

    it('streams SSE events in order and the helper assembles the text and usage', async () => {
      fake.script.push({ reply: 'Hello there friend' });
      const stream = client.messages.stream({ model: 'claude-haiku-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] });
      const deltas: string[] = [];
      stream.on('text', (delta) => deltas.push(delta));
      const message = await stream.finalMessage();
      assert.deepEqual(deltas, ['Hello ', 'there ', 'friend']);
      assert.equal(message.usage.output_tokens, 3);
      assert.equal(message.stop_reason, 'end_turn');
    });

    it('accepts x-api-key as older clients send it and rejects a wrong key with 401', async () => {
      const ok = await fetch(`${fake.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      });
      assert.equal(ok.status, 200);
      const wrong = new Anthropic({ apiKey: 'sk-wrong', baseURL: fake.url, maxRetries: 0 });
      await assert.rejects(wrong.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), Anthropic.AuthenticationError);
    });

    it('rejects temperature under API version 2026-10-21', async () => {
      const response = await fetch(`${fake.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', 'anthropic-version': '2026-10-21' },
        body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, temperature: 1, messages: [{ role: 'user', content: 'x' }] }),
      });
      assert.equal(response.status, 400);
      assert.deepEqual(((await response.json()) as { error: unknown }).error, { type: 'invalid_request_error', message: 'temperature: Extra inputs are not permitted' });
    });

    it('counts tokens', async () => {
      const count = await client.messages.countTokens({ model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'Hello world' }] });
      assert.ok(count.input_tokens > 0);
    });

    it('gives 429 with retry-after as RateLimitError, and the SDK honours it when retrying', async () => {
      fake.script.push({ fault: { kind: 'rate-limited', retryAfterSeconds: 7 } });
      await assert.rejects(client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), (error: InstanceType<typeof Anthropic.RateLimitError>) => {
        assert.ok(error instanceof Anthropic.RateLimitError);
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.equal(error.type, 'rate_limit_error');
        return true;
      });
      fake.script.push({ fault: { kind: 'rate-limited', retryAfterSeconds: 0 } }, { reply: 'after retry' });
      const retrying = new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 1 });
      const message = await retrying.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
      assert.deepEqual(message.content, [{ type: 'text', text: 'after retry' }]);
    });

    it('gives 529 as OverloadedError and 404 as NotFoundError', async () => {
      fake.script.push({ fault: { kind: 'overloaded' } });
      await assert.rejects(client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), (error: Error & { status?: number }) => error.status === 529 && error.name === 'OverloadedError');
      await assert.rejects(client.messages.create({ model: 'claude-nope', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), Anthropic.NotFoundError);
    });

    it('turns an error event in the middle of a stream into an APIError of type overloaded_error', async () => {
      fake.script.push({ reply: 'a b c', fault: { kind: 'mid-stream-error', afterTokens: 1 } });
      const stream = client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
      await assert.rejects(stream.finalMessage(), (error: Error & { status?: number; type?: string }) => error.status === undefined && error.type === 'overloaded_error');
    });

    it('never completes a stream that ends without message_stop', async () => {
      fake.script.push({ reply: 'a b c', fault: { kind: 'no-done', afterTokens: 1 } });
      const stream = client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
      await assert.rejects(stream.finalMessage());
    });

    it('reports max_tokens truncation', async () => {
      fake.script.push({ reply: 'cut short', stopReason: 'length' });
      const message = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 2, messages: [{ role: 'user', content: 'x' }] });
      assert.equal(message.stop_reason, 'max_tokens');
    });
  });

  describe('OpenAI-compatible (openai)', () => {
    let fake: FakeOpenAiCompatible;
    let client: OpenAI;
    beforeEach(async () => {
      fake = await startFakeOpenAiCompatible({ models: ['phi-3-mini'] });
      client = new OpenAI({ apiKey: 'lm-studio', baseURL: `${fake.url}/v1`, maxRetries: 0 });
    });
    afterEach(() => fake.close());

    it('lists models', async () => {
      const page = await client.models.list();
      assert.deepEqual(page.data.map((model) => model.id), ['phi-3-mini']);
    });

    it('streams SSE chunks, a usage chunk with no choices when asked, and [DONE]', async () => {
      fake.script.push({ reply: 'billing technical' });
      const stream = await client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.usage) {
          usage = chunk.usage;
          assert.deepEqual(chunk.choices, []);
        }
      }
      assert.equal(text, 'billing technical');
      assert.equal(usage?.completion_tokens, 2);
    });

    it('leaves the usage chunk out unless include_usage is set', async () => {
      const stream = await client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }], stream: true });
      for await (const chunk of stream) assert.equal(chunk.usage ?? undefined, undefined);
    });

    it('answers without streaming, with finish_reason length on truncation', async () => {
      fake.script.push({ reply: 'cut', stopReason: 'length' });
      const completion = await client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(completion.choices[0]?.finish_reason, 'length');
      assert.equal(completion.choices[0]?.message.content, 'cut');
    });

    it('gives errors in the OpenAI shape', async () => {
      await assert.rejects(client.chat.completions.create({ model: 'missing', messages: [{ role: 'user', content: 'x' }] }), (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 404);
        assert.match(error.message, /not found/);
        return true;
      });
      fake.script.push({ fault: { kind: 'rate-limited', retryAfterSeconds: 3 } });
      await assert.rejects(client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }] }), OpenAI.RateLimitError);
    });

    it('raises the error sent in the middle of a stream', async () => {
      fake.script.push({ reply: 'a b c', fault: { kind: 'mid-stream-error', afterTokens: 1 } });
      const stream = await client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }], stream: true });
      await assert.rejects(async () => {
        for await (const _ of stream) void _;
      }, /an error was encountered while running the model/);
    });

    it('requires the bearer token when one is configured', async () => {
      const guarded = await startFakeOpenAiCompatible({ apiKey: 'secret' });
      try {
        const wrong = new OpenAI({ apiKey: 'other', baseURL: `${guarded.url}/v1`, maxRetries: 0 });
        await assert.rejects(wrong.models.list(), OpenAI.AuthenticationError);
        const right = new OpenAI({ apiKey: 'secret', baseURL: `${guarded.url}/v1`, maxRetries: 0 });
        assert.equal((await right.models.list()).data.length, 1);
      } finally {
        await guarded.close();
      }
    });
  });
});
