import { familyOf, type FileKindFamily } from './fileKind';

/**
 * Structural facts about the selected code, read in its own kind: indentation depth and branching
 * for source code, files and hunks for a diff, size alone for config, logs and prose (YAML
 * indentation is not control flow; a diff's context lines are not nesting).
 */
export interface CodeStructure {
  readonly family: FileKindFamily;
  readonly lines: number;
  /** Source code only. */
  readonly nesting?: number;
  readonly branches?: number;
  readonly functions?: number;
  /** Diffs only. */
  readonly files?: number;
  readonly hunks?: number;
  readonly changedLines?: number;
}

const BRANCH = /\b(if|else|elif|switch|case|when|match|while|for|foreach|catch|except|rescue|guard)\b|\?\?|&&|\|\|/g;
const FUNCTION = /\b(def|function|func|fn|fun|sub|proc)\s+[\w$]+|=>\s*[{(]|\b(public|private|protected|static|internal)\s+[\w<>[\],\s]+\s+[\w$]+\s*\(/g;

export function codeStructure(code: string, kind: string): CodeStructure {
  const family = familyOf(kind);
  if (code === '') return { family: 'none', lines: 0 };
  const lines = countLines(code);
  if (family === 'diff') return { family, lines, ...diffShape(code) };
  if (family !== 'code') return { family, lines };
  return { family, lines, nesting: nestingDepth(code), branches: count(code, BRANCH), functions: count(code, FUNCTION) };
}

function diffShape(diff: string): { files: number; hunks: number; changedLines: number } {
  let files = 0;
  let hunks = 0;
  let changedLines = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ') || line.startsWith('+++ ')) files += line.startsWith('+++ ') ? 0 : 1;
    else if (line.startsWith('@@')) hunks++;
    else if ((line.startsWith('+') || line.startsWith('-')) && !line.startsWith('---') && !line.startsWith('+++')) changedLines++;
  }
  if (files === 0 && hunks > 0) files = Math.max(1, count(diff, /^\+\+\+ /gm));
  return { files, hunks, changedLines };
}

function count(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

export function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The deepest indentation, in levels of the selection's own indent unit. */
export function nestingDepth(code: string): number {
  let unit = Infinity;
  let deepest = 0;
  let lineStart = 0;
  while (lineStart < code.length) {
    let end = code.indexOf('\n', lineStart);
    if (end === -1) end = code.length;
    let width = 0;
    let position = lineStart;
    for (; position < end; position++) {
      const char = code.charCodeAt(position);
      if (char === 32) width += 1;
      else if (char === 9) width += 4;
      else break;
    }
    if (position < end && width > 0) {
      if (width < unit) unit = width;
      if (width > deepest) deepest = width;
    }
    lineStart = end + 1;
  }
  return unit === Infinity ? 0 : Math.floor(deepest / unit);
}
