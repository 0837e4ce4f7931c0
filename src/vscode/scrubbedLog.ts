import type * as vscode from 'vscode';
import type { SecretScrubber } from '../core/security/scrub';

const TEXT_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** The log channel with every message (and error) scrubbed of the secrets the scrubber knows, whoever writes to it. */
export function scrubbedLog(channel: vscode.LogOutputChannel, scrubber: SecretScrubber): vscode.LogOutputChannel {
  const scrub = (value: unknown): unknown => (typeof value === 'string' ? scrubber.scrub(value) : value instanceof Error ? scrubber.scrub(value.stack ?? value.message) : value);
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === 'string' && TEXT_METHODS.has(property)) return (...args: unknown[]) => method.apply(target, args.map(scrub));
      return method.bind(target);
    },
  });
}
