/** A fenced code block of an answer, with the prose that leads into it. */
export interface CodeBlock {
  readonly body: string;
  /** The info string after the opening fence (`python`, `ts title="x"`). */
  readonly info: string;
  /** The text between the previous block (or the start) and this one. */
  readonly leadIn: string;
}

const OPENING = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Every closed fenced block, in order. A block left open at the end is not one (the answer was cut). */
export function codeBlocks(text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let prose: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = OPENING.exec(lines[index] ?? '');
    const fence = opening?.[1];
    const info = opening?.[2] ?? '';
    if (fence === undefined || (fence.startsWith('`') && info.includes('`'))) {
      prose.push(lines[index] ?? '');
      continue;
    }
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    const end = lines.findIndex((line, at) => at > index && closing.test(line));
    if (end < 0) {
      prose.push(...lines.slice(index));
      break;
    }
    blocks.push({ body: lines.slice(index + 1, end).join('\n'), info: info.trim(), leadIn: prose.join('\n') });
    prose = [];
    index = end;
  }
  return blocks;
}

/** The first fenced code block's body, if any. */
export function firstCodeBlock(text: string): string | undefined {
  return codeBlocks(text)[0]?.body;
}

/** Words that introduce the edited code; they win over a mention of the original ("the updated version of your code"). */
const EDIT_CUE = /\b(updated|modified|edited|fixed|corrected|refactored|revised|rewritten|improved|changed|new version|after)\b/i;
/** Words that introduce the selection as it was. */
const ORIGINAL_CUE = /\b(original|before|current(ly)?|existing|old|unchanged|as it (is|was)|your code|you (have|wrote|posted|sent))\b/i;
/** Words that introduce something beside the edit: how to call it, a test, its output. */
const ASIDE_CUE = /\b(examples?|usage|use it|call it|calling it|tests?|demo|output|prints?)\b/i;

/** What the line just before a block says the block is. */
function roleOf(block: CodeBlock): 'edit' | 'original' | 'aside' | 'unknown' {
  const line = block.leadIn.trimEnd().split('\n').at(-1) ?? '';
  if (EDIT_CUE.test(line)) return 'edit';
  if (ORIGINAL_CUE.test(line)) return 'original';
  return ASIDE_CUE.test(line) ? 'aside' : 'unknown';
}

/**
 * The code an edit answer puts in place of the selection. One block: that one. Several (the
 * original quoted first, a usage example after): leave out blocks that repeat the selection or
 * are introduced as the original or as an example, prefer the last one introduced as the edit,
 * else the one most like the selection (an edit resembles what it edits more than an example
 * of its use does). When every block repeats the selection, the last one (the edit changed nothing).
 */
export function editedCode(text: string, selection: string): string | undefined {
  const blocks = codeBlocks(text);
  if (blocks.length <= 1) return blocks[0]?.body;
  const candidates = blocks.filter((block) => !sameCode(block.body, selection) && (roleOf(block) === 'edit' || roleOf(block) === 'unknown'));
  if (candidates.length === 0) return (blocks.find((block) => sameCode(block.body, selection)) ?? blocks.at(-1))?.body;
  const announced = candidates.filter((block) => roleOf(block) === 'edit');
  if (announced.length > 0) return announced.at(-1)?.body;
  let best = candidates[0];
  let bestScore = -1;
  for (const block of candidates) {
    const score = likeness(block.body, selection);
    if (score >= bestScore) {
      best = block;
      bestScore = score;
    }
  }
  return best?.body;
}

/** Whether two pieces of code are the same once runs of white space are ignored. */
export function sameCode(a: string, b: string): boolean {
  return collapse(a) === collapse(b);
}

/** Whether two pieces of code are the same character for character, line endings and trailing blanks aside. */
export function sameText(a: string, b: string): boolean {
  const lines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').trim();
  return lines(a) === lines(b);
}

function collapse(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

/** Shared words over all words (Jaccard on identifiers and numbers). */
function likeness(a: string, b: string): number {
  const words = (text: string) => new Set(text.match(/\w+/g) ?? []);
  const left = words(a);
  const right = words(b);
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}
