import * as assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { lazyGlob } from '../../src/core/security/lazyGlob';

describe('local-only globs compiled only when a path could match', () => {
  const globs = ['**/.env*', '**/*.pem', '**/secrets/**', 'config/prod.yaml', '/srv/vault/**', '**/id_?sa', '*.KEY', 'a/./b', '**/{.npmrc,.pypirc}', '**/[Cc]redentials.json', '!**/*.md', 'keys/**/*.p12'];
  const paths = ['.env', 'x/.env', 'x/.env.local', 'deploy/.envrc', '.environment', 'src/env.ts', 'keys/a.pem', 'a.pem.bak', 'secrets/x.yaml', 'etc/secrets', 'mysecrets/x', 'config/prod.yaml', 'src/config/prod.yaml', '/srv/vault/a.txt', '/srv/vaults/a', 'home/.ssh/id_rsa', 'home/.ssh/id_ed25519', 'server.key', 'a/b', 'x/.npmrc', 'x/.pypirc', 'aws/credentials.json', 'readme.md', 'keys/a/b/c.p12', 'src/orders.py'];

  it('answers exactly as the compiled glob does, on lower-cased paths', () => {
    for (const glob of globs) {
      const compiled = picomatch(glob, { dot: true, nocase: true });
      const lazy = lazyGlob(glob);
      for (const path of paths) assert.equal(lazy(path), compiled(path), `${glob} on ${path}`);
    }
  });
});
