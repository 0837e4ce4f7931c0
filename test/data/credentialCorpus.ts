import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './datasets';

export interface CredentialCase {
  readonly title: string;
  readonly language?: string;
  readonly path?: string;
  /** Positives only: what the finding must say. */
  readonly expect?: RegExp;
  readonly text: string;
}

const CORPUS = join(REPO_ROOT, 'test', 'data', 'credentials');

export const credentialPositives = (): CredentialCase[] => readCorpus(join(CORPUS, 'positives.txt'));
export const credentialLookalikes = (): CredentialCase[] => readCorpus(join(CORPUS, 'lookalikes.txt'));

/** Reads `### title | language | path | expect` cases (see test/data/credentials/README.md). */
function readCorpus(file: string): CredentialCase[] {
  const cases: CredentialCase[] = [];
  let seed = 1;
  for (const block of readFileSync(file, 'utf8').split(/^### /m).slice(1)) {
    const newline = block.indexOf('\n');
    const [title = '', language = '', path = '', expect = ''] = block.slice(0, newline).split('|').map((part) => part.trim());
    cases.push({
      title,
      ...(language === '' ? {} : { language }),
      ...(path === '' ? {} : { path }),
      ...(expect === '' ? {} : { expect: new RegExp(expect) }),
      text: expand(block.slice(newline + 1), seed++),
    });
  }
  return cases;
}

const ALPHABETS: Record<string, string> = {
  base62: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  hex: '0123456789abcdef',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
};

/** `«base62:36»` → 36 seeded random characters; `«»` → nothing. */
function expand(text: string, seed: number): string {
  let state = seed * 2654435761;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return text.replace(/«(?:(\w+):(\d+))?»/g, (_, alphabet: string | undefined, length: string | undefined) => {
    if (alphabet === undefined) return '';
    const characters = ALPHABETS[alphabet];
    if (characters === undefined) throw new Error(`unknown alphabet ${alphabet}`);
    return Array.from({ length: Number(length) }, () => characters[Math.floor(random() * characters.length)]).join('');
  });
}
