import * as assert from 'node:assert/strict';
import { AnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { OllamaHostPool } from '../../src/core/providers/ollamaHostPool';
import { contextFor, OllamaProvider } from '../../src/core/providers/ollamaProvider';
import { OpenAiCompatibleProvider } from '../../src/core/providers/openaiCompatibleProvider';
import { ProviderError, type ModelProvider, type ModelRequest, type ProviderErrorKind, type StreamPart, type Target } from '../../src/core/providers/types';
import { startFakeAnthropic } from '../fakes/anthropic';
import type { RunningFake } from '../fakes/http';
import { startFakeOllama } from '../fakes/ollama';
import { startFakeOpenAiCompatible } from '../fakes/openaiCompatible';
import type { Fault, FakeScript } from '../fakes/script';
import { freePort } from '../harness/freePort';
import { userText } from '../../src/core/conversation/types';

interface Subject {
  readonly name: string;
  start(): Promise<RunningFake & { script: FakeScript }>;
  target(url: string): Target;
  provider(): ModelProvider;
}

const subjects: Subject[] = [
  {
    name: 'Ollama',
    start: () => startFakeOllama(),
    target: (url) => ({ id: 'qwen', provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [url] }),
    provider: () => new OllamaProvider(),
  },
  {
    name: 'Anthropic',
    start: () => startFakeAnthropic(),
    target: (url) => ({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [url] }),
    provider: () => new AnthropicProvider(() => Promise.resolve('sk-test')),
  },
  {
    name: 'OpenAI-compatible',
    start: () => startFakeOpenAiCompatible(),
    target: (url) => ({ id: 'phi', provider: 'openai-compatible', model: 'phi-3-mini', endpoints: [`${url}/v1`] }),
    provider: () => new OpenAiCompatibleProvider(),
  },
];

function request(target: Target, signal = new AbortController().signal): ModelRequest {
  return { target, system: 'You edit code.', turns: [userText('Rename x to count')], tools: [], toolMode: 'auto', promptTokens: 20, maxOutputTokens: 256, signal };
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<{ text: string; done?: Extract<StreamPart, { type: 'finish' }> }> {
  let text = '';
  let done: Extract<StreamPart, { type: 'finish' }> | undefined;
  for await (const event of stream) {
    if (event.type === 'text-delta') text += event.text;
    else if (event.type === 'finish') done = event;
  }
  return { text, done };
}

async function failure(stream: AsyncIterable<StreamPart>): Promise<ProviderError> {
  try {
    await collect(stream);
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('the stream should have failed');
}

const faults: { fault: Fault; kind: ProviderErrorKind; retryable: boolean }[] = [
  { fault: { kind: 'model-missing' }, kind: 'model-missing', retryable: false },
  { fault: { kind: 'rate-limited', retryAfterSeconds: 3 }, kind: 'rate-limited', retryable: true },
  { fault: { kind: 'overloaded', retryAfterSeconds: 2 }, kind: 'overloaded', retryable: true },
  { fault: { kind: 'queue-full' }, kind: 'overloaded', retryable: true },
  { fault: { kind: 'server-error' }, kind: 'server-error', retryable: true },
  { fault: { kind: 'mid-stream-error', afterTokens: 2 }, kind: 'stream-broken', retryable: true },
  { fault: { kind: 'no-done', afterTokens: 2 }, kind: 'stream-broken', retryable: true },
  { fault: { kind: 'drop-connection', afterTokens: 2 }, kind: 'stream-broken', retryable: true },
  { fault: { kind: 'malformed-line', afterTokens: 2 }, kind: 'stream-broken', retryable: true },
];

describe('providers', () => {
  for (const subject of subjects) {
    describe(subject.name, () => {
      let fake: RunningFake & { script: FakeScript };
      beforeEach(async () => {
        fake = await subject.start();
      });
      afterEach(async () => {
        await fake.close();
      });

      it('streams the answer as text deltas and ends with usage', async () => {
        fake.script.push({ reply: 'const count = 1;' });
        const { text, done } = await collect(subject.provider().stream(request(subject.target(fake.url))));
        assert.equal(text, 'const count = 1;');
        assert.equal(done?.reason.unified, 'stop');
        assert.ok((done?.usage.inputTokens ?? 0) > 0);
        assert.ok((done?.usage.outputTokens ?? 0) > 0);
      });

      it('reports an answer cut at the output limit as length', async () => {
        fake.script.push({ reply: 'const count', stopReason: 'length' });
        const { done } = await collect(subject.provider().stream(request(subject.target(fake.url))));
        assert.equal(done?.reason.unified, 'length');
      });

      for (const { fault, kind, retryable } of faults) {
        // Anthropic has no queue-full of its own; Ollama has no 401 of its own.
        if (subject.name === 'Anthropic' && fault.kind === 'queue-full') continue;
        it(`turns the fault ${fault.kind} into ${kind}${retryable ? ' (retryable)' : ''}`, async () => {
          fake.script.push({ reply: 'one two three four five', fault });
          const error = await failure(subject.provider().stream(request(subject.target(fake.url))));
          // Anthropic's mid-stream error event names its cause (overloaded_error), which says more.
          const expected = subject.name === 'Anthropic' && fault.kind === 'mid-stream-error' ? 'overloaded' : kind;
          assert.equal(error.kind, expected, error.message);
          assert.equal(error.retryable, retryable);
          if (fault.kind === 'rate-limited' && subject.name !== 'Ollama') assert.equal(error.retryAfterMs, 3000);
          if (fault.kind === 'malformed-line') assert.match(error.message, /not valid JSON/);
        });
      }

      it('cancels the HTTP request when the signal aborts mid-answer', async () => {
        fake.script.push({ reply: 'a b c d e f g h i j', tokensPerSecond: 20 });
        const controller = new AbortController();
        const stream = subject.provider().stream(request(subject.target(fake.url), controller.signal));
        const seen: string[] = [];
        await assert.rejects(
          (async () => {
            for await (const event of stream) {
              if (event.type === 'text-delta') seen.push(event.text);
              if (seen.length === 2) controller.abort();
            }
          })(),
          (error: unknown) => error instanceof ProviderError && error.kind === 'aborted',
        );
        assert.ok(seen.length < 10);
      });

      it('reports a server that is not there as unreachable, which a retry would not cure', async () => {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const error = await failure(subject.provider().stream(request(subject.target(url))));
        assert.equal(error.kind, 'unreachable');
        assert.match(error.message, /connection refused/);
        assert.equal(error.retryable, false);
      });
    });
  }

  describe('Ollama specifics', () => {
    it('sizes num_ctx to the prompt and sends keep_alive', async () => {
      const fake = await startFakeOllama();
      try {
        await collect(new OllamaProvider().stream({ ...request({ id: 'q', provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [fake.url] }), promptTokens: 3000, maxOutputTokens: 1000 }));
        const body = fake.requests.find((entry) => entry.path === '/api/chat')?.body as { options: { num_ctx: number }; keep_alive: string };
        assert.equal(body.options.num_ctx, contextFor(3000, 1000));
        assert.ok(body.options.num_ctx >= 3000 * 1.25 + 1000);
        assert.equal(body.keep_alive, '10m');
      } finally {
        await fake.close();
      }
    });

    it('detects a prompt the server silently cut to fit its context', async () => {
      const fake = await startFakeOllama();
      try {
        fake.script.push({ reply: 'ok', promptTokens: 1024 });
        const target: Target = { id: 'q', provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [fake.url], numCtx: 2048 };
        const { done } = await collect(new OllamaProvider().stream({ ...request(target), promptTokens: 3500 }));
        assert.equal(done?.reason.unified, 'input-truncated');
      } finally {
        await fake.close();
      }
    });

    it('does not mistake the prompt cache on a small prompt for truncation', async () => {
      const fake = await startFakeOllama();
      try {
        fake.script.push({ reply: 'ok', promptTokens: 3 });
        const { done } = await collect(new OllamaProvider().stream({ ...request({ id: 'q', provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [fake.url] }), promptTokens: 400 }));
        assert.equal(done?.reason.unified, 'stop');
      } finally {
        await fake.close();
      }
    });

    it('spreads requests over hosts, least busy first, at most N at once per host', async () => {
      const [first, second] = await Promise.all([startFakeOllama(), startFakeOllama()]);
      try {
        const pool = new OllamaHostPool(2);
        const provider = new OllamaProvider(pool);
        const target: Target = { id: 'q', provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [first.url, second.url] };
        for (const fake of [first, second]) fake.script.defaults = { reply: 'ok', latencyMs: 60 };
        let peak = 0;
        const watcher = setInterval(() => (peak = Math.max(peak, pool.activeOn(first.url), pool.activeOn(second.url))), 5);
        await Promise.all(Array.from({ length: 8 }, () => collect(provider.stream(request(target)))));
        clearInterval(watcher);
        const served = (fake: RunningFake) => fake.requests.filter((entry) => entry.path === '/api/chat').length;
        assert.equal(served(first), 4);
        assert.equal(served(second), 4);
        assert.ok(peak <= 2, `peak ${peak}`);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    it('passes over a host that refused a connection while another answers', async () => {
      const live = await startFakeOllama();
      try {
        const dead = `http://127.0.0.1:${await freePort()}`;
        const provider = new OllamaProvider(new OllamaHostPool(4));
        const target: Target = { id: 'q', provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [dead, live.url] };
        assert.equal((await failure(provider.stream(request(target)))).kind, 'unreachable');
        const { text } = await collect(provider.stream(request(target)));
        assert.equal(text, 'Done.');
      } finally {
        await live.close();
      }
    });
  });

  describe('Anthropic specifics', () => {
    it('records cache reads and writes', async () => {
      const fake = await startFakeAnthropic({ cacheReadTokens: 500, cacheCreationTokens: 40 });
      try {
        const { done } = await collect(new AnthropicProvider(() => Promise.resolve('sk-test')).stream(request({ id: 'c', provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [fake.url] })));
        assert.equal(done?.usage.cacheReadTokens, 500);
        assert.equal(done?.usage.cacheWriteTokens, 40);
      } finally {
        await fake.close();
      }
    });

    it('says plainly that the key is missing or wrong', async () => {
      const fake = await startFakeAnthropic({ apiKey: 'sk-right' });
      try {
        const target: Target = { id: 'c', provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [fake.url] };
        const missing = await failure(new AnthropicProvider(() => Promise.resolve(undefined)).stream(request(target)));
        assert.equal(missing.kind, 'no-api-key');
        assert.match(missing.message, /ANTHROPIC_API_KEY/);
        const wrong = await failure(new AnthropicProvider(() => Promise.resolve('sk-wrong')).stream(request(target)));
        assert.equal(wrong.kind, 'unauthorized');
        assert.equal(wrong.retryable, false);
        assert.equal(fake.requests.length, 1, 'no request is sent without a key');
      } finally {
        await fake.close();
      }
    });
  });
});
