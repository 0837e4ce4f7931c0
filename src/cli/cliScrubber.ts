import { headerSecrets, SecretScrubber, secretsFromEnvironment } from '../core/security/scrub';
import type { RouterSettings } from '../core/settings/routerSettings';

/** One scrubber for the process: the keys in the environment (ANTHROPIC_API_KEY, LLM_ROUTER_OPENAI_API_KEY, any *_TOKEN …) from the start. */
export const cliScrubber = new SecretScrubber(secretsFromEnvironment(process.env));

/** The secrets a settings file adds (telemetry headers). */
export function rememberSettingsSecrets(settings: RouterSettings): void {
  cliScrubber.remember(...headerSecrets(settings.telemetry.headers));
}

/**
 * Everything the process writes to stdout and stderr passes the scrubber: answers, decisions,
 * --json, warnings, and the last-resort error handler alike.
 */
export function scrubProcessOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? cliScrubber.scrub(chunk) : chunk, ...rest));
  }
}
