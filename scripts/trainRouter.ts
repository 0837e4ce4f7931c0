import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenCounter } from '../src/core/tokens/tokenCounter';
import { readCorpus } from './routingCorpus';
import { DEFAULT_TRAINING, featurize, trainRouterModel } from './routerTraining';

/** `npm run train:router`: trains on the whole corpus (fixed seed, no network) and writes the shipped model. */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const started = Date.now();
  const rows = featurize(readCorpus(root), await loadTokenCounter());
  const model = trainRouterModel(rows, DEFAULT_TRAINING);
  const text = [
    '// Written by `npm run train:router` from data/routing/corpus.jsonl; do not edit by hand.',
    '// One JSON string, parsed once on the first decision (a string literal costs next to nothing to load).',
    `export const ROUTER_MODEL_JSON = ${JSON.stringify(JSON.stringify(model))};`,
    '',
  ].join('\n');
  const path = join(root, 'src', 'core', 'classifier', 'routerModelData.ts');
  writeFileSync(path, text);
  console.log(`${path}: ${rows.length} tasks, ${model.categories.length} categories, ${model.examples.labels.length} examples, ${Math.round(text.length / 1024)} KB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
