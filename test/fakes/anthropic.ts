import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { dropConnection, paceTokens, planStream, sendJson, stallUntilClientLeaves, startFake, tornHalf, waitLatency, type RunningFake } from './http';
import { estimateTokens, replyText, FakeScript, inputPieces, toolInputText, type Turn } from './script';

/** A faithful loopback Anthropic Messages API (api-facts.md §2): JSON and SSE, both auth headers, error shapes. */
export interface FakeAnthropic extends RunningFake {
  readonly script: FakeScript;
}

export interface FakeAnthropicOptions {
  /** The only key accepted; unset accepts any non-empty key. */
  readonly apiKey?: string;
  readonly models?: readonly string[];
  readonly script?: FakeScript;
  /** Cache counts reported in usage (for cost tests). */
  readonly cacheReadTokens?: number;
  readonly cacheCreationTokens?: number;
  readonly idleTimeoutMs?: number;
}

const VERSIONS = new Set(['2023-06-01', '2026-10-21']);
const REJECTED_UNDER_2026 = ['temperature', 'top_p', 'top_k'];

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const script = options.script ?? new FakeScript();
  const models = new Set(options.models ?? ['claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-opus-5-5']);

  const running = await startFake(async (request, response, body, recorded) => {
    const requestId = `req_${randomBytes(12).toString('hex')}`;
    const error = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
      sendJson(response, status, { type: 'error', error: { type, message }, request_id: requestId }, { 'request-id': requestId, ...headers });

    const isMessages = recorded.path === '/v1/messages';
    const isCount = recorded.path === '/v1/messages/count_tokens';
    if (request.method !== 'POST' || (!isMessages && !isCount)) return error(404, 'not_found_error', 'Not found');

    const key = apiKeyOf(request);
    if (key === undefined) return error(401, 'authentication_error', 'x-api-key header is required');
    if (options.apiKey !== undefined && key !== options.apiKey) return error(401, 'authentication_error', 'invalid x-api-key');
    const version = header(request, 'anthropic-version');
    if (version === undefined) return error(400, 'invalid_request_error', 'anthropic-version: header is required');
    if (!VERSIONS.has(version)) return error(400, 'invalid_request_error', `anthropic-version: unknown version '${version}'`);

    if (typeof body !== 'object' || body === null) return error(400, 'invalid_request_error', 'There was an error parsing the body of your request.');
    const fields = body as Record<string, unknown>;
    if (typeof fields.model !== 'string') return error(400, 'invalid_request_error', 'model: Field required');
    if (!Array.isArray(fields.messages)) return error(400, 'invalid_request_error', 'messages: Field required');
    if (isMessages && typeof fields.max_tokens !== 'number') return error(400, 'invalid_request_error', 'max_tokens: Field required');
    if (version === '2026-10-21') {
      const extra = REJECTED_UNDER_2026.find((name) => name in fields);
      if (extra !== undefined) return error(400, 'invalid_request_error', `${extra}: Extra inputs are not permitted`);
    }
    const unanswered = toolTurnProblem(fields.messages as unknown[]);
    if (unanswered !== undefined) return error(400, 'invalid_request_error', unanswered);
    const promptText = JSON.stringify([fields.system ?? '', fields.messages, fields.tools ?? []]);
    if (isCount) {
      if (!models.has(fields.model)) return error(404, 'not_found_error', `model: ${fields.model}`);
      return sendJson(response, 200, { input_tokens: estimateTokens(promptText) }, { 'request-id': requestId });
    }

    const turn = script.next();
    await waitLatency(turn);
    switch (turn.fault?.kind) {
      case 'model-missing':
        return error(404, 'not_found_error', `model: ${fields.model}`);
      case 'rate-limited':
        return error(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': String(turn.fault.retryAfterSeconds) });
      case 'overloaded':
      case 'queue-full':
        return error(529, 'overloaded_error', 'Overloaded', turn.fault.kind === 'overloaded' && turn.fault.retryAfterSeconds !== undefined ? { 'retry-after': String(turn.fault.retryAfterSeconds) } : {});
      case 'server-error':
        return error(500, 'api_error', turn.fault.echoKey === true ? `Internal server error while handling key ${key}` : 'Internal server error');
      case 'unauthorized':
        return error(401, 'authentication_error', turn.fault.echoKey === true ? `invalid x-api-key: ${key}` : 'invalid x-api-key');
      default:
    }
    if (!models.has(fields.model)) return error(404, 'not_found_error', `model: ${fields.model}`);

    const usage = {
      input_tokens: turn.promptTokens ?? estimateTokens(promptText),
      cache_creation_input_tokens: options.cacheCreationTokens ?? 0,
      cache_read_input_tokens: options.cacheReadTokens ?? 0,
    };
    const message = { id: `msg_${randomBytes(12).toString('hex')}`, type: 'message', role: 'assistant', model: fields.model };
    if (fields.stream === true) return stream(response, requestId, turn, message, usage);

    const reply = replyText(turn);
    const { tokens } = planStream(turn, reply);
    if (turn.fault?.kind === 'drop-connection') return dropConnection(response);
    if (turn.fault?.kind === 'stall') return stallUntilClientLeaves(response);
    if (turn.fault?.kind === 'malformed-line') {
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
      response.end(tornHalf(JSON.stringify({ ...message, content: [{ type: 'text', text: reply }] })));
      return;
    }
    if (turn.fault?.kind === 'mid-stream-error' || turn.fault?.kind === 'no-done') return error(500, 'api_error', 'Internal server error');
    await paceTokens(response, turn, tokens, tokens.length, () => undefined);
    return sendJson(
      response,
      200,
      {
        ...message,
        content: [...(reply === '' && (turn.toolCalls ?? []).length > 0 ? [] : [{ type: 'text', text: reply }]), ...toolUses(turn).map(({ id, name, inputText }) => ({ type: 'tool_use', id, name, input: parsedOr(inputText) }))],
        stop_reason: stopReason(turn),
        stop_sequence: null,
        usage: {
          ...usage,
          output_tokens: tokens.length,
          cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
          service_tier: 'standard',
          server_tool_use: null,
          output_tokens_details: null,
          inference_geo: null,
        },
      },
      { 'request-id': requestId },
    );
  }, options);
  return { ...running, script };
}

async function stream(response: ServerResponse, requestId: string, turn: Turn, message: object, usage: Record<string, number>): Promise<void> {
  const reply = replyText(turn);
  const { tokens, sendCount } = planStream(turn, reply);
  const uses = toolUses(turn);
  // A turn of tool calls alone has no text block; the first tool_use block is then block 0.
  const textBlock = reply !== '' || uses.length === 0;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId });
  const event = (name: string, data: object) => response.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
  const delta = (token: string) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: token } });
  let outputTokens = tokens.length;
  const finish = async () => {
    if (textBlock) event('content_block_stop', { index: 0 });
    for (const [offset, use] of uses.entries()) {
      const index = offset + (textBlock ? 1 : 0);
      event('content_block_start', { index, content_block: { type: 'tool_use', id: use.id, name: use.name, input: {} } });
      const pieces = inputPieces(use.inputText);
      outputTokens += pieces.length;
      const pace = { ...turn, timeToFirstTokenMs: textBlock || offset > 0 ? 0 : turn.timeToFirstTokenMs };
      if (!(await paceTokens(response, pace, pieces, pieces.length, (piece) => event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } })))) return;
      event('content_block_stop', { index });
    }
    event('message_delta', { delta: { stop_reason: stopReason(turn), stop_sequence: null }, usage: { ...usage, output_tokens: outputTokens } });
    event('message_stop', {});
    response.end();
  };
  event('message_start', { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  if (textBlock) event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  event('ping', {});
  const alive = await paceTokens(response, turn, tokens, sendCount, delta);
  if (!alive) return;
  switch (turn.fault?.kind) {
    case 'malformed-line': {
      const torn = JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: tokens[sendCount] ?? '' } });
      response.write(`event: content_block_delta\ndata: ${tornHalf(torn)}\n\n`);
      const rest = tokens.slice(sendCount + 1);
      if (await paceTokens(response, { ...turn, timeToFirstTokenMs: 0 }, rest, rest.length, delta)) await finish();
      return;
    }
    case 'stall':
      return stallUntilClientLeaves(response);
    case 'mid-stream-error':
      event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
      response.end();
      return;
    case 'no-done':
      response.end();
      return;
    case 'drop-connection':
      dropConnection(response);
      return;
    default:
      await finish();
  }
}

function stopReason(turn: Turn): string {
  if (turn.stopReason === 'length') return 'max_tokens';
  return (turn.toolCalls ?? []).length > 0 ? 'tool_use' : 'end_turn';
}


/** Arguments the API would have had to parse: the object, or `{}` when a script gave text that does not parse. */
function parsedOr(inputText: string): unknown {
  try {
    return JSON.parse(inputText) as unknown;
  } catch {
    return {};
  }
}

function toolUses(turn: Turn): { id: string; name: string; inputText: string }[] {
  return (turn.toolCalls ?? []).map((call) => ({ id: `toolu_${randomBytes(12).toString('hex')}`, name: call.name, inputText: toolInputText(call) }));
}

/**
 * The API's rule for tool turns: every `tool_result` answers a `tool_use` of the assistant turn
 * just before it, and every `tool_use` is answered in the next user turn.
 */
function toolTurnProblem(messages: unknown[]): string | undefined {
  const blocks = (message: unknown, type: string): Record<string, unknown>[] => {
    const content = (message as { content?: unknown }).content;
    return Array.isArray(content) ? (content as Record<string, unknown>[]).filter((block) => block?.type === type) : [];
  };
  for (const [index, message] of messages.entries()) {
    const previous = index > 0 ? messages[index - 1] : undefined;
    const offered = new Set(previous === undefined ? [] : blocks(previous, 'tool_use').map((block) => block.id));
    for (const result of blocks(message, 'tool_result')) {
      if (!offered.has(result.tool_use_id)) {
        return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(result.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    const next = messages[index + 1];
    if (next === undefined) continue;
    const answered = new Set(blocks(next, 'tool_result').map((block) => block.tool_use_id));
    const missing = blocks(message, 'tool_use').find((block) => !answered.has(block.id));
    if (missing !== undefined) {
      return `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${String(missing.id)}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** SDK 0.x sends `x-api-key`; SDK 1.x sends `Authorization: Bearer`. The API takes either, x-api-key first. */
function apiKeyOf(request: IncomingMessage): string | undefined {
  const direct = header(request, 'x-api-key');
  if (direct !== undefined && direct !== '') return direct;
  const bearer = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization') ?? '');
  return bearer?.[1];
}
