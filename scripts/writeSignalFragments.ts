import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNAL_FRAGMENTS_PATH, signalFragmentsText } from './signalFragments';

/** `npm run build:signal-fragments`: rewrites the fragments the instruction signals need, after their patterns change. */
const root = join(__dirname, '..', '..');
writeFileSync(join(root, ...SIGNAL_FRAGMENTS_PATH), signalFragmentsText());
console.log(`wrote ${SIGNAL_FRAGMENTS_PATH.join('/')}`);
