import { ProviderError } from './types';

/** An abort surfaced by fetch, an SDK or our own signal. */
export function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENOTFOUND: 'host not found',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** A readable reason when the failure is the network (fetch's `TypeError` with a coded cause), else undefined. */
export function describeConnectionError(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in CONNECTION_CODES) return CONNECTION_CODES[code];
    current = (current as { cause?: unknown }).cause;
  }
  const message = (error as Error | undefined)?.message ?? '';
  if (message === 'terminated' || message === 'fetch failed') return 'connection closed';
  return undefined;
}

const NOBODY_THERE = new Set(['connection refused', 'host not found', 'host unreachable']);

/**
 * A network failure as an error: `unreachable` (nothing listens there; retrying will not help)
 * or `connection` (reset, closed, timed out; a retry may).
 */
export function networkError(detail: string, describe: (detail: string) => string): ProviderError {
  return new ProviderError(NOBODY_THERE.has(detail) ? 'unreachable' : 'connection', describe(detail));
}

/** A connection lost after the server began to answer is a broken answer, not an unreachable server. */
export function brokenIfStarted(error: ProviderError, started: boolean): ProviderError {
  if (!started || (error.kind !== 'connection' && error.kind !== 'unreachable')) return error;
  return new ProviderError('stream-broken', `the connection dropped in the middle of the answer (${error.message})`);
}
