import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CorpusTask, readCorpus } from './routingCorpus';
import { seeded } from './routerTraining';

/**
 * The label audit's samples (docs/routing-label-audit.md), stratified by natural language and drawn
 * with a fixed seed. Without options: the first round, 360 corpus tasks with at least 8 per language.
 * `--groups a,b,c` draws from those material groups only, `--size` and `--min` set the sample size and
 * the per-language floor, and `--corpus PATH` reads another corpus file (an earlier corpus, taken with
 * `git show`, reproduces an earlier round). The draw depends only on task ids and languages, so
 * relabelling never changes which tasks are drawn. Prints one id per line.
 */
const SEED = 20261203;

interface SampleOptions {
  readonly size: number;
  readonly minPerLanguage: number;
  readonly groups?: ReadonlySet<string>;
  readonly corpusPath?: string;
}

function parseOptions(args: readonly string[]): SampleOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (!['--groups', '--size', '--min', '--corpus'].includes(name) || value === undefined) {
      throw new Error(`usage: labelAuditSample [--groups a,b,c] [--size N] [--min N] [--corpus PATH]; got ${args.join(' ')}`);
    }
    values.set(name, value);
  }
  const count = (name: string, fallback: number): number => {
    const value = Number(values.get(name) ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} wants a positive whole number`);
    return value;
  };
  const groups = values.get('--groups');
  return {
    size: count('--size', 360),
    minPerLanguage: count('--min', 8),
    ...(groups === undefined ? {} : { groups: new Set(groups.split(',').filter((group) => group !== '')) }),
    ...(values.has('--corpus') ? { corpusPath: values.get('--corpus') } : {}),
  };
}

function quotas(byLanguage: Map<string, CorpusTask[]>, total: number, minPerLanguage: number): Map<string, number> {
  const corpusSize = [...byLanguage.values()].reduce((sum, tasks) => sum + tasks.length, 0);
  const quota = new Map<string, number>();
  for (const [language, tasks] of byLanguage) {
    quota.set(language, Math.min(tasks.length, Math.max(minPerLanguage, Math.round((total * tasks.length) / corpusSize))));
  }
  const largest = [...byLanguage.keys()].sort((a, b) => (byLanguage.get(b)?.length ?? 0) - (byLanguage.get(a)?.length ?? 0))[0];
  const assigned = [...quota.values()].reduce((sum, count) => sum + count, 0);
  quota.set(largest, (quota.get(largest) ?? 0) + total - assigned);
  return quota;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function corpusTasks(options: SampleOptions): CorpusTask[] {
  const tasks =
    options.corpusPath === undefined
      ? readCorpus(join(__dirname, '..', '..'))
      : readFileSync(options.corpusPath, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as CorpusTask);
  const { groups } = options;
  if (groups === undefined) return tasks;
  const missing = [...groups].filter((group) => !tasks.some((task) => task.group === group));
  if (missing.length > 0) throw new Error(`no tasks in group(s): ${missing.join(', ')}`);
  return tasks.filter((task) => groups.has(task.group));
}

const options = parseOptions(process.argv.slice(2));
const byLanguage = new Map<string, CorpusTask[]>();
for (const task of [...corpusTasks(options)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
  byLanguage.set(task.naturalLanguage, [...(byLanguage.get(task.naturalLanguage) ?? []), task]);
}
const random = seeded(SEED);
const quota = quotas(byLanguage, options.size, options.minPerLanguage);
for (const language of [...byLanguage.keys()].sort()) {
  for (const task of shuffled(byLanguage.get(language) ?? [], random).slice(0, quota.get(language))) console.log(task.id);
}
