import type { Decision, Task } from '../task';

/** What shape the answer takes: replacement code for the selection, JSON to a schema, or prose. */
export type AnswerKind = 'edit' | 'json' | 'answer';

/** Categories whose answer replaces the selected code. */
const EDIT_CATEGORIES = new Set([
  'rename', 'convert', 'translate', 'types', 'docs', 'format', 'extract', 'inline', 'boilerplate', 'defensive', 'feature-small', 'regex', 'performance', 'error-handling', 'complex-control-flow',
  'fix-known', 'config', 'css-layout', 'migration',
]);

export function answerKindOf(task: Task, decision: Decision): AnswerKind {
  if (task.responseSchema !== undefined) return 'json';
  if (task.code !== '' && EDIT_CATEGORIES.has(decision.category)) return 'edit';
  return 'answer';
}

const SYSTEM: Record<AnswerKind, string> = {
  edit: 'You are a precise coding assistant inside a code editor. Apply the instruction to the selected code. Reply with the complete replacement for the selection in one fenced code block, and nothing else: no explanation, no elided parts.',
  json: 'You extract structured data. Reply with one JSON value that matches the given JSON Schema, and nothing else.',
  answer: 'You are a senior software engineer answering a colleague inside their editor. Be direct and specific; use fenced code blocks for code.',
};

export function systemPrompt(kind: AnswerKind): string {
  return SYSTEM[kind];
}

/** The user turn: the instruction, the code with its language and path, and the schema when one is asked for. */
export function taskMessage(task: Task, kind: AnswerKind): string {
  const parts = [task.instruction.trim()];
  if (task.code !== '') {
    const where = task.path === undefined ? '' : ` from ${task.path}`;
    parts.push(`${kind === 'edit' ? 'Selected code' : 'Code'}${where}:\n${fence(task.code, task.language)}`);
  }
  if (task.responseSchema !== undefined) parts.push(`JSON Schema the answer must match:\n${fence(JSON.stringify(task.responseSchema, null, 2), 'json')}`);
  return parts.join('\n\n');
}

function fence(text: string, language: string | undefined): string {
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longestRun + 1);
  return `${ticks}${language ?? ''}\n${text}\n${ticks}`;
}
