/**
 * Where relative paths are resolved (the CLI's current folder, the editor's first workspace
 * folder) and the folders local-only globs are written against. Absolute, any separator.
 */
export interface PathBase {
  readonly cwd: string;
  readonly roots: readonly string[];
}

/**
 * One absolute, lower-case, `/`-separated spelling of a path: `.` and `..` resolved against
 * `base.cwd`, Windows separators and drive letters folded, a `file://` URI decoded, and what
 * Windows ignores at the end of a name (trailing dots and spaces, `::$DATA`) dropped. Lower
 * case because macOS and Windows file systems ignore case, so `.ENV` is `.env` there. A relative
 * path with no base keeps its `..` segments that cannot be resolved.
 */
export function normalisePath(path: string, base?: PathBase): string {
  let text = fromFileUri(path.trim()).replace(/\\/g, '/');
  if (!isAbsolute(text) && base !== undefined && base.cwd !== '') text = `${fromFileUri(base.cwd).replace(/\\/g, '/')}/${text}`;
  const absolute = isAbsolute(text);
  const drive = /^[a-z]:/i.exec(text)?.[0];
  const body = drive === undefined ? text : text.slice(drive.length);
  const segments: string[] = [];
  for (const raw of body.split('/')) {
    const segment = windowsName(raw);
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
      else if (!absolute) segments.push('..');
      continue;
    }
    segments.push(segment);
  }
  const joined = segments.join('/');
  return (drive === undefined ? (absolute ? `/${joined}` : joined) : `${drive}/${joined}`).toLowerCase();
}

/**
 * The spellings of `path` that local-only globs are matched against: the path relative to the
 * workspace folder that holds it; for a path outside every folder (or with no base), every
 * trailing part of it (`a/b/.env`, `b/.env`, `.env`), so that a pattern written for a project
 * still matches the same file reached from elsewhere. Matching more spellings can only keep
 * more on this machine.
 */
export function pathSpellings(path: string, base?: PathBase): string[] {
  const normalised = normalisePath(path, base);
  for (const root of base?.roots ?? []) {
    if (root.trim() === '') continue;
    const folder = normalisePath(root).replace(/\/$/, '');
    if (normalised.startsWith(`${folder}/`)) return [normalised.slice(folder.length + 1)];
  }
  const segments = normalised.replace(/^[a-z]:/, '').split('/').filter((segment) => segment !== '' && segment !== '..');
  return segments.map((_, index) => segments.slice(index).join('/'));
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[a-z]:/i.test(path);
}

function fromFileUri(path: string): string {
  if (!/^file:\/\//i.test(path)) return path;
  let rest = path.slice('file://'.length);
  try {
    rest = decodeURIComponent(rest);
  } catch {
    // A malformed escape is left as written; the path is still matched.
  }
  // file:///C:/x has a slash before the drive letter.
  return /^\/[a-z]:/i.test(rest) ? rest.slice(1) : rest;
}

/** Windows opens `.env.`, `.env ` and `.env::$DATA` as `.env`. */
function windowsName(segment: string): string {
  if (segment === '.' || segment === '..') return segment;
  const trimmed = segment.replace(/::\$data$/i, '').replace(/[. ]+$/, '');
  return trimmed === '' ? segment : trimmed;
}
