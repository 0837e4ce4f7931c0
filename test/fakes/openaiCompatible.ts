import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { dropConnection, paceTokens, planStream, sendJson, stallUntilClientLeaves, startFake, tornHalf, waitLatency, type RunningFake } from './http';
import { estimateTokens, replyText, FakeScript, inputPieces, toolInputText, type Turn } from './script';

/** A faithful loopback OpenAI-compatible server, as LM Studio and llama.cpp serve it (api-facts.md §3). */
export interface FakeOpenAiCompatible extends RunningFake {
  readonly script: FakeScript;
}

export interface FakeOpenAiCompatibleOptions {
  readonly models?: readonly string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (LM Studio 0.4 with a token, llama.cpp --api-key). */
  readonly apiKey?: string;
  readonly script?: FakeScript;
  readonly idleTimeoutMs?: number;
}

export async function startFakeOpenAiCompatible(options: FakeOpenAiCompatibleOptions = {}): Promise<FakeOpenAiCompatible> {
  const script = options.script ?? new FakeScript();
  const models = options.models ?? ['phi-3-mini'];
  const running = await startFake(async (request, response, body, recorded) => {
    const error = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
      sendJson(response, status, { error: { message, type, code: status } }, headers);
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return error(401, 'authentication_error', 'Invalid API Key');
    }
    if (request.method === 'GET' && recorded.path === '/v1/models') {
      return sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })) });
    }
    if (request.method !== 'POST' || recorded.path !== '/v1/chat/completions') return error(404, 'not_found_error', 'File Not Found');
    if (typeof body !== 'object' || body === null) return error(400, 'invalid_request_error', 'Invalid JSON body');
    const fields = body as Record<string, unknown>;
    if (typeof fields.model !== 'string') return error(400, 'invalid_request_error', "'model' is required");
    if (!Array.isArray(fields.messages)) return error(400, 'invalid_request_error', "'messages' is required");

    const unanswered = toolTurnProblem(fields.messages as unknown[]);
    if (unanswered !== undefined) return error(400, 'invalid_request_error', unanswered);
    const turn = script.next();
    await waitLatency(turn);
    switch (turn.fault?.kind) {
      case 'model-missing':
        return error(404, 'not_found_error', `Model "${fields.model}" not found`);
      case 'rate-limited':
        return error(429, 'rate_limit_error', 'Too many requests', { 'retry-after': String(turn.fault.retryAfterSeconds) });
      case 'overloaded':
      case 'queue-full':
        return error(503, 'unavailable_error', 'Loading model');
      case 'server-error':
        return error(500, 'server_error', turn.fault.echoKey === true ? `Internal server error for ${request.headers.authorization ?? ''}` : 'Internal server error');
      case 'unauthorized':
        return error(401, 'authentication_error', turn.fault.echoKey === true ? `Incorrect API key provided: ${(request.headers.authorization ?? '').replace(/^Bearer /, '')}` : 'Invalid API Key');
      default:
    }
    if (!models.includes(fields.model)) return error(404, 'not_found_error', `Model "${fields.model}" not found`);

    const promptTokens = turn.promptTokens ?? estimateTokens(JSON.stringify([fields.messages, fields.tools ?? []]));
    const head = { id: `chatcmpl-${randomBytes(8).toString('hex')}`, created: Math.floor(Date.now() / 1000), model: fields.model };
    if (fields.stream === true) {
      const includeUsage = (fields.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
      return stream(response, turn, head, promptTokens, includeUsage);
    }
    const reply = replyText(turn);
    const { tokens } = planStream(turn, reply);
    if (turn.fault?.kind === 'drop-connection') return dropConnection(response);
    if (turn.fault?.kind === 'stall') return stallUntilClientLeaves(response);
    if (turn.fault?.kind === 'malformed-line') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(tornHalf(JSON.stringify({ ...head, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: reply } }] })));
      return;
    }
    if (turn.fault?.kind === 'mid-stream-error' || turn.fault?.kind === 'no-done') return error(500, 'server_error', 'Internal server error');
    await paceTokens(response, turn, tokens, tokens.length, () => undefined);
    const calls = toolCallsOf(turn);
    return sendJson(response, 200, {
      ...head,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: reply === '' && calls.length > 0 ? null : reply, ...(calls.length === 0 ? {} : { tool_calls: calls.map(({ id, name, inputText }) => ({ id, type: 'function', function: { name, arguments: inputText } })) }) }, finish_reason: finishReason(turn) }],
      usage: { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length, prompt_tokens_details: { cached_tokens: 0 } },
    });
  }, options);
  return { ...running, script };
}

async function stream(response: ServerResponse, turn: Turn, head: object, promptTokens: number, includeUsage: boolean): Promise<void> {
  const reply = replyText(turn);
  const { tokens, sendCount } = planStream(turn, reply);
  const calls = toolCallsOf(turn);
  let completionTokens = tokens.length;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const serialise = (choices: object[], extra: object = {}) => JSON.stringify({ ...head, object: 'chat.completion.chunk', system_fingerprint: 'b1234', choices, ...extra });
  const chunk = (choices: object[], extra: object = {}) => response.write(`data: ${serialise(choices, extra)}\n\n`);
  const delta = (token: string) => chunk([{ index: 0, delta: { content: token }, finish_reason: null }]);
  const finish = async () => {
    for (const [index, call] of calls.entries()) {
      // The first delta of a call names it and carries its id; the arguments follow in fragments.
      chunk([{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null }]);
      const pieces = inputPieces(call.inputText);
      completionTokens += pieces.length;
      const pace = { ...turn, timeToFirstTokenMs: tokens.length > 0 || index > 0 ? 0 : turn.timeToFirstTokenMs };
      if (!(await paceTokens(response, pace, pieces, pieces.length, (piece) => chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, finish_reason: null }])))) return;
    }
    chunk([{ index: 0, delta: {}, finish_reason: finishReason(turn) }]);
    if (includeUsage) {
      chunk([], { usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, prompt_tokens_details: { cached_tokens: 0 } } });
    }
    response.write('data: [DONE]\n\n');
    response.end();
  };
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  const alive = await paceTokens(response, turn, tokens, sendCount, delta);
  if (!alive) return;
  switch (turn.fault?.kind) {
    case 'malformed-line': {
      response.write(`data: ${tornHalf(serialise([{ index: 0, delta: { content: tokens[sendCount] ?? '' }, finish_reason: null }]))}\n\n`);
      const rest = tokens.slice(sendCount + 1);
      if (await paceTokens(response, { ...turn, timeToFirstTokenMs: 0 }, rest, rest.length, delta)) await finish();
      return;
    }
    case 'stall':
      return stallUntilClientLeaves(response);
    case 'mid-stream-error':
      response.write(`data: ${JSON.stringify({ error: { message: 'an error was encountered while running the model', type: 'server_error', code: 500 } })}\n\n`);
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

function finishReason(turn: Turn): string {
  if (turn.stopReason === 'length') return 'length';
  return (turn.toolCalls ?? []).length > 0 ? 'tool_calls' : 'stop';
}


function toolCallsOf(turn: Turn): { id: string; name: string; inputText: string }[] {
  return (turn.toolCalls ?? []).map((call) => ({ id: `call_${randomBytes(12).toString('hex')}`, name: call.name, inputText: toolInputText(call) }));
}

/** Each `tool` message answers a call of an earlier assistant message, and only user messages carry images, as OpenAI requires. */
function toolTurnProblem(messages: unknown[]): string | undefined {
  const offered = new Set<unknown>();
  for (const [index, message] of (messages as { role?: unknown; content?: unknown; tool_calls?: { id?: unknown }[]; tool_call_id?: unknown }[]).entries()) {
    for (const call of message.tool_calls ?? []) offered.add(call.id);
    if (message.role === 'tool' && !offered.has(message.tool_call_id)) {
      return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`;
    }
    const parts: unknown[] = Array.isArray(message.content) ? (message.content as unknown[]) : [];
    if (message.role !== 'user' && parts.some((part) => (part as { type?: unknown } | null)?.type === 'image_url')) {
      return `Invalid 'messages[${index}]'. Image URLs are only allowed for messages with role 'user', but this message with role '${String(message.role)}' contains an image URL.`;
    }
  }
  return undefined;
}
