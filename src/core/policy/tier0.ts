import type { Task } from '../task';

/** Work VS Code does exactly on its own; the editor layer carries it out. */
export interface EditorAction {
  readonly kind: 'rename';
  readonly from: string;
  readonly to: string;
}

const IDENTIFIER = String.raw`[A-Za-z_$][\w$]*`;
const PLAIN_RENAME = new RegExp(
  String.raw`^\s*rename\s+(?:the\s+)?(?:variable|function|method|class|parameter|field|property|constant|type|symbol)?\s*[\`'"]?(${IDENTIFIER})[\`'"]?\s+(?:to|as|->|→)\s+[\`'"]?(${IDENTIFIER})[\`'"]?\s*(?:everywhere|throughout|in this file)?\s*\.?\s*$`,
  'i',
);

/** "Rename foo to bar" with nothing else asked, where foo appears in the selection (or there is none). */
export function plainRename(task: Task): EditorAction | undefined {
  const match = PLAIN_RENAME.exec(task.instruction);
  if (match === null) return undefined;
  const [, from, to] = match;
  if (from === undefined || to === undefined || from === to) return undefined;
  if (task.code !== '' && !new RegExp(String.raw`(^|[^\w$])${from.replace(/\$/g, '\\$')}([^\w$]|$)`).test(task.code)) return undefined;
  return { kind: 'rename', from, to };
}
