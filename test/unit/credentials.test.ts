import * as assert from 'node:assert/strict';
import { PrivacyGuard } from '../../src/core/policy/privacy';
import { findCredential } from '../../src/core/security/credentials';
import { credentialLookalikes, credentialPositives } from '../data/credentialCorpus';

describe('credential detection', () => {
  const context = (entry: { language?: string; path?: string }) => ({ ...(entry.language === undefined ? {} : { language: entry.language }), ...(entry.path === undefined ? {} : { path: entry.path }) });

  it('finds every real-looking credential of the corpus, across languages and config formats', () => {
    const missed: string[] = [];
    for (const entry of credentialPositives()) {
      const found = findCredential(entry.text, context(entry));
      if (found === undefined || (entry.expect !== undefined && !entry.expect.test(found.what))) missed.push(`${entry.title}: ${found?.what ?? 'nothing found'}`);
    }
    assert.deepEqual(missed, []);
  });

  it('finds nothing in the look-alikes: placeholders, references, templates, types, schemas', () => {
    const flagged: string[] = [];
    for (const entry of credentialLookalikes()) {
      const found = findCredential(entry.text, context(entry));
      if (found !== undefined) flagged.push(`${entry.title}: ${found.what} (line ${found.line})`);
    }
    assert.deepEqual(flagged, []);
  });

  it('says what it found and where, never the value', () => {
    const text = 'import os\n\nDB_PASSWORD = "Sup3rS3cretValue!"\n';
    const verdict = new PrivacyGuard().check([], [{ text, label: 'the code', context: { language: 'python' } }]);
    assert.equal(verdict.localOnly, true);
    assert.equal(verdict.reason, 'the code contains what looks like a password assigned to DB_PASSWORD (line 3)');
    assert.ok(!(verdict.reason ?? '').includes('Sup3r'));
  });

  it('reads a bare value as a literal in config formats but not in code', () => {
    assert.notEqual(findCredential('password: correcthorsebatterystaple42', { language: 'yaml' }), undefined);
    assert.equal(findCredential('password: correcthorsebatterystaple42', { language: 'typescript' }), undefined);
    assert.notEqual(findCredential('password: correcthorsebatterystaple42', { language: 'typescript', path: 'deploy/values.yaml' }), undefined);
  });

  it('scans a large file in one linear pass, with nothing found in ordinary code', () => {
    const block = 'export function tokenize(input: string, keys: readonly string[]): Token[] {\n  const passes = keys.map((key) => ({ key, secretary: input.length }));\n  return passes.flatMap((pass) => split(pass.key));\n}\n';
    const text = block.repeat(Math.ceil(2_000_000 / block.length));
    assert.equal(findCredential(text, { language: 'typescript' }), undefined);
    assert.notEqual(findCredential(`${text}\nconst apiSecret = "Zq8${'x'.repeat(0)}Lm2Pw9Rt7Yv4";\n`, { language: 'typescript' }), undefined);
  });
});
