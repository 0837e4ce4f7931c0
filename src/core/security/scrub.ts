import { looksLikePlaceholder } from './placeholders';
import { isSecretName } from './secretNames';

export const REDACTED = '[redacted]';

/** Shorter values cannot be told from ordinary text: replacing them would garble every message. */
const MIN_SECRET_LENGTH = 8;

/**
 * Removes every configured secret (API keys, telemetry header values, secret environment
 * variables) from text before it is shown, logged, exported or stored. The sinks call it: the
 * engine on each record and setback, the CLI on everything it writes, the editor on its log.
 * A secret is also found JSON-escaped and URL-encoded, the ways an error body repeats it.
 */
export class SecretScrubber {
  private readonly known = new Set<string>();
  /** Every spelling of every secret, longest first (so a key is not half-replaced by a shorter one inside it). */
  private spellings: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    this.remember(...secrets);
  }

  /** Adds secrets (values that are too short or already known are ignored). */
  remember(...secrets: (string | undefined)[]): void {
    let added = false;
    for (const raw of secrets) {
      const secret = raw?.trim();
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH || this.known.has(secret)) continue;
      this.known.add(secret);
      added = true;
    }
    if (!added) return;
    const spellings = new Set<string>();
    for (const secret of this.known) {
      spellings.add(secret);
      spellings.add(JSON.stringify(secret).slice(1, -1));
      spellings.add(encodeURIComponent(secret));
    }
    this.spellings = [...spellings].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const spelling of this.spellings) if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
    return result;
  }

  /** The same value with every string inside it scrubbed (records, JSON results). */
  scrubDeep<T>(value: T): T {
    if (this.spellings.length === 0) return value;
    return scrubValue(value, (text) => this.scrub(text)) as T;
  }
}

function scrubValue(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, scrub));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, scrub)]));
  return value;
}

/**
 * The values of environment variables whose names say they hold a secret (ANTHROPIC_API_KEY,
 * DB_PASSWORD, …), leaving out paths, plain URLs and flags (SSH_AUTH_SOCK, GIT_ASKPASS).
 */
export function secretsFromEnvironment(environment: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(environment).flatMap(([name, value]) => (value !== undefined && isSecretName(name) && !looksLikePlaceholder(value) ? [value] : []));
}

/** Header values, and each word of them: `Bearer abc…` is a secret, and so is `abc…` on its own. */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  return Object.values(headers).flatMap((value) => [value, ...value.split(/\s+/)]);
}
