import picomatch from 'picomatch';

/** Globs made only of these can be ruled out by their literal parts before they are compiled. */
const PLAIN_GLOB = /^[A-Za-z0-9._~ /*?-]+$/;

/**
 * A case-insensitive glob test (paths are given lower-cased) that compiles the glob only when a
 * path could match it: a plain glob (letters, digits, `. _ ~ -`, `/`, `*`, `?`) matches only
 * paths that contain each of its literal parts, so a path missing one is ruled out without
 * compiling. Compiling costs more than a whole routing decision, and most paths rule out every
 * default glob. Any other glob is compiled on its first test.
 */
export function lazyGlob(glob: string): (lowerCasePath: string) => boolean {
  const literals = PLAIN_GLOB.test(glob) ? glob.toLowerCase().split(/[*?/]+/).filter((part) => part !== '' && part !== '.' && part !== '..') : [];
  let compiled: ((path: string) => boolean) | undefined;
  return (path) => {
    if (!literals.every((literal) => path.includes(literal))) return false;
    compiled ??= picomatch(glob, { dot: true, nocase: true });
    return compiled(path);
  };
}
