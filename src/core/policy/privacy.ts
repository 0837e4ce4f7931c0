import picomatch from 'picomatch';

export const DEFAULT_LOCAL_ONLY_GLOBS: readonly string[] = ['**/.env*', '**/*.pem', '**/secrets/**'];

/** Shapes of real credentials; a match keeps the task on this machine. */
const CREDENTIAL_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a private key', pattern: /-----BEGIN (RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----/ },
  { name: 'an AWS access key', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'an API key', pattern: /\bsk-(ant-|proj-)?[A-Za-z0-9_-]{20,}/ },
  { name: 'a GitHub token', pattern: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: 'a connection string with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:[^\s@'"]{3,}@[^\s'"]+/i },
  {
    name: 'a hard-coded password or secret',
    pattern: /\b(password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)\b["']?\s*[:=]\s*["'][^"'\s]{8,}["']/i,
  },
];

export interface PrivacyVerdict {
  readonly localOnly: boolean;
  readonly reason?: string;
}

/** Decides whether a task must stay on this machine: a sensitive file, or what looks like a credential. */
export class PrivacyGuard {
  private readonly matchers: readonly { glob: string; test: (path: string) => boolean }[];

  constructor(globs: readonly string[] = DEFAULT_LOCAL_ONLY_GLOBS) {
    this.matchers = globs.map((glob) => ({ glob, test: picomatch(glob, { dot: true }) }));
  }

  check(path: string | undefined, text: string): PrivacyVerdict {
    if (path !== undefined && path !== '') {
      const normalised = path.replace(/\\/g, '/');
      const relative = normalised.startsWith('/') ? normalised.slice(1) : normalised;
      const hit = this.matchers.find((matcher) => matcher.test(relative) || matcher.test(`x/${relative}`));
      if (hit !== undefined) return { localOnly: true, reason: `${path} matches the local-only pattern ${hit.glob}` };
    }
    for (const { name, pattern } of CREDENTIAL_PATTERNS) {
      if (pattern.test(text)) return { localOnly: true, reason: `the text contains what looks like ${name}` };
    }
    return { localOnly: false };
  }
}
