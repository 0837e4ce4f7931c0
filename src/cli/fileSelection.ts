import { readFileSync, realpathSync } from 'node:fs';
import { extname } from 'node:path';

const LANGUAGES: Record<string, string> = {
  '.ts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.jsx': 'javascriptreact', '.mjs': 'javascript', '.cjs': 'javascript',
  '.py': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java', '.kt': 'kotlin', '.cs': 'csharp', '.rb': 'ruby', '.php': 'php',
  '.c': 'c', '.h': 'c', '.cpp': 'cpp', '.hpp': 'cpp', '.swift': 'swift', '.sh': 'shellscript', '.sql': 'sql', '.md': 'markdown',
  '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.html': 'html', '.css': 'css', '.scala': 'scala', '.lua': 'lua',
};

export interface FileSelection {
  readonly path: string;
  /** The file a symbolic link (or a path through one) leads to, when it differs from `path`. */
  readonly realPath?: string;
  readonly code: string;
  readonly language: string;
  readonly startLine: number;
  readonly endLine: number;
}

/** Reads `path` or `path:start-end` (1-based, inclusive lines). Throws with a readable message. */
export function readFileSelection(spec: string): FileSelection {
  const match = /^(.+?):(\d+)(?:-(\d+))?$/.exec(spec);
  const path = match?.[1] ?? spec;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { cause: error });
  }
  const lines = text.split('\n');
  const start = match === null ? 1 : Number(match[2]);
  const end = match === null ? lines.length : Number(match[3] ?? match[2]);
  if (start < 1 || end < start || start > lines.length) throw new Error(`${spec}: lines ${start}-${end} are outside the file (it has ${lines.length} lines)`);
  const realPath = realpathSync(path);
  return { path, ...(realPath === path ? {} : { realPath }), code: lines.slice(start - 1, end).join('\n'), language: LANGUAGES[extname(path).toLowerCase()] ?? 'plaintext', startLine: start, endLine: Math.min(end, lines.length) };
}
