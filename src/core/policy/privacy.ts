import { findCredential, type ScanContext } from '../security/credentials';
import { lazyGlob } from '../security/lazyGlob';
import { normalisePath, pathSpellings, type PathBase } from '../security/paths';

export const DEFAULT_LOCAL_ONLY_GLOBS: readonly string[] = ['**/.env*', '**/*.pem', '**/secrets/**'];

/**
 * Text longer than this is not searched for credentials (a scan of this much takes a few hundred
 * milliseconds); it is kept off the cloud instead, with that reason, never passed unchecked.
 */
export const MAX_SCANNED_CHARS = 16 * 1024 * 1024;

export interface PrivacyVerdict {
  readonly localOnly: boolean;
  readonly reason?: string;
  /** Only the first `scanLimit` characters were searched (nothing found there): the text may not leave the machine as it stands. */
  readonly partlySearched?: boolean;
}

/** A piece of what would be sent: `label` names it in the reason ("the code"). */
export interface ScannedText {
  readonly text: string;
  readonly label: string;
  readonly context?: ScanContext;
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
      const test = lazyGlob(absolute ? normalisePath(written) : written);
      return { glob, absolute, test };
    });
  }

  /**
   * `paths`: every file the task's text comes from, as the surface names them (relative, absolute,
   * a URI); `texts`: what would be sent, each with its language and file, which decide how config
   * values are read.
   */
  check(paths: readonly string[], texts: readonly ScannedText[], base?: PathBase, options: { scanLimit?: number } = {}): PrivacyVerdict {
    const byPath = this.checkPaths(paths, base);
    if (byPath.localOnly) return byPath;
    let partlySearched = false;
    for (const { text, label, context } of texts) {
      const limit = options.scanLimit;
      if (limit !== undefined && text.length > limit) partlySearched = true;
      else if (text.length > MAX_SCANNED_CHARS) {
        return { localOnly: true, reason: `${label} (${megabytes(text.length)}) is larger than the ${megabytes(MAX_SCANNED_CHARS)} searched for credentials` };
      }
      const found = findCredential(limit !== undefined && text.length > limit ? text.slice(0, limit) : text, context);
      if (found !== undefined) return { localOnly: true, reason: `${label} contains what looks like ${found.what} (line ${found.line})` };
    }
    return partlySearched ? { localOnly: false, partlySearched } : NOT_LOCAL_ONLY;
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

/** 10485760 characters → "10.0 MB". */
export function megabytes(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}
