import type { ServerResponse } from 'node:http';
import { NO_ANTHROPIC_KEY } from '../core/providers/anthropicProvider';

/** Which API a path belongs to, so an error is written in the shape the client's SDK reads. */
export type WireFormat = 'anthropic' | 'openai';

export function wireFormatOf(path: string, headers: { readonly [name: string]: unknown }): WireFormat {
  if (path.startsWith('/v1/chat/') || path.startsWith('/v1/completions')) return 'openai';
  if (path === '/v1/models' && headers['anthropic-version'] === undefined) return 'openai';
  return 'anthropic';
}

const OPENAI_TYPES: Readonly<Record<string, string>> = {
  authentication_error: 'invalid_request_error',
  permission_error: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  not_found_error: 'invalid_request_error',
  overloaded_error: 'server_error',
  api_error: 'server_error',
  rate_limit_error: 'rate_limit_exceeded',
};

/** The error body Anthropic's API sends (`{type:'error', error:{type, message}}`) or OpenAI's (`{error:{message, type, code}}`). */
export function errorBody(format: WireFormat, status: number, type: string, message: string): object {
  if (format === 'anthropic') return { type: 'error', error: { type, message } };
  return { error: { message, type: OPENAI_TYPES[type] ?? type, code: status } };
}

/**
 * Marks a refusal the gateway itself gives (a wrong token, a foreign origin, a body too large, a
 * request nothing may take): retrying cannot help, and Claude Code's SDK would otherwise retry a
 * 401 for minutes. Claude's own responses, passed through, keep their headers.
 */
export const DO_NOT_RETRY: Readonly<Record<string, string>> = { 'x-should-retry': 'false' };

export function sendError(response: ServerResponse, format: WireFormat, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, errorBody(format, status, type, message), headers);
}

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/**
 * The reply when a request needs Claude and no Anthropic key is set, in the client's shape: a 400
 * like the API's own account errors, which SDKs show as they come and do not retry, with where
 * the key goes. `localFailure`: why the chain's local target could not stand in.
 */
export function replyWithoutKey(response: ServerResponse, format: WireFormat, localFailure?: string): void {
  if (response.headersSent) return;
  const local = localFailure === undefined ? '' : ` The local model could not take it instead: ${localFailure}.`;
  const message = `LLM Router: this request needs Claude, and ${NO_ANTHROPIC_KEY} (for llm-router serve, in its environment).${local} To keep every request on this machine instead, turn the cloud off (llmRouter.cloud.enabled: false).`;
  sendError(response, format, 400, 'invalid_request_error', message, DO_NOT_RETRY);
}
