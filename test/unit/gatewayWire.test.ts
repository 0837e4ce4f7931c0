import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { StreamPart } from '../../src/core/conversation/streamParts';
import type { Request } from '../../src/core/conversation/types';
import type { GatewayEngine, GatewayPlan, LocalStart } from '../../src/gateway/gatewayEngine';
import { gatewayRoutes } from '../../src/gateway/routes';
import { startGatewayServer, type RunningGateway } from '../../src/gateway/server';

const TOKEN = 'llmr-wire-test';
const USAGE = { inputTokens: 40, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** The engine's side scripted: what the translation at the edge must carry both ways. */
class ScriptedEngine implements GatewayEngine {
  readonly requests: Request[] = [];
  constructor(public parts: StreamPart[]) {}
  plan(request: Request): Promise<GatewayPlan> {
    this.requests.push(request);
    return Promise.resolve({ first: 'local', localAllowed: true, cloudAllowed: false, decision: { route: 'local', category: 'rename', score: 0.1, promptTokens: 40, reasons: [] }, notes: [], cloud: { targetId: 'claude', baseUrl: 'http://127.0.0.1:9' } });
  }
  runLocal(): Promise<LocalStart> {
    return this.run();
  }
  run(): Promise<LocalStart> {
    const parts = this.parts;
    return Promise.resolve({ kind: 'started', model: 'qwen2.5-coder:7b', parts: (async function* () { for (const part of parts) { await Promise.resolve(); yield part; } })() });
  }
  anthropicKey(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  recordCloud(): Promise<void> {
    return Promise.resolve();
  }
  recordDraft(): Promise<void> {
    return Promise.resolve();
  }
  countTokens(): number {
    return 1;
  }
  models() {
    return [{ id: 'qwen2.5-coder:7b', local: true }];
  }
}

const TOOL_CALL_PARTS: StreamPart[] = [
  { type: 'text-delta', text: 'Renaming it now.' },
  { type: 'tool-call-start', id: 'call_1', name: 'edit_file' },
  { type: 'tool-call-delta', id: 'call_1', inputDelta: '{"path":"orders.py",' },
  { type: 'tool-call-delta', id: 'call_1', inputDelta: '"old":"total","new":"subtotal"}' },
  { type: 'tool-call', id: 'call_1', name: 'edit_file', input: { path: 'orders.py', old: 'total', new: 'subtotal' } },
  { type: 'finish', usage: USAGE, reason: { unified: 'tool-calls', raw: 'tool_calls' } },
];

/** Ollama gives a tool call whole, without deltas. */
const WHOLE_CALL_PARTS: StreamPart[] = [
  { type: 'tool-call', id: 'call_9', name: 'edit_file', input: { path: 'orders.py' } },
  { type: 'finish', usage: USAGE, reason: { unified: 'tool-calls', raw: 'stop' } },
];

const EDIT_TOOL = { name: 'edit_file', description: 'Edit a file', parameters: { type: 'object', properties: { path: { type: 'string' }, old: { type: 'string' }, new: { type: 'string' } }, required: ['path'] } };

describe('gateway wire formats', () => {
  let engine: ScriptedEngine;
  let gateway: RunningGateway;
  beforeEach(async () => {
    engine = new ScriptedEngine(TOOL_CALL_PARTS);
    gateway = await startGatewayServer({ port: 0, token: TOKEN, handler: gatewayRoutes({ engine }) });
  });
  afterEach(() => gateway.close());

  describe('OpenAI Chat Completions, driven by the openai client', () => {
    let client: OpenAI;
    beforeEach(() => {
      client = new OpenAI({ apiKey: TOKEN, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    });

    it('streams text and a tool call with usage, and ends with [DONE]', async () => {
      const stream = await client.chat.completions.create({
        model: 'llm-router',
        stream: true,
        stream_options: { include_usage: true },
        tools: [{ type: 'function', function: EDIT_TOOL }],
        messages: [
          { role: 'system', content: 'You edit code.' },
          { role: 'user', content: 'rename total to subtotal in orders.py' },
        ],
      });
      let text = '';
      const calls: { id?: string; name?: string; arguments: string }[] = [];
      let finish: string | null = null;
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (choice === undefined) continue;
        text += choice.delta.content ?? '';
        for (const call of choice.delta.tool_calls ?? []) {
          const entry = (calls[call.index] ??= { arguments: '' });
          if (call.id !== undefined) entry.id = call.id;
          if (call.function?.name !== undefined) entry.name = call.function.name;
          entry.arguments += call.function?.arguments ?? '';
        }
        finish = choice.finish_reason ?? finish;
      }
      assert.equal(text, 'Renaming it now.');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.name, 'edit_file');
      assert.equal(calls[0]?.id, 'call_1');
      assert.deepEqual(JSON.parse(calls[0]?.arguments ?? ''), { path: 'orders.py', old: 'total', new: 'subtotal' });
      assert.equal(finish, 'tool_calls');
      assert.equal(usage?.completion_tokens, 12);
      const seen = engine.requests[0];
      assert.equal(seen.system, 'You edit code.');
      assert.deepEqual(seen.tools.map((tool) => tool.name), ['edit_file']);
      assert.equal(seen.hints.surface, 'gateway');
      assert.equal(seen.hints.client, 'openai-sdk-js');
    });

    it('ends the raw stream with data: [DONE] even when the arguments came whole', async () => {
      engine.parts = WHOLE_CALL_PARTS;
      const reply = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: EDIT_TOOL }] }) });
      const text = await reply.text();
      assert.match(text, /"arguments":"\{\\"path\\":\\"orders.py\\"\}"/);
      assert.ok(text.trimEnd().endsWith('data: [DONE]'));
    });

    it('answers without streaming with the tool call in the message, and reads tool results back as a user turn', async () => {
      const completion = await client.chat.completions.create({
        model: 'llm-router',
        tools: [{ type: 'function', function: EDIT_TOOL }],
        messages: [
          { role: 'user', content: 'rename total' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'edit_file', arguments: '{"path":"a.py"}' } }] },
          { role: 'tool', tool_call_id: 'call_0', content: 'ok' },
        ],
      });
      const call = completion.choices[0]?.message.tool_calls?.[0];
      assert.equal(call?.type === 'function' ? call.function.name : '', 'edit_file');
      assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
      const turns = engine.requests[0].turns;
      assert.deepEqual(turns[1], { role: 'assistant', parts: [{ type: 'tool-call', id: 'call_0', name: 'edit_file', input: { path: 'a.py' } }] });
      assert.deepEqual(turns[2], { role: 'user', parts: [{ type: 'tool-result', callId: 'call_0', content: [{ type: 'text', text: 'ok' }] }] });
    });

    it('ends a stream that fails after the first byte with an error the client raises', async () => {
      engine.parts = [{ type: 'text-delta', text: 'partial' }];
      const stream = await client.chat.completions.create({ model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      await assert.rejects(async () => {
        for await (const chunk of stream) void chunk;
      }, /ended without finishing/);
    });
  });

  describe('Anthropic Messages from a local answer, driven by the Anthropic client', () => {
    it('streams tool_use blocks with input_json_delta in the order the SDK expects, ending with message_stop', async () => {
      const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
      const stream = client.messages.stream({ model: 'claude-haiku-5-5', max_tokens: 100, tools: [{ name: 'edit_file', input_schema: EDIT_TOOL.parameters as Anthropic.Tool.InputSchema }], messages: [{ role: 'user', content: 'rename total' }] });
      const events: string[] = [];
      stream.on('streamEvent', (event) => events.push(event.type === 'content_block_delta' ? `delta:${event.delta.type}` : event.type));
      const message = await stream.finalMessage();
      assert.deepEqual(events, ['message_start', 'content_block_start', 'delta:text_delta', 'content_block_stop', 'content_block_start', 'delta:input_json_delta', 'delta:input_json_delta', 'content_block_stop', 'message_delta', 'message_stop']);
      assert.equal(message.stop_reason, 'tool_use');
      const block = message.content[1];
      assert.equal(block?.type, 'tool_use');
      assert.deepEqual(block?.type === 'tool_use' ? block.input : undefined, { path: 'orders.py', old: 'total', new: 'subtotal' });
      assert.equal(block?.type === 'tool_use' ? block.id : '', 'call_1');
    });

    it('takes the system messages Claude Code 2.1 sends between turns into the system text, and its session header as the conversation', async () => {
      const reply = await fetch(`${gateway.url}/v1/messages?beta=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': 'e47f66e8-8738-4a7d-87e9-ffcca56cd7a4' },
        body: JSON.stringify({ model: 'claude-haiku-5-5', max_tokens: 100, system: [{ type: 'text', text: 'You are Claude Code.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'say hello' }] }, { role: 'system', content: [{ type: 'text', text: '# Environment' }] }] }),
      });
      assert.equal(reply.status, 200, await reply.text());
      const seen = engine.requests[0];
      assert.equal(seen.system, 'You are Claude Code.\n\n# Environment');
      assert.equal(seen.turns.length, 1);
      assert.equal(seen.hints.conversationKey, 'session:e47f66e8-8738-4a7d-87e9-ffcca56cd7a4:claude-haiku-5-5');
    });

    it('reads tool results and images into the conversation, and answers a whole call without streaming', async () => {
      engine.parts = WHOLE_CALL_PARTS;
      const client = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
      const message = await client.messages.create({
        model: 'claude-haiku-5-5',
        max_tokens: 100,
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 's' }, { type: 'tool_use', id: 'toolu_1', name: 'edit_file', input: { path: 'a' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'done' }], is_error: true }] },
        ],
      });
      assert.equal(message.content[0]?.type, 'tool_use');
      assert.equal(message.stop_reason, 'tool_use');
      const seen = engine.requests[0];
      assert.equal(seen.system, 'Be brief.');
      assert.deepEqual(seen.turns[0]?.parts[1], { type: 'image', image: { mediaType: 'image/png', data: 'iVBORw0KGgo=' } });
      assert.deepEqual(seen.turns[1]?.parts, [{ type: 'tool-call', id: 'toolu_1', name: 'edit_file', input: { path: 'a' } }], 'thinking is the cloud model\'s own and is dropped');
      assert.deepEqual(seen.turns[2]?.parts, [{ type: 'tool-result', callId: 'toolu_1', content: [{ type: 'text', text: 'done' }], isError: true }]);
    });
  });
});
