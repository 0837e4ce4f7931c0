import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEXICON_INDEX_PATH, lexiconIndexText } from './lexiconIndex';

/** `npm run build:lexicon-index`: rewrites the sorted lexicon the concepts are found with, after lexicon/ changes. */
const root = join(__dirname, '..', '..');
writeFileSync(join(root, ...LEXICON_INDEX_PATH), lexiconIndexText());
console.log(`wrote ${LEXICON_INDEX_PATH.join('/')}`);
