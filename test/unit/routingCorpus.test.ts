import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCorpus, CORPUS_PATH, corpusText } from '../../scripts/routingCorpus';
import { REPO_ROOT } from '../data/datasets';

describe('routing corpus', () => {
  it('rebuilding from the material reproduces the committed corpus byte for byte', () => {
    const committed = readFileSync(join(REPO_ROOT, CORPUS_PATH), 'utf8');
    assert.ok(committed === corpusText(buildCorpus(REPO_ROOT)), 'data/routing/corpus.jsonl is stale: run npm run build:corpus');
  });

  it('gives every task a label, a group, a language and a file kind, and keeps ids unique', () => {
    const tasks = buildCorpus(REPO_ROOT);
    assert.ok(tasks.length >= 2000);
    assert.equal(new Set(tasks.map((task) => task.id)).size, tasks.length);
    for (const task of tasks) {
      assert.ok(task.label === 'local' || task.label === 'cloud', task.id);
      assert.ok(task.group !== '' && task.naturalLanguage !== '' && task.fileKind !== '', task.id);
    }
    assert.ok(!tasks.some((task) => task.fileKind === 'other'), 'a snippet of kind "other" takes its kind from its path');
  });
});
