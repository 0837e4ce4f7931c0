import { join } from 'node:path';
import { type CorpusTask, readCorpus } from './routingCorpus';
import { seeded } from './routerTraining';

/**
 * The label audit's sample (docs/routing-label-audit.md): 360 corpus tasks, stratified by natural
 * language with at least 8 per language, drawn with a fixed seed. It depends only on task ids and
 * languages, so relabelling never changes which tasks are drawn. Prints one id per line.
 */
const SAMPLE_SIZE = 360;
const MIN_PER_LANGUAGE = 8;
const SEED = 20261203;

function quotas(byLanguage: Map<string, CorpusTask[]>, total: number): Map<string, number> {
  const corpusSize = [...byLanguage.values()].reduce((sum, tasks) => sum + tasks.length, 0);
  const quota = new Map<string, number>();
  for (const [language, tasks] of byLanguage) {
    quota.set(language, Math.min(tasks.length, Math.max(MIN_PER_LANGUAGE, Math.round((total * tasks.length) / corpusSize))));
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

const tasks = readCorpus(join(__dirname, '..', '..'));
const byLanguage = new Map<string, CorpusTask[]>();
for (const task of [...tasks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
  byLanguage.set(task.naturalLanguage, [...(byLanguage.get(task.naturalLanguage) ?? []), task]);
}
const random = seeded(SEED);
const quota = quotas(byLanguage, SAMPLE_SIZE);
for (const language of [...byLanguage.keys()].sort()) {
  for (const task of shuffled(byLanguage.get(language) ?? [], random).slice(0, quota.get(language))) console.log(task.id);
}
