import type { ServerResponse } from 'node:http';
import { AnswerBuilder } from '../../core/conversation/assemble';
import type { Request } from '../../core/conversation/types';
import type { AttemptRecord } from '../../core/engine/taskRecord';
import { NO_USAGE } from '../../core/providers/types';
import { NO_LOCAL_TARGET, type CloudOutcome, type GatewayEngine, type GatewayPlan, type LocalStart } from '../gatewayEngine';
import type { GatewayRequest } from '../server';
import { NO_ANTHROPIC_KEY } from '../../core/providers/anthropicProvider';
import { DO_NOT_RETRY, replyWithoutKey, sendError, sendJson } from '../wireErrors';
import { messagesBodyOf, requestFromMessages, type MessagesBody } from './fromWire';
import { passThrough, type PassThroughResult } from './passThrough';
import { MessagesEventWriter, messageJson } from './toWire';

export interface MessagesRouteOptions {
  readonly engine: GatewayEngine;
  /** Retries of a 529 or a reset before Claude is given up for this request. */
  readonly cloudRetries: number;
}

/**
 * POST /v1/messages: planned like every request; Claude gets the request unchanged and its
 * answer streams back unchanged; a local model answers through the engine, translated back.
 * Either may stand in for the other before the first byte; after it, a failure is an `error` event.
 */
export async function handleMessages(request: GatewayRequest, response: ServerResponse, options: MessagesRouteOptions): Promise<void> {
  const body = parseBody(request.body);
  if (typeof body === 'string') return sendError(response, 'anthropic', 400, 'invalid_request_error', body);
  const session = request.headers['x-claude-code-session-id'];
  const read = requestFromMessages(body, request.client, typeof session === 'string' && /^[0-9a-f-]{8,64}$/i.test(session) ? session : undefined);
  const engine = options.engine;
  const plan = await engine.plan(read.request, { model: body.model, cloudOnly: read.cloudOnly, images: read.images });
  if (plan.refusal !== undefined) return sendError(response, 'anthropic', 400, 'invalid_request_error', `LLM Router: ${plan.refusal}`, DO_NOT_RETRY);

  if (plan.first === 'cloud') {
    // When the local model may stand in, Claude's failure is left unrecorded here: it opens the local answer's record.
    const cloud = await toClaude(request, response, read.request, body, plan, options, { recordFailure: !plan.localAllowed });
    if (cloud.result.kind !== 'failed') return;
    const failed = cloud.result;
    const missingKey = cloud.outcome.missingKey === true;
    if (failed.fallback && plan.localAllowed) {
      const reason = missingKey ? 'no Anthropic API key is set' : `Claude failed before answering: ${failed.reason}`;
      const local = await engine.runLocal(read.request, plan, request.signal, { outcome: cloud.outcome, reason });
      if (local.kind === 'started') return answerLocally(local, body, plan, response);
      if (missingKey) return replyWithoutKey(response, 'anthropic', local.reason === NO_LOCAL_TARGET ? undefined : local.reason);
      return replyWithFailure(response, failed, `${failed.reason}; the local model could not take it either: ${local.reason}`);
    }
    if (plan.localAllowed) await engine.recordCloud(cloud.outcome);
    if (missingKey) return replyWithoutKey(response, 'anthropic');
    return replyWithFailure(response, failed, failed.reason);
  }

  const local = await engine.runLocal(read.request, plan, request.signal);
  if (local.kind === 'started') return answerLocally(local, body, plan, response);
  if (request.signal.aborted || !plan.cloudAllowed) {
    if (local.draft !== undefined) await engine.recordDraft(local.draft);
    if (request.signal.aborted) return;
    return sendError(response, 'anthropic', 503, 'api_error', `LLM Router: the local model could not answer (${local.reason}), and this request may not go to Claude.`, DO_NOT_RETRY);
  }
  // One request, one record: Claude's opens with the failed draft's attempts.
  const cloud = await toClaude(request, response, read.request, body, plan, options, { recordFailure: true, escalatedFrom: `the local draft failed: ${local.reason}`, ...(local.draft === undefined ? {} : { earlierAttempts: local.draft.attempts }) });
  if (cloud.result.kind !== 'failed') return;
  if (cloud.outcome.missingKey === true) replyWithoutKey(response, 'anthropic', local.reason);
  else replyWithFailure(response, cloud.result, `${local.reason}; Claude failed too: ${cloud.result.reason}`);
}

function parseBody(raw: Buffer): MessagesBody | string {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return 'There was an error parsing the body of your request: it is not JSON.';
  }
  return messagesBodyOf(value);
}

/**
 * Sends the request to Claude as it came and records it, unless it failed and `recordFailure` is
 * false (the caller records it, or passes it on to the local answer that stands in).
 */
async function toClaude(request: GatewayRequest, response: ServerResponse, conversation: Request, body: MessagesBody, plan: GatewayPlan, options: MessagesRouteOptions, how: { recordFailure: boolean; escalatedFrom?: string; earlierAttempts?: readonly AttemptRecord[] }): Promise<{ result: PassThroughResult; outcome: CloudOutcome }> {
  const engine = options.engine;
  const apiKey = await engine.anthropicKey();
  const missingKey = apiKey === undefined || apiKey.trim() === '';
  const result: PassThroughResult = missingKey ? { kind: 'failed', tries: [], reason: NO_ANTHROPIC_KEY, fallback: true } : await passThrough(request, response, { baseUrl: plan.cloud.baseUrl, apiKey, maxRetries: options.cloudRetries });
  const usage = result.kind === 'answered' || result.kind === 'broken' ? result.usage : NO_USAGE;
  const outcome: CloudOutcome = {
    plan,
    request: conversation,
    model: body.model,
    tries: result.tries,
    usage,
    toolCalls: result.kind === 'answered' ? result.toolCalls : 0,
    outcome: result.kind === 'answered' ? 'answered' : result.kind === 'cancelled' ? 'cancelled' : 'failed',
    ...(result.kind === 'failed' || result.kind === 'broken' ? { failure: result.reason } : {}),
    ...(how.escalatedFrom === undefined ? {} : { escalatedFrom: how.escalatedFrom }),
    ...(how.earlierAttempts === undefined ? {} : { earlierAttempts: how.earlierAttempts }),
    ...(missingKey ? { missingKey } : {}),
  };
  if (result.kind !== 'failed' || how.recordFailure) await engine.recordCloud(outcome);
  return { result, outcome };
}

/** Claude's own error reply when it had one (its status and body, as the SDK expects), else a 529-style overload error. */
function replyWithFailure(response: ServerResponse, failed: Extract<PassThroughResult, { kind: 'failed' }>, reason: string): void {
  if (response.headersSent) return;
  if (failed.reply !== undefined && failed.reply.status < 500 && failed.reply.status !== 401 && failed.reply.status !== 403) {
    response.writeHead(failed.reply.status, { 'content-type': String(failed.reply.headers['content-type'] ?? 'application/json') });
    response.end(failed.reply.body);
    return;
  }
  const status = failed.reply?.status === 529 || failed.reply === undefined ? 529 : 502;
  // The gateway has retried and tried the local stand-in already: the client's own retries would only repeat that for minutes.
  sendError(response, 'anthropic', status, status === 529 ? 'overloaded_error' : 'api_error', `LLM Router: ${reason}`, DO_NOT_RETRY);
}

/** Streams (or collects) the local answer in the Messages format; a failure after the first byte ends the stream with an `error` event. */
async function answerLocally(local: Extract<LocalStart, { kind: 'started' }>, body: MessagesBody, plan: GatewayPlan, response: ServerResponse): Promise<void> {
  if (body.stream !== true) {
    const builder = new AnswerBuilder();
    try {
      for await (const part of local.parts) builder.add(part);
    } catch (error) {
      return sendError(response, 'anthropic', 502, 'api_error', `LLM Router: the local answer failed: ${(error as Error).message}`);
    }
    return sendJson(response, 200, messageJson(builder.answer, body.model));
  }
  const writer = new MessagesEventWriter(body.model, plan.decision.promptTokens);
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  try {
    for await (const part of local.parts) {
      if (response.destroyed) return;
      const text = writer.write(part);
      if (text !== '') response.write(text);
    }
    if (!writer.done) response.write(writer.fail('the local answer ended without finishing'));
  } catch (error) {
    response.write(writer.fail(`the local answer failed: ${(error as Error).message}`));
  }
  response.end();
}
