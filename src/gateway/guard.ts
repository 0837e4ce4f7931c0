import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Why a request is turned away before anything reads its body. */
export interface Refusal {
  readonly status: 403 | 401 | 413;
  readonly type: 'permission_error' | 'authentication_error' | 'request_too_large';
  readonly message: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The name in a `Host` header when it is this machine's loopback; undefined otherwise. A page on
 * another site that rebinds its DNS name to 127.0.0.1 still sends its own name here.
 */
export function loopbackHost(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  const name = match?.[1];
  return name !== undefined && LOOPBACK_NAMES.has(name) ? name : undefined;
}

/** Refuses a foreign Host (DNS rebinding) and anything a browser sends for a page (it always adds `Origin` to such requests). */
export function refuseOrigin(headers: IncomingHttpHeaders): Refusal | undefined {
  if (loopbackHost(headers.host) === undefined) return { status: 403, type: 'permission_error', message: 'The LLM Router gateway answers only requests addressed to localhost, 127.0.0.1 or [::1].' };
  if (headers.origin !== undefined) return { status: 403, type: 'permission_error', message: 'The LLM Router gateway does not answer requests from web pages (the request carries an Origin header).' };
  return undefined;
}

/** The token a client sent, as `x-api-key` or `Authorization: Bearer`. */
export function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const key = headers['x-api-key'];
  const direct = Array.isArray(key) ? key[0] : key;
  if (direct !== undefined && direct !== '') return direct;
  return /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
}

/** Compares the token in constant time (through digests, so lengths do not leak either). */
export function refuseToken(headers: IncomingHttpHeaders, expected: string): Refusal | undefined {
  const given = presentedToken(headers);
  if (given === undefined) return { status: 401, type: 'authentication_error', message: 'The LLM Router gateway needs its token, as x-api-key or Authorization: Bearer (ANTHROPIC_AUTH_TOKEN for Claude Code).' };
  const digest = (text: string) => createHash('sha256').update(text).digest();
  if (!timingSafeEqual(digest(given), digest(expected))) return { status: 401, type: 'authentication_error', message: 'The token does not match this LLM Router gateway.' };
  return undefined;
}

/** A declared body size over the limit is refused before any of it is read. */
export function refuseDeclaredSize(headers: IncomingHttpHeaders, limitBytes: number): Refusal | undefined {
  const declared = Number(headers['content-length']);
  return Number.isFinite(declared) && declared > limitBytes ? tooLarge(limitBytes) : undefined;
}

export function tooLarge(limitBytes: number): Refusal {
  return { status: 413, type: 'request_too_large', message: `The request body is over the gateway's limit of ${Math.round(limitBytes / 1_048_576)} MB.` };
}
