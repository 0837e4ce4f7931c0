import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binaryContent } from '../src/core/security/binaryContent';
import { findCredential } from '../src/core/security/credentials';
import { REPO_ROOT } from '../test/data/datasets';
import { median, round } from './timing';

/** Milliseconds of each run of `work` after two warm-up runs. */
function runsMs(work: () => unknown, runs: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs + 2; run++) {
    const start = process.hrtime.bigint();
    work();
    if (run >= 2) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/**
 * The two scans every text bound for Claude passes, on 10 MB of real code (the TypeScript
 * compiler's own source, which has no credential): the credential search (the whole text, as
 * JavaScript; nothing to find, so every candidate is checked) and the binary-data check.
 */
export function secretScanSpeed(runs = 7) {
  const megabyte = 1024 * 1024;
  const lib = join(REPO_ROOT, 'node_modules', 'typescript', 'lib');
  const text = `${readFileSync(join(lib, 'typescript.js'), 'utf8')}${readFileSync(join(lib, '_tsc.js'), 'utf8')}`.slice(0, 10 * megabyte);
  // Flattened first, as an editor's text is: a joined or sliced string costs its first reader a copy.
  const flat = Buffer.from(text, 'utf8').toString('utf8');
  let found: unknown;
  const credential = runsMs(() => (found = findCredential(flat, { language: 'javascript', path: 'src/compiler.js' })), runs);
  const binary = runsMs(() => binaryContent(flat), runs);
  return { megabytes: 10, findCredentialMedianMs: round(median(credential), 1), foundNothing: found === undefined, binaryContentMedianMs: round(median(binary), 2) };
}
