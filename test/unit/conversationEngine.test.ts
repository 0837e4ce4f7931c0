import * as assert from 'node:assert/strict';
import { assemble, assistantTurn } from '../../src/core/conversation/assemble';
import type { StreamPart } from '../../src/core/conversation/streamParts';
import { text, userText, type Request, type ToolSpec, type Turn } from '../../src/core/conversation/types';
import { textWrittenToolCall } from '../fakes/script';
import { chatRequests, startEngineRig, type EngineRig } from './engineHarness';

const READ_FILE: ToolSpec = { name: 'read_file', description: 'Reads a file of the workspace', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false } };
const EDIT_FILE: ToolSpec = {
  name: 'edit_file',
  description: 'Replaces text in a file',
  inputSchema: { type: 'object', properties: { path: { type: 'string' }, old: { type: 'string' }, new: { type: 'string' } }, required: ['path', 'old', 'new'] },
};
const TOOLS = [READ_FILE, EDIT_FILE];
const RENAME = 'Rename the variable total to subtotal in src/orders.py';

function chat(turns: readonly Turn[], extra: Partial<Request> = {}): Request {
  return { system: 'You are a coding agent. Use the tools to read and edit files.', turns, tools: TOOLS, toolMode: 'auto', hints: { surface: 'model-picker', client: 'test-extension' }, ...extra };
}

/** Runs a request in first-part mode and keeps every part the caller received, with when it came. */
async function runStreaming(rig: EngineRig, request: Request, engine = rig.engine()) {
  const parts: { part: StreamPart; at: number }[] = [];
  const result = await engine.run(request, { observer: { onPart: (part) => parts.push({ part, at: Date.now() }) } });
  return { result, parts, answer: assemble(parts.map(({ part }) => part)) };
}

describe('conversations through the engine', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = await startEngineRig();
  });
  afterEach(() => rig.close());

  it('streams a local tool call to the caller, and records the surface, the client and the counts', async () => {
    rig.ollama.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const { result, answer } = await runStreaming(rig, chat([userText(RENAME)]));
    assert.equal(result.answer?.target.id, 'local-code');
    assert.equal(answer.toolCalls.length, 1);
    assert.equal(answer.toolCalls[0]?.name, 'read_file');
    assert.deepEqual(answer.toolCalls[0]?.input, { path: 'src/orders.py' });
    assert.equal(answer.finish?.unified, 'tool-calls');
    assert.equal(result.record.surface, 'model-picker');
    assert.equal(result.record.client, 'test-extension');
    assert.equal(result.record.turns, 1);
    assert.equal(result.record.toolsOffered, 2);
    assert.equal(result.record.toolCalls, 1);
    const sent = chatRequests(rig.ollama, '/api/chat')[0]?.body as { tools: { function: { name: string } }[] };
    assert.deepEqual(sent.tools.map((tool) => tool.function.name), ['read_file', 'edit_file']);
  });

  it('completes a tool loop: call, result, answer, with the call id carried into the next request', async () => {
    rig.ollama.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const first = await runStreaming(rig, chat([userText(RENAME)]));
    const call = first.answer.toolCalls[0];
    assert.ok(call !== undefined);
    rig.ollama.script.push({ reply: 'Renamed total to subtotal in src/orders.py.' });
    const turns: Turn[] = [userText(RENAME), assistantTurn(first.answer), { role: 'user', parts: [{ type: 'tool-result', callId: call.id, content: [text('total = 0\nfor item in items:\n    total += item.price')] }] }];
    const second = await runStreaming(rig, chat(turns));
    assert.equal(second.answer.text, 'Renamed total to subtotal in src/orders.py.');
    const messages = (chatRequests(rig.ollama, '/api/chat')[1]?.body as { messages: { role: string; tool_name?: string; tool_calls?: unknown[] }[] }).messages;
    assert.deepEqual(messages.map((message) => message.role), ['system', 'user', 'assistant', 'tool']);
    assert.equal(messages[3]?.tool_name, 'read_file', 'Ollama is told which tool answered');
    assert.equal(second.result.record.turns, 3);
  });

  it('turns a tool call the local model wrote as text into a real call, and says so', async () => {
    for (const style of ['json', 'fenced', 'tool-call-tag', 'xml'] as const) {
      rig.ollama.script.push({ reply: textWrittenToolCall('read_file', { path: 'src/orders.py' }, style) });
      const { result, answer } = await runStreaming(rig, chat([userText(RENAME)]));
      assert.equal(result.answer?.target.id, 'local-code', style);
      assert.deepEqual(answer.toolCalls.map((call) => [call.name, call.input]), [['read_file', { path: 'src/orders.py' }]], style);
      assert.doesNotMatch(answer.text, /read_file|tool_call|function=/, `${style}: the written call is not shown as text`);
      assert.equal(answer.finish?.unified, 'tool-calls', style);
      assert.ok(result.record.notes.some((note) => /wrote its tool call as text/.test(note)), style);
    }
    assert.equal(chatRequests(rig.anthropic, '/v1/messages').length, 0);
  });

  it('recovers a call the local model writes on its own line after a sentence: the sentence stays text, the call is real', async () => {
    rig.ollama.script.push({ reply: `Let me look.\n${textWrittenToolCall('read_file', { path: 'src/orders.py' }, 'json')}` });
    const { result, answer } = await runStreaming(rig, chat([userText(RENAME)]));
    assert.equal(result.answer?.target.id, 'local-code');
    assert.equal(answer.text, 'Let me look.');
    assert.deepEqual(answer.toolCalls.map((call) => [call.name, call.input]), [['read_file', { path: 'src/orders.py' }]]);
    assert.equal(answer.finish?.unified, 'tool-calls');
  });

  it('streams prose before a call the local model writes as text later, and still makes the call real', async () => {
    const prose = 'I will read the file first. Then I look for total. After that I rename it in every place it is used, one by one, and check nothing else changed.';
    rig.ollama.script.push({ reply: `${prose}\n\n${textWrittenToolCall('read_file', { path: 'src/orders.py' }, 'tool-call-tag')}`, tokensPerSecond: 40 });
    const { result, parts, answer } = await runStreaming(rig, chat([userText(RENAME)]));
    assert.equal(result.answer?.target.id, 'local-code');
    const firstText = parts.find(({ part }) => part.type === 'text-delta');
    const call = parts.find(({ part }) => part.type === 'tool-call');
    assert.ok(firstText !== undefined && call !== undefined);
    assert.ok(call.at - firstText.at >= 200, `the prose came ${call.at - firstText.at} ms before the call`);
    assert.equal(answer.text, prose);
    assert.deepEqual(answer.toolCalls.map((made) => made.input), [{ path: 'src/orders.py' }]);
    assert.equal(answer.finish?.unified, 'tool-calls');
    assert.ok(result.record.notes.some((note) => /wrote its tool call as text/.test(note)));
  });

  const invalid = [
    { name: 'a tool that was not offered', call: { name: 'delete_everything', input: {} }, reason: /not offered/ },
    { name: 'arguments against the schema', call: { name: 'read_file', input: { file: 'src/orders.py' } }, reason: /do not match its schema/ },
    { name: 'arguments that are not JSON (written as text)', call: { name: 'read_file', inputText: '{"path": "src/' }, reason: /.+/ },
  ];
  for (const { name, call, reason } of invalid) {
    it(`escalates a local call to ${name} to Claude with the draft, before anything reaches the caller`, async () => {
      rig.ollama.script.push({ toolCalls: [call] });
      rig.anthropic.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
      const { result, parts, answer } = await runStreaming(rig, chat([userText(RENAME)]));
      assert.equal(result.answer?.target.id, 'claude');
      assert.equal(result.record.attempts[0]?.outcome, 'gate-failed');
      assert.match(result.record.attempts[0]?.reason ?? '', reason);
      assert.deepEqual(answer.toolCalls.map((made) => made.name), ['read_file'], 'only the good call reached the caller');
      assert.match(answer.toolCalls[0]?.id ?? '', /^toolu_/);
      assert.equal(parts.filter(({ part }) => part.type === 'finish').length, 1);
      const escalated = chatRequests(rig.anthropic, '/v1/messages')[0]?.body as { messages: { role: string; content: unknown }[]; tools: unknown[] };
      assert.equal(escalated.tools.length, 2);
      assert.deepEqual(escalated.messages.map((message) => message.role), ['user', 'assistant', 'user']);
      assert.match(JSON.stringify(escalated.messages[2]?.content), /rejected/);
    });
  }

  it('honours a required tool call: a local answer in prose escalates', async () => {
    rig.ollama.script.push({ reply: 'I would rename it for you.' });
    rig.anthropic.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const { result, answer } = await runStreaming(rig, chat([userText(RENAME)], { toolMode: 'required' }));
    assert.match(result.record.attempts[0]?.reason ?? '', /tool call was required/);
    assert.equal(answer.text, '', 'the prose draft never reached the caller');
    assert.equal(answer.toolCalls.length, 1);
    const sent = chatRequests(rig.anthropic, '/v1/messages')[0]?.body as { tool_choice: unknown };
    assert.deepEqual(sent.tool_choice, { type: 'any' });
  });

  it('holds a local answer that opens with a refusal, and escalates it unseen', async () => {
    rig.ollama.script.push({ reply: "I'm sorry, but I can't help with renaming variables in this file. Please ask someone else." });
    rig.anthropic.script.push({ reply: 'Renamed total to subtotal.' });
    const { result, answer } = await runStreaming(rig, chat([userText(RENAME)], { tools: [] }));
    assert.equal(result.answer?.target.id, 'claude');
    assert.match(result.record.attempts[0]?.reason ?? '', /declined/);
    assert.equal(answer.text, 'Renamed total to subtotal.');
  });

  it('streams text to the caller while the model is still writing it', async () => {
    const words = Array.from({ length: 30 }, (_, index) => `word${index}.`).join(' ');
    rig.ollama.script.push({ reply: words, tokensPerSecond: 40 });
    const { result, parts } = await runStreaming(rig, chat([userText(RENAME)], { tools: [] }));
    assert.equal(result.answer?.target.id, 'local-code');
    const firstText = parts.find(({ part }) => part.type === 'text-delta');
    const finish = parts.find(({ part }) => part.type === 'finish');
    assert.ok(firstText !== undefined && finish !== undefined);
    // 30 words at 40 a second take about 725 ms: the first arrives long before the last.
    assert.ok(finish.at - firstText.at >= 300, `the first text came ${finish.at - firstText.at} ms before the end`);
  });

  it('ends the stream with an error, not a silent fallback, when the model fails after text went out', async () => {
    rig.ollama.script.push({ reply: 'First sentence here. Second sentence here. And then more words follow', fault: { kind: 'drop-connection', afterTokens: 8 } });
    const { result, answer } = await runStreaming(rig, chat([userText(RENAME)], { tools: [] }));
    assert.ok(result.streamError !== undefined);
    assert.equal(result.record.outcome, 'failed');
    assert.match(answer.text, /^First sentence here\./);
    assert.equal(chatRequests(rig.anthropic, '/v1/messages').length, 0, 'no fallback after bytes were out');
  });

  it('keeps a conversation that moved to Claude there for the rest of the user turn, with the same call ids, and says why', async () => {
    const engine = rig.engine();
    rig.ollama.script.push({ toolCalls: [{ name: 'read_file', input: { wrong: true } }] });
    rig.anthropic.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const first = await runStreaming(rig, chat([userText(RENAME)]), engine);
    assert.equal(first.result.answer?.target.id, 'claude');
    const call = first.answer.toolCalls[0];
    assert.ok(call !== undefined);
    rig.anthropic.script.push({ reply: 'Done: total is now subtotal.' });
    const turns: Turn[] = [userText(RENAME), assistantTurn(first.answer), { role: 'user', parts: [{ type: 'tool-result', callId: call.id, content: [text('total = 0')] }] }];
    const second = await runStreaming(rig, chat(turns), engine);
    assert.equal(second.result.answer?.target.id, 'claude');
    assert.equal(second.result.record.attempts.length, 1, 'the local model was not tried again within the turn');
    assert.ok(second.result.record.notes.some((note) => /rest of this user turn/.test(note) && /moved there because/.test(note)), second.result.record.notes.join(' | '));
    const sent = chatRequests(rig.anthropic, '/v1/messages')[1]?.body as { messages: { content: { type: string; id?: string; tool_use_id?: string }[] }[] };
    assert.equal(sent.messages[1]?.content[0]?.id, call.id);
    assert.equal(sent.messages[2]?.content[0]?.tool_use_id, call.id);

    // A new user message is routed afresh.
    rig.ollama.script.push({ reply: 'Renamed.' });
    const next = await runStreaming(rig, chat([...turns, assistantTurn(second.answer), userText('Now rename the variable count to item_count')]), engine);
    assert.equal(next.result.answer?.target.id, 'local-code');
    assert.ok(next.result.record.notes.some((note) => /moved from claude-sonnet-5-5 to qwen2.5-coder:7b/.test(note)), next.result.record.notes.join(' | '));
  });

  it('moves a conversation begun on the local model to Claude mid-task with its minted call ids intact', async () => {
    rig.ollama.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] });
    const first = await runStreaming(rig, chat([userText(RENAME)]));
    const call = first.answer.toolCalls[0];
    assert.ok(call !== undefined);
    // The local model then fails its next turn; Claude continues the same conversation.
    rig.ollama.script.push({ fault: { kind: 'server-error' } }, { fault: { kind: 'server-error' } }, { fault: { kind: 'server-error' } });
    rig.anthropic.script.push({ reply: 'Renamed total to subtotal.' });
    const turns: Turn[] = [userText(RENAME), assistantTurn(first.answer), { role: 'user', parts: [{ type: 'tool-result', callId: call.id, content: [text('total = 0')] }] }];
    const second = await runStreaming(rig, chat(turns));
    assert.equal(second.result.answer?.target.id, 'claude');
    assert.equal(second.answer.text, 'Renamed total to subtotal.');
    const sent = chatRequests(rig.anthropic, '/v1/messages')[0]?.body as { messages: { content: { type: string; id?: string; tool_use_id?: string }[] }[] };
    assert.equal(sent.messages[1]?.content[0]?.id, call.id, 'the fake accepts the result only if the ids match');
  });

  it('counts the system prompt and the tool schemas in the prompt routing sees', async () => {
    const bigSchema: ToolSpec = { name: 'huge', description: 'x'.repeat(4000), inputSchema: { type: 'object' } };
    const plain = await rig.engine().plan(chat([userText(RENAME)], { tools: [] }));
    const withTools = await rig.engine().plan(chat([userText(RENAME)], { tools: [bigSchema] }));
    assert.ok(withTools.decision.promptTokens > plain.decision.promptTokens + 400, `${plain.decision.promptTokens} → ${withTools.decision.promptTokens}`);
    const withSystem = await rig.engine().plan(chat([userText(RENAME)], { tools: [], system: 'Be careful. '.repeat(300) }));
    assert.ok(withSystem.decision.promptTokens > plain.decision.promptTokens + 500);
  });

  it('keeps a conversation with a secret anywhere in it on this machine', async () => {
    const earlier: Turn[] = [userText('Here is my config: AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY9'), { role: 'assistant', parts: [{ type: 'text', text: 'Noted.' }] }, userText('Why does this deadlock under load? mu.Lock(); ch <- v')];
    const plan = await rig.engine().plan(chat(earlier, { tools: [] }));
    assert.equal(plan.localOnly, true);
    assert.ok(plan.chain.every((target) => target.provider !== 'anthropic'));
  });

  it('sends a request with an image to a model that sees it, and says why', async () => {
    rig.anthropic.script.push({ reply: 'The screenshot shows a stack trace from orders.py.' });
    const image = { type: 'image' as const, image: { mediaType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' } };
    const { result } = await runStreaming(rig, chat([{ role: 'user', parts: [{ type: 'text', text: RENAME }, image] }]));
    assert.equal(result.answer?.target.id, 'claude');
    assert.equal(chatRequests(rig.ollama, '/api/chat').length, 0);
    assert.ok(result.record.notes.some((note) => /carries an image/.test(note)));
    const sent = chatRequests(rig.anthropic, '/v1/messages')[0]?.body as { messages: { content: { type: string }[] }[] };
    assert.deepEqual(sent.messages[0]?.content.map((block) => block.type), ['text', 'image']);
  });

  it('sends a conversation whose tool result holds an image to a model that sees it, the image inside the result', async () => {
    rig.ollama.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'screenshots/checkout.png' } }] });
    const first = await runStreaming(rig, chat([userText(RENAME)]));
    const call = first.answer.toolCalls[0];
    assert.ok(call !== undefined && first.result.answer?.target.id === 'local-code');
    rig.anthropic.script.push({ reply: 'The screenshot shows the old name in the total column.' });
    const image = { mediaType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' };
    const turns: Turn[] = [userText(RENAME), assistantTurn(first.answer), { role: 'user', parts: [{ type: 'tool-result', callId: call.id, content: [text('A PNG of 1×1 pixels.'), { type: 'image', image }] }] }];
    const { result } = await runStreaming(rig, chat(turns));
    assert.equal(result.answer?.target.id, 'claude');
    assert.equal(chatRequests(rig.ollama, '/api/chat').length, 1, 'the local model was not given the image');
    assert.ok(result.record.notes.some((note) => /carries an image/.test(note)));
    const sent = chatRequests(rig.anthropic, '/v1/messages')[0]?.body as { messages: { content: { type: string; content?: { type: string }[] }[] }[] };
    assert.deepEqual(sent.messages.at(-1)?.content[0]?.content?.map((block) => block.type), ['text', 'image']);
  });

  it('cancels the HTTP request underneath', async () => {
    rig.ollama.script.push({ reply: Array.from({ length: 200 }, () => 'word').join(' '), tokensPerSecond: 20 });
    const controller = new AbortController();
    const running = rig.engine().run(chat([userText(RENAME)], { tools: [] }), { signal: controller.signal, observer: { onPart: () => controller.abort() } });
    const result = await running;
    assert.equal(result.record.outcome, 'cancelled');
    assert.ok(result.record.latencyMs < 5000, 'the run ended without waiting for the 10 s answer');
    assert.equal(chatRequests(rig.anthropic, '/v1/messages').length, 0);
  });
});

describe('a tool call as the start of an answer', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = await startEngineRig();
  });
  afterEach(() => rig.close());

  it('counts as the first token: slow arguments after it are no first-token timeout', async () => {
    // About 12 argument pieces at 4 a second: 3 s of arguments against a 2 s first-token limit.
    rig.anthropic.script.push({ toolCalls: [{ name: 'read_file', input: { path: 'src/a/long/path/to/the/orders/module.py' } }], tokensPerSecond: 4 });
    const { result, answer } = await runStreaming(rig, chat([userText(RENAME)], { hints: { surface: 'gateway', override: 'cloud' } }));
    assert.equal(result.record.attempts.length, 1, result.record.attempts.map((entry) => entry.reason).join('; '));
    assert.equal(result.answer?.target.id, 'claude');
    assert.deepEqual(answer.toolCalls[0]?.input, { path: 'src/a/long/path/to/the/orders/module.py' });
    assert.ok((result.record.attempts[0]?.timeToFirstTokenMs ?? 3000) < 2000);
  });
});
