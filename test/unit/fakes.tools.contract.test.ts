import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/openaiCompatible';
import { textWrittenToolCall } from '../fakes/script';

const READ_FILE = { name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

/** Tool calls as the real clients see them: the fakes must be indistinguishable from the servers here too. */
describe('fake servers speak tools to the real clients', () => {
  describe('Ollama (ollama-js)', () => {
    let fake: FakeOllama;
    let client: Ollama;
    beforeEach(async () => {
      fake = await startFakeOllama();
      client = new Ollama({ host: fake.url });
    });
    afterEach(() => fake.close());

    it('streams a tool call whole in one chunk, arguments an object, and ends with done_reason stop', async () => {
      fake.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/cart.ts' } }] });
      const parts = [];
      for await (const part of await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'open cart' }], tools: [{ type: 'function', function: READ_FILE }], stream: true })) parts.push(part);
      const withCalls = parts.filter((part) => part.message.tool_calls !== undefined);
      assert.equal(withCalls.length, 1);
      assert.deepEqual(withCalls[0]?.message.tool_calls, [{ function: { name: 'read_file', arguments: { path: 'src/cart.ts' } } }]);
      assert.equal(parts.map((part) => part.message.content).join(''), '');
      assert.equal(parts.at(-1)?.done_reason, 'stop');
      assert.deepEqual((fake.requests.at(-1)?.body as { tools: unknown }).tools, [{ type: 'function', function: READ_FILE }]);
    });

    it('takes the tool result back as a tool message and answers it', async () => {
      fake.script.push({ reply: 'The cart has two items.' });
      const answer = await client.chat({
        model: 'qwen2.5-coder:7b',
        messages: [
          { role: 'user', content: 'open cart' },
          { role: 'assistant', content: '', tool_calls: [{ function: { name: 'read_file', arguments: { path: 'src/cart.ts' } } }] },
          { role: 'tool', content: 'const items = [1, 2];', tool_name: 'read_file' },
        ],
      });
      assert.equal(answer.message.content, 'The cart has two items.');
      assert.equal((fake.requests.at(-1)?.body as { messages: { role: string }[] }).messages[2]?.role, 'tool');
    });

    it('leaves a call whose arguments do not parse in the text, as Ollama does', async () => {
      fake.script.push({ toolCalls: [{ name: 'read_file', inputText: '{"path": "src/' }] });
      const answer = await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(answer.message.tool_calls, undefined);
      assert.match(answer.message.content, /"name": "read_file"/);
    });

    it('sends a tool call the model wrote as text as plain content', async () => {
      fake.script.push({ reply: textWrittenToolCall('read_file', { path: 'a.ts' }, 'tool-call-tag') });
      const answer = await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(answer.message.tool_calls, undefined);
      assert.match(answer.message.content, /^<tool_call>\n\{"name":"read_file","arguments":\{"path":"a.ts"\}\}\n<\/tool_call>$/);
    });
  });

  describe('Anthropic (@anthropic-ai/sdk)', () => {
    let fake: FakeAnthropic;
    let client: Anthropic;
    beforeEach(async () => {
      fake = await startFakeAnthropic();
      client = new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
    });
    afterEach(() => fake.close());

    const tools = [{ name: 'read_file', description: 'Reads a file', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } }, required: ['path'] } }];

    it('streams text, then a tool_use block through input_json_delta, and stops for tool_use', async () => {
      fake.script.push({ reply: 'Let me look.', toolCalls: [{ name: 'read_file', input: { path: 'src/cart.ts', lines: [1, 20] } }] });
      const stream = client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 100, tools, messages: [{ role: 'user', content: 'open cart' }] });
      const events: string[] = [];
      const partials: string[] = [];
      stream.on('streamEvent', (event) => events.push(event.type === 'content_block_delta' ? `delta:${event.delta.type}` : event.type));
      stream.on('inputJson', (partial) => partials.push(partial));
      const message = await stream.finalMessage();
      assert.equal(message.stop_reason, 'tool_use');
      assert.equal(message.content.length, 2);
      const use = message.content[1];
      assert.equal(use?.type, 'tool_use');
      assert.ok(use?.type === 'tool_use');
      assert.equal(use.name, 'read_file');
      assert.match(use.id, /^toolu_/);
      assert.deepEqual(use.input, { path: 'src/cart.ts', lines: [1, 20] });
      assert.ok(partials.length > 2, 'the arguments arrive in several pieces');
      const toolStart = events.lastIndexOf('content_block_start');
      assert.deepEqual(events.slice(toolStart, toolStart + 2), ['content_block_start', 'delta:input_json_delta']);
      assert.deepEqual(events.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
    });

    it('answers a turn of tool calls alone with tool_use blocks only, streamed or not', async () => {
      fake.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'a' } }, { name: 'read_file', input: { path: 'b' } }] });
      const message = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 100, tools, messages: [{ role: 'user', content: 'x' }] });
      assert.deepEqual(message.content.map((block) => block.type), ['tool_use', 'tool_use']);
      fake.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'a' } }] });
      const streamed = await client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 100, tools, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
      assert.deepEqual(streamed.content.map((block) => block.type), ['tool_use']);
    });

    it('takes tool_result blocks that answer the previous tool_use, and refuses ones that do not with 400', async () => {
      const history: Anthropic.MessageParam[] = [
        { role: 'user', content: 'open cart' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'src/cart.ts' } }] },
      ];
      fake.script.push({ reply: 'Two items.' });
      const answer = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 100, tools, messages: [...history, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'const items = [1, 2];' }] }] });
      assert.deepEqual(answer.content, [{ type: 'text', text: 'Two items.' }]);
      await assert.rejects(
        client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 100, tools, messages: [...history, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_other', content: 'x' }] }] }),
        (error: unknown) => error instanceof Anthropic.BadRequestError && /tool_result/.test(error.message),
      );
      await assert.rejects(client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 100, tools, messages: [...history, { role: 'user', content: 'go on' }] }), Anthropic.BadRequestError);
    });
  });

  describe('OpenAI-compatible (openai)', () => {
    let fake: FakeOpenAiCompatible;
    let client: OpenAI;
    beforeEach(async () => {
      fake = await startFakeOpenAiCompatible();
      client = new OpenAI({ apiKey: 'lm-studio', baseURL: `${fake.url}/v1`, maxRetries: 0 });
    });
    afterEach(() => fake.close());

    const tools = [{ type: 'function' as const, function: READ_FILE }];

    it('streams tool_calls deltas by index: id and name first, then argument fragments, and finish_reason tool_calls', async () => {
      fake.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/cart.ts' } }, { name: 'read_file', input: { path: 'src/orders.py' } }] });
      const chunks = [];
      for await (const chunk of await client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }], tools, stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
      const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
      const first = deltas[0];
      assert.equal(first?.index, 0);
      assert.match(first?.id ?? '', /^call_/);
      assert.equal(first?.function?.name, 'read_file');
      const argumentsOf = (index: number) => deltas.filter((delta) => delta.index === index).map((delta) => delta.function?.arguments ?? '').join('');
      assert.deepEqual(JSON.parse(argumentsOf(0)), { path: 'src/cart.ts' });
      assert.deepEqual(JSON.parse(argumentsOf(1)), { path: 'src/orders.py' });
      assert.ok(deltas.filter((delta) => delta.index === 0).length > 2, 'the arguments arrive in several fragments');
      assert.equal(chunks.find((chunk) => chunk.choices[0]?.finish_reason !== null && chunk.choices[0]?.finish_reason !== undefined)?.choices[0]?.finish_reason, 'tool_calls');
    });

    it('assembles through the client helper and answers the tool message that follows', async () => {
      fake.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/cart.ts' } }] });
      const completion = await client.chat.completions.stream({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }], tools }).finalChatCompletion();
      const call = completion.choices[0]?.message.tool_calls?.[0];
      assert.ok(call?.type === 'function');
      assert.equal(call.function.name, 'read_file');
      fake.script.push({ reply: 'Two items.' });
      const answer = await client.chat.completions.create({
        model: 'phi-3-mini',
        tools,
        messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'const items = [1, 2];' }],
      });
      assert.equal(answer.choices[0]?.message.content, 'Two items.');
      await assert.rejects(client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'call_nobody', content: 'x' }] }), OpenAI.BadRequestError);
    });

    it('paces argument fragments at the scripted rate', async () => {
      fake.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/a-long-path/cart.ts' } }], tokensPerSecond: 100 });
      const times: number[] = [];
      for await (const chunk of await client.chat.completions.create({ model: 'phi-3-mini', messages: [{ role: 'user', content: 'x' }], tools, stream: true })) {
        if (chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) times.push(Date.now());
      }
      assert.ok(times.length >= 5);
      assert.ok((times.at(-1) ?? 0) - (times[0] ?? 0) >= (times.length - 1) * 10 * 0.8, 'fragments are spaced by the token rate');
    });
  });
});
