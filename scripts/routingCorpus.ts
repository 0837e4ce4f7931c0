import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kindFromPath, sniffKind } from '../src/core/classifier/fileKind';
import type { Route } from '../src/core/task';

/** One labelled task of the routing corpus (data/routing/corpus.jsonl); docs/routing-labels.md says how it is labelled. */
export interface CorpusTask {
  readonly id: string;
  /** The source a task is held out with in cross-validation: one repository or tracker. */
  readonly group: string;
  readonly instruction: string;
  readonly code: string;
  readonly fileKind: string;
  readonly path?: string;
  readonly naturalLanguage: string;
  readonly label: Route;
  readonly category: string;
  readonly why: string;
  readonly source: string;
}

interface MaterialTask {
  id: string;
  instruction: string;
  snippet: string | null;
  extra?: string | null;
  naturalLanguage: string;
  label: Route;
  category: string;
  why: string;
  source: string;
}

interface Snippet {
  id: string;
  repo: string;
  commit: string;
  path: string;
  startLine: number;
  endLine: number;
  fileKind: string;
  code: string;
}

interface SetTask {
  id: string;
  instruction: string;
  code: string;
  language?: string;
  label: Route;
  category?: string;
  why?: string;
}

/** The few non-English tasks of the two small hand-written sets, which carry no language field. */
const SET_TASK_LANGUAGES: Readonly<Record<string, string>> = {
  d021: 'es', d022: 'de', d023: 'zh', d024: 'ja', c13: 'es', c14: 'de', c15: 'zh', c16: 'ja', k08: 'es', k10: 'zh', k11: 'ja', k22: 'es',
};

function jsonLines<T>(path: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}

function materialTasks(materialDir: string): CorpusTask[] {
  const tasks: CorpusTask[] = [];
  const groups = readdirSync(materialDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  for (const group of groups) {
    const snippets = new Map(jsonLines<Snippet>(join(materialDir, group, 'snippets.jsonl')).map((snippet) => [snippet.id, snippet]));
    for (const task of jsonLines<MaterialTask>(join(materialDir, group, 'tasks.jsonl'))) {
      const snippet = task.snippet === null ? undefined : snippets.get(task.snippet);
      if (task.snippet !== null && snippet === undefined) throw new Error(`${task.id}: snippet ${task.snippet} is not in ${group}/snippets.jsonl`);
      const extra = task.extra ?? '';
      const code = [snippet?.code ?? '', extra].filter((part) => part !== '').join('\n\n');
      const fileKind = snippet === undefined ? (extra === '' ? 'none' : sniffKind(extra)) : snippet.fileKind === 'other' ? (kindFromPath(snippet.path) ?? 'other') : snippet.fileKind;
      tasks.push({
        id: task.id,
        group,
        instruction: task.instruction,
        code,
        fileKind,
        ...(snippet === undefined ? {} : { path: snippet.path }),
        naturalLanguage: task.naturalLanguage,
        label: task.label,
        category: task.category,
        why: task.why,
        source: task.source,
      });
    }
  }
  return tasks;
}

function setTasks(path: string, group: string): CorpusTask[] {
  return jsonLines<SetTask>(path).map((task) => ({
    id: `${group}/${task.id}`,
    group,
    instruction: task.instruction,
    code: task.code,
    fileKind: task.code === '' ? 'none' : task.language !== undefined && task.language !== '' ? task.language : sniffKind(task.code),
    naturalLanguage: SET_TASK_LANGUAGES[task.id] ?? 'en',
    label: task.label,
    category: task.category ?? 'general',
    why: task.why ?? '',
    source: group,
  }));
}

/** Every labelled task, in a fixed order: material groups by name, then the dev and challenge sets. */
export function buildCorpus(root: string): CorpusTask[] {
  return [
    ...materialTasks(join(root, 'data', 'routing', 'material')),
    ...setTasks(join(root, 'test', 'data', 'dev_tasks.jsonl'), 'dev-set'),
    ...setTasks(join(root, 'test', 'data', 'challenge_tasks.jsonl'), 'challenge-set'),
  ];
}

/** The corpus file's exact text: one JSON object per line, keys in a fixed order. */
export function corpusText(tasks: readonly CorpusTask[]): string {
  return tasks.map((task) => JSON.stringify(task)).join('\n') + '\n';
}

export const CORPUS_PATH = join('data', 'routing', 'corpus.jsonl');

export function readCorpus(root: string): CorpusTask[] {
  return jsonLines<CorpusTask>(join(root, CORPUS_PATH));
}
