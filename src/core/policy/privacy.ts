import picomatch from 'picomatch';
import { normalisePath, pathSpellings, type PathBase } from '../security/paths';

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

const NOT_LOCAL_ONLY: PrivacyVerdict = { localOnly: false };

/**
 * Decides whether a task must stay on this machine: a file a local-only glob names (matched on
 * the normalised path, see security/paths.ts), or text that looks like a credential.
 */
export class PrivacyGuard {
  private readonly matchers: readonly { glob: string; absolute: boolean; test: (path: string) => boolean }[];

  constructor(globs: readonly string[] = DEFAULT_LOCAL_ONLY_GLOBS) {
    this.matchers = globs.map((glob) => {
      const written = glob.trim().replace(/^\.\//, '');
      const absolute = written.startsWith('/') || /^[a-z]:[\\/]/i.test(written);
      // Case-insensitive: macOS and Windows file systems are, and matching more only keeps more local.
      const test = picomatch(absolute ? normalisePath(written) : written, { dot: true, nocase: true });
      return { glob, absolute, test };
    });
  }

  /** `paths`: every file the task's text comes from, as the surface names them (relative, absolute, a URI). */
  check(paths: readonly string[], text: string, base?: PathBase): PrivacyVerdict {
    const byPath = this.checkPaths(paths, base);
    if (byPath.localOnly) return byPath;
    for (const { name, pattern } of CREDENTIAL_PATTERNS) {
      if (pattern.test(text)) return { localOnly: true, reason: `the text contains what looks like ${name}` };
    }
    return NOT_LOCAL_ONLY;
  }

  checkPaths(paths: readonly string[], base?: PathBase): PrivacyVerdict {
    for (const path of paths) {
      if (path.trim() === '') continue;
      const spellings = pathSpellings(path, base);
      const absolute = normalisePath(path, base);
      const hit = this.matchers.find((matcher) => (matcher.absolute ? matcher.test(absolute) : spellings.some((spelling) => matcher.test(spelling))));
      if (hit !== undefined) return { localOnly: true, reason: `${path} matches the local-only pattern ${hit.glob}` };
    }
    return NOT_LOCAL_ONLY;
  }
}
