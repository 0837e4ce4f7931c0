import type { ServerResponse } from 'node:http';
import { messagesBodyOf, requestFromMessages } from './anthropic/fromWire';
import { handleMessages } from './anthropic/messagesRoute';
import { handleChatCompletions } from './openai/chatRoute';
import type { GatewayEngine } from './gatewayEngine';
import type { GatewayHandler, GatewayRequest } from './server';
import { sendError, sendJson } from './wireErrors';

export interface GatewayRoutesOptions {
  readonly engine: GatewayEngine;
  /** Retries of a 529 or a reset before the gateway gives Claude up for a request (default 2). */
  readonly cloudRetries?: number;
}

/** Every path the gateway serves. */
export function gatewayRoutes(options: GatewayRoutesOptions): GatewayHandler {
  const cloudRetries = options.cloudRetries ?? 2;
  return async (request, response) => {
    const route = `${request.method} ${request.path}`;
    switch (route) {
      case 'POST /v1/messages':
        await handleMessages(request, response, { engine: options.engine, cloudRetries });
        return true;
      case 'POST /v1/messages/count_tokens':
        countTokens(request, response, options.engine);
        return true;
      case 'POST /v1/chat/completions':
        await handleChatCompletions(request, response, options.engine);
        return true;
      case 'GET /v1/models':
        listModels(response, options.engine);
        return true;
      default:
        return false;
    }
  };
}

/** An estimate from the router's own tokenizer: the content never leaves the machine for a count. */
function countTokens(request: GatewayRequest, response: ServerResponse, engine: GatewayEngine): void {
  let value: unknown;
  try {
    value = JSON.parse(request.body.toString('utf8'));
  } catch {
    return sendError(response, 'anthropic', 400, 'invalid_request_error', 'There was an error parsing the body of your request: it is not JSON.');
  }
  const body = messagesBodyOf(value);
  if (typeof body === 'string') return sendError(response, 'anthropic', 400, 'invalid_request_error', body);
  sendJson(response, 200, { input_tokens: engine.countTokens(requestFromMessages(body, request.client).request) });
}

/** One list both SDKs read: Anthropic's fields (type, display_name, has_more…) and OpenAI's (object, owned_by…). */
function listModels(response: ServerResponse, engine: GatewayEngine): void {
  const created = '2026-01-01T00:00:00Z';
  const data = engine.models().map((model) => ({
    type: 'model',
    id: model.id,
    display_name: model.local ? `${model.id} (local, via LLM Router)` : model.id,
    created_at: created,
    object: 'model',
    created: Date.parse(created) / 1000,
    owned_by: model.local ? 'llm-router-local' : 'anthropic',
  }));
  sendJson(response, 200, { object: 'list', data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}
