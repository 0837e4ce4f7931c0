import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCorpus, CORPUS_PATH, corpusText } from './routingCorpus';

/** `npm run build:corpus`: rebuilds data/routing/corpus.jsonl from data/routing/material and the two small sets. */
const root = join(__dirname, '..', '..');
const tasks = buildCorpus(root);
writeFileSync(join(root, CORPUS_PATH), corpusText(tasks));
const groups = new Set(tasks.map((task) => task.group)).size;
const languages = new Set(tasks.map((task) => task.naturalLanguage)).size;
console.log(`${CORPUS_PATH}: ${tasks.length} tasks from ${groups} sources in ${languages} natural languages`);
