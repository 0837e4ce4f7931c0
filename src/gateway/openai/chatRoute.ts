import type { ServerResponse } from 'node:http';
import { AnswerBuilder } from '../../core/conversation/assemble';
import type { StreamPart } from '../../core/conversation/streamParts';
import type { GatewayEngine } from '../gatewayEngine';
import type { GatewayRequest } from '../server';
import { DO_NOT_RETRY, replyWithoutKey, sendError, sendJson } from '../wireErrors';
import { chatBodyOf, requestFromChat, type ChatBody } from './fromWire';
import { ChatChunkWriter, completionJson } from './toWire';

/**
 * POST /v1/chat/completions: the conversation goes through the engine's chain (local models and
 * Claude alike, checked before the first byte) and comes back as Chat Completions chunks.
 */
export async function handleChatCompletions(request: GatewayRequest, response: ServerResponse, engine: GatewayEngine): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(request.body.toString('utf8'));
  } catch {
    return sendError(response, 'openai', 400, 'invalid_request_error', 'We could not parse the JSON body of your request.');
  }
  const body = chatBodyOf(value);
  if (typeof body === 'string') return sendError(response, 'openai', 400, 'invalid_request_error', body);
  const read = requestFromChat(body, request.client);
  const plan = await engine.plan(read.request, { model: body.model, cloudOnly: read.cloudOnly, images: read.images });
  if (plan.refusal !== undefined) return sendError(response, 'openai', 400, 'invalid_request_error', `LLM Router: ${plan.refusal}`, DO_NOT_RETRY);
  const started = await engine.run(read.request, plan, request.signal);
  if (started.kind === 'failed') {
    if (request.signal.aborted) return;
    if (started.missingKey !== undefined) return replyWithoutKey(response, 'openai', started.missingKey.otherFailure);
    return sendError(response, 'openai', 503, 'server_error', `LLM Router: no model could answer: ${started.reason}`);
  }
  if (body.stream !== true) return collect(started.parts, body, response);
  const writer = new ChatChunkWriter(body.model, body.stream_options?.include_usage === true);
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  try {
    for await (const part of started.parts) {
      if (response.destroyed) return;
      const text = writer.write(part);
      if (text !== '') response.write(text);
    }
    if (!writer.done) response.write(writer.fail('LLM Router: the answer ended without finishing'));
  } catch (error) {
    response.write(writer.fail(`LLM Router: the answer failed: ${(error as Error).message}`));
  }
  response.end();
}

async function collect(parts: AsyncIterable<StreamPart>, body: ChatBody, response: ServerResponse): Promise<void> {
  const builder = new AnswerBuilder();
  try {
    for await (const part of parts) builder.add(part);
  } catch (error) {
    return sendError(response, 'openai', 502, 'server_error', `LLM Router: the answer failed: ${(error as Error).message}`);
  }
  sendJson(response, 200, completionJson(builder.answer, body.model));
}
